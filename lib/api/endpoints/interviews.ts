import { z } from 'zod';
import { endpoint } from '../endpoint';
import { jsonBody, publicId } from './common';
import { assignedQuery } from '../../interviews/queries';
import { MAX_UPDATE_BODY_BYTES, UPDATE_IMAGE_PX, UPDATE_SMALL_PX, updateImageRequest } from '../../interviews/live-updates';
import { answerInput, assignLeftoverInput, correctionInput, draftInput, interviewAction, interviewInput, interviewPatchInput, questionAction, questionInput, remarkInput } from '../../interviews/validation';

/** Interviews (在线访谈): endpoint declarations (lib/api/endpoint.ts). */

export const listInterviews = endpoint({
  method: 'get', path: '/api/v1/interviews', tag: 'interviews', auth: 'public',
  summary: { zh: '访谈列表（直播中、即将开始、往期）', en: 'Interviews: live, upcoming, past' },
  response: { status: 200, description: '{items:[{id, slug, title, status, scheduledStart, scheduledEnd, guests}]}' },
  errors: [],
});

export const createInterview = endpoint({
  method: 'post', path: '/api/v1/interviews', tag: 'interviews', auth: 'session', permission: 'interviews.manage',
  summary: { zh: '创建访谈', en: 'Create an interview' },
  body: jsonBody(interviewInput, 32),
  response: { status: 201, description: '{id, slug}' },
  errors: [400, 401, 403, 413, 422],
});

export const readInterview = endpoint({
  method: 'get', path: '/api/v1/interviews/{id}', tag: 'interviews', auth: 'optional',
  summary: { zh: '访谈当前状态（含序号 seq）', en: 'The interview at its current seq' },
  pathParams: { id: publicId },
  response: { status: 200, description: 'Guests, questions, answers and remarks at `seq`; later events bring it up to date. `viewer.mine`: a signed-in citizen\'s own questions with their status and, if rejected, `reason` and `note`. `moderation`: once ended or published, `{received, approved, answered, merged, rejected, pending}` counted from the database (null before)' },
  errors: [404],
});

export const updateInterview = endpoint({
  method: 'patch', path: '/api/v1/interviews/{id}', tag: 'interviews', auth: 'session', permission: 'interviews.manage',
  summary: { zh: '修改访谈信息（草稿或预告中）', en: 'Edit an interview (draft or announced)' },
  description: 'Any of the fields with the `version` read (409 "已被他人处理" when stale). `guestIds` replaces the guests in order; `departmentId`/`coverImageUrl` null clear them. 409 once live, ended or published. Added guests are notified; viewers of an announced interview receive `interview.updated`.',
  pathParams: { id: publicId },
  body: jsonBody(interviewPatchInput, 32),
  response: { status: 200, description: '{id, version, changed, seq}' },
  errors: [400, 401, 403, 404, 409, 413, 422],
});

export const actOnInterview = endpoint({
  method: 'post', path: '/api/v1/interviews/{id}/actions', tag: 'interviews', auth: 'session', permission: 'interviews.manage',
  summary: { zh: '访谈流程（预告、开始、结束、发布）', en: 'Interview lifecycle' },
  pathParams: { id: publicId },
  body: jsonBody(interviewAction, 4),
  response: { status: 200, description: '{status, seq}' },
  errors: [400, 401, 403, 404, 409, 422],
});

export const listStaffQuestions = endpoint({
  method: 'get', path: '/api/v1/interviews/{id}/questions', tag: 'interviews', auth: 'session', roles: ['moderator', 'leader'],
  summary: { zh: '全部问题（主持人与嘉宾）', en: 'All questions (moderators and guests)' },
  pathParams: { id: publicId },
  response: { status: 200, description: '{interviewId, items}' },
  errors: [401, 404],
});

export const askQuestion = endpoint({
  method: 'post', path: '/api/v1/interviews/{id}/questions', tag: 'interviews', auth: 'session', permission: 'interviews.ask', rateLimit: 'question.ask',
  summary: { zh: '市民提问', en: 'Ask a question' },
  description: '`clientId` makes a resent question return the first one. Each citizen has a quota per interview (429 when used up).',
  pathParams: { id: publicId },
  body: jsonBody(questionInput, 8),
  response: { status: 201, description: '{id, status: "pending", remaining}' },
  errors: [400, 401, 403, 404, 409, 422, 429],
});

