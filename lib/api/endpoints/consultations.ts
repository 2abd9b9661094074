import { z } from 'zod';
import { endpoint } from '../endpoint';
import { jsonBody, publicId } from './common';
import { commentAction, commentInput, consultationAction, consultationInput, consultationUpdate, MAX_ATTACHMENT_BODY_BYTES, MAX_CONSULTATION_ATTACHMENTS } from '../../consultations/validation';

/** 意见征集 (issue 16 item 2): endpoint declarations (lib/api/endpoint.ts). */

export const listConsultations = endpoint({
  method: 'get', path: '/api/v1/consultations', tag: 'consultations', auth: 'public',
  summary: { zh: '意见征集列表', en: 'Consultations' },
  response: { status: 200, description: '{items:[{id, slug, title, status: "open"|"closed"|"feedback_published", opensAt, closesAt, commentCount}]} — public ones (drafts are not listed); commentCount counts published comments' },
  errors: [],
});

export const createConsultation = endpoint({
  method: 'post', path: '/api/v1/consultations', tag: 'consultations', auth: 'session', permission: 'consultations.manage',
  summary: { zh: '起草意见征集', en: 'Draft a consultation' },
  description: 'A period shorter than 30 days needs `shortPeriodReason` (422 otherwise). `moderateComments` (default true): comments wait for a moderator; false publishes them at once. `commentQuota` (default 5): comments per citizen.',
  body: jsonBody(consultationInput, 256),
  response: { status: 201, description: '{id, slug}' },
  errors: [400, 401, 403, 413, 422],
});

export const readConsultation = endpoint({
  method: 'get', path: '/api/v1/consultations/{id}', tag: 'consultations', auth: 'optional',
  summary: { zh: '意见征集详情（含公开意见与反馈）', en: 'A consultation with its published comments and feedback' },
  description: 'A draft exists for moderators only (404 for everyone else). `sections[].commentCount` counts published comments per section; `feedback` once published.',
  pathParams: { id: publicId },
  response: { status: 200, description: '{id, slug, title, summary, status, department, opensAt, closesAt, shortPeriodReason, sections:[{heading, body, commentCount}], wholeCommentCount, comments:[{id, sectionIndex, author, body, createdAt, disposition?, reason?}], feedback, resultDocument}' },
  errors: [404],
});

export const updateConsultation = endpoint({
  method: 'put', path: '/api/v1/consultations/{id}', tag: 'consultations', auth: 'session', permission: 'consultations.manage',
  summary: { zh: '修改意见征集草稿', en: 'Edit a draft consultation' },
  description: 'Every field again with the `version` read; 409 when stale or no longer a draft.',
  pathParams: { id: publicId },
  body: jsonBody(consultationUpdate, 256),
  response: { status: 200, description: '{id, version}' },
  errors: [400, 401, 403, 404, 409, 413, 422],
});

export const actOnConsultation = endpoint({
  method: 'post', path: '/api/v1/consultations/{id}/actions', tag: 'consultations', auth: 'session', permission: 'consultations.manage',
  summary: { zh: '意见征集流程（发布、截止、发布反馈、关联文件）', en: 'Consultation lifecycle' },
  description: '`open` (draft), `close {reason?}` (open; a reason is required before `closesAt`), `publish_feedback` (closed; 409 while a comment is pending or an approved comment lacks a disposition; publishes the report as a catalogue item — under `categoryCode` when given (a catalogue category code, 422 if unknown), else 99 其他 — and notifies the commenters and subscribers), `link_document {itemId}` (the catalogue item the consultation led to).',
  pathParams: { id: publicId },
  body: jsonBody(consultationAction, 4),
  response: { status: 200, description: '{id, status, feedbackIndexNo?}' },
  errors: [400, 401, 403, 404, 409, 413, 422],
});

export const commentOnConsultation = endpoint({
  method: 'post', path: '/api/v1/consultations/{id}/comments', tag: 'consultations', auth: 'session', permission: 'consultations.comment', rateLimit: 'consultation.comment',
  summary: { zh: '提交意见', en: 'Comment on a consultation' },
  description: '`sectionIndex` (0-based) names a section; omitted: the whole draft. The public text is masked like letters. Each citizen has a quota per consultation (429 when used up); 409 when not open. `clientId` (optional, 8–64 of A–Z a–z 0–9 _ -): a resent comment with the same clientId returns the first one (201, same id, nothing added, no quota used) — also after the quota is used or the consultation closed; the same clientId on another consultation: 409.',
  pathParams: { id: publicId },
  body: jsonBody(commentInput, 16),
  response: { status: 201, description: '{id, status: "pending"|"approved"|"rejected", remaining}' },
  errors: [400, 401, 403, 404, 409, 413, 422, 429],
});

