import { z } from 'zod';
import { endpoint } from '../endpoint';
import { jsonBody, publicId } from './common';
import { userListQuery, userUpdateInput } from '../../accounts/admin';
import { acceptInvitationInput, invitationInput, invitationListQuery } from '../../accounts/invitations';
import { resetInput, resetRequestInput } from '../../accounts/password-reset';
import { changeLoginInput, changePasswordInput, preferencesInput, signOutEverywhereInput } from '../../accounts/self-service';
import { registerInput } from '../../accounts/validation';
import { LOCALES } from '../../i18n/config';

/**
 * Accounts: registration, invitations, password reset, the account's own settings, and the admin's user list and
 * invitations: endpoint declarations (lib/api/endpoint.ts).
 */

const registered = z.object({ id: z.string(), name: z.string(), role: z.literal('citizen') });

export const register = endpoint({
  method: 'post', path: '/api/v1/register', tag: 'accounts', auth: 'public', rateLimit: 'register',
  summary: { zh: '市民注册', en: 'Citizen self-registration' },
  description: 'Signed-in users get 409. A login already taken is a 422 on `login`.',
  body: jsonBody(registerInput, 16),
  response: { status: 201, description: 'The new citizen account', schema: registered },
  errors: [400, 409, 413, 422, 429],
});

export const listUsers = endpoint({
  method: 'get', path: '/api/v1/admin/users', tag: 'admin', auth: 'session', permission: 'admin.users',
  summary: { zh: '账号列表', en: 'Accounts' },
  query: userListQuery,
  response: { status: 200, description: '{items, total, page, pageSize}' },
  errors: [401, 403, 422],
});

export const updateUser = endpoint({
  method: 'patch', path: '/api/v1/admin/users/{id}', tag: 'admin', auth: 'session', permission: 'admin.users',
  summary: { zh: '修改账号角色、部门或状态', en: "Change an account's role, department or status" },
  pathParams: { id: publicId },
  body: jsonBody(userUpdateInput, 4),
  response: { status: 200, description: 'The account; takes effect from its next request' },
  errors: [400, 401, 403, 404, 409, 413, 422],
});

export const forcePasswordReset = endpoint({
  method: 'post', path: '/api/v1/admin/users/{id}/password-reset', tag: 'admin', auth: 'session', permission: 'admin.users',
  summary: { zh: '强制重置密码', en: 'Force a password reset' },
  description: "The password stops working, every session of the account ends and a reset link good for 72 hours is e-mailed. Not for one's own account, a disabled one or one without an e-mail (409).",
  pathParams: { id: publicId },
  response: { status: 200, description: 'The account' },
  errors: [401, 403, 404, 409],
});

// ---- Staff invitations (邀请工作人员) ----

export const listInvitations = endpoint({
  method: 'get', path: '/api/v1/admin/invitations', tag: 'admin', auth: 'session', permission: 'admin.users',
  summary: { zh: '工作人员邀请列表', en: 'Staff invitations' },
  query: invitationListQuery,
  response: { status: 200, description: '{items:[{id, email, name, role, department, title, invitedBy, createdAt, expiresAt, acceptedAt, revokedAt, status}], total, page, pageSize}' },
  errors: [401, 403, 422],
});

export const createInvitation = endpoint({
  method: 'post', path: '/api/v1/admin/invitations', tag: 'admin', auth: 'session', permission: 'admin.users',
  summary: { zh: '邀请工作人员（邮件发送一次性链接）', en: 'Invite a staff member by e-mail (one-time link)' },
  description: 'The e-mail (outbox) carries an absolute link built from NEXTAUTH_URL whose last path segment is the token; valid 72 hours, once. Only a hash of the token is stored. A newer invitation to the same address revokes the pending one. `locale` (zh-CN or en; default: the inviting admin\'s account language) is the language of the e-mail and of the invitation page for a visitor without a language cookie.',
  body: jsonBody(invitationInput, 4),
  response: { status: 201, description: '{id, expiresAt, locale}', schema: z.object({ id: z.string(), expiresAt: z.string(), locale: z.enum(LOCALES) }) },
  errors: [400, 401, 403, 413, 422],
});

export const revokeInvitation = endpoint({
  method: 'delete', path: '/api/v1/admin/invitations/{id}', tag: 'admin', auth: 'session', permission: 'admin.users',
  summary: { zh: '撤销邀请', en: 'Revoke an invitation' },
  description: 'Used, expired or already revoked → 409.',
  pathParams: { id: publicId },
  response: { status: 200, description: 'The invitation, now revoked' },
  errors: [401, 403, 404, 409],
});

