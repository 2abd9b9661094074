'use client';

import { Marked } from '@/app/_components/Marked';
import { useTranslations } from 'next-intl';
import type { InterviewState } from '@/lib/interviews/queries';

/**
 * The avatar of a person without a stored photo (the platform keeps none): the surname of a Chinese name, the
 * initials of a Latin one. Decorative — the name is always written next to it.
 */
export function initialsOf(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '?';
  if (/^[\p{Script=Han}]/u.test(trimmed)) return [...trimmed][0]!;
  const words = trimmed.split(/\s+/).filter(Boolean);
  return words.slice(0, 2).map((w) => [...w][0]!.toUpperCase()).join('');
}

export function Avatar({ name, size = 'm' }: { name: string; size?: 's' | 'm' | 'l' }) {
  return <span className={`iv-avatar iv-avatar-${size}`} aria-hidden="true" data-user-content="">{initialsOf(name)}</span>;
}

/** 访谈嘉宾: each guest with an initials avatar, the official title for this interview and the short bio. */
export function GuestCards({ guests, size = 'm' }: { guests: InterviewState['guests']; size?: 's' | 'm' | 'l' }) {
  const t = useTranslations('interviews');
  if (!guests.length) return null;
  return (
    <ul className="iv-guest-cards" data-testid="guests">
      {guests.map((g) => (
        <li key={g.id} className="iv-guest-card">
          <Avatar name={g.name} size={size} />
          <div>
            <p className="iv-guest-name"><Marked text={t('guestWithTitle', { name: g.name, title: g.title })} user={[g.name, g.title]} /></p>
            {g.bio ? <p className="iv-guest-bio" data-user-content="">{g.bio}</p> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
