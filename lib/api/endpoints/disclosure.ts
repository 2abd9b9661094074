import { z } from 'zod';
import { endpoint } from '../endpoint';
import { jsonBody } from './common';
import { applicationAction, applicationInput, applicationListQuery, applicationQueueExportQuery, applicationTrackingNo } from '../../disclosure/application-validation';
import { catalogueListQuery } from '../../disclosure/catalogue';
import { idempotencyKey, trackingNo } from '../../cases/validation';
import { statsQuery, yearQuery } from '../../stats';
import { reviewInput } from '../../disclosure/reviews';
import { APPLICATION_READ_LIMIT } from '../../disclosure/applications';
import { applicationClaimInput, applicationIntakeFields } from '../../disclosure/intake';

/** Disclosure (政府信息公开): catalogue, annual report, statistics, applications: endpoint declarations (lib/api/endpoint.ts). */

// The catalogue is two levels deep (lib/disclosure/categories.ts); a recursive schema would need $defs.
const catalogueLeaf = z.object({ code: z.string(), name: z.string(), nameEn: z.string(), children: z.array(z.never()) });
const catalogueTree = z.object({ items: z.array(catalogueLeaf.extend({ children: z.array(catalogueLeaf) })) });
const catalogueItem = z.object({
  id: z.string(), indexNo: z.string(), title: z.string(), summary: z.string(), publisher: z.string(), createdOn: z.string(), publishedOn: z.string(),
  publishedAt: z.string().nullable(), category: z.object({ code: z.string(), name: z.string(), nameEn: z.string() }), url: z.string(),
  interpretation: z.boolean().meta({ description: '政策解读: the item interprets another (policy document)' }),
});
const catalogueItemsPage = z.object({ items: z.array(catalogueItem), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
const catalogueLink = z.object({ id: z.string(), indexNo: z.string(), title: z.string(), publishedOn: z.string(), url: z.string() });
const catalogueItemDetail = catalogueItem.extend({
  body: z.string(),
  attachment: z.object({ id: z.string(), fileName: z.string(), sizeBytes: z.number().int() }).nullable(),
  interprets: catalogueLink.nullable().meta({ description: 'The policy document this item interprets, while it is public; null otherwise' }),
  interpretations: z.array(catalogueLink).meta({ description: 'The public interpretations (政策解读) of this item, oldest first' }),
});
/** A public id (UUID) or an index number (索引号): short ASCII. */
const itemRef = z.string().regex(/^[A-Za-z0-9-]{1,80}$/, { message: '应为公开编号或索引号' }).meta({ description: 'public id (UUID) or index number (索引号)' });

export const listCategories = endpoint({
  method: 'get', path: '/api/v1/disclosure/categories', tag: 'disclosure', auth: 'public',
  summary: { zh: '政府信息公开目录分类', en: 'The disclosure catalogue tree' },
  response: { status: 200, description: '{items:[{code, name, nameEn, children}]}', schema: catalogueTree },
  errors: [],
});

export const listCatalogueItems = endpoint({
  method: 'get', path: '/api/v1/disclosure/items', tag: 'disclosure', auth: 'public', validate: true,
  summary: { zh: '主动公开目录条目', en: 'Proactively disclosed catalogue items' },
  description: 'Only 主动公开 (proactive) items that are published; a category includes its children. kind=interpretation: only 政策解读 (items that interpret another); `interpretation` marks them.',
  query: catalogueListQuery,
  response: { status: 200, description: '{items:[{indexNo, title, summary, publisher, createdOn, publishedOn, category, url, interpretation}], total, page, pageSize}', schema: catalogueItemsPage },
  errors: [422],
});

export const readCatalogueItem = endpoint({
  method: 'get', path: '/api/v1/disclosure/items/{id}', tag: 'disclosure', auth: 'public',
  summary: { zh: '一条主动公开目录条目（含政策解读链接）', en: 'One proactively disclosed catalogue item, with its 政策解读 links' },
  description: 'By public id or index number. Drafts, withdrawn and non-主动公开 items answer 404, like ones that never existed. '
    + '`interprets`: the policy document this item interprets (null when it is not an interpretation, or that document is not public); '
    + '`interpretations`: the published interpretations of this item.',
  pathParams: { id: itemRef },
  response: { status: 200, description: '{id, indexNo, title, summary, body, publisher, createdOn, publishedOn, category, url, attachment, interpretation, interprets, interpretations}', schema: catalogueItemDetail },
  errors: [404],
});

export const readAnnualReport = endpoint({
  method: 'get', path: '/api/v1/disclosure/annual-report', tag: 'disclosure', auth: 'optional',
  summary: { zh: '政府信息公开工作年度报告（正文与自动生成的表格）', en: 'The annual disclosure report: text sections and generated tables' },
  description: 'Public once published; moderators and admins also get drafts (status draft, or new with version 0 for a year never saved). '
    + 'Tables: 主动公开 per catalogue category; applications per applicant type (new, carried in, results by outcome, carried forward) '
    + 'with the check new + carried in = handled + carried forward per column (`check.mismatches`); letters and interviews. 404 for an unpublished year. '
    + 'The national template (国办公开办函〔2021〕30号): `tables.applications.rows` is section 三 — [{code, label, depth, values:{person, company, research, nonprofit, legal, other, total}}] in the template\'s order and words '
    + '(values null for the heading 三、本年度办理结果), every parent row checked against the sum of its sub-rows (`check.rowMismatches`); `tables.reviews` is section 四 (行政复议; 行政诉讼 未经复议直接起诉 and 复议后起诉, each 结果维持, 结果纠正, 其他结果, 尚未审结, 总计); '
    + '`tables.proactive2021` is section 二 (规章, 行政规范性文件, 行政许可, 行政处罚, 行政强制, 行政事业性收费) with each cell\'s source. '
    + '`pdf` {id, fileName, sizeBytes, url}: the PDF of the printable report generated when it was published (replaced when a published report is corrected) and attached to its catalogue item; '
    + 'download it at `url` (/disclosure/files/<id>, anyone once published); null before publication.',
  query: yearQuery,
  response: { status: 200, description: '{year, status, version, title, sections, publishedAt, catalogueItem, pdf, tables:{proactive, proactive2021, applications:{cells, rows, check}, reviews, fees, platform}}' },
  errors: [404, 422],
});

export const recordReview = endpoint({
  method: 'post', path: '/api/v1/disclosure/reviews', tag: 'disclosure', auth: 'session', permission: 'disclosure.annualReport',
  summary: { zh: '登记政府信息公开行政复议、行政诉讼案件', en: 'Record an administrative reconsideration or litigation case about disclosure' },
  description: 'kind: reconsideration (行政复议), litigation_direct (未经复议直接起诉), litigation_after (复议后起诉); filedOn: the Beijing date the case was filed (the report year it counts in; not in the future); '
    + 'outcome: upheld (结果维持), corrected (结果纠正), other (其他结果), pending (尚未审结); applicationTrackingNo links it to an application (422 when there is none with that number). Section 四 of the annual report counts them.',
  body: jsonBody(reviewInput, 4),
  response: { status: 201, description: '{id, kind, applicationTrackingNo, filedOn, outcome, note}' },
  errors: [401, 403, 422],
});

export const readStatistics = endpoint({
  method: 'get', path: '/api/v1/stats', tag: 'disclosure', auth: 'public', validate: true,
  summary: { zh: '数据统计：来信、访谈、依申请公开', en: 'Statistics: letters, interviews, disclosure applications' },
  description: 'One Beijing calendar year (default this year): letters received, answered, on time, on-time rate, average working days to reply, '
    + 'satisfaction — in total, by month, by kind and by department; interviews held and questions answered; applications received and answered by outcome. '
    + 'The same figures as CSV (UTF-8 with BOM): /stats/export.csv?year=.',
  query: statsQuery,
  response: { status: 200, description: '{year, letters:{total, byMonth, byKind, byDepartment}, interviews, applications, empty}' },
  errors: [422],
});

export const listApplications = endpoint({
  method: 'get', path: '/api/v1/disclosure/applications', tag: 'disclosure', auth: 'session', roles: ['citizen', 'moderator', 'admin'],
  summary: { zh: '我的政府信息公开申请 / 办理队列', en: 'My applications for information, or the disclosure office queue' },
  description: 'scope=mine (citizens): own applications, newest first. scope=queue (moderators, admins): open applications, overdue first, then by due date, or with sort=newest the latest submitted first; `counts` cover the whole queue.',
  query: applicationListQuery,
  response: { status: 200, description: '{items:[{trackingNo, status, applicantType, applicant, receivedOn, dueOn, outcome, badges}], total, page, pageSize, counts}' },
  errors: [401, 403, 422],
});

export const exportApplicationQueue = endpoint({
  method: 'get', path: '/api/v1/disclosure/applications/export.csv', tag: 'disclosure', auth: 'session', permission: 'disclosure.handle', validate: true,
  summary: { zh: '政府信息公开申请办理队列导出 CSV', en: 'The disclosure office queue as CSV' },
  description: 'The queue as GET /api/v1/disclosure/applications?scope=queue reads it — open applications, or one `status` — in its order (overdue '
    + 'first, or sort=newest: the latest submitted first), every page, at most 10,000 rows; UTF-8 with BOM for Excel, in the reader\'s language.',
  query: applicationQueueExportQuery,
  response: { status: 200, description: 'text/csv; charset=utf-8' },
  errors: [],
});

export const submitApplication = endpoint({
  method: 'post', path: '/api/v1/disclosure/applications', tag: 'disclosure', auth: 'session', roles: ['citizen', 'handler', 'moderator', 'admin'],
  rateLimit: { action: 'application.submit', publicOnly: true },
  summary: { zh: '申请政府信息公开，或代为登记申请', en: 'Apply for government information, or enter an application received by another channel' },
  description: 'A citizen applies as a person, or for an organisation (its type, name and 18-character unified social credit code). Received the day it is submitted; due 20 working days later (or the bureau\'s shorter limit). A paper reply needs a postal address. A handler, moderator or admin (permission disclosure.intake) enters an application received by `channel` `phone`, `paper`, `in_person`, `email` or `hotline_12345`, with `receivedOn` (YYYY-MM-DD, Beijing; not in the future, at most 60 days ago — the reply clock starts that day on the working-day calendar) and an optional `contactEmail` for the receipt and notices; the applicant fields are those of the public form. The answer then also carries `queryCode`, `channel`; the applicant claims the application into an account with `POST /api/v1/disclosure/applications/claim`.',
  headers: [{ name: 'Idempotency-Key', description: '重试时返回第一次的结果 — a retried submission or staff entry returns the first application', schema: idempotencyKey }],
  body: jsonBody(applicationInput.and(z.object({
    channel: applicationIntakeFields.channel.optional().meta({ description: 'Staff only: how the application was received' }),
    receivedOn: z.iso.date().optional().meta({ description: 'Staff only: the Beijing date received, not in the future, at most 60 days ago' }),
    contactEmail: z.string().optional().meta({ description: 'Staff only: the applicant\'s e-mail for the receipt and notices until claimed' }),
  })), 32),
  response: { status: 201, description: 'A citizen: {trackingNo: "GK" + YYYYMMDD + NNNN, status: "submitted", receivedOn, dueOn}; staff: {trackingNo, queryCode, status, channel, receivedOn, dueOn}' },
  errors: [400, 401, 403, 413, 422],
});

export const claimApplication = endpoint({
  method: 'post', path: '/api/v1/disclosure/applications/claim', tag: 'disclosure', auth: 'session', permission: 'disclosure.apply', rateLimit: 'lookup',
  summary: { zh: '认领工作人员代为登记的政府信息公开申请', en: 'Claim a staff-entered application into my account' },
  description: 'A signed-in citizen with the tracking number and query code of an application staff entered for them: it becomes theirs. A wrong code (or an unknown number) is a 404 and counts as a lookup (then 429); an application already claimed, or submitted on the web, is a 409.',
  body: jsonBody(applicationClaimInput, 1),
  response: { status: 200, description: '{trackingNo}', schema: z.object({ trackingNo: z.string() }) },
  errors: [400, 401, 403, 404, 409, 413, 422],
});

export const readApplication = endpoint({
  method: 'get', path: '/api/v1/disclosure/applications/{trackingNo}', tag: 'disclosure', auth: 'session', rateLimit: APPLICATION_READ_LIMIT,
  summary: { zh: '查看政府信息公开申请', en: 'One application' },
  description: 'Its applicant and the disclosure office (moderators, admins) only; anyone else gets 404.',
  pathParams: { trackingNo: applicationTrackingNo },
  response: { status: 200, description: '{trackingNo, status, receivedOn, dueOn, remainingDays, extensionDays, correctionDueOn, outcome, outcomeReason, replyBody, replyDocument, events, viewer, actions, …}' },
  errors: [401, 404, 422],
});

export const actOnApplication = endpoint({
  method: 'post', path: '/api/v1/disclosure/applications/{trackingNo}/actions', tag: 'disclosure', auth: 'session', roles: ['citizen', 'moderator', 'admin'], rateLimit: { action: 'application.followup', publicOnly: true },
  summary: { zh: '办理政府信息公开申请（登记、补正、延期、征求意见、答复、撤回）', en: 'Act on an application: register, 补正, extend, consult, reply, withdraw' },
  description: '补正 once, within 7 working days of receipt (the clock stops; the applicant\'s answer restarts the full 20 working days); one extension of 1–20 working days; a consultation pauses the clock. A reply with outcome withheld, unavailable, not_handled or other carries `reasonCode`, the annual report template\'s sub-row (withheld: state_secret, law_forbids, three_safeties_one_stability, third_party, internal_affairs, process_information, enforcement_files, query_matter; unavailable: not_held, needs_creation, unclear_after_correction; not_handled: petition_or_complaint, repeated, publications, excessive_or_abusive, confirm_or_reissue; other: no_correction, fee_not_paid, other) — missing or of another outcome: 422; an application whose 补正 deadline passed is closed as other/no_correction. A reply may carry a PDF (≤ 10 MB) as the multipart field `document`. `version` refuses a stale form with 409. The accountability loop: `urge {}` (the applicant, once the due date has passed and the clock runs, at most once every 3 working days; otherwise 409 saying from when), `supervise {note, targetDate}` (moderator, admin; an open application), `callback {result, note?}` (moderator, admin; after the reply).',
  pathParams: { trackingNo: applicationTrackingNo },
  body: { schema: applicationAction, mediaTypes: ['application/json', 'multipart/form-data'], maxKb: 10 * 1024 + 64, read: 'custom' },
  response: { status: 200, description: 'The application as the actor now sees it' },
  errors: [400, 401, 403, 404, 409, 413, 422],
});
