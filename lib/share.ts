/**
 * Share links for a post. Each is a plain link to the network's own share address: no third-party
 * script, button widget or tracking pixel, and nothing is loaded from anywhere until a reader clicks.
 * (Mastodon has no central share address, as every server is its own site, so it is not offered.)
 */
export function shareLinks(url: string, title: string): { name: string; label: string; href: string }[] {
  const u = encodeURIComponent(url);
  const t = encodeURIComponent(title);
  return [
    { name: 'bluesky', label: 'Bluesky', href: `https://bsky.app/intent/compose?text=${encodeURIComponent(`${title} ${url}`)}` },
    { name: 'facebook', label: 'Facebook', href: `https://www.facebook.com/sharer/sharer.php?u=${u}` },
    { name: 'linkedin', label: 'LinkedIn', href: `https://www.linkedin.com/sharing/share-offsite/?url=${u}` },
    { name: 'x', label: 'X', href: `https://x.com/intent/post?text=${t}&url=${u}` },
    { name: 'email', label: 'Email', href: `mailto:?subject=${t}&body=${u}` },
  ];
}
