'use client';

import { useEffect } from 'react';
import { useTranslations } from 'next-intl';

const CARD = '[data-question-card]';

/** Typing in a field never triggers a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The card after (or before) this one in the page, for J / K and after an approve or reject moves the card away. */
function neighbour(card: HTMLElement, step: 1 | -1): HTMLElement | null {
  const cards = [...document.querySelectorAll<HTMLElement>(CARD)];
  const at = cards.indexOf(card);
  return cards[at + step] ?? null;
}

/**
 * Keyboard shortcuts of the moderator console on the focused question card: A 采用, R 不予采用 (opens the reason
 * list), S 标星 / 取消标星, J / K next / previous card. They press the card's own buttons (the same forms and server
 * checks as a click); nothing fires while typing in a field or with Ctrl, Alt or ⌘. The legend is visible.
 */
export function ConsoleShortcuts() {
  const t = useTranslations('interviewsStaff.console');

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const card = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>(CARD);
      if (!card) return;
      const key = event.key.toLowerCase();
      if (key === 'j' || key === 'k') {
        event.preventDefault();
        neighbour(card, key === 'j' ? 1 : -1)?.focus();
        return;
      }
      if (key === 'a' || key === 's') {
        const button = card.querySelector<HTMLButtonElement>(`button[data-shortcut="${key === 'a' ? 'approve' : 'star'}"]`);
        if (!button || button.disabled) return;
        event.preventDefault();
        // Approving moves the card to another column: keep the keyboard in this one.
        if (key === 'a') (neighbour(card, 1) ?? neighbour(card, -1))?.focus();
        button.click();
        return;
      }
      if (key === 'r') {
        const details = card.querySelector<HTMLDetailsElement>('details[data-shortcut="reject"]');
        if (!details) return;
        event.preventDefault();
        details.open = true;
        // The reason list first: arrow keys choose, Tab reaches the note and the button.
        details.querySelector<HTMLSelectElement>('select[data-reject-reason]')?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <aside className="shortcut-legend" aria-labelledby="shortcut-legend-title" data-testid="shortcut-legend">
      <h2 id="shortcut-legend-title">{t('shortcuts')}</h2>
      <p className="hint">{t('shortcutsHint')}</p>
      <dl>
        <div><dt><kbd>A</kbd></dt><dd>{t('keyApprove')}</dd></div>
        <div><dt><kbd>R</kbd></dt><dd>{t('keyReject')}</dd></div>
        <div><dt><kbd>S</kbd></dt><dd>{t('keyStar')}</dd></div>
        <div><dt><kbd>J</kbd> / <kbd>K</kbd></dt><dd>{t('keyNext')}</dd></div>
      </dl>
    </aside>
  );
}
