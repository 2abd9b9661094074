import { randomBytes, randomUUID } from 'node:crypto';
import { encode } from 'next-auth/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import * as letterCsvRoute from '@/app/api/v1/letters/export.csv/route';
import * as applicationCsvRoute from '@/app/api/v1/disclosure/applications/export.csv/route';
import { departments, users } from '@/lib/accounts/schema';
import { findActiveUser, newPublicId } from '@/lib/accounts/users';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { listApplications } from '@/lib/disclosure/applications';
import { disclosureApplications, type ApplicationStatus } from '@/lib/disclosure/schema';
import { listLetters } from '@/lib/letters/queries';
import { letters, type LetterChannel, type LetterStatus } from '@/lib/letters/schema';
import { actorFor } from './support/users';
import { useTestRequest } from './support/request';

/**
 * The staff queues as CSV (issue 14): GET /api/v1/letters/export.csv and GET /api/v1/disclosure/applications/export.csv
 * through their route handlers, signed in with a session cookie. Each file holds exactly the rows its queue page
 * shows the same reader — every page of it, under the same filters and order — with formula-looking text defused.
 */

// Route handlers read the session cookie through next/headers, and the CSV's words through next-intl (in Chinese here).
const requestHeaders = useTestRequest('192.0.2.61');

const BASE = 'http://localhost:3000';
const none = { params: Promise.resolve({}) };

async function as(actor: (Actor & { user: ActorUser }) | null): Promise<void> {
  requestHeaders.cookie = actor ? `next-auth.session-token=${await encode({ token: { sub: actor.user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}` : null;
}

/** RFC 4180: quoted fields with doubled quotes, commas and line breaks inside quotes; CRLF between records. */
function parseCsv(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  expect(field).toBe(''); // the file ends with CRLF
  return rows;
}

async function csv(route: typeof letterCsvRoute | typeof applicationCsvRoute, path: string): Promise<{ status: number; rows: string[][]; response: Response }> {
  const response = await route.GET(new Request(`${BASE}${path}`, { headers: { 'x-minsheng-client-ip': '192.0.2.61' } }), none);
  if (response.status !== 200) return { status: response.status, rows: [], response };
  expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="minsheng-(letters|applications)-queue-\d{4}-\d{2}-\d{2}\.csv"$/);
  // Response#text() drops a byte-order mark: read the bytes to see it is there (Excel needs it).
  return { status: 200, rows: parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer())), response };
}

/** Every page of a letters queue, as the queue page would show it page by page. */
async function allLetterPages(actor: Actor, query: Record<string, string>): Promise<string[]> {
  const out: string[] = [];
  for (let page = 1; ; page++) {
    const list = await listLetters(actor, { ...query, scope: 'queue', page });
    out.push(...list.items.map((i) => i.trackingNo));
    if (page * list.pageSize >= list.total) return out;
  }
}

async function allApplicationPages(actor: Actor, query: Record<string, string>): Promise<string[]> {
  const out: string[] = [];
  for (let page = 1; ; page++) {
    const list = await listApplications(actor, { ...query, scope: 'queue', page });
    out.push(...list.items.map((i) => i.trackingNo));
    if (page * list.pageSize >= list.total) return out;
  }
}

let handler: Actor & { user: ActorUser };
let otherHandler: Actor & { user: ActorUser };
let moderator: Actor & { user: ActorUser };
let citizen: Actor & { user: ActorUser };
let leader: Actor & { user: ActorUser };
const no: Record<string, string> = {};
let serial = 0;
const FORMULA_TITLE = '=HYPERLINK("http://evil.example","点击")';

async function insertLetter(key: string, values: { departmentId: number | null; status?: LetterStatus; dueOn: string | null; submittedAt: string; channel?: LetterChannel; title?: string }) {
  const trackingNo = `20991231${String(++serial).padStart(5, '0')}`; // a day no other test or seed numbers
  await db().insert(letters).values({
    trackingNo, queryCode: '123456', kind: 'complaint', status: values.status ?? 'accepted', writerId: citizen.user.id, departmentId: values.departmentId,
    title: values.title ?? `队列导出测试 ${key}`, body: '队列导出测试正文', consentToPublish: false, submittedAt: new Date(values.submittedAt), dueOn: values.dueOn,
    channel: values.channel ?? 'web',
  });
  no[key] = trackingNo;
}

async function insertApplication(key: string, values: { status: ApplicationStatus; dueOn: string | null; receivedOn: string; description?: string }) {
  const trackingNo = `GK20991231${String(++serial).padStart(4, '0')}`;
  await db().insert(disclosureApplications).values({
    trackingNo, applicantId: citizen.user.id, applicantType: 'person', applicantName: '王导出', description: values.description ?? `申请公开队列导出测试信息 ${key}`,
    form: 'electronic', status: values.status, receivedOn: values.receivedOn, dueOn: values.dueOn, submittedAt: new Date(`${values.receivedOn}T09:00:00+08:00`),
  });
  no[key] = trackingNo;
}

