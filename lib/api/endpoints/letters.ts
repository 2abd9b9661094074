import { z } from 'zod';
import { endpoint } from '../endpoint';
import { jsonBody, publicId, tracking } from './common';
import { attachmentRequest, IMAGE_MAX_PX, MAX_ATTACHMENTS, MAX_UPLOAD_BODY_BYTES, THUMBNAIL_PX } from '../../letters/attachments';
import { listQuery as letterListQuery, queueExportQuery as letterQueueExportQuery } from '../../letters/queries';
import { letterAction, letterInput, lookupInput } from '../../letters/validation';
import { claimInput, letterIntakeSchema } from '../../letters/intake';
import { STAFF_CHANNELS } from '../../letters/schema';
import { idempotencyKey, trackingNo } from '../../cases/validation';

/** Letters (政民互动): endpoint declarations (lib/api/endpoint.ts). */

const submittedLetter = z.object({ trackingNo: z.string(), queryCode: z.string(), status: z.literal('submitted') });
const enteredLetter = z.object({
  trackingNo: z.string(), queryCode: z.string(), status: z.enum(['submitted', 'accepted']),
  channel: z.enum(STAFF_CHANNELS), receivedOn: z.iso.date(), dueOn: z.iso.date(),
});
const departmentsList = z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), nameEn: z.string(), duties: z.string(), phone: z.string() })) });

export const listDepartments = endpoint({
  method: 'get', path: '/api/v1/departments', tag: 'letters', auth: 'public',
  summary: { zh: '可受理来信的部门', en: 'Departments a letter can be addressed to' },
  response: { status: 200, description: '{items:[{id, name, …}]}', schema: departmentsList },
  errors: [],
});

export const listLetters = endpoint({
  method: 'get', path: '/api/v1/letters', tag: 'letters', auth: 'session',
  summary: { zh: '我的来信 / 待办队列', en: 'My letters, or my work queue' },
  query: letterListQuery,
  response: { status: 200, description: '{items, total, page, pageSize, counts}; queue: most urgent first' },
  errors: [401, 403, 422],
});

export const exportLetterQueue = endpoint({
  method: 'get', path: '/api/v1/letters/export.csv', tag: 'letters', auth: 'session', roles: ['handler', 'leader', 'moderator', 'admin'],
  summary: { zh: '待办来信队列导出 CSV', en: 'My work queue of letters as CSV' },
  description: 'The staff queue as GET /api/v1/letters?scope=queue reads it for the caller — moderators and admins the letters awaiting routing, '
    + 'a handler or leader the own department\'s open letters — with the same filters (status, channel) and order (sort=due, or sort=newest: '
    + 'latest arrivals first), every page, at most 10,000 rows; UTF-8 with BOM for Excel, in the reader\'s language. Citizens: 403.',
  query: letterQueueExportQuery,
  response: { status: 200, description: 'text/csv; charset=utf-8' },
  errors: [401, 403, 422],
});

export const submitLetter = endpoint({
  method: 'post', path: '/api/v1/letters', tag: 'letters', auth: 'session', roles: ['citizen', 'handler', 'moderator', 'admin'],
  rateLimit: { action: 'letter.submit', publicOnly: true },
  summary: { zh: '写信（咨询、投诉、建议），或代为登记来信', en: 'Submit a letter, or enter one received by another channel' },
  description: 'A citizen writes a letter (`channel: "web"`). A handler (for their own department) or a moderator or admin (any department, or none: routed later) enters a letter received by `channel` `phone`, `paper`, `in_person`, `email` or `hotline_12345`, with `receivedOn` (YYYY-MM-DD, Beijing; not in the future, at most 60 days ago — the clock starts that day on the working-day calendar) and `onBehalfOf {name, phone?, email?}`; with a department it is accepted there at once and due `dueOn`. The person gets the tracking number and query code (a receipt, and an e-mail when `email` is given) and may claim it into an account with `POST /api/v1/letters/claim`.',
  headers: [{ name: 'Idempotency-Key', description: '重试时返回第一次的结果而不是第二封信 — a retried submission or staff entry returns the first letter', schema: idempotencyKey }],
  body: jsonBody(letterInput.extend({
    channel: letterIntakeSchema.shape.channel.optional().meta({ description: 'Staff only (handler, moderator, admin): how the letter was received; a citizen\'s letter is `web`' }),
    receivedOn: z.iso.date().optional().meta({ description: 'Staff only: the Beijing date received, not in the future, at most 60 days ago; the clock starts that day' }),
    onBehalfOf: letterIntakeSchema.shape.onBehalfOf.optional().meta({ description: 'Staff only: the person the letter is entered for: {name, phone?, email?}' }),
  }), 32),
  response: {
    status: 201,
    description: 'A citizen: {trackingNo, queryCode, status: "submitted"}; staff: {trackingNo, queryCode, status, channel, receivedOn, dueOn}',
    schema: z.union([submittedLetter, enteredLetter]),
  },
  errors: [400, 401, 403, 404, 413, 422],
});