export const assignLeftoverQuestions = endpoint({
  method: 'post', path: '/api/v1/interviews/{id}/questions/assign', tag: 'interviews', auth: 'session', permission: 'questions.moderate',
  summary: { zh: '会后问题全部分配给一位嘉宾', en: 'Assign all leftover questions to one guest' },
  description: 'After the end (ended or published): approved, unanswered questions not yet assigned (all of them with `includeAssigned`) go to one guest of the interview, due in 5 working days.',
  pathParams: { id: publicId },
  body: jsonBody(assignLeftoverInput, 4),
  response: { status: 200, description: '{assigned: [question ids], guestId, dueOn}' },
  errors: [400, 401, 403, 404, 409, 413, 422],
});

export const interviewEvents = endpoint({
  method: 'get', path: '/api/v1/interviews/{id}/events', tag: 'interviews', auth: 'optional',
  summary: { zh: '事件补发（sinceSeq 之后）', en: 'Events after sinceSeq (catch-up)' },
  pathParams: { id: publicId },
  query: z.object({ sinceSeq: z.coerce.number().int().min(0).default(0) }),
  response: { status: 200, description: '{items:[{seq, type, payload, at}], lastSeq}' },
  errors: [404, 422],
});

export const addRemark = endpoint({
  method: 'post', path: '/api/v1/interviews/{id}/remarks', tag: 'interviews', auth: 'session', permission: 'interviews.manage',
  summary: { zh: '主持人发言', en: 'Host remark' },
  pathParams: { id: publicId },
  body: jsonBody(remarkInput, 8),
  response: { status: 201, description: '{seq}' },
  errors: [400, 401, 403, 404, 409, 422],
});

export const actOnQuestion = endpoint({
  method: 'post', path: '/api/v1/questions/{id}/actions', tag: 'interviews', auth: 'session',
  summary: { zh: '问题操作（采用、不予采用、标星、编辑、合并、同问、正在回答、会后分配）', en: 'Act on a question' },
  description: '`reject {reason, note?}` (moderator): `reason` is one of duplicate, off_topic, personal_data, abusive, use_letters, other (422 otherwise); it and the optional `note` (2–200 characters) are shown to the asker only — in their `viewer.mine` and on their own connections (`question:mine`), never to other viewers. `assign {guestId, version?}` (moderator, after the end): one guest answers the approved question within 5 working days; reassigning is allowed until it is answered.',
  pathParams: { id: publicId },
  body: jsonBody(questionAction, 8),
  response: { status: 200, description: '{id, status, votes}' },
  errors: [400, 401, 403, 404, 409, 422],
});

export const assignedQuestions = endpoint({
  method: 'get', path: '/api/v1/questions/assigned', tag: 'interviews', auth: 'session', permission: 'interviews.answer',
  summary: { zh: '分配给我的会后问题', en: 'Leftover questions assigned to me' },
  description: 'open: unanswered, by due date (overdue = the due date has passed); answered: newest assignment first. 20 a page.',
  query: assignedQuery,
  response: { status: 200, description: '{items:[{id, body, dueOn, overdue, interview, draft, …}], total, page, pageSize, counts: {open, overdue, answered}, today}' },
  errors: [401, 403, 422],
});

export const publishAnswer = endpoint({
  method: 'post', path: '/api/v1/questions/{id}/answer', tag: 'interviews', auth: 'session', permission: 'interviews.answer',
  summary: { zh: '嘉宾答复', en: 'Publish an answer (guests)' },
  pathParams: { id: publicId },
  body: jsonBody(answerInput, 32),
  response: { status: 201, description: '{questionId, seq}' },
  errors: [400, 401, 403, 404, 409, 422],
});

export const correctAnswer = endpoint({
  method: 'put', path: '/api/v1/questions/{id}/answer', tag: 'interviews', auth: 'session', roles: ['leader', 'moderator'],
  summary: { zh: '更正答复（答复的嘉宾本人，或管理员并填写理由）', en: "Correct an answer (its author, or a moderator with a reason)" },
  pathParams: { id: publicId },
  body: jsonBody(correctionInput, 32),
  response: { status: 200, description: '{questionId, seq}' },
  errors: [400, 401, 403, 404, 409, 422],
});

export const saveDraft = endpoint({
  method: 'put', path: '/api/v1/questions/{id}/draft', tag: 'interviews', auth: 'session', permission: 'interviews.answer',
  summary: { zh: '保存答复草稿', en: 'Autosave an answer draft (guests)' },
  pathParams: { id: publicId },
  body: jsonBody(draftInput, 64),
  response: { status: 200, description: '{savedAt}' },
  errors: [400, 401, 403, 404, 422],
});

