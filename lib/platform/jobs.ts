import type { Env } from '../env';
import { sendOverdueDigests } from '../letters/digest';
import { sendComplianceAlerts } from '../accountability/compliance';
import { runLadder } from '../accountability/ladder';
import { createTransport, deliverPendingEmail } from '../notifications/mailer';
import { db } from '../db';
import { publishMessageStatistics } from '../stats/messages';
import { refreshRates } from '../stats/rates';
import { closeDueConsultations } from '../consultations/operations';
import { pagesChanged } from './page-changes';
import { compactOpenLetterCounts } from '../accountability/open-counts';

/**
 * Periodic work of the app process: sending queued email (with SMTP_URL) the daily overdue digest and the escalation ladder. Each job
 * is safe to run in several processes at once (claims in the database), and never overlaps with itself.
 */
export function startBackgroundJobs(e: Env): () => void {
  const timers: NodeJS.Timeout[] = [];
  // `changesPages`: what the job writes may show on public pages, whose cache is emptied after each run.
  const every = (name: string, ms: number, job: () => Promise<unknown>, changesPages = true) => {
    let running = false;
    const run = async () => {
      if (running) return;
      running = true;
      try {
        await job();
      } catch (error) {
        console.error(`[jobs] ${name} failed:`, error);
      } finally {
        running = false;
        if (changesPages) pagesChanged();
      }
    };
    const timer = setInterval(run, ms);
    timer.unref();
    timers.push(timer);
    void run();
  };

  if (e.SMTP_URL) {
    const transport = createTransport(e.SMTP_URL);
    every('email', 15_000, () => deliverPendingEmail(transport, e.MAIL_FROM), false);
  }
  every('overdue digest', 10 * 60_000, () => sendOverdueDigests());
  // 三率 rollup folded in off the request path (reads fold in anything newer themselves); 留言统计 after each month.
  every('rates rollup', 60_000, () => refreshRates(db()));
  every('message statistics', 60 * 60_000, () => publishMessageStatistics(db()));
  // The inspection radar's alerts to moderators and admins (once per indicator per breach window).
  every('compliance alerts', 30 * 60_000, () => sendComplianceAlerts());
  // The escalation ladder (lib/accountability/ladder.ts): each step claims its row, so every few minutes is safe.
  every('escalation ladder', 5 * 60_000, () => runLadder());
  // The supervision board's open-letter count: the trigger's +1/−1 rows folded into one per department.
  every('open letter counts', 60_000, () => compactOpenLetterCounts(db()), false);
  // 意见征集 past their closing time are closed (each row locked and rechecked) and their subscribers told.
  every('consultations close', 60_000, () => closeDueConsultations());
  return () => timers.forEach((t) => clearInterval(t));
}
