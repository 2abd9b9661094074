import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { departments } from '@/lib/accounts/schema';
import { getOrganisation } from '@/lib/accounts/departments';
import { readOpen311Fields } from '@/lib/api/open311';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { letters } from '@/lib/letters/schema';
import { actOnLetter, submitLetter } from '@/lib/letters/operations';
import {
  OPEN311_PAGE_SIZE,
  OPEN311_SPECIFICATION,
  assertOpen311Format,
  createOpen311Request,
  getOpen311Request,
  getOpen311ServiceDefinition,
  open311ServiceDefinition,
  listOpen311Requests,
  listOpen311Services,
  open311DiscoveryDocument,
  open311ErrorsOf,
  open311PublicRequest,
  open311Service,
  open311Status,
  titleFromDescription,
} from '@/lib/letters/open311';
import { seedReferenceData } from '@/lib/seed/reference';
import { topicIdByPath } from '@/lib/topics/seed';
import { appErrorOf } from './support/errors';
import { actorFor, visitor } from './support/users';

/**
 * Open311 GeoReport v2 over letters (lib/letters/open311.ts) on a real database: the services, the public list
 * and lookup (consent to publish, no refused letters, no personal data), its filters, creating a letter and
 * the Open311 error shape. The route handlers under app/open311/v2 only wire these to HTTP.
 *
 * The letters here are submitted in April 2026 (Beijing time) so the date filters can fence them off from the
 * ones created "now" by the POST tests.
 */

type Signed = Actor & { user: ActorUser };
const bj = (local: string) => new Date(`${local}:00+08:00`);

let citizen: Signed;
let handler: Signed;
let moderator: Signed;
let marketId: string;
let marketName: string;
let bureauName: string | null;

/** The letters of the April fixture, by role in the tests. */
const ids = { open: '', closed: '', private: '', refused: '', inquiryOpen: '' };

const letter = (kind: string, consentToPublish: boolean, title = '演出场所深夜噪音扰民') => ({
  kind,
  title,
  body: '小区旁边的演出场所每晚十一点以后仍然播放很响的音乐，严重影响居民休息，请予以查处。联系人张三，电话13800138000。',
  consentToPublish,
});

async function errorsOf(operation: Promise<unknown>) {
  return open311ErrorsOf(await appErrorOf(operation));
}

beforeAll(async () => {
  await seedReferenceData(db(), new Date('2026-06-01T00:00:00Z'));
  citizen = await actorFor('citizen@example.com', '192.0.2.31');
  handler = await actorFor('handler@example.com', '192.0.2.32');
  moderator = await actorFor('moderator@example.com', '192.0.2.33');
  const [market] = await db().select({ publicId: departments.publicId, name: departments.name }).from(departments).where(eq(departments.id, handler.user.departmentId!));
  marketId = market!.publicId;
  marketName = market!.name;
  bureauName = (await getOrganisation(db()))?.name ?? null;

  ids.open = (await submitLetter(citizen, letter('complaint', true), { now: bj('2026-04-13T09:00') })).trackingNo;

  ids.closed = (await submitLetter(citizen, letter('inquiry', true, '文化市场经营许可办理流程'), { now: bj('2026-04-14T09:00') })).trackingNo;
  await actOnLetter(moderator, ids.closed, { action: 'accept', departmentId: marketId }, bj('2026-04-14T10:00'));
  await actOnLetter(handler, ids.closed, { action: 'reply', body: '经核查，相关许可可在政务服务网在线办理，材料清单见附件。' }, bj('2026-04-16T10:00'));
  await actOnLetter(citizen, ids.closed, { action: 'rate', rating: 'satisfied' }, bj('2026-04-17T10:00'));

  ids.private = (await submitLetter(citizen, letter('suggestion', false, '建议延长图书馆开放时间'), { now: bj('2026-04-14T11:00') })).trackingNo;

  ids.refused = (await submitLetter(citizen, letter('complaint', true, '与本局职责无关的事项'), { now: bj('2026-04-14T12:00') })).trackingNo;
  await actOnLetter(moderator, ids.refused, { action: 'reject', reason: '不属于本局职责范围，请向区住建局反映。' }, bj('2026-04-14T13:00'));

  ids.inquiryOpen = (await submitLetter(citizen, letter('inquiry', true, '非遗项目申报条件'), { now: bj('2026-04-15T09:00') })).trackingNo;
  await actOnLetter(moderator, ids.inquiryOpen, { action: 'accept', departmentId: marketId }, bj('2026-04-15T10:00'));
});

