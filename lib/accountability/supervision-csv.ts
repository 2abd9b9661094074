import { toCsv, type Cell } from '../stats/csv';
import type { SupervisionItem } from './supervision';

/** A translator of the `supervision` message namespace, so the file speaks the reader's language. */
export type SupervisionT = (key: string, values?: Record<string, string | number>) => string;

/**
 * The board as CSV (lib/stats/csv.ts: RFC 4180, UTF-8 with BOM for Excel, formula-looking text defused): one row per
 * case, in the board's order, under the same filters.
 */
export function supervisionCsv(items: SupervisionItem[], t: SupervisionT): string {
  const rows: Cell[][] = [[
    t('csv.kind'), t('csv.trackingNo'), t('csv.title'), t('csv.department'), t('csv.status'), t('csv.submittedOn'), t('csv.dueAt'),
    t('csv.remaining'), t('csv.age'), t('csv.ageDays'), t('csv.risk'), t('csv.urged'), t('csv.supervised'), t('csv.targetDate'),
  ]];
  for (const i of items) {
    rows.push([
      t(`kinds.${i.kind}`), i.trackingNo, i.title, i.department?.name ?? (i.kind === 'application' ? t('disclosureOffice') : t('awaitingTriage')),
      t(`status.${i.kind}.${i.status}`), i.submittedOn, i.dueAt ?? t('paused'), i.remainingWorkingDays, i.ageWorkingDays, i.ageDays,
      i.risk ? t(`risks.${i.risk}`) : t('risks.none'), i.urged ? t('yes') : t('no'), i.supervised ? t('yes') : t('no'), i.supervision?.targetDate ?? null,
    ]);
  }
  return toCsv(rows);
}
