import { count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { database, db } from '@/lib/db';
import { auditLog } from '@/lib/audit/schema';
import { recordAudit } from '@/lib/audit';
import { errorChain } from './support/errors';
import { databaseKind } from './support/database';

async function rows() {
  return db().select().from(auditLog).orderBy(auditLog.id);
}

/** Runs a statement that must be refused and returns the database's message. */
async function refusal(statement: Promise<unknown>): Promise<string> {
  let caught: unknown;
  try {
    await statement;
  } catch (error) {
    caught = error;
  }
  expect(caught, 'the statement should have been refused').toBeDefined();
  return errorChain(caught);
}

describe(`audit_log is append-only (${databaseKind})`, () => {
  it('runs on the database the suite was asked for', () => {
    expect(database().kind).toBe(databaseKind);
  });

  it('accepts new rows', async () => {
    const before = await rows();
    await recordAudit(db(), 'system', { action: 'test.append', entityType: 'test', entityId: 1, details: { n: 1 } });
    const after = await rows();
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ action: 'test.append', actorRole: 'system', actorId: null, entityId: '1', details: { n: 1 } });
  });

  it('refuses UPDATE, through drizzle and raw SQL, leaving the rows as they were', async () => {
    const before = await rows();
    expect(before.length).toBeGreaterThan(0);
    expect(await refusal(db().update(auditLog).set({ action: 'tampered' }).where(eq(auditLog.id, before[0]!.id)))).toMatch(
      /append-only: UPDATE refused/,
    );
    expect(await refusal(db().execute(sql`update audit_log set actor_role = 'admin'`))).toMatch(/append-only: UPDATE refused/);
    expect(await rows()).toEqual(before);
  });

  it('refuses DELETE, leaving the rows as they were', async () => {
    const before = await rows();
    expect(await refusal(db().delete(auditLog).where(eq(auditLog.id, before[0]!.id)))).toMatch(/append-only: DELETE refused/);
    expect(await refusal(db().execute(sql`delete from audit_log`))).toMatch(/append-only: DELETE refused/);
    expect(await rows()).toEqual(before);
  });

  it('refuses TRUNCATE, leaving the rows as they were', async () => {
    const [before] = await db().select({ n: count() }).from(auditLog);
    expect(await refusal(db().execute(sql`truncate audit_log`))).toMatch(/append-only: TRUNCATE refused/);
    const [after] = await db().select({ n: count() }).from(auditLog);
    expect(after!.n).toBe(before!.n);
    expect(after!.n).toBeGreaterThan(0);
  });

  it('rolls back a transaction that tries to change the log, including its other writes', async () => {
    const before = await rows();
    await expect(
      db().transaction(async (tx) => {
        await recordAudit(tx, 'system', { action: 'test.in_tx', entityType: 'test', entityId: 2 });
        await tx.update(auditLog).set({ action: 'tampered' });
      }),
    ).rejects.toThrow();
    expect(await rows()).toEqual(before);
  });
});
