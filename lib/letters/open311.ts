import { and, count, desc, eq, gte, inArray, lte, notInArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '../db';
import { AppError, notFound, parseInput } from '../errors';
import { failureOf } from '../api/failure';
import type { Actor } from '../auth/permissions';
import { departments } from '../accounts/schema';
import { getOrganisation } from '../accounts/departments';
import { submitLetter } from './operations';
import { LETTER_KINDS, letterEvents, letters, type LetterKind, type LetterStatus } from './schema';
import { cleanText } from '../cases/validation';
import { loadTopics, topicPathNames } from '../topics';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over letters (API.md "Open311"): a service is a
 * letter kind, a service request a letter, service_request_id its tracking number. The public list and lookup
 * show only letters whose writer consented to publication and that were not refused, and only fields without
 * personal data: no title, body, names or reasons — status_notes is a fixed label of the latest public event.
 * JSON only; route handlers live under app/open311/v2 and stay thin (lib/api/open311.ts).
 */

export const OPEN311_SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint's behaviour last changed (discovery's `changeset`). */
export const OPEN311_CHANGESET = '2026-05-01T00:00:00+08:00';
export const OPEN311_PAGE_SIZE = 50;

/** Statuses that Open311 reports as closed; everything else is open. */
const CLOSED_STATUSES: readonly LetterStatus[] = ['closed', 'not_accepted', 'merged'];
/** Never in the public list or lookup, whatever the writer chose. */
const HIDDEN_STATUSES: readonly LetterStatus[] = ['not_accepted'];

export type Open311Status = 'open' | 'closed';
export const open311Status = (status: LetterStatus | string): Open311Status =>
  (CLOSED_STATUSES as readonly string[]).includes(status) ? 'closed' : 'open';

const SERVICES: Record<LetterKind, { name: string; description: string; keywords: string }> = {
  inquiry: { name: '咨询', description: '就政策法规、办事流程等向本局提出询问，承办部门在法定时限内答复。', keywords: '咨询,政策,办事指南' },
  complaint: { name: '投诉', description: '反映本局职责范围内的违法违规行为或服务问题，承办部门调查处理并答复。', keywords: '投诉,举报,违法违规' },
  suggestion: { name: '建议', description: '对本局工作提出意见和建议，承办部门研究并答复。', keywords: '建议,意见' },
};

// ---- Response shapes (strict: a public record cannot carry a field that is not listed here). ----

export const open311Service = z.strictObject({
  service_code: z.enum(LETTER_KINDS),
  service_name: z.string(),
  description: z.string(),
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: z.string(),
  group: z.string(),
});
export type Open311Service = z.infer<typeof open311Service>;

export const open311PublicRequest = z.strictObject({
  service_request_id: z.string().meta({ description: '查询编号 (tracking number)' }),
  status: z.enum(['open', 'closed']),
  status_notes: z.string().nullable().meta({ description: '最近一次公开办理节点的说明（固定文字，不含个人信息）' }),
  service_code: z.enum(LETTER_KINDS),
  service_name: z.string(),
  requested_datetime: z.string().meta({ description: 'ISO 8601' }),
  updated_datetime: z.string().meta({ description: 'ISO 8601' }),
  agency_responsible: z.string().nullable().meta({ description: '承办部门；尚未分办时为本局' }),
  topic_id: z.number().int().nullable().meta({ description: '诉求分类 id（GET /api/v1/topics；扩展字段）；未分类为 null' }),
  topic: z.string().nullable().meta({ description: '诉求分类的名称路径，如“旅游市场 > 景区管理 > 门票与预约”（扩展字段）' }),
});
export type Open311PublicRequest = z.infer<typeof open311PublicRequest>;

export const open311Created = z.strictObject({ service_request_id: z.string(), service_notice: z.string() });
export type Open311Created = z.infer<typeof open311Created>;

export const open311Error = z.strictObject({ code: z.number().int().meta({ description: 'HTTP status' }), description: z.string() });
export type Open311Error = z.infer<typeof open311Error>;

export const open311Discovery = z.object({
  changeset: z.string(),
  contact: z.string(),
  key_service: z.string(),
  endpoints: z.array(z.object({ specification: z.string(), url: z.string(), changeset: z.string(), type: z.string(), formats: z.array(z.string()) })),
});

// ---- Discovery and services ----

