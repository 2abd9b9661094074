import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signInErrorKey, signInLockedMinutes } from '@/lib/auth/redirect';
import { lockedMessage } from '@/lib/accounts/throttle';
import { errorResponse } from '@/lib/api/route';
import { AppError, notFound, unauthenticated } from '@/lib/errors';
import { englishMessage } from '@/lib/errors/english';
import { NOTIFICATION_GROUP_KEYS, NOTIFICATION_KINDS } from '@/lib/notifications/kinds';
import en from '@/lib/i18n/messages/en.json';
import zh from '@/lib/i18n/messages/zh-CN.json';

/**
 * Complete English (issue 15 item 5), the parts a unit test can hold: both catalogues carry the same keys in the
 * same order, English messages hold no Chinese except marked examples, every code the pages translate has its
 * message, and the sign-in errors are codes. e2e/english.spec.ts renders the pages.
 */
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;

function flatten(value: unknown, prefix = ''): Array<[string, string]> {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  return [[prefix, String(value)]];
}

const enFlat = flatten(en);
const zhFlat = flatten(zh);
const has = (catalogue: Array<[string, string]>, key: string) => catalogue.some(([k]) => k === key);

describe('the English catalogue', () => {
  it('has the Chinese catalogue’s keys, in the same order', () => {
    expect(enFlat.map(([k]) => k)).toEqual(zhFlat.map(([k]) => k));
  });

  it('holds no Chinese outside <zh>…</zh> examples, except the language switch naming Chinese', () => {
    const allowed = new Set(['prefs.language', 'prefs.languageLabel', 'disclosureStaff.pageBodyHint', 'calendarAdmin.nameHint']);
    const found = enFlat.filter(([k, v]) => !allowed.has(k) && CJK.test(v.replace(/<zh>[^<]*<\/zh>/g, '')));
    expect(found).toEqual([]);
  });

  it('names every notification kind and group', () => {
    for (const { kind, group } of NOTIFICATION_KINDS) {
      expect(has(enFlat, `accountUi.kinds.${kind}`), kind).toBe(true);
      expect(has(enFlat, `accountUi.groups.${NOTIFICATION_GROUP_KEYS[group]}`), group).toBe(true);
    }
  });

  it('says every inspection-radar detail (lib/accountability/compliance.ts message keys)', () => {
    const source = readFileSync(path.join(__dirname, '../lib/accountability/compliance.ts'), 'utf8');
    const keys = [...source.matchAll(/key: (?:status === 'fail' \? )?'(\w+)'(?: : '(\w+)')?/g)].flatMap((m) => [m[1], m[2]]).filter(Boolean) as string[];
    expect(keys.length).toBeGreaterThan(15);
    for (const key of keys) expect(has(enFlat, `complianceUi.details.${key}`), key).toBe(true);
  });
});

describe('sign-in errors as codes', () => {
  it('knows a disabled account by its code', () => {
    expect(signInErrorKey('AccountDisabled')).toBe('disabled');
  });

  it('takes only the minutes from the lock’s message, and nothing from any other text', () => {
    expect(signInLockedMinutes(lockedMessage(90))).toBe(2);
    for (const text of ['登录失败次数过多，请 2 分钟后再试。', '请 2 分钟后再试', 'Locked 2', '登录失败次数过多，请 99999 分钟后再试', undefined, 2]) {
      expect(signInLockedMinutes(text)).toBeNull();
    }
  });
});

describe('server error messages follow the request’s language', () => {
  const english = new Request('http://localhost/api/v1/x', { headers: { cookie: 'a=1; minsheng-locale=en' } });
  const chinese = new Request('http://localhost/api/v1/x', { headers: { cookie: 'minsheng-locale=zh-CN' } });

  it('keeps the code, status and field keys, and says the messages in English when English was chosen', async () => {
    const error = new AppError('invalid_input', '提交的内容有误，请检查标出的项目', { title: '标题至少 5 个字' });
    const response = errorResponse(error, english);
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ error: { code: 'invalid_input', message: 'Some of what you entered is not valid; check the marked fields', fields: { title: 'At least 5 characters' } } });
    expect((await errorResponse(unauthenticated(), chinese).json()).error.message).toBe('请先登录');
    expect((await errorResponse(notFound(), english).json()).error).toEqual({ code: 'not_found', message: 'Not found, or you may not see it' });
  });

  it('translates numbered messages and leaves unknown ones as they are', () => {
    expect(englishMessage(lockedMessage(300))).toBe('Too many failed sign-ins; please try again in 5 minutes');
    expect(englishMessage('某个尚未翻译的消息')).toBe('某个尚未翻译的消息');
  });
});

describe('file names on pages are user content', () => {
  // A file keeps the name its uploader gave it, Chinese or not: where a page shows one (as text or inside an image's
  // alternative text), the element is marked data-user-content, or the English check of e2e/english.spec.ts fails on
  // whichever page an earlier test uploaded a Chinese-named file to (seen: a letter's "授权矩阵.pdf").
  // A button's text cannot be marked in part; the moderator's own upload in a detach button is the one exception.
  const EXCEPTIONS = [/submit=\{t\('detach', \{ name: a\.fileName \}\)\}/];
  it('every JSX line that renders a fileName marks it', async () => {
    const { readdirSync } = await import('node:fs');
    const root = path.resolve(__dirname, '..');
    const unmarked: string[] = [];
    const files = (readdirSync(path.join(root, 'app'), { recursive: true }) as string[]).filter((f) => f.endsWith('.tsx')).map((f) => path.join('app', f));
    for (const file of files) {
      const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
      lines.forEach((line, i) => {
        const renders = /\{[\w.]+\.fileName\}|name: [\w.]+\.fileName/.test(line.replace(/download=\{[\w.]+\.fileName\}/g, ''));
        // The mark may sit on the element's opening tag, the line before its text.
        const marked = line.includes('data-user-content') || (lines[i - 1] ?? '').includes('data-user-content');
        if (renders && !marked && !EXCEPTIONS.some((e) => e.test(line))) unmarked.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(unmarked).toEqual([]);
  });
});
