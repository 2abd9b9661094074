import { z } from 'zod';
import type { ErrorCode } from '../errors';
import { ROLES } from '../accounts/schema';
import { registerInput } from '../accounts/validation';
import { userListQuery, userUpdateInput } from '../accounts/admin';
import { calendarDayInput, calendarDayRemoveInput } from '../calendar/admin';
import { catalogueListQuery } from '../disclosure/catalogue';
import { statsQuery, yearQuery } from '../stats';
import { applicationAction, applicationInput, applicationListQuery, applicationTrackingNo } from '../disclosure/application-validation';
import { archiveListQuery } from '../archive/public-queries';
import { createEntryInput, entryActionInput, entryPatchInput, flagInput as archiveFlagInput } from '../archive/validation';
import { deadlinesInput } from '../letters/deadline-settings';
import { listQuery as letterListQuery } from '../letters/queries';
import { idempotencyKey, letterAction, letterInput, queryCode, trackingNo } from '../letters/validation';
import { answerInput, assignLeftoverInput, draftInput, interviewAction, interviewInput, interviewPatchInput, questionAction, questionInput, remarkInput } from '../interviews/validation';
import { assignedQuery } from '../interviews/queries';
import {
  OPEN311_PAGE_SIZE,
  open311Created,
  open311Discovery,
  open311Error,
  open311PublicRequest,
  open311RequestInput,
  open311RequestsQuery,
  open311Service,
} from '../letters/open311';

/**
 * The OpenAPI 3.1 document of the public API (../shared/API.md), served at GET /api/v1/openapi.json.
 *
 * ENDPOINTS is the registry: one entry per method and path, with the zod schemas the operations themselves
 * parse with, so the document follows the validation code. test/openapi.test.ts walks app/api/v1 and app/open311
 * and fails when a route file or an exported method has no entry here (or an entry has no route).
 *
 * Paths are OpenAPI templates; the route file is derived from them (routeFileFor): `/api/v1/letters/{trackingNo}`
 * → app/api/v1/letters/[trackingNo]/route.ts, and a segment with a suffix such as `{id}.json` → `[id]` (Next's
 * dynamic segments take the whole segment; the handler strips the extension).
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Auth = 'public' | 'session' | 'optional';
type ErrorFormat = 'api' | 'open311';

export interface Endpoint {
  method: HttpMethod;
  path: string;
  tag: 'system' | 'accounts' | 'letters' | 'interviews' | 'archive' | 'disclosure' | 'admin' | 'open311';
  summary: { zh: string; en: string };
  description?: string;
  /** public: no session needed; session: signed in (roles say who); optional: works either way, differently. */
  auth: Auth;
  roles?: readonly string[];
  pathParams?: Record<string, z.ZodType>;
  query?: z.ZodType;
  headers?: Array<{ name: string; description: string; required?: boolean; schema: z.ZodType }>;
  body?: { schema: z.ZodType; mediaTypes?: string[]; maxKb: number };
  response: { status: number; description: string; schema?: z.ZodType; headers?: Record<string, string> };
  errors: number[];
  errorFormat?: ErrorFormat;
}

// ---- Schemas only the document needs ----

const letterLookupQuery = z.object({ code: queryCode.optional().meta({ description: '6 位查询码：凭查询编号和查询码查看（无需登录）' }) });
const publicId = z.string().max(64).meta({ description: 'public id (UUID)' });

const submittedLetter = z.object({ trackingNo: z.string(), queryCode: z.string(), status: z.literal('submitted') });
const departmentsList = z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), nameEn: z.string(), duties: z.string(), phone: z.string() })) });
const health = z.object({ status: z.enum(['ok', 'unhealthy']), database: z.enum(['pglite', 'postgres']), message: z.string().optional() });
const registered = z.object({ id: z.string(), name: z.string(), role: z.literal('citizen') });

// The catalogue is two levels deep (lib/disclosure/categories.ts); a recursive schema would need $defs.
const catalogueLeaf = z.object({ code: z.string(), name: z.string(), nameEn: z.string(), children: z.array(z.never()) });
const catalogueTree = z.object({ items: z.array(catalogueLeaf.extend({ children: z.array(catalogueLeaf) })) });
const catalogueItemsPage = z.object({
  items: z.array(z.object({
    id: z.string(), indexNo: z.string(), title: z.string(), summary: z.string(), publisher: z.string(), createdOn: z.string(), publishedOn: z.string(),
    publishedAt: z.string().nullable(), category: z.object({ code: z.string(), name: z.string(), nameEn: z.string() }), url: z.string(),
  })),
  total: z.number().int(), page: z.number().int(), pageSize: z.number().int(),
});