export async function open311DiscoveryDocument(baseUrl: string): Promise<z.infer<typeof open311Discovery>> {
  const org = await getOrganisation(db());
  const contact = org ? `${org.name}，电话 ${org.phone}，邮箱 ${org.email}，地址 ${org.address}` : '请通过本网站“联系我们”页面联系';
  return {
    changeset: OPEN311_CHANGESET,
    contact,
    key_service: '查询无需 API 密钥；提交诉求须先以市民账号登录（会话 Cookie）。',
    endpoints: [
      {
        specification: OPEN311_SPECIFICATION,
        url: `${baseUrl.replace(/\/+$/, '')}/open311/v2`,
        changeset: OPEN311_CHANGESET,
        type: 'production',
        formats: ['application/json'],
      },
    ],
  };
}

export function listOpen311Services(): Open311Service[] {
  return LETTER_KINDS.map((kind) => ({
    service_code: kind,
    service_name: SERVICES[kind].name,
    description: SERVICES[kind].description,
    // The definition (services/{code}.json) offers the topic (诉求分类) as an optional attribute.
    metadata: true,
    type: 'realtime' as const,
    keywords: SERVICES[kind].keywords,
    group: '来信',
  }));
}

export const open311ServiceDefinition = z.strictObject({
  service_code: z.enum(LETTER_KINDS),
  attributes: z.array(z.strictObject({
    variable: z.boolean(),
    code: z.string(),
    datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
    required: z.boolean(),
    datatype_description: z.string(),
    order: z.number().int(),
    description: z.string(),
    values: z.array(z.strictObject({ key: z.string(), name: z.string() })),
  })),
});
export type Open311ServiceDefinition = z.infer<typeof open311ServiceDefinition>;

/**
 * GET services/{service_code}.json: the one attribute a request may carry, `topic` (诉求分类), optional, its values
 * the active topics by id with their name paths. Sent as attribute[topic]; every request returns it as topic_id
 * and topic. An unknown service code → 404; `services/inquiry.xml` → 400.
 */
export async function getOpen311ServiceDefinition(document: string): Promise<Open311ServiceDefinition> {
  const match = /^([a-z_]{1,30})(?:\.([A-Za-z0-9]{1,10}))?$/.exec(document);
  if (match?.[2]) assertOpen311Format(match[2]);
  if (!match || !isKind(match[1]!)) throw notFound('没有这个服务（service_code 只能是 inquiry、complaint 或 suggestion）');
  const topics = await loadTopics(db(), { activeOnly: true });
  return {
    service_code: match[1] as LetterKind,
    attributes: [{
      variable: true,
      code: 'topic',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: '诉求分类 id（可不填，由工作人员分类）',
      order: 1,
      description: '诉求分类',
      values: topics.map((t) => ({ key: String(t.id), name: t.path.join(' > ') })),
    }],
  };
}

/** Only JSON: `format` (query or the path's extension) other than json → 400. */
export function assertOpen311Format(format: string | null | undefined): void {
  if (format === null || format === undefined || format === '' || format.toLowerCase() === 'json') return;
  throw new AppError('bad_request', `不支持的格式“${format.slice(0, 20)}”，本接口仅提供 JSON（.json 或 format=json）`);
}

// ---- Public list and lookup ----

const TRACKING_NO = /^\d{12,13}$/;

/** "a,b , c" → ["a","b","c"]; each item checked, one Chinese message for the field. */
function commaList<T extends string>(label: string, hint: string, check: (item: string) => item is T, max = 50) {
  return z
    .string({ error: `${label}格式不正确` })
    .max(2000, { error: `${label}过长` })
    .transform((value, ctx) => {
      const items = [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))];
      const bad = items.filter((item) => !check(item));
      if (bad.length) {
        ctx.addIssue({ code: 'custom', message: `${hint}；无效的值：${bad.slice(0, 5).join('、').slice(0, 100)}` });
        return z.NEVER;
      }
      if (items.length > max) {
        ctx.addIssue({ code: 'custom', message: `${label}最多 ${max} 个` });
        return z.NEVER;
      }
      return items as T[];
    });
}

const DATE_OR_DATETIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** ISO 8601 date or date-time; no offset means Beijing time; a bare date covers the whole day (end: inclusive). */
function isoBound(label: string, edge: 'start' | 'end') {
  return z
    .string({ error: `${label}格式不正确` })
    .trim()
    .max(40, { error: `${label}格式不正确` })
    .transform((value, ctx) => {
      const m = DATE_OR_DATETIME.exec(value);
      let iso: string | null = null;
      if (m) {
        const [, day, time, offset] = m;
        if (time) iso = `${day}T${time}${offset ? (offset.toUpperCase() === 'Z' ? 'Z' : offset) : '+08:00'}`;
        else iso = `${day}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}+08:00`;
      }
      const date = iso ? new Date(iso) : null;
      if (!date || Number.isNaN(date.getTime()) || (m && new Date(`${m[1]}T00:00:00Z`).toISOString().slice(0, 10) !== m[1])) {
        ctx.addIssue({ code: 'custom', message: `${label}应为 ISO 8601 日期或时间，例如 2026-03-01 或 2026-03-01T08:00:00+08:00` });
        return z.NEVER;
      }
      return date;
    });
}

