'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/**
 * The masthead with the compact header's menu button (issue 15, item 4). On wide screens the button is hidden and
 * the menu (preferences, user menu, main navigation) shows as the usual bars; at 600 px and below the menu folds
 * away behind the button: aria-expanded says whether it is open, aria-controls names it, Esc closes it and returns
 * focus to the button, and following a link closes it. The label stays the same (aria-expanded carries the state);
 * it comes as a prop, so the component needs no messages.
 *
 * Without JavaScript (and until the page is hydrated) the button is a checkbox with the same label: a visually hidden
 * `<input type="checkbox" id="site-menu-toggle">` before the masthead and a `<label>` in the button's place, and CSS
 * (`.menu-toggle:checked ~ .site-menu`) shows the menu while it is checked — keyboard users reach the checkbox, named
 * 菜单, and toggle it with Space. Once hydrated, the real button takes over (opened if the checkbox was ticked).
 */
export function SiteMenu({ brand, menuLabel, children }: { brand: React.ReactNode; menuLabel: string; children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const pathname = usePathname();
  // False on the server and while hydrating (the markup then matches the server's), true from then on.
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  const [shownFor, setShownFor] = useState(pathname);
  // A new page closes the menu (the state is adjusted during render, React's pattern for "reset on prop change").
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }
  // A menu opened by the checkbox before hydration stays open when the button takes over.
  useEffect(() => {
    const box = document.getElementById('site-menu-toggle');
    if (box instanceof HTMLInputElement && box.checked) setOpen(true);
  }, [hydrated]);
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
      {hydrated ? null : <input type="checkbox" id="site-menu-toggle" className="menu-toggle" aria-controls="site-menu" />}
      <div className="masthead">
        <div className="container masthead-inner">
          {brand}
          {hydrated ? <button
            ref={button}
            type="button"
            className="menu-button"
            aria-expanded={open}
            aria-controls="site-menu"
            onClick={() => setOpen((o) => !o)}
          >
            <span className="menu-icon" aria-hidden="true" data-open={open} />
            {menuLabel}
          </button> : (
            <label htmlFor="site-menu-toggle" className="menu-button">
              <span className="menu-icon" aria-hidden="true" />
              {menuLabel}
            </label>
          )}
        </div>
      </div>
      <div id="site-menu" className="site-menu" data-open={open}>
        {children}
      </div>
    </>
  );
}
