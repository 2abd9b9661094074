'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';

/**
 * The masthead with the compact header's menu button (issue 15, item 4). On wide screens the button is hidden and
 * the menu (preferences, user menu, main navigation) shows as the usual bars; at 600 px and below the menu folds
 * away behind the button: aria-expanded says whether it is open, aria-controls names it, Esc closes it and returns
 * focus to the button, and following a link closes it. The label stays the same (aria-expanded carries the state);
 * it comes as a prop, so the component needs no messages.
 */
export function SiteMenu({ brand, menuLabel, children }: { brand: React.ReactNode; menuLabel: string; children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const pathname = usePathname();
  const [shownFor, setShownFor] = useState(pathname);
  // A new page closes the menu (the state is adjusted during render, React's pattern for "reset on prop change").
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <>
      <div className="masthead">
        <div className="container masthead-inner">
          {brand}
          <button
            ref={button}
            type="button"
            className="menu-button"
            aria-expanded={open}
            aria-controls="site-menu"
            onClick={() => setOpen((o) => !o)}
          >
            <span className="menu-icon" aria-hidden="true" data-open={open} />
            {menuLabel}
          </button>
        </div>
      </div>
      <div id="site-menu" className="site-menu" data-open={open}>
        {children}
      </div>
    </>
  );
}
