'use client';

import { useEffect, useState } from 'react';

/**
 * Phones' sticky 提问 button (issue 15 item 3): a link to the ask section (#interview-ask), so without JavaScript it
 * simply jumps there. With JavaScript it scrolls to the question field and focuses it, and it hides while the ask
 * section is on screen (IntersectionObserver) — it would only cover the form it points to.
 */
export function AskJump({ label }: { label: string }) {
  const [formInView, setFormInView] = useState(false);
  useEffect(() => {
    const section = document.getElementById('interview-ask')?.closest('section');
    if (!section || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(([entry]) => setFormInView(Boolean(entry?.isIntersecting)));
    observer.observe(section);
    return () => observer.disconnect();
  }, []);
  return (
    <a className="iv-ask-jump no-print" href="#interview-ask" data-testid="ask-jump" data-hidden={formInView}
      onClick={(event) => {
        const field = document.getElementById('ask-body');
        if (!field) return;
        event.preventDefault();
        field.scrollIntoView({ block: 'center' });
        field.focus({ preventScroll: true });
      }}>
      {label}
    </a>
  );
}