const isKind = (v: string): v is LetterKind => (LETTER_KINDS as readonly string[]).includes(v);
const isStatus = (v: string): v is Open311Status => v === 'open' || v === 'closed';
const isTrackingNo = (v: string): v is string => TRACKING_NO.test(v);
/** A topic id as the service definition's `topic` attribute lists it (a positive 32-bit integer). */
const isTopicId = (v: string): v is string => /^[1-9]\d{0,9}$/.test(v) && Number(v) <= 2_147_483_647;

/** GET requests.json's query; unknown parameters (api_key, jurisdiction_id, format, …) are ignored. */
export const open311RequestsQuery = z
  .object({
    service_request_id: commaList('service_request_id', '应为 12 或 13 位数字的查询编号', isTrackingNo)
      .optional()
      .meta({ description: '查询编号，逗号分隔（最多 50 个）；给出时忽略其他条件 — comma-separated ids; other filters are ignored' }),
    service_code: commaList('service_code', '只能是 inquiry、complaint 或 suggestion', isKind).optional().meta({ description: 'inquiry | complaint | suggestion，可逗号分隔' }),
    status: commaList('status', '只能是 open 或 closed', isStatus).optional().meta({ description: 'open | closed，可逗号分隔' }),
    topic_id: commaList('topic_id', '应为诉求分类 id（正整数，见 services/{service_code}.json 的 topic 属性）', isTopicId, 20)
      .transform((list) => list.map(Number))
      .optional()
      .meta({ description: '诉求分类 id，可逗号分隔（最多 20 个；扩展参数）：该分类及其下级分类的诉求；没有这个分类时列表为空 — topic ids (the `topic` attribute of services/{service_code}.json), each with the topics below it; an unknown id matches nothing' }),
    start_date: isoBound('start_date', 'start').optional().meta({ description: '最早提交时间（ISO 8601；无时区按北京时间）' }),
    end_date: isoBound('end_date', 'end').optional().meta({ description: '最晚提交时间（ISO 8601；仅日期时含当天）' }),
    page: z.coerce
      .number({ error: '页码必须是数字' })
      .int({ error: '页码必须是整数' })
      .min(1, { error: '页码从 1 开始' })
      .max(10_000, { error: '页码过大' })
      .default(1)
      .meta({ description: `页码，每页最多 ${OPEN311_PAGE_SIZE} 条` }),
    format: z.literal('json', { error: '本接口仅提供 JSON' }).optional().meta({ description: '仅支持 json（其他格式 400）' }),
  })
  .refine((q) => !q.start_date || !q.end_date || q.start_date <= q.end_date, { error: 'start_date 不能晚于 end_date', path: ['end_date'] });
export type Open311RequestsQuery = z.infer<typeof open311RequestsQuery>;

const EVENT_NOTES: Record<string, string> = {
  submitted: '已提交，等待分办',
  accepted: '已受理，正在办理',
  transferred: '已转交其他部门办理',
  info_requested: '需要来信人补充材料',
  info_provided: '来信人已补充材料',
  extended: '办理期限已依法延长',
  answered: '已答复',
  rated: '来信人已评价，办结',
  reopened: '来信人申请重新办理，正在办理',
  merged: '与同一事项的来信合并办理',
  unmerged: '与之合并办理的来信不予受理，退回待受理，单独办理',
  not_accepted: '不予受理',
};

const publicOnly = (): SQL => and(eq(letters.consentToPublish, true), notInArray(letters.status, [...HIDDEN_STATUSES]))!;

const recordColumns = {
  id: letters.id,
  trackingNo: letters.trackingNo,
  kind: letters.kind,
  status: letters.status,
  submittedAt: letters.submittedAt,
  topicId: letters.topicId,
  // The name it was handled under when the department has been renamed since (history).
  department: sql<string | null>`coalesce(${letters.departmentName}, ${departments.name})`,
};
type RecordRow = { id: number; trackingNo: string; kind: LetterKind; status: LetterStatus; submittedAt: Date; topicId: number | null; department: string | null };

