'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef } from 'react';

/**
 * The narrow-screen menu: a disclosure (<details>), so it opens without JavaScript and says
 * whether it is open. Navigating keeps the header mounted, so it is closed again on every new
 * address, and Escape closes it and returns focus to its button.
 */
export function SiteMenu({ links }: { links: readonly { href: string; label: string }[] }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const pathname = usePathname();
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [pathname]);
  return (
    <details
      ref={menu}
      className="site-menu"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && menu.current?.open) {
          menu.current.open = false;
          menu.current.querySelector('summary')?.focus();
        }
      }}
    >
      <summary>Menu</summary>
      <ul className="site-menu-links">
        {links.map((link) => (
          <li key={link.href}>
            <Link href={link.href}>{link.label}</Link>
          </li>
        ))}
      </ul>
    </details>
  );
}