const ERROR_CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  422: 'invalid_input',
  429: 'rate_limited',
};
const ERROR_TEXT: Record<number, string> = {
  400: '请求格式错误 — malformed request (not JSON, not UTF-8, unsupported format)',
  401: '未登录 — not signed in',
  403: '无权操作 — not allowed',
  404: '不存在或无权查看 — not found, or not visible to you',
  409: '状态冲突或已被他人修改 — conflict: wrong state or changed meanwhile',
  413: '请求内容过大 — too large',
  422: '输入有误，fields 为各字段的中文说明 — invalid input; fields holds one message per field',
  429: '请求过于频繁，见 Retry-After — too many requests; see Retry-After',
};

export const apiErrorSchema = z.object({
  error: z.object({
    code: z.enum(Object.values(ERROR_CODE_BY_STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string().meta({ description: '中文说明' }),
    fields: z.record(z.string(), z.string()).optional().meta({ description: '字段 → 中文说明（422）' }),
  }),
});

// ---- The registry ----

const tracking = { trackingNo };
const jsonBody = (schema: z.ZodType, maxKb: number) => ({ schema, maxKb });
const open311 = { tag: 'open311' as const, errorFormat: 'open311' as const };

export const ENDPOINTS: Endpoint[] = [
  {
    method: 'get', path: '/api/health', tag: 'system', auth: 'public',
    summary: { zh: '健康检查', en: 'Liveness and database reachability' },
    response: { status: 200, description: '{"status":"ok","database":"pglite"|"postgres"}; 503 when the database is unreachable', schema: health },
    errors: [],
  },
  {
    method: 'get', path: '/api/v1/openapi.json', tag: 'system', auth: 'public',
    summary: { zh: '本接口文档（OpenAPI 3.1）', en: 'This document (OpenAPI 3.1)' },
    response: { status: 200, description: 'OpenAPI 3.1 document' },
    errors: [],
  },
  {
    method: 'post', path: '/api/v1/register', tag: 'accounts', auth: 'public',
    summary: { zh: '市民注册', en: 'Citizen self-registration' },
    description: 'Signed-in users get 409. A login already taken is a 422 on `login`.',
    body: jsonBody(registerInput, 16),
    response: { status: 201, description: 'The new citizen account', schema: registered },
    errors: [400, 409, 413, 422, 429],
  },
  {
    method: 'get', path: '/api/v1/departments', tag: 'letters', auth: 'public',
    summary: { zh: '可受理来信的部门', en: 'Departments a letter can be addressed to' },
    response: { status: 200, description: '{items:[{id, name, …}]}', schema: departmentsList },
    errors: [],
  },
  {
    method: 'get', path: '/api/v1/letters', tag: 'letters', auth: 'session',
    summary: { zh: '我的来信 / 待办队列', en: 'My letters, or my work queue' },
    query: letterListQuery,
    response: { status: 200, description: '{items, total, page, pageSize, counts}; queue: most urgent first' },
    errors: [401, 403, 422],
  },
  {
    method: 'post', path: '/api/v1/letters', tag: 'letters', auth: 'session', roles: ['citizen'],
    summary: { zh: '写信（咨询、投诉、建议）', en: 'Submit a letter (inquiry, complaint, suggestion)' },
    headers: [{ name: 'Idempotency-Key', description: '重试时返回第一次的结果而不是第二封信 — a retried submission returns the first result', schema: idempotencyKey }],
    body: jsonBody(letterInput, 32),
    response: { status: 201, description: '{trackingNo, queryCode, status: "submitted"}', schema: submittedLetter },
    errors: [400, 401, 403, 413, 422],
  },
  {
    method: 'get', path: '/api/v1/letters/{trackingNo}', tag: 'letters', auth: 'optional',
    summary: { zh: '查看来信', en: 'One letter' },
    description: 'The writer and staff who may work it see the letter; anyone with `?code=` sees the citizen-safe view. A wrong code is a 404; too many wrong codes a 429.',
    pathParams: tracking,
    query: letterLookupQuery,
    response: { status: 200, description: '{trackingNo, kind, title, body, status, department, submittedAt, acceptedAt, dueAt, answeredAt, replies, rating, events, viewer, actions}' },
    errors: [404, 422, 429],
  },
  {
    method: 'post', path: '/api/v1/letters/{trackingNo}/actions', tag: 'letters', auth: 'session',
    summary: { zh: '办理来信（受理、答复、评价……）', en: 'Act on a letter (accept, reply, rate, …)' },
    description: 'One of the actions of the letter lifecycle, chosen by `action`. `version` (optional) refuses the change with 409 when the letter changed meanwhile.',
    pathParams: tracking,
    body: jsonBody(letterAction, 32),
    response: { status: 200, description: 'The letter as the actor now sees it' },
    errors: [400, 401, 403, 404, 409, 413, 422],
  },
  // ---- Archive (答复公开 / 访谈实录) ----
  {
    method: 'get', path: '/api/v1/archive', tag: 'archive', auth: 'public',
    summary: { zh: '答复公开与访谈实录（检索、筛选）', en: 'The public answer archive: search and filters' },
    description: 'Published entries only. `q` finds a two-character Chinese word; results ranked by relevance when searching.',
    query: archiveListQuery,
    response: { status: 200, description: '{items:[{id, title, kind, department, publishedAt, url, …}], total}' },
    errors: [422],
  },
  {
    method: 'get', path: '/api/v1/archive/{id}', tag: 'archive', auth: 'public',
    summary: { zh: '一条公开答复或访谈实录', en: 'One published archive entry' },
    description: 'Drafts and unpublished entries answer 404, like ones that never existed.',
    pathParams: { id: publicId },
    response: { status: 200, description: 'The entry: masked question and answer, department, dates, working days taken, index number' },
    errors: [404],
  },
  {
    method: 'post', path: '/api/v1/archive/{id}/flags', tag: 'archive', auth: 'session',
    summary: { zh: '举报公开条目', en: 'Report a published entry' },
    description: 'Any signed-in user, with a reason. One open report per user and entry: a second report answers 200 with the open one (`duplicate: true`).',
    pathParams: { id: publicId },
    body: jsonBody(archiveFlagInput, 8),
    response: { status: 201, description: '{id, status: "open", duplicate}' },
    errors: [400, 401, 404, 413, 422],
  },
  {
    method: 'post', path: '/api/v1/archive/entries', tag: 'archive', auth: 'session', roles: ['moderator', 'admin'],
    summary: { zh: '从来信或访谈创建公开条目（草稿）', en: 'Create a draft entry from a letter or an interview' },
    description: 'Personal data (phone numbers, ID numbers, email, bank cards, plates, addresses, the writer\'s name) is masked already. 409 when the writer did not consent, the letter is not answered, the interview has not ended, or the source has an entry.',
    body: jsonBody(createEntryInput, 4),
    response: { status: 201, description: '{id, status: "draft", publicTitle, publicBody, publicAnswer, category, version, …}' },
    errors: [400, 401, 403, 404, 409, 413, 422],
  },
  {
    method: 'patch', path: '/api/v1/archive/entries/{id}', tag: 'archive', auth: 'session', roles: ['moderator', 'admin'],
    summary: { zh: '编辑公开条目（标题、正文、分类、标记隐去的词）', en: 'Edit an entry: public texts, category, marked terms' },
    description: 'Saved text is masked again with the marked terms. `version` must be the current one (409 otherwise).',
    pathParams: { id: publicId },
    body: jsonBody(entryPatchInput, 512),
    response: { status: 200, description: 'The entry' },
    errors: [400, 401, 403, 404, 409, 413, 422],
  },
  {
    method: 'post', path: '/api/v1/archive/entries/{id}/actions', tag: 'archive', auth: 'session', roles: ['moderator', 'admin'],
    summary: { zh: '发布或撤下公开条目', en: 'Publish or unpublish an entry' },
    description: 'publish needs a category and makes the entry a 主动公开 catalogue item with an index number; unpublish needs a reason and removes it from every list, search, feed and the catalogue at once.',
    pathParams: { id: publicId },
    body: jsonBody(entryActionInput, 4),
    response: { status: 200, description: 'The entry' },
    errors: [400, 401, 403, 404, 409, 413, 422],
  },
  {
    method: 'get', path: '/api/v1/disclosure/categories', tag: 'disclosure', auth: 'public',
    summary: { zh: '政府信息公开目录分类', en: 'The disclosure catalogue tree' },
    response: { status: 200, description: '{items:[{code, name, nameEn, children}]}', schema: catalogueTree },
    errors: [],
  },
  {
    method: 'get', path: '/api/v1/disclosure/items', tag: 'disclosure', auth: 'public',
    summary: { zh: '主动公开目录条目', en: 'Proactively disclosed catalogue items' },
    description: 'Only 主动公开 (proactive) items that are published; a category includes its children.',
    query: catalogueListQuery,
    response: { status: 200, description: '{items:[{indexNo, title, summary, publisher, createdOn, publishedOn, category, url}], total, page, pageSize}', schema: catalogueItemsPage },
    errors: [422],
  },
  {
    method: 'get', path: '/api/v1/disclosure/annual-report', tag: 'disclosure', auth: 'optional',
    summary: { zh: '政府信息公开工作年度报告（正文与自动生成的表格）', en: 'The annual disclosure report: text sections and generated tables' },
    description: 'Public once published; moderators and admins also get drafts (status draft, or new with version 0 for a year never saved). '
      + 'Tables: 主动公开 per catalogue category; applications per applicant type (new, carried in, results by outcome, carried forward) '
      + 'with the check new + carried in = handled + carried forward per column (`check.mismatches`); letters and interviews. 404 for an unpublished year.',
    query: yearQuery,
    response: { status: 200, description: '{year, status, version, title, sections, publishedAt, catalogueItem, tables:{proactive, applications:{cells, check}, platform}}' },
    errors: [404, 422],
  },
  {
    method: 'get', path: '/api/v1/stats', tag: 'disclosure', auth: 'public',
    summary: { zh: '数据统计：来信、访谈、依申请公开', en: 'Statistics: letters, interviews, disclosure applications' },
    description: 'One Beijing calendar year (default this year): letters received, answered, on time, on-time rate, average working days to reply, '
      + 'satisfaction — in total, by month, by kind and by department; interviews held and questions answered; applications received and answered by outcome. '
      + 'The same figures as CSV (UTF-8 with BOM): /stats/export.csv?year=.',
    query: statsQuery,
    response: { status: 200, description: '{year, letters:{total, byMonth, byKind, byDepartment}, interviews, applications, empty}' },
    errors: [422],
  },
  // ---- 依申请公开: applications for government information ----
  {
    method: 'get', path: '/api/v1/disclosure/applications', tag: 'disclosure', auth: 'session', roles: ['citizen', 'moderator', 'admin'],
    summary: { zh: '我的政府信息公开申请 / 办理队列', en: 'My applications for information, or the disclosure office queue' },
    description: 'scope=mine (citizens): own applications, newest first. scope=queue (moderators, admins): open applications, overdue first, then by due date; `counts` cover the whole queue.',
    query: applicationListQuery,
    response: { status: 200, description: '{items:[{trackingNo, status, applicantType, applicant, receivedOn, dueOn, outcome, badges}], total, page, pageSize, counts}' },
    errors: [401, 403, 422],
  },
  {
    method: 'post', path: '/api/v1/disclosure/applications', tag: 'disclosure', auth: 'session', roles: ['citizen'],
    summary: { zh: '申请政府信息公开', en: 'Apply for government information' },
    description: 'A person, or an organisation (its type, name and 18-character unified social credit code). Received the day it is submitted; due 20 working days later. A paper reply needs a postal address.',
    headers: [{ name: 'Idempotency-Key', description: '重试时返回第一次的结果 — a retried submission returns the first application', schema: idempotencyKey }],
    body: jsonBody(applicationInput, 32),
    response: { status: 201, description: '{trackingNo: "GK" + YYYYMMDD + NNNN, status: "submitted", receivedOn, dueOn}' },
    errors: [400, 401, 403, 413, 422],
  },
  {
    method: 'get', path: '/api/v1/disclosure/applications/{trackingNo}', tag: 'disclosure', auth: 'session',
    summary: { zh: '查看政府信息公开申请', en: 'One application' },
    description: 'Its applicant and the disclosure office (moderators, admins) only; anyone else gets 404.',
    pathParams: { trackingNo: applicationTrackingNo },
    response: { status: 200, description: '{trackingNo, status, receivedOn, dueOn, remainingDays, extensionDays, correctionDueOn, outcome, outcomeReason, replyBody, replyDocument, events, viewer, actions, …}' },
    errors: [401, 404, 422],
  },
  {
    method: 'post', path: '/api/v1/disclosure/applications/{trackingNo}/actions', tag: 'disclosure', auth: 'session', roles: ['citizen', 'moderator', 'admin'],
    summary: { zh: '办理政府信息公开申请（登记、补正、延期、征求意见、答复、撤回）', en: 'Act on an application: register, 补正, extend, consult, reply, withdraw' },
    description: '补正 once, within 7 working days of receipt (the clock stops; the applicant\'s answer restarts the full 20 working days); one extension of 1–20 working days; a consultation pauses the clock. A reply may carry a PDF (≤ 10 MB) as the multipart field `document`. `version` refuses a stale form with 409.',
    pathParams: { trackingNo: applicationTrackingNo },
    body: { schema: applicationAction, mediaTypes: ['application/json', 'multipart/form-data'], maxKb: 10 * 1024 + 64 },
    response: { status: 200, description: 'The application as the actor now sees it' },
    errors: [400, 401, 403, 404, 409, 413, 422],
  },
  {
    method: 'get', path: '/api/v1/admin/users', tag: 'admin', auth: 'session', roles: ['admin'],
    summary: { zh: '账号列表', en: 'Accounts' },
    query: userListQuery,
    response: { status: 200, description: '{items, total, page, pageSize}' },
    errors: [401, 403, 422],
  },
  {
    method: 'patch', path: '/api/v1/admin/users/{id}', tag: 'admin', auth: 'session', roles: ['admin'],
    summary: { zh: '修改账号角色、部门或状态', en: "Change an account's role, department or status" },
    pathParams: { id: publicId },
    body: jsonBody(userUpdateInput, 4),
    response: { status: 200, description: 'The account; takes effect from its next request' },
    errors: [400, 401, 403, 404, 409, 413, 422],
  },
  {
    method: 'get', path: '/api/v1/admin/calendar', tag: 'admin', auth: 'session', roles: ['admin'],
    summary: { zh: '工作日历', en: 'Working-day calendar' },
    response: { status: 200, description: '{items: [{year, status, source, days: [{day, kind, name}]}]}' },
    errors: [401, 403],
  },
  {
    method: 'post', path: '/api/v1/admin/calendar', tag: 'admin', auth: 'session', roles: ['admin'],
    summary: { zh: '添加或修改节假日 / 调休上班日', en: 'Add or replace a holiday or make-up workday' },
    description: 'Due dates of open letters are recomputed in the same transaction.',
    body: jsonBody(calendarDayInput, 4),
    response: { status: 200, description: 'The calendar year' },
    errors: [400, 401, 403, 409, 413, 422],
  },
  {
    method: 'delete', path: '/api/v1/admin/calendar', tag: 'admin', auth: 'session', roles: ['admin'],
    summary: { zh: '删除日历中的一天', en: 'Remove a day from the calendar' },
    query: calendarDayRemoveInput,
    response: { status: 200, description: 'The calendar year' },
    errors: [401, 403, 404, 422],
  },
  {
    method: 'get', path: '/api/v1/admin/deadlines', tag: 'admin', auth: 'session', roles: ['admin'],
    summary: { zh: '办理时限（工作日）', en: 'Working-day limits per letter kind and for triage' },
    response: { status: 200, description: '{inquiry, suggestion, complaint, triage}' },
    errors: [401, 403],
  },
  {
    method: 'patch', path: '/api/v1/admin/deadlines', tag: 'admin', auth: 'session', roles: ['admin'],
    summary: { zh: '修改办理时限', en: 'Change the working-day limits' },
    description: 'Open letters follow the change.',
    body: jsonBody(deadlinesInput, 4),
    response: { status: 200, description: 'The limits' },
    errors: [400, 401, 403, 413, 422],
  },
  // ---- Interviews (在线访谈) ----
  {
    method: 'get', path: '/api/v1/interviews', tag: 'interviews', auth: 'public',
    summary: { zh: '访谈列表（直播中、即将开始、往期）', en: 'Interviews: live, upcoming, past' },
    response: { status: 200, description: '{items:[{id, slug, title, status, scheduledStart, scheduledEnd, guests}]}' },
    errors: [],
  },
  {
    method: 'post', path: '/api/v1/interviews', tag: 'interviews', auth: 'session', roles: ['moderator'],
    summary: { zh: '创建访谈', en: 'Create an interview' },
    body: jsonBody(interviewInput, 32),
    response: { status: 201, description: '{id, slug}' },
    errors: [400, 401, 403, 413, 422],
  },
  {
    method: 'get', path: '/api/v1/interviews/{id}', tag: 'interviews', auth: 'optional',
    summary: { zh: '访谈当前状态（含序号 seq）', en: 'The interview at its current seq' },
    pathParams: { id: publicId },
    response: { status: 200, description: 'Guests, questions, answers and remarks at `seq`; later events bring it up to date' },
    errors: [404],
  },
  {
    method: 'patch', path: '/api/v1/interviews/{id}', tag: 'interviews', auth: 'session', roles: ['moderator'],
    summary: { zh: '修改访谈信息（草稿或预告中）', en: 'Edit an interview (draft or announced)' },
    description: 'Any of the fields with the `version` read (409 "已被他人处理" when stale). `guestIds` replaces the guests in order; `departmentId`/`coverImageUrl` null clear them. 409 once live, ended or published. Added guests are notified; viewers of an announced interview receive `interview.updated`.',
    pathParams: { id: publicId },
    body: jsonBody(interviewPatchInput, 32),
    response: { status: 200, description: '{id, version, changed, seq}' },
    errors: [400, 401, 403, 404, 409, 413, 422],
  },
  {
    method: 'post', path: '/api/v1/interviews/{id}/actions', tag: 'interviews', auth: 'session', roles: ['moderator'],
    summary: { zh: '访谈流程（预告、开始、结束、发布）', en: 'Interview lifecycle' },
    pathParams: { id: publicId },
    body: jsonBody(interviewAction, 4),
    response: { status: 200, description: '{status, seq}' },
    errors: [400, 401, 403, 404, 409, 422],
  },
  {
    method: 'get', path: '/api/v1/interviews/{id}/questions', tag: 'interviews', auth: 'session', roles: ['moderator', 'leader'],
    summary: { zh: '全部问题（主持人与嘉宾）', en: 'All questions (moderators and guests)' },
    pathParams: { id: publicId },
    response: { status: 200, description: '{interviewId, items}' },
    errors: [401, 404],
  },
  {
    method: 'post', path: '/api/v1/interviews/{id}/questions', tag: 'interviews', auth: 'session', roles: ['citizen'],
    summary: { zh: '市民提问', en: 'Ask a question' },
    description: '`clientId` makes a resent question return the first one. Each citizen has a quota per interview (429 when used up).',
    pathParams: { id: publicId },
    body: jsonBody(questionInput, 8),
    response: { status: 201, description: '{id, status: "pending", remaining}' },
    errors: [400, 401, 403, 404, 409, 422, 429],
  },
  {
    method: 'post', path: '/api/v1/interviews/{id}/questions/assign', tag: 'interviews', auth: 'session', roles: ['moderator'],
    summary: { zh: '会后问题全部分配给一位嘉宾', en: 'Assign all leftover questions to one guest' },
    description: 'After the end (ended or published): approved, unanswered questions not yet assigned (all of them with `includeAssigned`) go to one guest of the interview, due in 5 working days.',
    pathParams: { id: publicId },
    body: jsonBody(assignLeftoverInput, 4),
    response: { status: 200, description: '{assigned: [question ids], guestId, dueOn}' },
    errors: [400, 401, 403, 404, 409, 413, 422],
  },
  {
    method: 'get', path: '/api/v1/interviews/{id}/events', tag: 'interviews', auth: 'optional',
    summary: { zh: '事件补发（sinceSeq 之后）', en: 'Events after sinceSeq (catch-up)' },
    pathParams: { id: publicId },
    query: z.object({ sinceSeq: z.coerce.number().int().min(0).default(0) }),
    response: { status: 200, description: '{items:[{seq, type, payload, at}], lastSeq}' },
    errors: [404, 422],
  },
  {
    method: 'post', path: '/api/v1/interviews/{id}/remarks', tag: 'interviews', auth: 'session', roles: ['moderator'],
    summary: { zh: '主持人发言', en: 'Host remark' },
    pathParams: { id: publicId },
    body: jsonBody(remarkInput, 8),
    response: { status: 201, description: '{seq}' },
    errors: [400, 401, 403, 404, 409, 422],
  },
  {
    method: 'post', path: '/api/v1/questions/{id}/actions', tag: 'interviews', auth: 'session',
    summary: { zh: '问题操作（采用、不予采用、标星、编辑、合并、同问、正在回答、会后分配）', en: 'Act on a question' },
    description: '`assign {guestId, version?}` (moderator, after the end): one guest answers the approved question within 5 working days; reassigning is allowed until it is answered.',
    pathParams: { id: publicId },
    body: jsonBody(questionAction, 8),
    response: { status: 200, description: '{id, status, votes}' },
    errors: [400, 401, 403, 404, 409, 422],
  },
  {
    method: 'get', path: '/api/v1/questions/assigned', tag: 'interviews', auth: 'session', roles: ['leader'],
    summary: { zh: '分配给我的会后问题', en: 'Leftover questions assigned to me' },
    description: 'open: unanswered, by due date (overdue = the due date has passed); answered: newest assignment first. 20 a page.',
    query: assignedQuery,
    response: { status: 200, description: '{items:[{id, body, dueOn, overdue, interview, draft, …}], total, page, pageSize, counts: {open, overdue, answered}, today}' },
    errors: [401, 403, 422],
  },
  {
    method: 'post', path: '/api/v1/questions/{id}/answer', tag: 'interviews', auth: 'session', roles: ['leader'],
    summary: { zh: '嘉宾答复', en: 'Publish an answer (guests)' },
    pathParams: { id: publicId },
    body: jsonBody(answerInput, 32),
    response: { status: 201, description: '{questionId, seq}' },
    errors: [400, 401, 403, 404, 409, 422],
  },
  {
    method: 'put', path: '/api/v1/questions/{id}/answer', tag: 'interviews', auth: 'session', roles: ['leader'],
    summary: { zh: '更正答复', en: 'Correct an answer (guests)' },
    pathParams: { id: publicId },
    body: jsonBody(answerInput, 32),
    response: { status: 200, description: '{questionId, seq}' },
    errors: [400, 401, 403, 404, 409, 422],
  },
  {
    method: 'put', path: '/api/v1/questions/{id}/draft', tag: 'interviews', auth: 'session', roles: ['leader'],
    summary: { zh: '保存答复草稿', en: 'Autosave an answer draft (guests)' },
    pathParams: { id: publicId },
    body: jsonBody(draftInput, 64),
    response: { status: 200, description: '{savedAt}' },
    errors: [400, 401, 403, 404, 422],
  },
  // ---- Open311 GeoReport v2 (errors as [{code, description}]) ----
  {
    ...open311, method: 'get', path: '/open311/v2/discovery.json', auth: 'public',
    summary: { zh: 'Open311 服务发现', en: 'Open311 discovery' },
    response: { status: 200, description: 'GeoReport v2 discovery', schema: open311Discovery },
    errors: [400],
  },
  {
    ...open311, method: 'get', path: '/open311/v2/services.json', auth: 'public',
    summary: { zh: 'Open311 服务列表（来信类别）', en: 'Open311 services (letter kinds)' },
    response: { status: 200, description: 'One service per letter kind', schema: z.array(open311Service) },
    errors: [400],
  },
  {
    ...open311, method: 'get', path: '/open311/v2/requests.json', auth: 'public',
    summary: { zh: 'Open311 公开诉求列表', en: 'Open311 public service requests' },
    description: `Only letters whose writer consented to publication and that were not refused; no personal data. Newest first, ${OPEN311_PAGE_SIZE} a page; the header X-Total-Count holds the total.`,
    query: open311RequestsQuery,
    response: { status: 200, description: 'Public service requests', schema: z.array(open311PublicRequest), headers: { 'X-Total-Count': 'Total matching requests' } },
    errors: [400, 422],
  },
  {
    ...open311, method: 'post', path: '/open311/v2/requests.json', auth: 'session', roles: ['citizen'],
    summary: { zh: 'Open311 提交诉求（写信）', en: 'Open311 create a service request (submit a letter)' },
    description: 'Creates a letter for the signed-in citizen. Location and contact fields of GeoReport v2 are ignored.',
    headers: [{ name: 'Idempotency-Key', description: '同 POST /api/v1/letters — as for POST /api/v1/letters', schema: idempotencyKey }],
    body: { schema: open311RequestInput, maxKb: 32, mediaTypes: ['application/x-www-form-urlencoded', 'multipart/form-data', 'application/json'] },
    response: { status: 201, description: '[{service_request_id, service_notice}]', schema: z.array(open311Created) },
    errors: [400, 401, 403, 413, 422],
  },
  {
    ...open311, method: 'get', path: '/open311/v2/requests/{id}.json', auth: 'public',
    summary: { zh: 'Open311 查看一件公开诉求', en: 'Open311 one public service request' },
    pathParams: { id: trackingNo.meta({ description: '查询编号 (service_request_id)' }) },
    response: { status: 200, description: 'An array with the one request', schema: z.array(open311PublicRequest) },
    errors: [400, 404],
  },
  {
    ...open311, method: 'get', path: '/open311/v2/{document}', auth: 'public',
    summary: { zh: 'Open311 其他格式（不支持）', en: 'Open311 in other formats (not supported)' },
    description: '`discovery.xml`, `services.xml`, `requests.xml` … answer 400: this endpoint speaks JSON only. Anything else is a 404.',
    pathParams: { document: z.string().meta({ description: 'e.g. requests.xml' }) },
    response: { status: 400, description: 'Never succeeds' },
    errors: [400, 404],
  },
  {
    ...open311, method: 'post', path: '/open311/v2/{document}', auth: 'public',
    summary: { zh: 'Open311 其他格式（不支持）', en: 'Open311 in other formats (not supported)' },
    description: 'As GET.',
    pathParams: { document: z.string().meta({ description: 'e.g. requests.xml' }) },
    response: { status: 400, description: 'Never succeeds' },
    errors: [400, 404],
  },
];

// ---- Route files ----

/** `/api/v1/letters/{trackingNo}` → `app/api/v1/letters/[trackingNo]/route.ts`; `{id}.json` → `[id]`. */
export function routeFileFor(path: string): string {
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((segment) => segment.replace(/^\{(\w+)\}(?:\.\w+)?$/, '[$1]'));
  return ['app', ...segments, 'route.ts'].join('/');
}

// ---- The document ----

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function queryParameters(query: z.ZodType): JsonSchema[] {
  const json = schemaOf(query);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, s]) => {
    const { description, ...schema } = s;
    return { name, in: 'query', required: required.has(name), ...(description ? { description } : {}), schema };
  });
}

