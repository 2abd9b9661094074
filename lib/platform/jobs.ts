import type { Env } from '../env';
import { sendOverdueDigests } from '../letters/digest';
import { createTransport, deliverPendingEmail } from '../notifications/mailer';

/**
 * Periodic work of the app process: sending queued email (with SMTP_URL) and the daily overdue digest. Each job
 * is safe to run in several processes at once (claims in the database), and never overlaps with itself.
 */
export function startBackgroundJobs(e: Env): () => void {
  const timers: NodeJS.Timeout[] = [];
  const every = (name: string, ms: number, job: () => Promise<unknown>) => {
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
      }
    };
    const timer = setInterval(run, ms);
    timer.unref();
    timers.push(timer);
    void run();
  };

  if (e.SMTP_URL) {
    const transport = createTransport(e.SMTP_URL);
    every('email', 15_000, () => deliverPendingEmail(transport, e.MAIL_FROM));
  }
  every('overdue digest', 10 * 60_000, () => sendOverdueDigests());
  return () => timers.forEach((t) => clearInterval(t));
}