export const subscribeToConsultation = endpoint({
  method: 'post', path: '/api/v1/consultations/{id}/subscription', tag: 'consultations', auth: 'session', permission: 'consultations.subscribe',
  summary: { zh: '订阅意见征集提醒', en: 'Subscribe to a consultation' },
  description: 'Notified (in the bell and by e-mail) when it closes and when its feedback is published. Idempotent; 409 once the feedback is published.',
  pathParams: { id: publicId },
  response: { status: 200, description: '{consultationId, subscribed: true}' },
  errors: [401, 403, 404, 409],
});

export const unsubscribeFromConsultation = endpoint({
  method: 'delete', path: '/api/v1/consultations/{id}/subscription', tag: 'consultations', auth: 'session', permission: 'consultations.subscribe',
  summary: { zh: '取消订阅意见征集提醒', en: 'Unsubscribe from a consultation' },
  pathParams: { id: publicId },
  response: { status: 200, description: '{consultationId, subscribed: false}' },
  errors: [401, 403, 404],
});

export const actOnConsultationComment = endpoint({
  method: 'post', path: '/api/v1/consultation-comments/{id}/actions', tag: 'consultations', auth: 'session', permission: 'consultations.manage',
  summary: { zh: '意见审核与处理（公开、不予公开、采纳情况）', en: 'Moderate or dispose of a comment' },
  description: '`approve` / `reject {reason, note?}` a pending comment — `reason` is one of off_topic, personal_data, abusive, advertising, duplicate, use_letters, other (422 otherwise), told to the commenter (notification, `viewer.mine`) with the optional `note` (2–200 characters), never public; `dispose {disposition: adopted|partly_adopted|not_adopted, reason?}` an approved one after closing — `not_adopted` needs a reason (422).',
  pathParams: { id: publicId },
  body: jsonBody(commentAction, 8),
  response: { status: 200, description: '{id, status, disposition}' },
  errors: [400, 401, 403, 404, 409, 413, 422],
});

const attachmentUpload = z.object({
  file: z.string().meta({ format: 'binary', description: 'One PDF (≤ 10 MB), checked by its first bytes' }),
});

export const listConsultationAttachments = endpoint({
  method: 'get', path: '/api/v1/consultations/{id}/attachments', tag: 'consultations', auth: 'session', permission: 'consultations.manage',
  summary: { zh: '意见征集的附件（PDF）', en: 'A consultation\'s PDF attachments' },
  description: 'Every attachment, a draft\'s too (the public page lists them once the consultation is public). `canAdd`: until the feedback is published and while fewer than `max`; `canRemove`: while a draft or open.',
  pathParams: { id: publicId },
  response: { status: 200, description: '{items:[{id, fileName, sizeBytes, url}], canAdd, canRemove, max}' },
  errors: [401, 403, 404],
});

export const addConsultationAttachment = endpoint({
  method: 'post', path: '/api/v1/consultations/{id}/attachments', tag: 'consultations', auth: 'session', permission: 'consultations.manage',
  summary: { zh: '为意见征集上传附件（PDF）', en: 'Attach a PDF to a consultation' },
  description: `Multipart field \`file\`: one PDF (checked by its first bytes; 422 otherwise, or over 10 MB, or past ${MAX_CONSULTATION_ATTACHMENTS} attachments). 409 once the feedback is published. Public with the consultation (at /disclosure/files/{fileId}); a draft's only to moderators.`,
  pathParams: { id: publicId },
  body: { schema: attachmentUpload, mediaTypes: ['multipart/form-data'], maxKb: Math.ceil(MAX_ATTACHMENT_BODY_BYTES / 1024), read: 'custom' },
  response: { status: 201, description: '{id, fileName}' },
  errors: [400, 401, 403, 404, 409, 413, 422],
});

export const removeConsultationAttachment = endpoint({
  method: 'delete', path: '/api/v1/consultations/{id}/attachments/{fileId}', tag: 'consultations', auth: 'session', permission: 'consultations.manage',
  summary: { zh: '删除意见征集的附件', en: 'Remove a consultation attachment' },
  description: 'While the consultation is a draft or open (409 after closing: what was consulted on stays on the record). The file is deleted with its link (its download address answers 404 at once); the audit row keeps its name and SHA-256. 404 for a file not attached to this consultation.',
  pathParams: { id: publicId, fileId: publicId },
  response: { status: 200, description: '{id, removed: true}' },
  errors: [401, 403, 404, 409],
});
