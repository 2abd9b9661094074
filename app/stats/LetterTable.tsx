import { createElement } from 'react';
import type { getTranslations } from 'next-intl/server';
import type { LetterFigures } from '@/lib/stats';
import { ScrollRegion } from '../_components/ScrollRegion';
import { formatRate } from './format';
import { LetterRows, type LetterRow } from './LetterRows';

type T = Awaited<ReturnType<typeof getTranslations<'stats'>>>;

/** The figure columns of a letters table, in order: their headings, and the labels of their cells as cards (phones). */
export const LETTER_COLUMNS = ['received', 'answered', 'onTime', 'onTimeRate', 'avgWorkingDays', 'rated', 'satisfactionRate'] as const;

/**
 * A table of letter figures: one row per month, kind, channel or department (/stats/letters). Cells carry no
 * attributes (their column names on phones are in stats.css); the rows go to the page's payload as compact arrays (LetterRows).
 */
export function LetterTable({ id, caption, head, rows, t }: { id?: string; caption: string; head: string; rows: Array<{ key: string; label: string; f: LetterFigures }>; t: T }) {
  const none = t('none');
  const value = (f: LetterFigures, c: (typeof LETTER_COLUMNS)[number]) =>
    c === 'onTimeRate' || c === 'satisfactionRate' ? formatRate(f[c], none) : c === 'avgWorkingDays' ? (f.avgWorkingDays ?? none) : f[c];
  return (
    <ScrollRegion label={caption}>
      <table className="table-cards letter-figures" id={id}>
        <caption>{caption}</caption>
        <thead>
          {createElement('tr', null, <th scope="col">{head}</th>, ...LETTER_COLUMNS.map((c) => <th scope="col">{t(c)}</th>))}
        </thead>
        <LetterRows rows={rows.map(({ key, label, f }): LetterRow => [key, label, ...LETTER_COLUMNS.map((c) => value(f, c))])} />
      </table>
    </ScrollRegion>
  );
}