function pathParameters(endpoint: Endpoint): JsonSchema[] {
  const names = [...endpoint.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  return names.map((name) => {
    const given = endpoint.pathParams?.[name];
    const { description, ...schema } = given ? schemaOf(given) : { type: 'string' };
    return { name, in: 'path', required: true, ...(description ? { description } : {}), schema };
  });
}

const SECURITY: Record<Auth, Array<Record<string, string[]>>> = {
  public: [],
  session: [{ sessionCookie: [] }],
  optional: [{}, { sessionCookie: [] }],
};

function errorResponses(endpoint: Endpoint): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const status of endpoint.errors) {
    const ref = endpoint.errorFormat === 'open311' ? '#/components/schemas/Open311Errors' : '#/components/schemas/Error';
    out[String(status)] = {
      description: ERROR_TEXT[status] ?? `HTTP ${status}`,
      ...(status === 429 ? { headers: { 'Retry-After': { description: 'seconds', schema: { type: 'integer' } } } } : {}),
      content: { 'application/json': { schema: { $ref: ref } } },
    };
  }
  return out;
}

function operation(endpoint: Endpoint): JsonSchema {
  const roles = endpoint.roles ? ` Roles: ${endpoint.roles.join(', ')}.` : '';
  const parameters = [
    ...pathParameters(endpoint),
    ...(endpoint.query ? queryParameters(endpoint.query) : []),
    ...(endpoint.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: h.required ?? false, description: h.description, schema: schemaOf(h.schema) })),
  ];
  const ok = endpoint.response;
  return {
    operationId: `${endpoint.method}${endpoint.path.replace(/\.json/g, 'Json').replace(/[{}]/g, '').split(/[/._-]/).filter(Boolean).map((s) => s[0]!.toUpperCase() + s.slice(1)).join('')}`,
    tags: [endpoint.tag],
    summary: `${endpoint.summary.zh} — ${endpoint.summary.en}`,
    description: [endpoint.description, roles.trim()].filter(Boolean).join('\n\n') || undefined,
    security: SECURITY[endpoint.auth],
    ...(parameters.length ? { parameters } : {}),
    ...(endpoint.body
      ? {
          requestBody: {
            required: true,
            description: `最大 ${endpoint.body.maxKb} KB — at most ${endpoint.body.maxKb} KB`,
            content: Object.fromEntries((endpoint.body.mediaTypes ?? ['application/json']).map((type) => [type, { schema: schemaOf(endpoint.body!.schema) }])),
          },
        }
      : {}),
    responses: {
      [String(ok.status)]: {
        description: ok.description,
        ...(ok.headers ? { headers: Object.fromEntries(Object.entries(ok.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) } : {}),
        ...(ok.schema ? { content: { 'application/json': { schema: schemaOf(ok.schema, 'output') } } } : {}),
      },
      ...errorResponses(endpoint),
      '500': {
        description: '服务器内部错误 — internal error (never for bad input)',
        content: { 'application/json': { schema: { $ref: endpoint.errorFormat === 'open311' ? '#/components/schemas/Open311Errors' : '#/components/schemas/Error' } } },
      },
    },
  };
}