async function toRecords(rows: RecordRow[]): Promise<Open311PublicRequest[]> {
  if (rows.length === 0) return [];
  const [events, org, topicNames] = await Promise.all([
    db()
      .select({ letterId: letterEvents.letterId, type: letterEvents.type, at: letterEvents.at })
      .from(letterEvents)
      // The writer's consent changes are no step of the handling: the status note stays the last handling step's.
      .where(and(inArray(letterEvents.letterId, rows.map((r) => r.id)), eq(letterEvents.public, true), notInArray(letterEvents.type, ['consent_withdrawn', 'consent_given'])))
      .orderBy(desc(letterEvents.id)),
    getOrganisation(db()),
    topicPathNames(db(), rows.map((r) => r.topicId)),
  ]);
  const latest = new Map<number, { type: string; at: Date }>();
  for (const e of events) if (!latest.has(e.letterId)) latest.set(e.letterId, e);
  return rows.map((r) => {
    const event = latest.get(r.id);
    const updated = event && event.at > r.submittedAt ? event.at : r.submittedAt;
    return {
      service_request_id: r.trackingNo,
      status: open311Status(r.status),
      status_notes: event ? (EVENT_NOTES[event.type] ?? null) : null,
      service_code: r.kind,
      service_name: SERVICES[r.kind].name,
      requested_datetime: r.submittedAt.toISOString(),
      updated_datetime: updated.toISOString(),
      agency_responsible: r.department ?? org?.name ?? null,
      topic_id: r.topicId,
      topic: r.topicId === null ? null : topicNames.get(r.topicId) ?? null,
    };
  });
}

/** The ids of the given topics and of every topic below them (parents before children in `nodes`). */
function topicsUnder(nodes: Array<{ id: number; parentId: number | null }>, ids: number[]): number[] {
  const under = new Set(ids.filter((id) => nodes.some((n) => n.id === id)));
  for (const n of nodes) if (n.parentId !== null && under.has(n.parentId)) under.add(n.id);
  return [...under];
}

/** The public list, newest first, OPEN311_PAGE_SIZE a page. */
export async function listOpen311Requests(input: unknown): Promise<{ items: Open311PublicRequest[]; total: number; page: number; pageSize: number }> {
  const query = parseInput(open311RequestsQuery, input);
  const filters: SQL[] = [publicOnly()];
  if (query.service_request_id) {
    // GeoReport v2: with service_request_id, all other parameters are ignored.
    filters.push(inArray(letters.trackingNo, query.service_request_id));
  } else {
    if (query.service_code) filters.push(inArray(letters.kind, query.service_code));
    if (query.status && query.status.length === 1) {
      filters.push(query.status[0] === 'closed' ? inArray(letters.status, [...CLOSED_STATUSES]) : notInArray(letters.status, [...CLOSED_STATUSES]));
    }
    if (query.topic_id) {
      // The topic and every topic below it (a letter may be filed at any level); deactivated ones too: a letter
      // keeps its topic. An id that is no topic matches nothing (as an unknown service_request_id).
      const matching = topicsUnder(await loadTopics(db()), query.topic_id);
      filters.push(matching.length ? inArray(letters.topicId, matching) : sql`false`);
    }
    if (query.start_date) filters.push(gte(letters.submittedAt, query.start_date));
    if (query.end_date) filters.push(lte(letters.submittedAt, query.end_date));
  }
  const where = and(...filters);
  const [rows, [total]] = await Promise.all([
    db()
      .select(recordColumns)
      .from(letters)
      .leftJoin(departments, eq(letters.departmentId, departments.id))
      .where(where)
      .orderBy(desc(letters.submittedAt), desc(letters.id))
      .limit(OPEN311_PAGE_SIZE)
      .offset((query.page - 1) * OPEN311_PAGE_SIZE),
    db().select({ n: count() }).from(letters).where(where),
  ]);
  return { items: await toRecords(rows as RecordRow[]), total: total?.n ?? 0, page: query.page, pageSize: OPEN311_PAGE_SIZE };
}

/** One public request; anything else (unknown, not consented, refused, malformed id) is the same 404. */
export async function getOpen311Request(id: string): Promise<Open311PublicRequest> {
  const missing = () => notFound('没有这件公开的诉求（未同意公开的来信不在此提供）');
  if (!TRACKING_NO.test(id)) throw missing();
  const rows = await db()
    .select(recordColumns)
    .from(letters)
    .leftJoin(departments, eq(letters.departmentId, departments.id))
    .where(and(eq(letters.trackingNo, id), publicOnly()));
  const [record] = await toRecords(rows as RecordRow[]);
  if (!record) throw missing();
  return record;
}

// ---- Creating a request ----

