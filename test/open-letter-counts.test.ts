import { randomBytes, randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { departments, users } from '@/lib/accounts/schema';
import { newPublicId } from '@/lib/accounts/users';
import { compactOpenLetterCounts, openLetterCount } from '@/lib/accountability/open-counts';
import { listSupervision } from '@/lib/accountability/supervision';
import { db, rowsOf } from '@/lib/db';
import { LETTER_STATUSES, letters, type LetterStatus } from '@/lib/letters/schema';
import { LETTER_OPEN_STATUSES } from '@/lib/letters/transitions';
import { actorFor } from './support/users';

/**
 * The supervision board's open-letter count (migration 0040): a trigger on `letters` keeps +1/−1 rows per department,
 * a job folds them. Whatever happens to letters — created open or closed, moved between states and departments,
 * deleted, inside transactions that commit or roll back — and whenever the rows are folded, the kept count equals
 * the letters counted, per department and for the bureau, and the board's total equals its cases counted.
 */

const OPEN = LETTER_OPEN_STATUSES;
let citizenId: number;
const departmentIds: Array<number | null> = [null];

async function counted(departmentId: number | null | 'all'): Promise<number> {
  const where = departmentId === 'all' ? sql`true` : departmentId === null ? sql`department_id is null` : sql`department_id = ${departmentId}`;
  const result = await db().execute(sql`select count(*)::int as n from letters where status in ('submitted', 'accepted', 'needs_info') and ${where}`);
  return Number(rowsOf<{ n: number }>(result)[0]!.n);
}

async function expectCountsAgree(context: string) {
  for (const d of departmentIds) expect(await openLetterCount(db(), d), `${context}: department ${d}`).toBe(await counted(d));
  expect(await openLetterCount(db()), `${context}: the bureau`).toBe(await counted('all'));
}

beforeAll(async () => {
  const publicId = newPublicId();
  const [citizen] = await db().insert(users).values({ publicId, name: '计数测试市民', email: `count-${randomBytes(4).toString('hex')}@example.org`, passwordHash: 'x', role: 'citizen' }).returning({ id: users.id });
  citizenId = citizen!.id;
  for (const name of ['甲', '乙', '丙']) {
    const [row] = await db().insert(departments).values({ publicId: randomUUID(), code: `N${randomBytes(3).toString('hex')}`, name: `计数测试${name}科`, nameEn: `Count test ${name}`, sortOrder: 960 }).returning({ id: departments.id });
    departmentIds.push(row!.id);
  }
});

async function insertLetter(status: LetterStatus, departmentId: number | null): Promise<number> {
  const [row] = await db().insert(letters).values({
    trackingNo: `2026${randomBytes(5).toString('hex')}`, queryCode: '123456', kind: 'inquiry', status, writerId: citizenId, departmentId,
    title: '计数测试', body: '计数测试正文', consentToPublish: false, dueOn: status === 'needs_info' ? null : '2026-12-31',
  }).returning({ id: letters.id });
  return row!.id;
}

type Op =
  | { op: 'insert'; status: LetterStatus; department: number }
  | { op: 'insertMany'; statuses: LetterStatus[]; department: number }
  | { op: 'status'; pick: number; status: LetterStatus }
  | { op: 'move'; pick: number; department: number }
  | { op: 'moveAndClose'; pick: number; department: number; status: LetterStatus }
  | { op: 'delete'; pick: number }
  | { op: 'rolledBack'; pick: number; status: LetterStatus }
  | { op: 'compact' };

const status = fc.constantFrom(...LETTER_STATUSES);
const department = fc.nat({ max: 3 });
const pick = fc.nat({ max: 1000 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), status, department }),
  fc.record({ op: fc.constant('insertMany' as const), statuses: fc.array(status, { minLength: 1, maxLength: 5 }), department }),
  fc.record({ op: fc.constant('status' as const), pick, status }),
  fc.record({ op: fc.constant('move' as const), pick, department }),
  fc.record({ op: fc.constant('moveAndClose' as const), pick, department, status }),
  fc.record({ op: fc.constant('delete' as const), pick }),
  fc.record({ op: fc.constant('rolledBack' as const), pick, status }),
  fc.record({ op: fc.constant('compact' as const) }),
);

class Rollback extends Error {}

