import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Db, type Tx } from '../db';
import { parseInput } from '../errors';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { accountabilitySettings } from './schema';

/**
 * The loop's limits in working days (issue 14), admin settings with these defaults:
 * - dueSoon: the due-soon notice to the handler, this many working days before the due date;
 * - urgeInterval: a writer or applicant may press 催办 at most once in this many working days;
 * - ratingReminder: the writer is reminded to rate this many working days after the answer;
 * - autoClose: an answer unrated this many working days after it closes the letter as 未评价.
 */
export const ACCOUNTABILITY_DEFAULTS = { dueSoon: 3, urgeInterval: 3, ratingReminder: 3, autoClose: 7 } as const;
export type AccountabilityKey = keyof typeof ACCOUNTABILITY_DEFAULTS;
export type AccountabilitySettings = Record<AccountabilityKey, number>;
export const ACCOUNTABILITY_KEYS = Object.keys(ACCOUNTABILITY_DEFAULTS) as AccountabilityKey[];

export async function loadAccountabilitySettings(database: Db | Tx): Promise<AccountabilitySettings> {
  const rows = await database.select().from(accountabilitySettings);
  const settings: AccountabilitySettings = { ...ACCOUNTABILITY_DEFAULTS };
  for (const row of rows) if ((ACCOUNTABILITY_KEYS as string[]).includes(row.key)) settings[row.key as AccountabilityKey] = row.workingDays;
  return settings;
}

export const ACCOUNTABILITY_LABELS: Record<AccountabilityKey, string> = {
  dueSoon: '到期提醒提前',
  urgeInterval: '催办间隔',
  ratingReminder: '评价提醒',
  autoClose: '未评价自动办结',
};

const limit = (key: AccountabilityKey) => {
  const error = `${ACCOUNTABILITY_LABELS[key]}须为 1 至 60 之间的整数（工作日）`;
  return z.number({ error }).int({ error }).min(1, { error }).max(60, { error });
};

/** PUT: all four limits, in working days (1–60). */
export const accountabilityInput = z.strictObject(
  { dueSoon: limit('dueSoon'), urgeInterval: limit('urgeInterval'), ratingReminder: limit('ratingReminder'), autoClose: limit('autoClose') },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的字段：${issue.keys.join('、')}` : '提交的内容应为一个对象') },
);

// An arbitrary constant: the transaction-scoped advisory lock of the settings (a no-op on PGlite's one connection).
const sqlLock = sql`select pg_advisory_xact_lock(727274014)`;

export async function getAccountabilitySettings(actor: Actor): Promise<AccountabilitySettings> {
  assertCan(actor, 'admin.calendar');
  return loadAccountabilitySettings(db());
}

/**
 * Sets the four limits (admins; the same permission as the letters' working-day limits). The ladder reads them on
 * each run: steps already fired stay fired, the next run uses the new limits. One audit row with before and after;
 * a save that changes nothing records nothing.
 */
export async function updateAccountabilitySettings(actor: Actor, input: unknown): Promise<AccountabilitySettings> {
  assertCan(actor, 'admin.calendar');
  const next = parseInput(accountabilityInput, input);
  return db().transaction(async (tx) => {
    // Serialise concurrent saves: the second sees the first's result as its "before".
    await tx.execute(sqlLock);
    const before = await loadAccountabilitySettings(tx);
    const changed = ACCOUNTABILITY_KEYS.filter((key) => next[key] !== before[key]);
    if (!changed.length) return before;
    for (const key of changed) {
      await tx
        .insert(accountabilitySettings)
        .values({ key, workingDays: next[key] })
        .onConflictDoUpdate({ target: accountabilitySettings.key, set: { workingDays: next[key] } });
    }
    const after = { ...before, ...next };
    await recordAudit(tx, actor, { action: 'accountability.settings.update', entityType: 'accountability_settings', entityId: changed.join(','), details: { before, after } });
    return after;
  });
}