/** The April fixture only. */
const april = { start_date: '2026-04-13', end_date: '2026-04-15' };
const idsOf = (items: Array<{ service_request_id: string }>) => items.map((r) => r.service_request_id).sort();

describe('services and discovery', () => {
  it('lists one service per letter kind, with Chinese names', () => {
    const services = listOpen311Services();
    for (const s of services) open311Service.parse(s);
    expect(services.map((s) => [s.service_code, s.service_name])).toEqual([
      ['inquiry', '咨询'],
      ['complaint', '投诉'],
      ['suggestion', '建议'],
    ]);
    expect(services.every((s) => s.metadata === true && s.type === 'realtime' && s.description.length > 0)).toBe(true);
  });

  it('discovery points at /open311/v2 in JSON', async () => {
    const discovery = await open311DiscoveryDocument('https://minsheng.example.gov.cn/');
    expect(discovery.endpoints).toEqual([
      expect.objectContaining({ specification: OPEN311_SPECIFICATION, url: 'https://minsheng.example.gov.cn/open311/v2', type: 'production', formats: ['application/json'] }),
    ]);
    expect(discovery.changeset).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('maps letter statuses onto open | closed', () => {
    expect(['submitted', 'accepted', 'needs_info', 'answered'].map(open311Status)).toEqual(['open', 'open', 'open', 'open']);
    expect(['closed', 'not_accepted'].map(open311Status)).toEqual(['closed', 'closed']);
  });

  it('answers JSON only: another format is a 400 with a Chinese message', () => {
    expect(() => assertOpen311Format('json')).not.toThrow();
    expect(() => assertOpen311Format(null)).not.toThrow();
    const error = (() => {
      try {
        assertOpen311Format('xml');
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(open311ErrorsOf(error)).toEqual({ status: 400, errors: [{ code: 400, description: expect.stringMatching(/JSON/) }] });
    expect(error!.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('the public list and lookup', () => {
  it('shows a submitted letter as open, with its code, times and the bureau as agency until routed', async () => {
    const record = await getOpen311Request(ids.open);
    expect(open311PublicRequest.parse(record)).toEqual({
      service_request_id: ids.open,
      status: 'open',
      status_notes: '已提交，等待分办',
      service_code: 'complaint',
      service_name: '投诉',
      requested_datetime: bj('2026-04-13T09:00').toISOString(),
      updated_datetime: bj('2026-04-13T09:00').toISOString(),
      agency_responsible: bureauName,
      topic_id: null,
      topic: null,
    });
    const accepted = await getOpen311Request(ids.inquiryOpen);
    expect(accepted).toMatchObject({ status: 'open', service_code: 'inquiry', service_name: '咨询', agency_responsible: marketName, status_notes: '已受理，正在办理' });
    expect(accepted.updated_datetime).toBe(bj('2026-04-15T10:00').toISOString());
  });

  it('shows a closed letter as closed, updated when it was rated', async () => {
    expect(await getOpen311Request(ids.closed)).toMatchObject({
      status: 'closed',
      service_code: 'inquiry',
      agency_responsible: marketName,
      requested_datetime: bj('2026-04-14T09:00').toISOString(),
      updated_datetime: bj('2026-04-17T10:00').toISOString(),
      status_notes: '来信人已评价，办结',
    });
  });

  it('keeps out letters without consent and refused letters: not listed, lookup 404', async () => {
    const { items, total } = await listOpen311Requests(april);
    expect(idsOf(items)).toEqual([ids.open, ids.closed, ids.inquiryOpen].sort());
    expect(total).toBe(3);
    const asked = await listOpen311Requests({ service_request_id: [ids.open, ids.private, ids.refused].join(',') });
    expect(idsOf(asked.items)).toEqual([ids.open]);
    for (const hidden of [ids.private, ids.refused, '209901010001', 'not-a-number']) {
      const { status, errors } = await errorsOf(getOpen311Request(hidden));
      expect(status).toBe(404);
      expect(errors).toEqual([{ code: 404, description: expect.stringMatching(/[\u4e00-\u9fff]/) }]);
    }
  });

  it('carries no personal data: only the public fields, no title, body, name or reply', async () => {
    const { items } = await listOpen311Requests(april);
    for (const item of items) open311PublicRequest.parse(item); // strict: any extra key fails
    const text = JSON.stringify(items);
    for (const secret of ['演出场所', '张三', '13800138000', '政务服务网', '不属于本局职责', citizen.user.name]) expect(text).not.toContain(secret);
  });

  it('filters by status, service_code and ids; lists newest first', async () => {
    expect(idsOf((await listOpen311Requests({ ...april, status: 'closed' })).items)).toEqual([ids.closed]);
    expect(idsOf((await listOpen311Requests({ ...april, status: 'open' })).items)).toEqual([ids.open, ids.inquiryOpen].sort());
    expect(idsOf((await listOpen311Requests({ ...april, status: 'open,closed' })).items)).toHaveLength(3);
    expect(idsOf((await listOpen311Requests({ ...april, service_code: 'inquiry' })).items)).toEqual([ids.closed, ids.inquiryOpen].sort());
    expect(idsOf((await listOpen311Requests({ ...april, service_code: 'complaint', status: 'open' })).items)).toEqual([ids.open]);
    expect((await listOpen311Requests({ ...april, service_code: 'suggestion' })).items).toEqual([]);
    // Newest first.
    expect((await listOpen311Requests(april)).items.map((r) => r.service_request_id)).toEqual([ids.inquiryOpen, ids.closed, ids.open]);
    // With ids, other filters are ignored (GeoReport v2).
    const byId = await listOpen311Requests({ service_request_id: `${ids.closed}, ${ids.open}`, status: 'open', service_code: 'suggestion' });
    expect(idsOf(byId.items)).toEqual([ids.open, ids.closed].sort());
  });

  it('filters by date: a bare date is a Beijing day, a time without offset is Beijing time', async () => {
    expect(idsOf((await listOpen311Requests({ start_date: '2026-04-14', end_date: '2026-04-14' })).items)).toEqual([ids.closed]);
    expect(idsOf((await listOpen311Requests({ start_date: '2026-04-13T09:00:01', end_date: '2026-04-15T08:59:59+08:00' })).items)).toEqual([ids.closed]);
    expect(idsOf((await listOpen311Requests({ start_date: '2026-04-13T01:00:00Z', end_date: '2026-04-13T01:00:00Z' })).items)).toEqual([ids.open]);
  });

  it('filters by topic_id: the topic and the topics below it; an unknown topic matches nothing', async () => {
    // March 2026, fenced off from the April fixture by the dates.
    const march = { start_date: '2026-03-01', end_date: '2026-03-31' };
    const tourism = (await topicIdByPath(db(), ['旅游市场']))!;
    const scenic = (await topicIdByPath(db(), ['旅游市场', '景区管理']))!;
    const tickets = (await topicIdByPath(db(), ['旅游市场', '景区管理', '门票与预约']))!;
    const elsewhere = { id: (await topicIdByPath(db(), ['文化市场', '娱乐场所']))! };
    const at = (day: string, topicId: number | null, consent = true) =>
      submitLetter(citizen, { ...letter('complaint', consent, '景区门票预约系统无法使用'), topicId }, { now: bj(`2026-03-${day}T09:00`) }).then((l) => l.trackingNo);
    const onTickets = await at('02', tickets);
    const onScenic = await at('03', scenic);
    const onOther = await at('04', elsewhere.id);
    const untopical = await at('05', null);
    const privateTickets = await at('06', tickets, false);
    await actOnLetter(moderator, onScenic, { action: 'accept', departmentId: marketId }, bj('2026-03-03T10:00'));
    await actOnLetter(handler, onScenic, { action: 'reply', body: '已督促景区修复预约系统。' }, bj('2026-03-04T10:00'));
    await actOnLetter(citizen, onScenic, { action: 'rate', rating: 'satisfied' }, bj('2026-03-05T10:00'));

    const listed = async (query: Record<string, string>) => {
      const { items, total } = await listOpen311Requests({ ...march, ...query });
      expect(total).toBe(items.length);
      return idsOf(items);
    };
    expect(await listed({})).toEqual([onTickets, onScenic, onOther, untopical].sort());
    expect(await listed({ topic_id: String(tickets) })).toEqual([onTickets]);
    expect(await listed({ topic_id: String(scenic) })).toEqual([onTickets, onScenic].sort());
    expect(await listed({ topic_id: String(tourism) })).toEqual([onTickets, onScenic].sort());
    expect(await listed({ topic_id: `${tickets}, ${elsewhere.id}` })).toEqual([onTickets, onOther].sort());
    expect(await listed({ topic_id: String(tourism), status: 'closed' })).toEqual([onScenic]);
    expect(await listed({ topic_id: String(tourism), service_code: 'inquiry' })).toEqual([]);
    // An id that is no topic: nothing, as an unknown service_request_id.
    expect(await listed({ topic_id: '99999999' })).toEqual([]);
    expect(await listed({ topic_id: `99999999,${elsewhere.id}` })).toEqual([onOther]);
    // The letter without consent stays out whatever the topic.
    expect(await listed({ topic_id: String(tickets) })).not.toContain(privateTickets);
    // With ids, the topic is ignored too (GeoReport v2).
    expect(idsOf((await listOpen311Requests({ service_request_id: onOther, topic_id: String(tickets) })).items)).toEqual([onOther]);
  });

  it('pages by 50', async () => {
    const first = await listOpen311Requests({ ...april, page: '1' });
    expect(first).toMatchObject({ page: 1, pageSize: OPEN311_PAGE_SIZE, total: 3 });
    expect(OPEN311_PAGE_SIZE).toBe(50);
    const second = await listOpen311Requests({ ...april, page: '2' });
    expect(second).toMatchObject({ items: [], total: 3, page: 2 });
  });

  it('refuses bad filters with 422 in the Open311 shape, naming the parameter', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ status: 'pending' }, 'status'],
      [{ service_code: 'inquiry,noise' }, 'service_code'],
      [{ service_request_id: '2026,abc' }, 'service_request_id'],
      [{ start_date: 'yesterday' }, 'start_date'],
      [{ end_date: '2026-02-30' }, 'end_date'],
      [{ start_date: '2026-04-15', end_date: '2026-04-13' }, 'end_date'],
      [{ page: '0' }, 'page'],
      [{ page: 'x' }, 'page'],
      [{ topic_id: 'tickets' }, 'topic_id'],
      [{ topic_id: '0' }, 'topic_id'],
      [{ topic_id: '12,1.5' }, 'topic_id'],
      [{ topic_id: '99999999999' }, 'topic_id'],
      [{ topic_id: Array.from({ length: 21 }, (_, i) => i + 1).join(',') }, 'topic_id'],
    ];
    for (const [query, field] of cases) {
      const { status, errors } = await errorsOf(listOpen311Requests(query));
      expect(status, JSON.stringify(query)).toBe(422);
      expect(errors, JSON.stringify(query)).toEqual([{ code: 422, description: expect.stringMatching(new RegExp(`^${field}：[\\s\\S]*[\\u4e00-\\u9fff]`)) }]);
    }
    // Parameters Open311 clients send that mean nothing here are ignored.
    expect((await listOpen311Requests({ ...april, api_key: 'x', jurisdiction_id: 'city', format: 'json' })).total).toBe(3);
  });
});

describe('creating a request', () => {
  const description = '  建议在文化广场\n增设夜间照明和休息座椅，方便市民晚上散步和开展文体活动，同时加强巡查。  ';

  it('submits a letter for the citizen; title from the first 30 characters of the description', async () => {
    const created = await createOpen311Request(citizen, { service_code: 'suggestion', description, consent_to_publish: 'true', api_key: 'ignored', lat: '24.4', long: '118.1' });
    expect(created.service_request_id).toMatch(/^\d{12,13}$/);
    expect(created.service_notice).toContain(created.service_request_id);
    expect(created.service_notice).toMatch(/查询码 \d{6}/);
    const [row] = await db().select().from(letters).where(eq(letters.trackingNo, created.service_request_id));
    expect(row).toMatchObject({ kind: 'suggestion', status: 'submitted', consentToPublish: true, writerId: citizen.user.id, title: titleFromDescription(description) });
    expect(row!.title).toBe('建议在文化广场 增设夜间照明和休息座椅，方便市民晚上散步和开');
    expect([...row!.title]).toHaveLength(30);
    expect(row!.body).toBe(description.trim());
    // Consented: public at once, as open.
    expect(await getOpen311Request(created.service_request_id)).toMatchObject({ status: 'open', service_code: 'suggestion', service_name: '建议' });
  });

  it('uses a given title and a department; consent defaults to false (then not public)', async () => {
    const created = await createOpen311Request(citizen, { service_code: 'complaint', title: '广场夜间噪音', description: '文化广场每晚十点后仍有高音喇叭，影响周边居民休息。', department_id: marketId });
    const [row] = await db().select().from(letters).where(eq(letters.trackingNo, created.service_request_id));
    expect(row).toMatchObject({ title: '广场夜间噪音', consentToPublish: false, kind: 'complaint' });
    expect(row!.requestedDepartmentId).toBe(handler.user.departmentId);
    expect((await errorsOf(getOpen311Request(created.service_request_id))).status).toBe(404);
    // JSON booleans work too.
    const json = await createOpen311Request(citizen, { service_code: 'inquiry', description: '请问非遗传承人认定的申报时间是什么时候？', consent_to_publish: true });
    expect((await getOpen311Request(json.service_request_id)).service_code).toBe('inquiry');
  });

  it('carries the topic both ways: the service definition offers it, attribute[topic] sets it, every record returns it', async () => {
    const tickets = (await topicIdByPath(db(), ['旅游市场', '景区管理', '门票与预约']))!;
    const definition = await getOpen311ServiceDefinition('complaint.json');
    open311ServiceDefinition.parse(definition);
    expect(definition.service_code).toBe('complaint');
    const [attribute] = definition.attributes;
    expect(attribute).toMatchObject({ code: 'topic', datatype: 'singlevaluelist', required: false });
    expect(attribute!.values).toContainEqual({ key: String(tickets), name: '旅游市场 > 景区管理 > 门票与预约' });
    expect((await errorsOf(getOpen311ServiceDefinition('noise.json'))).status).toBe(404);
    expect((await errorsOf(getOpen311ServiceDefinition('complaint.xml'))).status).toBe(400);

    // Form-encoded (attribute[topic] as a string), JSON (attribute: {topic}) and the topic_id extension.
    const text = '鼓浪屿景区门票预约系统经常无法登录，节假日根本约不上，请改进。';
    const form = await createOpen311Request(citizen, { service_code: 'complaint', description: text, consent_to_publish: 'true', 'attribute[topic]': String(tickets) });
    const json = await createOpen311Request(citizen, { service_code: 'complaint', description: text, consent_to_publish: true, attribute: { topic: tickets } });
    const extension = await createOpen311Request(citizen, { service_code: 'complaint', description: text, consent_to_publish: true, topic_id: tickets });
    for (const created of [form, json, extension]) {
      const [row] = await db().select({ topicId: letters.topicId }).from(letters).where(eq(letters.trackingNo, created.service_request_id));
      expect(row!.topicId).toBe(tickets);
      const record = await getOpen311Request(created.service_request_id);
      open311PublicRequest.parse(record);
      expect(record).toMatchObject({ topic_id: tickets, topic: '旅游市场 > 景区管理 > 门票与预约' });
    }
    const listed = await listOpen311Requests({ service_request_id: form.service_request_id });
    expect(listed.items[0]).toMatchObject({ topic_id: tickets });
    // No topic: null both.
    const none = await createOpen311Request(citizen, { service_code: 'inquiry', description: '请问非遗传承人认定的申报时间是什么时候？', consent_to_publish: true });
    expect(await getOpen311Request(none.service_request_id)).toMatchObject({ topic_id: null, topic: null });
    // An unknown topic: 422 under the Open311 name.
    const bad = await errorsOf(createOpen311Request(citizen, { service_code: 'complaint', description: text, 'attribute[topic]': '99999999' }));
    expect(bad.status).toBe(422);
    expect(bad.errors.map((e) => e.description.split('：')[0])).toEqual(['attribute[topic]']);
  });

  it('refuses visitors (401) and staff (403) in the Open311 shape', async () => {
    const fields = { service_code: 'inquiry', description: '请问非遗传承人认定的申报时间是什么时候？' };
    expect(await errorsOf(createOpen311Request(visitor(), fields))).toEqual({ status: 401, errors: [{ code: 401, description: '请先登录' }] });
    const staff = await errorsOf(createOpen311Request(handler, fields));
    expect(staff.status).toBe(403);
    expect(staff.errors).toEqual([{ code: 403, description: expect.stringMatching(/[\u4e00-\u9fff]/) }]);
  });

  it('refuses invalid input with 422, one entry per Open311 field', async () => {
    const before = await db().$count(letters);
    const bad = await errorsOf(createOpen311Request(citizen, { service_code: 'noise', description: '太吵' }));
    expect(bad.status).toBe(422);
    const fields = bad.errors.map((e) => e.description.split('：')[0]).sort();
    // The derived title is not reported: the description's own error says it.
    expect(fields).toEqual(['description', 'service_code']);
    expect(bad.errors.every((e) => e.code === 422 && /[\u4e00-\u9fff]/.test(e.description))).toBe(true);

    const missing = await errorsOf(createOpen311Request(citizen, {}));
    expect(missing.errors.map((e) => e.description.split('：')[0]).sort()).toEqual(['description', 'service_code']);

    const consent = await errorsOf(createOpen311Request(citizen, { service_code: 'inquiry', description: '请问非遗传承人认定的申报时间是什么时候？', consent_to_publish: 'maybe' }));
    expect(consent.errors).toEqual([{ code: 422, description: expect.stringMatching(/^consent_to_publish：/) }]);

    const title = await errorsOf(createOpen311Request(citizen, { service_code: 'inquiry', title: '短', description: '请问非遗传承人认定的申报时间是什么时候？' }));
    expect(title.errors).toEqual([{ code: 422, description: expect.stringMatching(/^title：标题至少 5 个字/) }]);

    const department = await errorsOf(createOpen311Request(citizen, { service_code: 'inquiry', description: '请问非遗传承人认定的申报时间是什么时候？', department_id: 'no-such-department' }));
    expect(department.errors).toEqual([{ code: 422, description: 'department_id：没有这个部门' }]);
    expect(await db().$count(letters)).toBe(before);
  });
});

describe('reading the POST body', () => {
  const post = (body: BodyInit, type: string) => new Request('http://localhost/open311/v2/requests.json', { method: 'POST', body, headers: { 'content-type': type } });

  it('reads form-encoded, multipart and JSON bodies', async () => {
    expect(await readOpen311Fields(post('service_code=inquiry&description=%E8%AF%B7%E9%97%AE&consent_to_publish=true', 'application/x-www-form-urlencoded; charset=utf-8'))).toEqual({
      service_code: 'inquiry',
      description: '请问',
      consent_to_publish: 'true',
    });
    const form = new FormData();
    form.set('service_code', 'complaint');
    form.set('description', '文化广场噪音');
    const multipart = new Request('http://localhost/x', { method: 'POST', body: form });
    expect(await readOpen311Fields(multipart)).toEqual({ service_code: 'complaint', description: '文化广场噪音' });
    expect(await readOpen311Fields(post(JSON.stringify({ service_code: 'inquiry', consent_to_publish: true }), 'application/json'))).toEqual({ service_code: 'inquiry', consent_to_publish: true });
  });

  it('answers 400 / 413 for bodies it cannot read', async () => {
    expect((await appErrorOf(readOpen311Fields(post('<xml/>', 'application/xml')))).status).toBe(400);
    expect((await appErrorOf(readOpen311Fields(post('[1]', 'application/json')))).status).toBe(400);
    expect((await appErrorOf(readOpen311Fields(post('{', 'application/json')))).status).toBe(400);
    expect((await appErrorOf(readOpen311Fields(post(`description=${'a'.repeat(40_000)}`, 'application/x-www-form-urlencoded'), 32 * 1024))).status).toBe(413);
  });
});