describe('the open-letter count kept by the database', () => {
  it('equals the open letters counted, per department and for the bureau, after any sequence of changes', async () => {
    await expectCountsAgree('at the start (the demo data, counted by the migration)');
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
      const mine: number[] = [];
      const chosen = (n: number) => (mine.length ? mine[n % mine.length]! : null);
      for (const o of ops) {
        if (o.op === 'insert') mine.push(await insertLetter(o.status, departmentIds[o.department]!));
        else if (o.op === 'insertMany') {
          // One statement, several rows: the row trigger fires for each.
          const rows = await db().insert(letters).values(o.statuses.map((s) => ({
            trackingNo: `2026${randomBytes(5).toString('hex')}`, queryCode: '123456', kind: 'inquiry' as const, status: s, writerId: citizenId,
            departmentId: departmentIds[o.department]!, title: '计数测试', body: '计数测试正文', consentToPublish: false,
          }))).returning({ id: letters.id });
          mine.push(...rows.map((r) => r.id));
        } else if (o.op === 'compact') await compactOpenLetterCounts(db());
        else {
          const id = chosen(o.pick);
          if (id === null) continue;
          if (o.op === 'status') await db().update(letters).set({ status: o.status }).where(eq(letters.id, id));
          else if (o.op === 'move') await db().update(letters).set({ departmentId: departmentIds[o.department]! }).where(eq(letters.id, id));
          else if (o.op === 'moveAndClose') await db().update(letters).set({ departmentId: departmentIds[o.department]!, status: o.status }).where(eq(letters.id, id));
          else if (o.op === 'delete') {
            await db().delete(letters).where(eq(letters.id, id));
            mine.splice(mine.indexOf(id), 1);
          } else {
            // A change whose transaction fails leaves no trace in the count either.
            await expect(db().transaction(async (tx) => {
              await tx.update(letters).set({ status: o.status, departmentId: null }).where(eq(letters.id, id));
              throw new Rollback();
            })).rejects.toBeInstanceOf(Rollback);
          }
        }
      }
      await expectCountsAgree(ops.map((o) => o.op).join(' '));
      // Several letters changed by one statement.
      if (mine.length) {
        await db().update(letters).set({ status: 'accepted' }).where(inArray(letters.id, mine));
        await expectCountsAgree('after one statement opened them all');
        await db().delete(letters).where(inArray(letters.id, mine));
        await expectCountsAgree('after one statement deleted them all');
      }
    }), { numRuns: 15 });
  });

  it('folds its rows into at most one per department, changing no count', async () => {
    const a = departmentIds[1]!;
    for (let i = 0; i < 5; i++) await insertLetter('submitted', a);
    // Rows of departments with more than one: what is folded (a department's single row is left as it is).
    const busy = Number(rowsOf<{ n: number }>(await db().execute(sql`select coalesce(sum(n), 0)::int as n from
      (select count(*) as n from open_letter_count_deltas group by department_id having count(*) > 1) busy`))[0]!.n);
    expect(busy).toBeGreaterThanOrEqual(5);
    expect(await compactOpenLetterCounts(db())).toBe(busy);
    const rows = rowsOf<{ department_id: number | null; n: number }>(await db().execute(sql`select department_id, count(*)::int as n from open_letter_count_deltas group by 1`));
    for (const r of rows) expect(r.n, `department ${r.department_id}`).toBe(1);
    await expectCountsAgree('after folding');
    // Folding again finds nothing to fold and writes nothing (a quiet minute): the rows are the very same.
    const ctids = async () => rowsOf<{ ctid: string }>(await db().execute(sql`select ctid::text as ctid from open_letter_count_deltas order by 1`)).map((r) => r.ctid);
    const rowsBefore = await ctids();
    expect(await compactOpenLetterCounts(db())).toBe(0);
    expect(await ctids()).toEqual(rowsBefore);
    await expectCountsAgree('after folding twice');
  });

  it('gives the board the total of its cases, for the bureau, a department and a leader', async () => {
    const moderator = await actorFor('moderator@example.com');
    const casesCounted = async (departmentId?: number) => {
      const letterCount = departmentId === undefined ? await counted('all') : await counted(departmentId);
      const apps = departmentId === undefined
        ? Number(rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from disclosure_applications where status in ('submitted', 'registered', 'needs_correction', 'consulting')`))[0]!.n)
        : 0;
      return letterCount + apps;
    };
    await insertLetter('accepted', departmentIds[2]!);
    await insertLetter('answered', departmentIds[2]!);
    expect((await listSupervision(moderator, {})).total).toBe(await casesCounted());
    const [d] = await db().select({ publicId: departments.publicId }).from(departments).where(eq(departments.id, departmentIds[2]!));
    expect((await listSupervision(moderator, { departmentId: d!.publicId })).total).toBe(await casesCounted(departmentIds[2]!));
    expect((await listSupervision(moderator, { kind: 'letter' })).total).toBe(await counted('all'));
  });
});