beforeAll(async () => {
  handler = await actorFor('handler@example.com');
  moderator = await actorFor('moderator@example.com');
  citizen = await actorFor('citizen@example.com');
  leader = await actorFor('leader@example.com');
  const publicId = randomUUID();
  const [other] = await db().insert(departments).values({ publicId, code: `Q${randomBytes(3).toString('hex')}`, name: '导出测试乙处', nameEn: 'Export test B', sortOrder: 960 }).returning({ id: departments.id });
  const otherId = newPublicId();
  await db().insert(users).values({ publicId: otherId, name: '乙处办事', email: `export-b-${randomBytes(4).toString('hex')}@example.org`, passwordHash: 'x', role: 'handler', departmentId: other!.id });
  otherHandler = { user: (await findActiveUser(db(), otherId))!, ip: '192.0.2.61' };

  const mine = handler.user.departmentId!;
  await insertLetter('dueFirst', { departmentId: mine, dueOn: '2026-01-05', submittedAt: '2025-12-20T09:00:00+08:00' });
  await insertLetter('newest', { departmentId: mine, dueOn: '2099-12-31', submittedAt: '2099-12-01T09:00:00+08:00', channel: 'phone' });
  await insertLetter('formula', { departmentId: mine, dueOn: '2026-02-01', submittedAt: '2026-01-10T09:00:00+08:00', title: FORMULA_TITLE });
  await insertLetter('waiting', { departmentId: mine, status: 'needs_info', dueOn: null, submittedAt: '2026-01-02T09:00:00+08:00' });
  await insertLetter('answered', { departmentId: mine, status: 'answered', dueOn: null, submittedAt: '2026-01-03T09:00:00+08:00' });
  await insertLetter('otherDept', { departmentId: other!.id, dueOn: '2026-01-04', submittedAt: '2026-01-01T09:00:00+08:00' });
  await insertLetter('triage', { departmentId: null, status: 'submitted', dueOn: '2026-01-06', submittedAt: '2026-01-05T09:00:00+08:00' });

  await insertApplication('appOverdue', { status: 'registered', dueOn: '2026-01-10', receivedOn: '2025-12-10' });
  await insertApplication('appNewest', { status: 'submitted', dueOn: '2099-12-31', receivedOn: '2099-12-01', description: '+SUM(A1:A9) 申请公开导出测试' });
  await insertApplication('appCorrection', { status: 'needs_correction', dueOn: null, receivedOn: '2026-01-02' });
  await insertApplication('appAnswered', { status: 'answered', dueOn: null, receivedOn: '2025-12-01' });
});

const numbers = (rows: string[][]) => rows.slice(1).map((r) => r[0]!);