export const claimLetter = endpoint({
  method: 'post', path: '/api/v1/letters/claim', tag: 'letters', auth: 'session', permission: 'letters.create', rateLimit: 'lookup',
  summary: { zh: '认领工作人员代为登记的来信', en: 'Claim a staff-entered letter into my account' },
  description: 'A signed-in citizen with the tracking number and query code of a letter staff entered for them (phone, paper, …): the letter becomes theirs. A wrong code (or an unknown number) is a 404 and counts as on the lookup (then 429); a letter already claimed, or written on the web, is a 409.',
  body: jsonBody(claimInput, 1),
  response: { status: 200, description: '{trackingNo}', schema: z.object({ trackingNo: z.string() }) },
  errors: [400, 401, 403, 404, 409, 413, 422],
});

export const readLetter = endpoint({
  method: 'get', path: '/api/v1/letters/{trackingNo}', tag: 'letters', auth: 'optional',
  summary: { zh: '查看来信', en: 'One letter' },
  description: 'The writer and staff who may work it see the letter; anyone else gets 404. A query code in the URL (`?code=`) is refused with 400: look up with `POST /api/v1/letters/lookup`.',
  pathParams: tracking,
  response: { status: 200, description: '{trackingNo, kind, title, body, status, department, submittedAt, acceptedAt, dueAt, answeredAt, replies, rating, events, mergedInto, mergedAnswer, viewer, actions}' },
  errors: [400, 404, 422],
});

export const lookupLetter = endpoint({
  method: 'post', path: '/api/v1/letters/lookup', tag: 'letters', auth: 'public', rateLimit: 'lookup', validate: true,
  summary: { zh: '凭查询编号和查询码查询来信', en: 'Look a letter up by tracking number and query code' },
  description: 'Anyone with the 6-digit query code sees the citizen-safe view (`viewer: "code"`): no staff names, the writer\'s personal data masked. The code goes in the body, never in a URL. A wrong code (or an unknown number) is a 404; too many wrong codes from one address, for one letter or in all, a 429 with Retry-After — a correct code from an address that has not guessed wrong is never refused for the letter\'s sake.',
  body: jsonBody(lookupInput, 1),
  response: { status: 200, description: 'The letter as a visitor with its code sees it' },
  errors: [400, 404, 413, 422, 429],
});

export const actOnLetter = endpoint({
  method: 'post', path: '/api/v1/letters/{trackingNo}/actions', tag: 'letters', auth: 'session', rateLimit: { action: 'letter.followup', publicOnly: true },
  summary: { zh: '办理来信（受理、答复、评价……）', en: 'Act on a letter (accept, reply, rate, …)' },
  description: 'One of the actions of the letter lifecycle, chosen by `action`. `version` (optional) refuses the change with 409 when the letter changed meanwhile. The accountability loop: `urge {}` (the writer, once the due date has passed and the clock runs, at most once every 3 working days; otherwise 409 saying from when), `supervise {note, targetDate}` (moderator, admin; an open letter), `callback {result, note?}` (moderator, admin; an answered or closed letter). `rate` of `unsatisfied` with a `comment` sends the letter back once as 重办 (status `accepted`, a new due date); `reopen` still works after an unsatisfied rating without one. Consent to publication (PIPL art. 15), the writer only, in any state, no `version`: `withdraw_consent {reason?}` clears the consent and, in the same transaction, unpublishes any archive entry of the letter everywhere (archive pages and search, feeds, sitemap, its disclosure catalogue item, Open311) and tells the moderators — 409 when consent is not given; `give_consent {}` gives it again — 409 once an entry of the letter has been published.',
  pathParams: tracking,
  body: jsonBody(letterAction, 32),
  response: { status: 200, description: 'The letter as the actor now sees it' },
  errors: [400, 401, 403, 404, 409, 413, 422],
});

const attachmentPath = { ...tracking, id: publicId };
const attachmentView = z.object({
  id: z.string(), kind: z.enum(['image', 'pdf']), fileName: z.string(), mimeType: z.string(), sizeBytes: z.number().int(),
  width: z.number().int().nullable(), height: z.number().int().nullable(), createdAt: z.iso.datetime(),
});
const attachmentForm = z.object({
  file: z.string().meta({ format: 'binary', description: 'One file (or send several as `attachments`)' }).optional(),
  attachments: z.array(z.string().meta({ format: 'binary' })).max(MAX_ATTACHMENTS).optional()
    .meta({ description: `1–${MAX_ATTACHMENTS} files in all, each ≤ 10 MB: JPEG, PNG or WebP images (re-encoded as JPEG without EXIF/GPS, ≤ ${IMAGE_MAX_PX} px, with a ${THUMBNAIL_PX} px thumbnail) or PDFs (checked by their first bytes)` }),
});
const downloadFile = { status: 200, description: 'The file: an image inline, a PDF as attachment; X-Content-Type-Options: nosniff, Content-Security-Policy: sandbox, Cache-Control: private, no-store' };

