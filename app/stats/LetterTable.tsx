import type { getTranslations } from 'next-intl/server';
import type { LetterFigures } from '@/lib/stats';
import { ScrollRegion } from '../_components/ScrollRegion';
import { formatRate } from './format';

type T = Awaited<ReturnType<typeof getTranslations<'stats'>>>;

/** The figure columns of a letters table, in order: their headings, and the labels of their cells as cards (phones). */
const LETTER_COLUMNS = ['received', 'answered', 'onTime', 'onTimeRate', 'avgWorkingDays', 'rated', 'satisfactionRate'] as const;

/** A table of letter figures: one row per month, kind, channel or department (/stats/letters). */
export function LetterTable({ id, caption, head, rows, t }: { id?: string; caption: string; head: string; rows: Array<{ key: string; label: string; f: LetterFigures }>; t: T }) {
  const none = t('none');
  const value = (f: LetterFigures, c: (typeof LETTER_COLUMNS)[number]) =>
    c === 'onTimeRate' || c === 'satisfactionRate' ? formatRate(f[c], none) : c === 'avgWorkingDays' ? (f.avgWorkingDays ?? none) : f[c];
  return (
    <ScrollRegion label={caption}>
      <table className="table-cards" id={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            {LETTER_COLUMNS.map((c) => <th key={c} scope="col" className="num">{t(c)}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ key, label, f }) => (
            <tr key={key}>
              <th scope="row">{label}</th>
              {LETTER_COLUMNS.map((c) => <td key={c} className="num" data-label={t(c)}>{value(f, c)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
