import { z } from 'zod';
import { checkPasswordPolicy, COMMON_PASSWORD_MESSAGE, isCommonPassword } from './password-policy';

/** Shared field rules for registration, sign-in and admin forms; messages are shown to citizens as they are. */

const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const EMAIL = /^[a-z0-9._%+-]{1,64}@[a-z0-9.-]{1,180}\.[a-z]{2,24}$/;
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** "+86 138-0013-8000" → "13800138000"; emails lower-cased. Returns the value unchanged when it is neither. */
export function normaliseLogin(raw: string): string {
  const value = raw.trim();
  if (value.includes('@')) return value.toLowerCase();
  const digits = value.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return digits;
}

export type LoginKind = 'email' | 'phone';
export function loginKind(normalised: string): LoginKind | null {
  if (EMAIL.test(normalised)) return 'email';
  if (MAINLAND_MOBILE.test(normalised)) return 'phone';
  return null;
}

export const loginField = z
  .string({ error: '请输入邮箱或手机号' })
  .max(200, { error: '邮箱或手机号过长' })
  .transform(normaliseLogin)
  .refine((v) => v.length > 0, { error: '请输入邮箱或手机号' })
  .refine((v) => loginKind(v) !== null, { error: '请输入正确的邮箱或 11 位手机号' });

export const passwordForSignIn = z
  .string({ error: '请输入密码' })
  .min(1, { error: '请输入密码' })
  .max(128, { error: '密码过长（最多 128 个字符）' });

export const newPassword = z
  .string({ error: '请设置密码' })
  .min(8, { error: '密码至少 8 个字符' })
  .max(128, { error: '密码最多 128 个字符' })
  .refine((v) => !CONTROL_CHARS.test(v), { error: '密码不能包含控制字符' })
  .refine((v) => /[A-Za-z]/.test(v) && /\d/.test(v), { error: '密码需同时包含字母和数字' })
  .refine((v) => !isCommonPassword(v), { error: COMMON_PASSWORD_MESSAGE });

/**
 * A password set through an invitation, a reset link or a change (lib/accounts/password-policy.ts: ≥ 10 characters,
 * not a common one). Registration keeps its own older rule above (≥ 8, letters and digits) plus the common list.
 */
export const policyPassword = z
  .string({ error: '请设置密码' })
  .max(1024, { error: '密码最多 128 个字符' })
  .superRefine((v, ctx) => {
    const reason = checkPasswordPolicy(v);
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  });

export const personName = z
  .string({ error: '请输入姓名' })
  .max(200, { error: '姓名最多 30 个字符' })
  .transform((v) => v.normalize('NFC').trim().replace(/\s+/g, ' '))
  .refine((v) => v.length >= 1, { error: '请输入姓名' })
  .refine((v) => [...v].length <= 30, { error: '姓名最多 30 个字符' })
  .refine((v) => /^[\p{L}\p{M}\p{N} ·.'’-]+$/u.test(v), { error: '姓名只能包含文字、数字、空格和 · . - \'' });

export const signInInput = z.object({ login: loginField, password: passwordForSignIn });
export type SignInInput = z.infer<typeof signInInput>;

export const registerInput = z.object({ name: personName, login: loginField, password: newPassword });
export type RegisterInput = z.infer<typeof registerInput>;