/** Public: the link's token is the credential (an unknown, used, expired or revoked one is a 410, for visitors too). */
export const acceptInvitation = endpoint({
  method: 'post', path: '/api/v1/invitations/{token}', tag: 'accounts', auth: 'public', rateLimit: 'password.link',
  summary: { zh: '接受邀请并设置密码', en: 'Accept an invitation: set the password' },
  description: 'Creates the invited account with its role, department and title. Used, expired, revoked or unknown links → 410.',
  pathParams: { token: z.string().max(64).meta({ description: 'the token from the invitation e-mail' }) },
  body: jsonBody(acceptInvitationInput, 4),
  response: { status: 201, description: '{id, email, role}', schema: z.object({ id: z.string(), email: z.string(), role: z.string() }) },
  errors: [400, 409, 410, 413, 422, 429],
});

// ---- Password reset (找回密码) ----

export const requestPasswordReset = endpoint({
  method: 'post', path: '/api/v1/password-reset', tag: 'accounts', auth: 'public', rateLimit: 'password.reset',
  summary: { zh: '找回密码（发送重置邮件）', en: 'Ask for a password reset e-mail' },
  description: 'Always 202 with the same message, whether or not the account exists; an existing active account with an e-mail gets a link good for 30 minutes, once. Throttled per address.',
  body: jsonBody(resetRequestInput, 2),
  response: { status: 202, description: '{message}', schema: z.object({ message: z.string() }) },
  errors: [400, 413, 422, 429],
});

export const resetPassword = endpoint({
  method: 'post', path: '/api/v1/password-reset/{token}', tag: 'accounts', auth: 'public', rateLimit: 'password.link',
  summary: { zh: '通过重置链接设置新密码', en: 'Set a new password through a reset link' },
  description: 'Every session of the account ends. Used, expired or unknown links → 410.',
  pathParams: { token: z.string().max(64).meta({ description: 'the token from the reset e-mail' }) },
  body: jsonBody(resetInput, 4),
  response: { status: 200, description: '{ok: true}', schema: z.object({ ok: z.literal(true) }) },
  errors: [400, 410, 413, 422, 429],
});

// ---- My account (账号设置): the account's own credentials take a session, never an API token ----

export const readAccount = endpoint({
  method: 'get', path: '/api/v1/account', tag: 'accounts', auth: 'session',
  summary: { zh: '我的账号', en: 'My account' },
  response: { status: 200, description: '{id, name, email, phone, role, emailMuted}' },
  errors: [401],
});

export const changeLogin = endpoint({
  method: 'patch', path: '/api/v1/account', tag: 'accounts', auth: 'session', bearer: false,
  summary: { zh: '修改登录邮箱或手机号', en: 'Change the sign-in e-mail or phone' },
  description: 'The current password is required; the new e-mail or phone must not belong to another account (422).',
  body: jsonBody(changeLoginInput, 4),
  response: { status: 200, description: 'The account' },
  errors: [400, 401, 413, 422, 429],
});

export const changePassword = endpoint({
  method: 'post', path: '/api/v1/account/password', tag: 'accounts', auth: 'session', bearer: false,
  summary: { zh: '修改密码', en: 'Change my password' },
  description: 'The current password is required. Every other session of the account ends; the response sets a fresh session cookie for this one.',
  body: jsonBody(changePasswordInput, 4),
  response: { status: 200, description: '{ok: true}', schema: z.object({ ok: z.literal(true) }) },
  errors: [400, 401, 413, 422, 429],
});

export const setNotificationPreferences = endpoint({
  method: 'put', path: '/api/v1/account/notifications', tag: 'accounts', auth: 'session', bearer: false,
  summary: { zh: '通知邮件偏好', en: 'E-mail preferences per notification kind' },
  description: 'In-app notifications always arrive; `emailMuted` lists the kinds that send no e-mail.',
  body: jsonBody(preferencesInput, 8),
  response: { status: 200, description: 'The account' },
  errors: [400, 401, 413, 422],
});

export const signOutEverywhere = endpoint({
  method: 'post', path: '/api/v1/account/sign-out-everywhere', tag: 'accounts', auth: 'session', bearer: false,
  summary: { zh: '退出所有设备', en: 'Sign out everywhere' },
  body: jsonBody(signOutEverywhereInput, 1),
  response: { status: 200, description: '{ok: true}; every session of the account has ended, this one too', schema: z.object({ ok: z.literal(true) }) },
  errors: [400, 401, 413, 422],
});

export const listSubscriptions = endpoint({
  method: 'get', path: '/api/v1/account/subscriptions', tag: 'accounts', auth: 'session', permission: 'interviews.subscribe',
  summary: { zh: '我的订阅', en: 'My subscriptions' },
  description: 'The interviews and consultations the citizen subscribed to, newest first; each item names its public page (`href`) and the address that cancels it (`endpoint`, DELETE).',
  response: { status: 200, description: '{items:[{kind: "interview"|"consultation", id, title, status, at, href, endpoint, subscribedAt}]}' },
  errors: [401, 403],
});
