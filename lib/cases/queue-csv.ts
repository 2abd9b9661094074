import { toCsv, type Cell } from '../stats/csv';
import type { LetterSummary } from '../letters/queries';
import type { ApplicationSummary } from '../disclosure/applications';

/**
 * The staff queues as CSV (issue 14): the letters queue (GET /api/v1/letters/export.csv) and the disclosure office's
 * application queue (GET /api/v1/disclosure/applications/export.csv), one row per case in the queue's order, under
 * its filters. lib/stats/csv.ts writes the file: RFC 4180, UTF-8 with BOM for Excel, text a spreadsheet would run as
 * a formula (=, +, -, @ …) defused — titles and names are the public's text.
 */

/** A translator over the whole catalogue (next-intl's root `t`): the labels come from the queues' own namespaces. */
export type CatalogueT = (key: string, values?: Record<string, string | number>) => string;

/** An instant as Beijing wall-clock time, YYYY-MM-DD HH:mm (the bureau's time, whatever the server's zone). */
export function beijingMinute(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function letterQueueCsv(items: LetterSummary[], t: CatalogueT): string {
  const rows: Cell[][] = [[
    t('letterUi.table.trackingNo'), t('letterUi.table.title'), t('letterUi.table.kind'), t('letterUi.table.status'), t('letterUi.table.department'),
    t('queueCsv.channel'), t('queueCsv.submittedAt'), t('letterUi.table.dueAt'), t('queueCsv.badges'),
  ]];
  for (const l of items) {
    rows.push([
      l.trackingNo, l.title, t(`letterUi.kinds.${l.kind}`), t(`letterUi.statuses.${l.status}`), l.department ?? t('letterUi.table.unrouted'),
      t(`letterUi.channels.${l.channel}`), beijingMinute(l.submittedAt), l.dueAt, l.badges.map((b) => t(`letterUi.badges.${b}`)).join(' / '),
    ]);
  }
  return toCsv(rows);
}

export function applicationQueueCsv(items: ApplicationSummary[], t: CatalogueT): string {
  const rows: Cell[][] = [[
    t('applications.trackingNo'), t('applications.request'), t('applications.applicant'), t('queueCsv.applicantType'), t('applications.statusLabel'),
    t('queueCsv.outcome'), t('applications.receivedOn'), t('applications.dueOn'), t('queueCsv.correctionDueOn'), t('queueCsv.badges'),
  ]];
  for (const a of items) {
    rows.push([
      a.trackingNo, a.description, a.applicant, t(`applications.types.${a.applicantType}`), t(`applications.status.${a.status}`),
      a.outcome ? t(`applications.outcomes.${a.outcome}`) : null, a.receivedOn, a.dueOn, a.correctionDueOn,
      a.badges.map((b) => t(`applications.badges.${b}`)).join(' / '),
    ]);
  }
  return toCsv(rows);
}