export const subscribeToInterview = endpoint({
  method: 'post', path: '/api/v1/interviews/{id}/subscription', tag: 'interviews', auth: 'session', permission: 'interviews.subscribe',
  summary: { zh: '订阅访谈提醒（开播、发布文字实录）', en: 'Subscribe to an interview (live and transcript notices)' },
  description: 'A citizen is notified (in-app and by e-mail, unless muted) when the interview goes live and when its transcript is published. Announced, live or ended interviews; idempotent. A draft is 404; a published interview 409.',
  pathParams: { id: publicId },
  response: { status: 200, description: '{interviewId, subscribed: true}' },
  errors: [404, 409],
});

export const unsubscribeFromInterview = endpoint({
  method: 'delete', path: '/api/v1/interviews/{id}/subscription', tag: 'interviews', auth: 'session', permission: 'interviews.subscribe',
  summary: { zh: '取消订阅访谈提醒', en: 'Unsubscribe from an interview' },
  description: 'Idempotent. A draft is 404.',
  pathParams: { id: publicId },
  response: { status: 200, description: '{interviewId, subscribed: false}' },
  errors: [404],
});

// ---- 图文直播 (lib/interviews/live-updates.ts) ----

const updateForm = z.object({
  body: z.string().optional().meta({ description: 'The text, at most 2000 characters (optional with a photo)' }),
  file: z.string().meta({ format: 'binary', description: `One photo ≤ 10 MB: JPEG, PNG or WebP (sniffed from its bytes), re-encoded as JPEG without EXIF/GPS, ≤ ${UPDATE_IMAGE_PX} px, with a ${UPDATE_SMALL_PX} px small size` }).optional(),
  alt: z.string().optional().meta({ description: 'The photo\'s alt text, 1–300 characters: required with `file`' }),
  caption: z.string().optional().meta({ description: 'The photo\'s caption, at most 200 characters' }),
});
const updatePath = { id: publicId, updateId: publicId };

export const postUpdate = endpoint({
  method: 'post', path: '/api/v1/interviews/{id}/updates', tag: 'interviews', auth: 'session', permission: 'interviews.manage',
  summary: { zh: '发布图文直播', en: 'Post a live text or photo update' },
  description: 'Multipart `body`, `file?`, `alt?`, `caption?` while the interview is live (409 otherwise). Text, a photo or both; a photo needs `alt` (422), anything but a JPEG, PNG or WebP image is 422. Viewers receive `update.posted {update: {id, body, author, at, image: {url, smallUrl, alt, caption, width, height} | null}}`; it stays in the event log for catch-up and appears in the transcript.',
  pathParams: { id: publicId },
  body: { schema: updateForm, mediaTypes: ['multipart/form-data'], maxKb: Math.ceil(MAX_UPDATE_BODY_BYTES / 1024), read: 'custom' },
  response: { status: 201, description: '{id, seq}', schema: z.object({ id: z.string(), seq: z.number().int() }) },
  errors: [400, 401, 403, 404, 409, 413, 422],
});

export const retractUpdate = endpoint({
  method: 'delete', path: '/api/v1/interviews/{id}/updates/{updateId}', tag: 'interviews', auth: 'session', permission: 'interviews.manage',
  summary: { zh: '撤回图文直播', en: 'Retract a live update' },
  description: 'Hides the update from the room, the big screen and the transcript, drops its photo and scrubs its text from the event log; viewers receive `update.retracted {updateId}`. 404 for an unknown update or one already retracted.',
  pathParams: updatePath,
  response: { status: 200, description: '{seq}' },
  errors: [401, 403, 404],
});

export const readUpdateImage = endpoint({
  method: 'get', path: '/api/v1/interviews/{id}/updates/{updateId}/image', tag: 'interviews', auth: 'public',
  summary: { zh: '图文直播的照片', en: 'A live update\'s photo' },
  description: 'The re-encoded JPEG of a posted update (`?variant=small`: the small size); public once posted. Cache-Control: public, no-cache — stored but revalidated on every use, so a retracted photo answers 404 at once; ETag (304 on If-None-Match while it is posted); X-Content-Type-Options: nosniff; Content-Security-Policy: sandbox. A retracted update, one without a photo or of another interview: 404.',
  pathParams: updatePath,
  query: updateImageRequest,
  validate: true,
  response: { status: 200, description: 'image/jpeg' },
  errors: [404, 422],
});
