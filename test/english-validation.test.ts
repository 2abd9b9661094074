import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerInput, signInInput } from '@/lib/accounts/validation';
import { departmentCreateInput } from '@/lib/accounts/departments';
import { applicationInput } from '@/lib/disclosure/application-validation';
import { letterAction, letterInput } from '@/lib/letters/validation';
import { errorResponse } from '@/lib/api/route';
import { AppError, fieldErrors, invalidInput, parseInput } from '@/lib/errors';
import { englishField } from '@/lib/errors/english-fields';
import { failureState } from '@/lib/forms';
import { PERMISSION_NAMES } from '@/lib/auth/permissions';
import en from '@/lib/i18n/messages/en.json';

/**
 * Validation messages in the reader's language (issue 15 item 5): the schemas keep their Chinese messages, and a
 * form or an API answer shown to someone who chose English carries English field messages — the same keys, the same
 * codes. The browser's own check (fieldErrors(error, 'en')), the server action (failureState) and the API
 * (errorResponse with the language cookie) all go through lib/errors/english-fields.ts.
 */
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;
const chineseIn = (fields: Record<string, string>) => Object.values(fields).filter((m) => CJK.test(m));

function errorOf(schema: z.ZodType, input: unknown): z.ZodError {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected the input to be refused');
  return result.error;
}

/** Refused inputs of the forms people meet most, and one of each kind of zod issue. */
const REFUSED: Array<[string, z.ZodType, unknown]> = [
  ['empty letter', letterInput, {}],
  ['letter too short, bad kind', letterInput, { kind: 'rant', title: '短', body: '太短', consentToPublish: 'yes', similarShown: 9 }],
  ['letter too long', letterInput, { kind: 'complaint', title: '长'.repeat(60), body: '长'.repeat(3100), consentToPublish: true }],
  ['reply too short', letterAction, { action: 'reply', body: '好', version: 1 }],
  ['extend by 0 days', letterAction, { action: 'extend', workingDays: 0, reason: '', version: 1 }],
  ['empty registration', registerInput, {}],
  ['bad registration', registerInput, { name: '', login: 'not-an-email', password: '1' }],
  ['empty sign-in', signInInput, {}],
  ['empty application', applicationInput, {}],
  ['organisation application without code', applicationInput, { applicantType: 'enterprise', name: '某公司', description: '想要的信息', delivery: 'paper' }],
  ['department with bad fields', departmentCreateInput, { name: '', nameEn: '中文', phone: 'abc', extra: 1 }],
];

describe('validation messages in English', () => {
  for (const [name, schema, input] of REFUSED) {
    it(`${name}: every field message in English, the Chinese ones unchanged`, () => {
      const error = errorOf(schema, input);
      const zh = fieldErrors(error);
      const english = fieldErrors(error, 'en');
      expect(Object.keys(english)).toEqual(Object.keys(zh));
      expect(Object.values(zh).some((m) => CJK.test(m))).toBe(true);
      expect(chineseIn(english), JSON.stringify(english)).toEqual([]);
    });
  }

  it('says what is wrong, limits included', () => {
    const letter = fieldErrors(errorOf(letterInput, { kind: 'complaint', title: '短', body: '长'.repeat(3100), consentToPublish: true }), 'en');
    expect(letter.title).toBe('At least 5 characters');
    expect(letter.body).toBe('At most 3000 characters');
    expect(fieldErrors(errorOf(letterInput, { kind: 'x', title: '标题足够长了', body: '内容'.repeat(10), consentToPublish: true }), 'en').kind)
      .toBe('Choose what kind of letter this is (enquiry, complaint or suggestion)');
    expect(englishField('该邮箱已被其他账号使用')).toBe('This email is used by another account');
    // An operation's own message that no rule knows stays as it was (and the e2e survey would show it).
    expect(englishField('某个尚未翻译的说明')).toBe('某个尚未翻译的说明');
    // Without a message rule, the code and limits speak.
    const plain = fieldErrors(errorOf(z.object({ n: z.number({ error: '数量' }).max(3, { error: '数量太多了' }) }), { n: 9 }), 'en');
    expect(plain.n).toBe('Must be at most 3');
  });

  it('the API answers English field messages to an English request, with the same code and keys', async () => {
    const error = invalidInput(errorOf(registerInput, {}));
    const english = new Request('http://localhost/api/v1/x', { headers: { cookie: 'minsheng-locale=en' } });
    const answer = await errorResponse(error, english).json();
    const chinese = await errorResponse(error, new Request('http://localhost/api/v1/x')).json();
    expect(answer.error.code).toBe('invalid_input');
    expect(Object.keys(answer.error.fields)).toEqual(Object.keys(chinese.error.fields));
    expect(chineseIn(answer.error.fields)).toEqual([]);
    expect(chineseIn(chinese.error.fields).length).toBeGreaterThan(0);
    // What zod said stays on the server: the body has code, message and fields only.
    expect(Object.keys(answer.error).sort()).toEqual(['code', 'fields', 'message']);
  });

  it('a server action’s form state is in English when the sender chose English', () => {
    let thrown: unknown;
    try {
      parseInput(departmentCreateInput, { name: '', phone: 'abc' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    const english = failureState(thrown, 'test', undefined, false, true);
    const chinese = failureState(thrown, 'test');
    expect(english.ok).toBe(false);
    expect(english.message).toBe('Some of what you entered is not valid; check the marked fields');
    expect(Object.keys(english.fields)).toEqual(Object.keys(chinese.fields));
    expect(chineseIn(english.fields)).toEqual([]);
    expect(CJK.test(chinese.message ?? '')).toBe(true);
    expect(failureState(new Error('boom'), 'test', undefined, false, true).message).toBe('That did not work; please try again later');
  });
});

describe('admin pages', () => {
  it('name every token scope in both languages (tokensAdmin.scopeLabels)', () => {
    const labels = en.tokensAdmin.scopeLabels as Record<string, string>;
    expect(PERMISSION_NAMES.filter((p) => !labels[p.replace('.', '_')])).toEqual([]);
    expect(Object.keys(labels).length).toBe(PERMISSION_NAMES.length);
  });
});
