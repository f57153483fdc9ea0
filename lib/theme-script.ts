/**
 * Runs before first paint (inline in <head>): applies the stored theme, or the system's, as
 * `data-theme` on <html>, so dark-mode readers never see a light flash. Kept tiny and static;
 * it reads nothing from the request, so the HTML stays the same for every visitor.
 */
export const themeScript = `(function(){try{var t=localStorage.getItem('folio-theme');if(t!=='light'&&t!=='dark'){t=window.matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light'}document.documentElement.dataset.theme=t}catch(e){}})();`;
