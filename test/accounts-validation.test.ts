import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { fieldErrors } from '@/lib/errors';
import { loginKind, normaliseLogin, registerInput, signInInput } from '@/lib/accounts/validation';

const good = { name: '陈小明', login: 'chen@example.com', password: 'Minsheng2026' };
const FOUR_KB = 'a'.repeat(4096);

/** Field → first Chinese message, as the API's 422 body carries them; {} when the input is accepted. */
function problems(schema: z.ZodType, input: unknown): Record<string, string> {
  const result = schema.safeParse(input);
  return result.success ? {} : fieldErrors(result.error);
}

describe('normaliseLogin', () => {
  it.each([
    ['+86 138-0013-8000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['  13800138000  ', '13800138000'],
    ['Chen.Xiao@Example.COM', 'chen.xiao@example.com'],
    ['  USER+tag@MAIL.example.cn ', 'user+tag@mail.example.cn'],
  ])('%j → %j', (raw, expected) => {
    expect(normaliseLogin(raw)).toBe(expected);
  });

  it('leaves something that is neither an email nor a mobile number alone (and it is no login)', () => {
    expect(normaliseLogin('+1 555 0100')).toBe('+15550100');
    expect(loginKind(normaliseLogin('+1 555 0100'))).toBeNull();
  });

  it.each([
    ['13800138000', 'phone'],
    ['19912345678', 'phone'],
    ['a@example.com', 'email'],
    ['12800138000', null],
    ['1380013800', null],
    ['user@localhost', null],
  ])('loginKind(%j) = %j', (login, kind) => {
    expect(loginKind(login)).toBe(kind);
  });
});

describe('registerInput', () => {
  it('accepts a good registration and normalises it', () => {
    const parsed = registerInput.parse({ name: '  陈   小明 ', login: ' Chen@Example.com ', password: 'Minsheng2026' });
    expect(parsed).toEqual({ name: '陈 小明', login: 'chen@example.com', password: 'Minsheng2026' });
  });

  it.each([
    ['a Chinese name', { ...good, name: '欧阳娜娜' }],
    ['a name with the middle dot', { ...good, name: '买买提·艾力' }],
    ['a Latin name with apostrophe and hyphen', { ...good, name: "Anne-Marie O'Neil" }],
    ['a 30-character name', { ...good, name: '张'.repeat(30) }],
    ['a phone login with +86 and dashes', { ...good, login: '+86 138-0013-8000' }],
    ['a 128-character password', { ...good, password: `a1${'x'.repeat(126)}` }],
  ])('accepts %s', (_label, input) => {
    expect(problems(registerInput, input)).toEqual({});
  });

  it('names every missing field', () => {
    expect(problems(registerInput, {})).toEqual({
      name: '请输入姓名',
      login: '请输入邮箱或手机号',
      password: '请设置密码',
    });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a blank name', { name: '   ' }, 'name', '请输入姓名'],
    ['a 4 KB name', { name: FOUR_KB }, 'name', '姓名最多 30 个字符'],
    ['a 31-character name', { name: '张'.repeat(31) }, 'name', '姓名最多 30 个字符'],
    ['HTML in the name', { name: '<script>alert(1)</script>' }, 'name', "姓名只能包含文字、数字、空格和 · . - '"],
    ['an SQL fragment in the name', { name: "' OR 1=1 --" }, 'name', "姓名只能包含文字、数字、空格和 · . - '"],
    ['SQL comment and semicolon in the name', { name: '张三; DROP TABLE users' }, 'name', "姓名只能包含文字、数字、空格和 · . - '"],
    ['emoji in the name', { name: '张三😀' }, 'name', "姓名只能包含文字、数字、空格和 · . - '"],
    ['a control character in the name', { name: '张\u0000三' }, 'name', "姓名只能包含文字、数字、空格和 · . - '"],
    ['a bell character in the name', { name: '张三\u0007' }, 'name', "姓名只能包含文字、数字、空格和 · . - '"],
    ['a name that is not a string', { name: 42 }, 'name', '请输入姓名'],
    ['a 4 KB login', { login: `${FOUR_KB}@example.com` }, 'login', '邮箱或手机号过长'],
    ['an empty login', { login: '  ' }, 'login', '请输入邮箱或手机号'],
    ['an email without a domain', { login: 'chen@' }, 'login', '请输入正确的邮箱或 11 位手机号'],
    ['an email without a top-level domain', { login: 'chen@localhost' }, 'login', '请输入正确的邮箱或 11 位手机号'],
    ['an email with two @', { login: 'chen@@example.com' }, 'login', '请输入正确的邮箱或 11 位手机号'],
    ['HTML as email', { login: '<script>@example.com' }, 'login', '请输入正确的邮箱或 11 位手机号'],
    ['a control character in the email', { login: 'chen\u0000@example.com' }, 'login', '请输入正确的邮箱或 11 位手机号'],
    ['a 10-digit phone', { login: '1380013800' }, 'login', '请输入正确的邮箱或 11 位手机号'],
    ['a phone starting 12', { login: '12800138000' }, 'login', '请输入正确的邮箱或 11 位手机号'],
    ['a phone with letters', { login: '1380013800O' }, 'login', '请输入正确的邮箱或 11 位手机号'],
    ['a short password', { password: 'a1b2c3' }, 'password', '密码至少 8 个字符'],
    ['a password without a digit', { password: 'minsheng-demo' }, 'password', '密码需同时包含字母和数字'],
    ['a password without a letter', { password: '1234567890' }, 'password', '密码需同时包含字母和数字'],
    ['a 4 KB password', { password: `a1${FOUR_KB}` }, 'password', '密码最多 128 个字符'],
    ['a control character in the password', { password: 'Minsheng2026\u0007' }, 'password', '密码不能包含控制字符'],
    ['a newline in the password', { password: 'Minsheng\n2026' }, 'password', '密码不能包含控制字符'],
  ])('rejects %s', (_label, change, field, message) => {
    const found = problems(registerInput, { ...good, ...change });
    expect(found).toEqual({ [field]: message });
  });
});

describe('signInInput', () => {
  it.each([
    [{ login: 'Citizen@Example.com', password: 'minsheng-demo' }, { login: 'citizen@example.com', password: 'minsheng-demo' }],
    [{ login: '+86 138 0013 8000', password: 'x' }, { login: '13800138000', password: 'x' }],
  ])('accepts %j', (input, expected) => {
    expect(signInInput.parse(input)).toEqual(expected);
  });

  it('names both missing fields', () => {
    expect(problems(signInInput, {})).toEqual({ login: '请输入邮箱或手机号', password: '请输入密码' });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['an empty password', { password: '' }, 'password', '请输入密码'],
    ['a 4 KB password', { password: FOUR_KB }, 'password', '密码过长（最多 128 个字符）'],
    ['a 4 KB login', { login: FOUR_KB }, 'login', '邮箱或手机号过长'],
    ['a malformed email', { login: 'citizen@example' }, 'login', '请输入正确的邮箱或 11 位手机号'],
    ['a malformed phone', { login: '+86 038 0013 8000' }, 'login', '请输入正确的邮箱或 11 位手机号'],
    ['an SQL fragment as login', { login: "' OR 1=1 --" }, 'login', '请输入正确的邮箱或 11 位手机号'],
    ['an array as login', { login: ['citizen@example.com'] }, 'login', '请输入邮箱或手机号'],
  ])('rejects %s', (_label, change, field, message) => {
    expect(problems(signInInput, { login: 'citizen@example.com', password: 'minsheng-demo', ...change })).toEqual({ [field]: message });
  });
});