describe('GET /api/v1/letters/export.csv', () => {
  it('a handler gets the own department\'s queue — exactly the queue page\'s rows, in its order, every page — and not another department\'s', async () => {
    await as(handler);
    const { status, rows } = await csv(letterCsvRoute, '/api/v1/letters/export.csv');
    expect(status).toBe(200);
    expect(rows[0]).toEqual(['查询编号', '标题', '类别', '状态', '承办部门', '来信渠道', '提交时间（北京时间）', '办理期限', '提醒']);
    expect(numbers(rows)).toEqual(await allLetterPages(handler, {}));
    expect(numbers(rows)).toEqual(expect.arrayContaining([no.dueFirst, no.newest, no.formula, no.waiting]));
    for (const key of ['otherDept', 'triage', 'answered']) expect(numbers(rows), key).not.toContain(no[key]);
    // One department throughout (the handler's).
    expect(new Set(rows.slice(1).map((r) => r[4]))).toEqual(new Set([rows.find((r) => r[0] === no.dueFirst)![4]]));
    const row = rows.find((r) => r[0] === no.dueFirst)!;
    expect(row).toEqual([no.dueFirst, '队列导出测试 dueFirst', '投诉', '办理中', row[4], '网站', '2025-12-20 09:00', '2026-01-05', '已超期 / 超过60天未答复']);
    // Most urgent first; waiting for the writer (no due date) last.
    const order = numbers(rows);
    expect(order.indexOf(no.dueFirst!)).toBeLessThan(order.indexOf(no.formula!));
    expect(order.indexOf(no.formula!)).toBeLessThan(order.indexOf(no.waiting!));
    // A title that a spreadsheet would run as a formula is written as text.
    expect(rows.find((r) => r[0] === no.formula)![1]).toBe(`'${FORMULA_TITLE}`);

    await as(otherHandler);
    const other = await csv(letterCsvRoute, '/api/v1/letters/export.csv');
    expect(numbers(other.rows)).toEqual([no.otherDept]);
  });

  it('keeps the queue\'s filters and sort=newest', async () => {
    await as(handler);
    const newest = await csv(letterCsvRoute, '/api/v1/letters/export.csv?sort=newest');
    expect(numbers(newest.rows)).toEqual(await allLetterPages(handler, { sort: 'newest' }));
    expect(numbers(newest.rows)[0]).toBe(no.newest);
    const phone = await csv(letterCsvRoute, '/api/v1/letters/export.csv?channel=phone');
    expect(numbers(phone.rows)).toEqual(await allLetterPages(handler, { channel: 'phone' }));
    expect(numbers(phone.rows)).toContain(no.newest);
    expect(phone.rows.slice(1).every((r) => r[5] === '电话')).toBe(true);
    const waiting = await csv(letterCsvRoute, '/api/v1/letters/export.csv?status=needs_info');
    expect(numbers(waiting.rows)).toEqual(await allLetterPages(handler, { status: 'needs_info' }));
    expect(numbers(waiting.rows)).toContain(no.waiting);
    expect(waiting.rows.slice(1).every((r) => r[3] === '待补充材料')).toBe(true);
    expect((await csv(letterCsvRoute, '/api/v1/letters/export.csv?sort=oldest')).status).toBe(422);
    expect((await csv(letterCsvRoute, '/api/v1/letters/export.csv?channel=fax')).status).toBe(422);
  });

  it('moderators get the triage queue; a leader the own department\'s; a citizen 403, a visitor 401', async () => {
    await as(moderator);
    const triage = await csv(letterCsvRoute, '/api/v1/letters/export.csv?sort=newest');
    expect(numbers(triage.rows)).toEqual(await allLetterPages(moderator, { sort: 'newest' }));
    expect(numbers(triage.rows)).toContain(no.triage);
    expect(numbers(triage.rows)).not.toContain(no.dueFirst);
    await as(leader);
    expect(numbers((await csv(letterCsvRoute, '/api/v1/letters/export.csv')).rows)).toEqual(await allLetterPages(leader, {}));
    await as(citizen);
    expect((await csv(letterCsvRoute, '/api/v1/letters/export.csv')).status).toBe(403);
    await as(null);
    expect((await csv(letterCsvRoute, '/api/v1/letters/export.csv')).status).toBe(401);
    expect((await csv(letterCsvRoute, '/api/v1/letters/export.csv?sort=oldest')).status).toBe(401);
  });
});

describe('GET /api/v1/disclosure/applications/export.csv', () => {
  it('the disclosure office gets its queue — the page\'s rows, filters and order — with formula-looking text defused', async () => {
    await as(moderator);
    const { status, rows } = await csv(applicationCsvRoute, '/api/v1/disclosure/applications/export.csv');
    expect(status).toBe(200);
    expect(rows[0]).toEqual(['申请编号', '申请内容', '申请人', '申请人类型', '状态', '办理结果', '收到申请日期', '答复期限', '补正期限', '提醒']);
    expect(numbers(rows)).toEqual(await allApplicationPages(moderator, {}));
    expect(numbers(rows)).toEqual(expect.arrayContaining([no.appOverdue, no.appNewest, no.appCorrection]));
    expect(numbers(rows)).not.toContain(no.appAnswered);
    expect(rows.find((r) => r[0] === no.appOverdue)).toEqual([no.appOverdue, '申请公开队列导出测试信息 appOverdue', '王导出', '公民', '办理中', '', '2025-12-10', '2026-01-10', '', '已超期']);
    expect(rows.find((r) => r[0] === no.appNewest)![1]).toBe("'+SUM(A1:A9) 申请公开导出测试");

    const newest = await csv(applicationCsvRoute, '/api/v1/disclosure/applications/export.csv?sort=newest');
    expect(numbers(newest.rows)).toEqual(await allApplicationPages(moderator, { sort: 'newest' }));
    expect(numbers(newest.rows)[0]).toBe(no.appNewest);
    const answered = await csv(applicationCsvRoute, '/api/v1/disclosure/applications/export.csv?status=answered');
    expect(numbers(answered.rows)).toEqual(await allApplicationPages(moderator, { status: 'answered' }));
    expect(numbers(answered.rows)).toContain(no.appAnswered);
    expect((await csv(applicationCsvRoute, '/api/v1/disclosure/applications/export.csv?status=lost')).status).toBe(422);
    await as(await actorFor('admin@example.com'));
    expect(numbers((await csv(applicationCsvRoute, '/api/v1/disclosure/applications/export.csv')).rows)).toEqual(numbers(rows));
  });

  it('handlers, leaders and citizens 403, a visitor 401', async () => {
    for (const actor of [handler, leader, citizen]) {
      await as(actor);
      expect((await csv(applicationCsvRoute, '/api/v1/disclosure/applications/export.csv')).status, actor.user.role).toBe(403);
    }
    await as(null);
    expect((await csv(applicationCsvRoute, '/api/v1/disclosure/applications/export.csv')).status).toBe(401);
  });
});