/** POST requests.json's fields (form-encoded or JSON). Open311's location and contact fields are ignored. */
export const open311RequestInput = z.object({
  service_code: z.enum(LETTER_KINDS).meta({ description: '来信类别 inquiry（咨询）| complaint（投诉）| suggestion（建议）' }),
  description: z.string().meta({ description: '来信内容（10–3000 字）' }),
  title: z.string().optional().meta({ description: '标题（5–50 字，Open311 扩展字段）；缺省取内容前 30 个字' }),
  consent_to_publish: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no'])])
    .optional()
    .meta({ description: '是否同意公开（默认 false）' }),
  department_id: z.string().optional().meta({ description: '部门 id（GET /api/v1/departments）；缺省由管理员分办' }),
  'attribute[topic]': z.union([z.string(), z.number()]).optional().meta({ description: '诉求分类 id（GET /api/v1/topics 或 GET /open311/v2/services/{service_code}.json 的 topic 属性）；JSON 也可写 attribute: {topic}' }),
  topic_id: z.union([z.string(), z.number()]).optional().meta({ description: '同 attribute[topic]（扩展字段）' }),
});

/** Field names of lib/letters/validation.ts → the Open311 names the client sent. */
const OPEN311_FIELD: Record<string, string> = {
  kind: 'service_code',
  body: 'description',
  title: 'title',
  consentToPublish: 'consent_to_publish',
  departmentId: 'department_id',
  topicId: 'attribute[topic]',
};

/** The topic a client sent: GeoReport v2's attribute[topic] (form), attribute: {topic} (JSON) or topic_id. */
function topicOf(fields: Record<string, unknown>): unknown {
  const attribute = fields.attribute;
  const nested = typeof attribute === 'object' && attribute !== null && !Array.isArray(attribute) ? (attribute as Record<string, unknown>).topic : undefined;
  return fields['attribute[topic]'] ?? nested ?? fields.topic_id;
}

const TRUE = new Set(['true', '1', 'on', 'yes']);
const FALSE = new Set(['false', '0', 'off', 'no']);

function consentOf(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
  }
  return value; // letterInput rejects it with its own message
}

/** Open311 has no title: the first 30 characters of the description, on one line. */
export function titleFromDescription(description: string): string {
  return [...cleanText(description).replace(/\s+/g, ' ')].slice(0, 30).join('').trim();
}

/**
 * A signed-in citizen submits a letter through Open311. Validation and permissions are submitLetter's; field
 * errors come back under the Open311 names (see open311ErrorsOf).
 */
export async function createOpen311Request(
  actor: Actor,
  fields: Record<string, unknown>,
  options: { idempotencyKey?: string | null; now?: Date } = {},
): Promise<Open311Created> {
  const givenTitle = typeof fields.title === 'string' && fields.title.trim() !== '' ? fields.title : undefined;
  const description = fields.description;
  const title = givenTitle ?? (typeof description === 'string' ? titleFromDescription(description) : undefined);
  const rawDepartment = typeof fields.department_id === 'string' ? fields.department_id.trim() : fields.department_id;
  const departmentId = rawDepartment === '' || rawDepartment === undefined ? null : rawDepartment;
  try {
    const letter = await submitLetter(
      actor,
      { kind: fields.service_code, title, body: description, consentToPublish: consentOf(fields.consent_to_publish), departmentId, topicId: topicOf(fields) },
      options,
    );
    return {
      service_request_id: letter.trackingNo,
      service_notice: `来信已提交。查询编号 ${letter.trackingNo}，查询码 ${letter.queryCode}，请妥善保存；我们会在法定时限内办理。`,
    };
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_input' && error.fields) {
      const renamed: Record<string, string> = {};
      for (const [key, message] of Object.entries(error.fields)) {
        // A derived title is only wrong when the description is; that error says it already.
        if (key === 'title' && !givenTitle && error.fields.body) continue;
        const [head, ...rest] = key.split('.');
        renamed[[OPEN311_FIELD[head!] ?? head, ...rest].join('.')] = message;
      }
      throw new AppError('invalid_input', error.message, renamed);
    }
    throw error;
  }
}

// ---- Errors ----

/** Any failure → Open311's error array [{code, description}] and the HTTP status; field errors one entry each. */
export function open311ErrorsOf(error: unknown): { status: number; errors: Open311Error[]; retryAfterSeconds?: number } {
  const failure = failureOf(error, 'open311');
  const entries = failure.fields ? Object.entries(failure.fields) : [];
  const errors = entries.length
    ? entries.map(([field, message]) => ({ code: failure.status, description: field === '_' ? message : `${field}：${message}` }))
    : [{ code: failure.status, description: failure.message }];
  return { status: failure.status, errors, ...(failure.retryAfter ? { retryAfterSeconds: failure.retryAfter } : {}) };
}
