import { z } from 'zod';
import { endpoint } from '../endpoint';
import { jsonBody, publicId } from './common';
import { departmentCreateInput, departmentUpdateInput } from '../../accounts/departments';
import { organisationInput } from '../../accounts/organisation';
import { calendarDayInput, calendarDayRemoveInput } from '../../calendar/admin';
import { deadlinesInput } from '../../letters/deadline-settings';
import { accountabilityInput } from '../../accountability/settings';
import { outboxQuery } from '../../notifications';
import { tokenCreateInput, tokenListQuery } from '../../tokens';

/**
 * Administration: working-day calendar and limits, organisation profile, departments, the e-mail outbox and API
 * tokens: endpoint declarations (lib/api/endpoint.ts).
 */

export const listCalendar = endpoint({
  method: 'get', path: '/api/v1/admin/calendar', tag: 'admin', auth: 'session', permission: 'admin.calendar',
  summary: { zh: '工作日历', en: 'Working-day calendar' },
  response: { status: 200, description: '{items: [{year, status, source, days: [{day, kind, name}]}]}' },
  errors: [401, 403],
});

export const setCalendarDay = endpoint({
  method: 'post', path: '/api/v1/admin/calendar', tag: 'admin', auth: 'session', permission: 'admin.calendar',
  summary: { zh: '添加或修改节假日 / 调休上班日', en: 'Add or replace a holiday or make-up workday' },
  description: 'Due dates of open letters are recomputed in the same transaction.',
  body: jsonBody(calendarDayInput, 4),
  response: { status: 200, description: 'The calendar year' },
  errors: [400, 401, 403, 409, 413, 422],
});

export const removeCalendarDay = endpoint({
  method: 'delete', path: '/api/v1/admin/calendar', tag: 'admin', auth: 'session', permission: 'admin.calendar',
  summary: { zh: '删除日历中的一天', en: 'Remove a day from the calendar' },
  query: calendarDayRemoveInput,
  response: { status: 200, description: 'The calendar year' },
  errors: [401, 403, 404, 422],
});

export const readDeadlines = endpoint({
  method: 'get', path: '/api/v1/admin/deadlines', tag: 'admin', auth: 'session', permission: 'admin.calendar',
  summary: { zh: '办理时限（工作日）', en: 'Working-day limits per letter kind and for triage' },
  response: { status: 200, description: '{inquiry, suggestion, complaint, triage, applicationReplyDays}' },
  errors: [401, 403],
});

export const updateDeadlines = endpoint({
  method: 'patch', path: '/api/v1/admin/deadlines', tag: 'admin', auth: 'session', permission: 'admin.calendar',
  summary: { zh: '修改办理时限', en: 'Change the working-day limits' },
  description: 'Letters: inquiry, suggestion, complaint, triage (1–60). applicationReplyDays: the bureau\'s own reply limit for applications for information (1–20, default the regulation\'s 20). Open letters and applications follow the change (remaining days move by it; due dates are recomputed).',
  body: jsonBody(deadlinesInput, 4),
  response: { status: 200, description: 'The limits' },
  errors: [400, 401, 403, 413, 422],
});

// ---- Organisation and departments (机构与部门) ----

export const readOrganisation = endpoint({
  method: 'get', path: '/api/v1/admin/organisation', tag: 'admin', auth: 'session', permission: 'admin.organisation',
  summary: { zh: '机构信息', en: 'Organisation profile' },
  response: { status: 200, description: '{name, nameEn, code, address, postcode, phone, email, officeHours, disclosureOffice}' },
  errors: [401, 403, 409],
});

export const updateOrganisation = endpoint({
  method: 'patch', path: '/api/v1/admin/organisation', tag: 'admin', auth: 'session', permission: 'admin.organisation',
  summary: { zh: '修改机构信息', en: 'Edit the organisation profile' },
  description: 'The footer, the disclosure guide and the annual report show it. A new code applies to new index numbers only. An edit that changes nothing answers changed: false and records nothing.',
  body: jsonBody(organisationInput, 8),
  response: { status: 200, description: '{changed, changedFields, organisation}' },
  errors: [400, 401, 403, 409, 413, 422],
});

export const listDepartments = endpoint({
  method: 'get', path: '/api/v1/admin/departments', tag: 'admin', auth: 'session', permission: 'admin.departments',
  summary: { zh: '全部部门（含已停用）', en: 'All departments, inactive ones too' },
  response: { status: 200, description: '{items:[{id, name, nameEn, duties, phone, sortOrder, active, openLetters, staff}]}' },
  errors: [401, 403],
});

export const createDepartment = endpoint({
  method: 'post', path: '/api/v1/admin/departments', tag: 'admin', auth: 'session', permission: 'admin.departments',
  summary: { zh: '新建部门', en: 'Create a department' },
  description: 'A name already used by another department (active or not) → 409.',
  body: jsonBody(departmentCreateInput, 8),
  response: { status: 201, description: '{id}', schema: z.object({ id: z.string() }) },
  errors: [400, 401, 403, 409, 413, 422],
});

