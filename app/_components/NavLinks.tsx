'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

export interface NavItem {
  href: string;
  label: string;
}

/**
 * Navigation that marks the section being viewed with aria-current for screen readers and styling. `exact` lists
 * hrefs that are current only on themselves (a workspace's home, whose sections live below it).
 */
export function NavLinks({ items, label, className = 'main-nav', exact = ['/'] }: { items: NavItem[]; label: string; className?: string; exact?: string[] }) {
  const pathname = usePathname();
  const isCurrent = (href: string) => (exact.includes(href) ? pathname === href : pathname === href || pathname.startsWith(`${href}/`));
  return (
    <nav aria-label={label} className={className}>
      <ul>
        {items.map((item) => (
          <li key={item.href}>
            <Link href={item.href} aria-current={isCurrent(item.href) ? 'page' : undefined}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
