import { z } from 'zod';
import { endpoint } from '../endpoint';
import { jsonBody, tracking } from './common';
import { listQuery as letterListQuery } from '../../letters/queries';
import { letterAction, letterInput, lookupInput } from '../../letters/validation';
import { idempotencyKey, trackingNo } from '../../cases/validation';

/** Letters (政民互动): endpoint declarations (lib/api/endpoint.ts). */

const submittedLetter = z.object({ trackingNo: z.string(), queryCode: z.string(), status: z.literal('submitted') });
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

export const submitLetter = endpoint({
  method: 'post', path: '/api/v1/letters', tag: 'letters', auth: 'session', permission: 'letters.create', rateLimit: 'letter.submit',
  summary: { zh: '写信（咨询、投诉、建议）', en: 'Submit a letter (inquiry, complaint, suggestion)' },
  headers: [{ name: 'Idempotency-Key', description: '重试时返回第一次的结果而不是第二封信 — a retried submission returns the first result', schema: idempotencyKey }],
  body: jsonBody(letterInput, 32),
  response: { status: 201, description: '{trackingNo, queryCode, status: "submitted"}', schema: submittedLetter },
  errors: [400, 401, 403, 413, 422],
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
