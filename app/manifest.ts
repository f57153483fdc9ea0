import type { MetadataRoute } from 'next';

/**
 * The web app manifest (/manifest.webmanifest, linked from every page by Next.js): what a phone
 * shows when a reader adds Folio to the home screen. Colours are the light theme's (app/globals.css);
 * the icons are drawn from app/icon.svg by `npm run icons`.
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: '/',
    name: 'Folio',
    short_name: 'Folio',
    description: 'Stories and notes from the writers of Folio.',
    lang: 'en',
    start_url: '/',
    display: 'standalone',
    background_color: '#fbfaf7',
    theme_color: '#8a3b12',
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}