export const uploadLetterAttachments = endpoint({
  method: 'post', path: '/api/v1/letters/{trackingNo}/attachments', tag: 'letters', auth: 'session', roles: ['citizen', 'handler', 'leader', 'moderator', 'admin'],
  rateLimit: { action: 'letter.followup', publicOnly: true },
  summary: { zh: '为来信上传附件（照片、PDF）', en: 'Attach photos or PDFs to a letter' },
  description: `Multipart field \`file\` (one file) or \`attachments\` (several). The writer, or the staff who may work the letter, while it is open (409 once finished; 404 for anyone else, before the body is read). At most ${MAX_ATTACHMENTS} on the letter itself; a follow-up (reply, request for information, the writer's answer) carries its own ${MAX_ATTACHMENTS}, sent with the letter page's forms (POST …/actions takes JSON only). Detected by content: anything but JPEG, PNG, WebP or PDF is 422, as is a file over 10 MB or one too many. File names are stored masked as published text is. Attachments are private to the writer and the case's staff and never published.`,
  pathParams: tracking,
  body: { schema: attachmentForm, mediaTypes: ['multipart/form-data'], maxKb: Math.ceil(MAX_UPLOAD_BODY_BYTES / 1024), read: 'custom' },
  response: {
    status: 201,
    description: '{id, name, contentType, size} of the first file (API.md "Intake"), and `items`: every file stored, [{id, kind, fileName, mimeType, sizeBytes, width, height, createdAt}]',
    schema: z.object({ id: z.string(), name: z.string(), contentType: z.string(), size: z.number().int(), items: z.array(attachmentView) }),
  },
  errors: [400, 401, 404, 409, 413, 422],
});

export const readLetterAttachment = endpoint({
  method: 'get', path: '/api/v1/attachments/{id}', tag: 'letters', auth: 'optional', roles: ['citizen', 'handler', 'leader', 'moderator', 'admin'],
  summary: { zh: '下载来信附件', en: 'Download a letter attachment' },
  description: 'The writer and the staff who may work its letter (the rule of GET /api/v1/letters/{trackingNo}); anyone else 404. `?variant=thumbnail`: the 320 px JPEG thumbnail of an image.',
  pathParams: { id: publicId },
  query: attachmentRequest,
  validate: true,
  response: downloadFile,
  errors: [401, 404, 422],
});

export const lookupLetterAttachment = endpoint({
  method: 'post', path: '/api/v1/letters/{trackingNo}/attachments/{id}', tag: 'letters', auth: 'public', rateLimit: 'lookup', validate: true,
  summary: { zh: '凭查询码下载来信附件', en: 'Download a letter attachment with the query code' },
  description: 'For a visitor with the letter\'s 6-digit query code (the code in the body, form-encoded or JSON, never in a URL); wrong codes count as in POST /api/v1/letters/lookup (404, then 429).',
  pathParams: attachmentPath,
  body: { schema: z.object({ code: z.string(), variant: attachmentRequest.shape.variant }), maxKb: 1, read: 'fields', mediaTypes: ['application/x-www-form-urlencoded', 'application/json'] },
  response: downloadFile,
  errors: [400, 404, 413, 422, 429],
});

export const letterDuplicates = endpoint({
  method: 'get', path: '/api/v1/letters/{trackingNo}/duplicates', tag: 'letters', auth: 'session', permission: 'letters.triage',
  summary: { zh: '可能重复的来信（工作人员）', en: 'Possible duplicates of a letter (staff)' },
  description: 'Moderators and admins only (citizens: 403): up to 5 open letters of the bureau, and letters answered in the last 90 days, that look like this one — `score` from text similarity (CJK bigrams of title and body), the same topic, district and place, with `reasons`. `canMerge`: this letter awaits routing; `mergeable`: the candidate\'s writer consented to publication (or it is the same writer), so this letter may join it with the `merge` action (`{action: "merge", intoTrackingNo}`).',
  pathParams: tracking,
  response: { status: 200, description: '{trackingNo, canMerge, items:[{trackingNo, title, status, submittedAt, answeredAt, topic, district, place, score, reasons:{sameTopic, sameDistrict, samePlace, text}, mergeable}]}' },
  errors: [401, 403, 404, 422],
});