export const updateDepartment = endpoint({
  method: 'patch', path: '/api/v1/admin/departments/{id}', tag: 'admin', auth: 'session', permission: 'admin.departments',
  summary: { zh: '修改、排序、停用或启用部门', en: 'Rename, describe, reorder, deactivate or reactivate a department' },
  description: 'Finished letters keep the name they were handled under. Deactivating a department with open letters needs moveOpenTo (another active department), which moves them in the same step; without it → 409 and nothing changes.',
  pathParams: { id: publicId },
  body: jsonBody(departmentUpdateInput, 8),
  response: { status: 200, description: '{changed, moved, department}' },
  errors: [400, 401, 403, 404, 409, 413, 422],
});

// ---- E-mail outbox (发件箱) ----

export const listOutbox = endpoint({
  method: 'get', path: '/api/v1/admin/outbox', tag: 'admin', auth: 'session', permission: 'admin.users',
  summary: { zh: '邮件发件箱', en: 'E-mail outbox' },
  description: 'What was or would be e-mailed, newest first; `to` narrows to one address.',
  query: outboxQuery,
  response: { status: 200, description: '{items:[{id, to, subject, text, createdAt, sentAt, attempts, lastError}], total, page, pageSize}' },
  errors: [401, 403, 422],
});

// ---- API tokens (接口令牌): managed with an admin's session only, never with a token ----

export const listTokens = endpoint({
  method: 'get', path: '/api/v1/admin/tokens', tag: 'admin', auth: 'session', permission: 'admin.tokens', bearer: false,
  summary: { zh: 'API 令牌列表', en: 'API tokens' },
  description: 'Without secrets: name, prefix, scopes, the account it acts as, expiry, last use, status (active, expired, revoked).',
  query: tokenListQuery,
  response: { status: 200, description: '{items:[{id, name, prefix, scopes, actAs, serviceAccount, createdAt, expiresAt, lastUsedAt, revokedAt, status}], total, page, pageSize}' },
  errors: [401, 403, 422],
});

export const createToken = endpoint({
  method: 'post', path: '/api/v1/admin/tokens', tag: 'admin', auth: 'session', permission: 'admin.tokens', bearer: false,
  summary: { zh: '创建 API 令牌', en: 'Create an API token' },
  description: "scopes are permission names; actAs is a staff account's id (without it a service account is created: moderator or admin, the narrowest holding every scope). expiresAt defaults to 365 days, at most 3 years. The secret (`msk_…`) is in this response only. docs/API-TOKENS.md.",
  body: jsonBody(tokenCreateInput, 4),
  response: { status: 201, description: '{id, token, expiresAt, actAs}', schema: z.object({ id: z.string(), token: z.string(), expiresAt: z.string(), actAs: z.string() }) },
  errors: [400, 401, 403, 413, 422],
});

export const revokeToken = endpoint({
  method: 'delete', path: '/api/v1/admin/tokens/{id}', tag: 'admin', auth: 'session', permission: 'admin.tokens', bearer: false,
  summary: { zh: '撤销 API 令牌（立即生效）', en: 'Revoke an API token (at once)' },
  description: "The token's next request is a 401. A service account made for the token is disabled with it. Already revoked → 409.",
  pathParams: { id: publicId },
  response: { status: 200, description: '{id, revokedAt}' },
  errors: [401, 403, 404, 409],
});

// ---- Accountability loop limits (问责闭环时限, issue 14) ----

export const readAccountabilitySettings = endpoint({
  method: 'get', path: '/api/v1/admin/accountability-settings', tag: 'admin', auth: 'session', permission: 'admin.calendar',
  summary: { zh: '督办催办与回访时限（工作日）', en: 'Accountability limits in working days' },
  response: { status: 200, description: '{dueSoon, urgeInterval, ratingReminder, autoClose}' },
  errors: [401, 403],
});

export const updateAccountabilitySettings = endpoint({
  method: 'put', path: '/api/v1/admin/accountability-settings', tag: 'admin', auth: 'session', permission: 'admin.calendar',
  summary: { zh: '修改督办催办与回访时限', en: 'Set the accountability limits' },
  description: 'All four limits, integers 1–60 working days: dueSoon (due-soon notice before the due date), urgeInterval (a citizen 催办 at most once in this many), ratingReminder (rating reminder after the answer), autoClose (unrated answers close as 未评价). The escalation ladder uses them from its next run.',
  body: jsonBody(accountabilityInput, 4),
  response: { status: 200, description: '{dueSoon, urgeInterval, ratingReminder, autoClose}' },
  errors: [400, 401, 403, 413, 422],
});
