import { endpoint } from '../endpoint';
import { jsonBody, publicId } from './common';
import { archiveListQuery } from '../../archive/public-queries';
import { similarInput } from '../../archive/similar';
import { includeAttachmentInput } from '../../archive/attachments';
import { flagInput as archiveFlagInput, createEntryInput, entryActionInput, entryPatchInput } from '../../archive/validation';

/** Archive (答复公开 / 访谈实录): endpoint declarations (lib/api/endpoint.ts). */

export const listArchive = endpoint({
  method: 'get', path: '/api/v1/archive', tag: 'archive', auth: 'public', validate: true,
  summary: { zh: '答复公开与访谈实录（检索、筛选）', en: 'The public answer archive: search and filters' },
  description: 'Published entries only. `q` finds a two-character Chinese word; results ranked by relevance when searching. `kind=letter` with `letterKind`, `departmentId`, `year`, `rating` is the 政民互动 board (/letters): each letter with its dates, working days taken and the writer\'s `rating` (null: not rated yet).',
  query: archiveListQuery,
  response: { status: 200, description: '{items:[{id, title, kind, letterKind, department, submittedAt, answeredAt, publishedAt, workingDays, rating, url, …}], total}' },
  errors: [422],
});

export const similarAnswers = endpoint({
  method: 'post', path: '/api/v1/archive/similar', tag: 'archive', auth: 'public', rateLimit: 'similar', validate: true,
  summary: { zh: '相似的已公开答复（写信时提示）', en: 'Published answers like a draft letter (shown while writing)' },
  description: 'Up to five published archive entries (letters and interviews) and the bureau\'s own catalogue items that look like the same question as the draft `{title, body}`, best first, each with `source` (`archive` | `catalogue`), `score` (0–1: the share of the draft\'s informative words found) and its public list fields. A draft with nothing distinctive gets `items: []`. POST, not GET: a body of up to 3,000 characters does not fit a URL. Counted per address.',
  body: jsonBody(similarInput, 24),
  response: { status: 200, description: '{items:[{source, score, id, title, url, …}]}' },
  errors: [400, 413, 422, 429],
});

export const readArchiveEntry = endpoint({
  method: 'get', path: '/api/v1/archive/{id}', tag: 'archive', auth: 'public',
  summary: { zh: '一条公开答复或访谈实录', en: 'One published archive entry' },
  description: 'Drafts and unpublished entries answer 404, like ones that never existed.',
  pathParams: { id: publicId },
  response: { status: 200, description: 'The entry: masked question and answer, department, dates, working days taken, index number' },
  errors: [404],
});

export const reportArchiveEntry = endpoint({
  method: 'post', path: '/api/v1/archive/{id}/flags', tag: 'archive', auth: 'session', rateLimit: 'flag',
  summary: { zh: '举报公开条目', en: 'Report a published entry' },
  description: 'Any signed-in user, with a reason. One open report per user and entry: a second report answers 200 with the open one (`duplicate: true`).',
  pathParams: { id: publicId },
  body: jsonBody(archiveFlagInput, 8),
  response: { status: 201, description: '{id, status: "open", duplicate}' },
  errors: [400, 401, 404, 413, 422],
});

export const createEntry = endpoint({
  method: 'post', path: '/api/v1/archive/entries', tag: 'archive', auth: 'session', permission: 'archive.curate',
  summary: { zh: '从来信或访谈创建公开条目（草稿）', en: 'Create a draft entry from a letter or an interview' },
  description: 'Personal data (phone numbers, ID numbers, email, bank cards, plates, addresses, the writer\'s name) is masked already. 409 when the writer did not consent, the letter is not answered, the interview has not ended, or the source has an entry.',
  body: jsonBody(createEntryInput, 4),
  response: { status: 201, description: '{id, status: "draft", publicTitle, publicBody, publicAnswer, category, version, …}' },
  errors: [400, 401, 403, 404, 409, 413, 422],
});

export const updateEntry = endpoint({
  method: 'patch', path: '/api/v1/archive/entries/{id}', tag: 'archive', auth: 'session', permission: 'archive.curate',
  summary: { zh: '编辑公开条目（标题、正文、分类、标记隐去的词）', en: 'Edit an entry: public texts, category, marked terms' },
  description: 'Saved text is masked again with the marked terms. `version` must be the current one (409 otherwise).',
  pathParams: { id: publicId },
  body: jsonBody(entryPatchInput, 512),
  response: { status: 200, description: 'The entry' },
  errors: [400, 401, 403, 404, 409, 413, 422],
});

export const actOnEntry = endpoint({
  method: 'post', path: '/api/v1/archive/entries/{id}/actions', tag: 'archive', auth: 'session', permission: 'archive.curate',
  summary: { zh: '发布、撤下公开条目或重新生成其答复', en: 'Publish or unpublish an entry, or take its answer again' },
  description: 'publish needs a category and makes the entry a 主动公开 catalogue item with an index number; unpublish needs a reason and removes it from every list, search, feed and the catalogue at once. Publishing an entry whose letter writer has withdrawn (or not given) consent to publication is a 409. refresh_answer takes the public answer again from the source as it is now (after an interview answer was corrected or answered after the end, or a reopened letter was answered again: the moderators are notified, kind archive.source_changed), masked with the entry\'s marked terms; the title and summary stay; a published entry stays published.',
  pathParams: { id: publicId },
  body: jsonBody(entryActionInput, 4),
  response: { status: 200, description: 'The entry' },
  errors: [400, 401, 403, 404, 409, 413, 422],
});

export const includeArchiveAttachment = endpoint({
  method: 'post', path: '/api/v1/archive/entries/{id}/attachments', tag: 'archive', auth: 'session', permission: 'archive.curate',
  summary: { zh: '遮盖来信图片后收入公开条目', en: 'Include a letter\'s image in its entry, masked' },
  description: '`{attachmentId, regions: [{x, y, w, h}]}`: one of the entry\'s letter\'s image attachments and 1–20 rectangles as fractions (0–1) of its width and height. The server renders a new copy with the rectangles filled solid (black), re-encoded as JPEG without metadata; only that copy is linked to the entry (a second call for the same image replaces it). The original is never public. A PDF → 422; an attachment of another letter → 404.',
  pathParams: { id: publicId },
  body: jsonBody(includeAttachmentInput, 8),
  response: { status: 201, description: '{id, fileName, width, height, regions, url}' },
  errors: [400, 401, 403, 404, 413, 422],
});

export const removeArchiveAttachment = endpoint({
  method: 'delete', path: '/api/v1/archive/entries/{id}/attachments/{attachmentId}', tag: 'archive', auth: 'session', permission: 'archive.curate',
  summary: { zh: '将遮盖图片移出公开条目', en: 'Remove a masked image from an entry' },
  pathParams: { id: publicId, attachmentId: publicId },
  response: { status: 200, description: '{removed: true}' },
  errors: [401, 403, 404],
});

export const readArchiveImage = endpoint({
  method: 'get', path: '/api/v1/archive/attachments/{id}', tag: 'archive', auth: 'optional', roles: ['citizen', 'handler', 'leader', 'moderator', 'admin'],
  summary: { zh: '公开条目中的遮盖图片', en: 'A masked image of a published entry' },
  description: 'The masked copy (JPEG) while its entry is published and the writer\'s consent stands; moderators also see it before. Anyone else, and every reader once the entry is unpublished, 404. Content-Security-Policy: sandbox, X-Content-Type-Options: nosniff, Cache-Control: no-store.',
  pathParams: { id: publicId },
  response: { status: 200, description: 'The masked image (image/jpeg, inline)' },
  errors: [404],
});