export function buildOpenApiDocument(options: { serverUrl?: string } = {}): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const endpoint of ENDPOINTS) {
    const item = (paths[endpoint.path] ??= {});
    if (item[endpoint.method]) throw new Error(`duplicate registry entry ${endpoint.method.toUpperCase()} ${endpoint.path}`);
    item[endpoint.method] = operation(endpoint);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '民声 Minsheng API',
      version: '1.0.0',
      summary: '政民互动平台公开接口 — public API of the Minsheng citizen-interaction platform',
      description:
        'JSON in and out, UTF-8. Errors: `{"error": {"code", "message" (中文), "fields"}}`; Open311 endpoints use `[{code, description}]`. ' +
        'Sign in with next-auth (`GET /api/auth/csrf`, `POST /api/auth/callback/credentials`); the session cookie authenticates later calls. ' +
        `Roles: ${ROLES.join(', ')}.`,
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags: [
      { name: 'system', description: '系统 — system' },
      { name: 'accounts', description: '账号 — accounts' },
      { name: 'letters', description: '来信（咨询、投诉、建议）— letters' },
      { name: 'interviews', description: '在线访谈 — online interviews (live events also over Socket.IO: interview:join, interview:event)' },
      { name: 'archive', description: '答复公开与访谈实录 — the public answer archive' },
      { name: 'disclosure', description: '政府信息公开 — government information disclosure' },
      { name: 'admin', description: '系统管理 — administration' },
      { name: 'open311', description: 'Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2)' },
    ],
    paths,
    components: {
      securitySchemes: {
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'next-auth.session-token',
          description: 'next-auth session (JWT) cookie; `__Host-next-auth.session-token` when the site runs on HTTPS.',
        },
      },
      schemas: {
        Error: schemaOf(apiErrorSchema, 'output'),
        Open311Errors: schemaOf(z.array(open311Error), 'output'),
      },
    },
  };
}
