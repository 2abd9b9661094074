import { createElement } from 'react';
import { headers } from 'next/headers';
import type { getTranslations } from 'next-intl/server';
import type { LetterFigures } from '@/lib/stats';
import { ScrollRegion } from '../_components/ScrollRegion';
import { formatRate } from './format';
import { LetterRows, type LetterRow } from './LetterRows';

type T = Awaited<ReturnType<typeof getTranslations<'stats'>>>;

/** The figure columns of a letters table, in order: their headings, and the labels of their cells as cards (phones). */
const LETTER_COLUMNS = ['received', 'answered', 'onTime', 'onTimeRate', 'avgWorkingDays', 'rated', 'satisfactionRate'] as const;

/** A string as a CSS string literal (the labels are the catalogue's words: no newline, but quote what CSS needs). */
const cssString = (text: string) => `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r]/g, ' ')}"`;

/**
 * The column names of the cards on phones, once per page (issue 15 item 6, /stats/letters ≤ 40 KB of HTML): each
 * figure cell was led by its own `data-label` (and `class="num"`), some 200 cells repeated twice over (the HTML and the
 * RSC payload). Here one nonce'd stylesheet says "column n is called …" for every `.letter-figures` table, from the
 * catalogue, in the page's language; the CSP allows it (style-src nonce, lib/security/headers.ts).
 */
export async function LetterTableLabels({ t }: { t: T }) {
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  const separator = t('cardLabelSeparator');
  const rules = LETTER_COLUMNS.map((c, i) => `.letter-figures td:nth-child(${i + 2})::before{content:${cssString(`${t(c)}${separator}`)}}`).join('');
  return <style nonce={nonce}>{`@media (max-width:600px){${rules}}`}</style>;
}

/**
 * A table of letter figures: one row per month, kind, channel or department (/stats/letters, which renders
 * LetterTableLabels once). Cells carry no attributes; the rows go to the page's payload as compact arrays (LetterRows).
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
