import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeReturnPath, signInErrorKey, signInHref } from '@/lib/auth/redirect';
import { HOSTILE_RETURN_PATHS } from '@/e2e/support/hostile';

/**
 * Issue 12 item 8: /login?callbackUrl=/%09/evil.example/x led off-site — the old check looked at the raw string,
 * the browser follows it after stripping the tab ("//evil.example/x"). Every return path is judged here the way a
 * browser resolves it (WHATWG URL), against a real origin.
 */
const ORIGIN = 'https://minsheng.example:8443';
const landsOnOrigin = (path: string) => new URL(path, `${ORIGIN}/login`).origin === ORIGIN;

// Odd but same-origin: kept as the (re-serialised) path, never leaving the site.
const ODD_BUT_LOCAL: Array<[label: string, value: string]> = [
  ['encoded slashes', '/%2F%2Fevil.example/x'],
  ['encoded backslash', '/%5Cevil.example/x'],
  ['encoded tab (not decoded again)', '/%09/evil.example/x'],
  ['ideographic space', '/\u3000/evil.example'],
  ['full-width slash after one slash', '/\uff0f\uff0fevil.example'],
  ['line separator', '/\u2028/evil.example'],
  ['no-break space', '/\u00a0/evil.example'],
  ['javascript: as a path', '/javascript:alert(1)'],
  ['NUL inside', '/\u0000/evil.example'],
];

describe('safeReturnPath', () => {
  // The table the browser test uses too (e2e/security.spec.ts), plus another port of this very origin.
  it.each([...HOSTILE_RETURN_PATHS, ['same host, other port', 'https://minsheng.example:9999/x'], ['same host, other scheme', 'http://minsheng.example:8443/x']])('refuses %s', (_label, value) => {
    const path = safeReturnPath(value);
    expect(path).toBe('/workspace');
    expect(landsOnOrigin(path)).toBe(true);
  });

  it.each(ODD_BUT_LOCAL)('keeps %s on the origin', (_label, value) => {
    const path = safeReturnPath(value);
    expect(landsOnOrigin(path)).toBe(true);
    // Nothing a browser would strip or fold is left in what is returned.
    expect(path).toMatch(/^\/(?![/\\])/);
    expect(path).not.toMatch(/[\t\n\r\\\u0000-\u001f ]/);
  });

  it.each([
    ['/letters/XM20260001', '/letters/XM20260001'],
    ['/interviews/abc?tab=questions#q-12', '/interviews/abc?tab=questions#q-12'],
    ['/archive?q=%E5%9F%8E%E7%AE%A1', '/archive?q=%E5%9F%8E%E7%AE%A1'],
    ['/workspace/admin', '/workspace/admin'],
    ['/访谈', '/%E8%AE%BF%E8%B0%88'],
  ])('keeps the ordinary path %s', (value, expected) => {
    expect(safeReturnPath(value)).toBe(expected);
  });

  it.each([[undefined], [null], [42], [['/x', '//evil.example']], [{ toString: () => '/x' }]])('falls back for %j', (value) => {
    expect(safeReturnPath(value)).toBe('/workspace');
    expect(safeReturnPath(value, '/')).toBe('/');
  });
});

// Issue 12 item 15: /login?error=<any text> showed that text.
describe('signInErrorKey', () => {
  it.each([
    ['CredentialsSignin', 'credentials'],
    ['SessionRequired', 'sessionRequired'],
    ['Configuration', 'failed'],
    ['Default', 'failed'],
  ])('knows %s', (code, key) => {
    expect(signInErrorKey(code)).toBe(key);
  });

  it.each(['您的账号已被冻结，请拨打 400-000-0000 联系客服', 'CredentialsSignin ', 'credentialssignin', 'toString', '__proto__', 'constructor', '', undefined, ['CredentialsSignin']])(
    'knows nothing of %j', (value) => {
      expect(signInErrorKey(value)).toBeNull();
    });
});

// Eleven pages, redirects and links each built the sign-in address by hand (three with the path pre-encoded): one
// helper now, and this keeps it so.
describe('signInHref', () => {
  it('comes back to the very path it was given, whatever it holds', () => {
    const segment = fc.stringMatching(/^[\w\-.~%+:@!$&'()*,;=\u4e00-\u9fa5 ?#]{0,12}$/);
    fc.assert(fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), (segments) => {
      const returnTo = safeReturnPath(`/${segments.join('/')}`, '/');
      const href = signInHref(returnTo);
      const url = new URL(href, `${ORIGIN}/`);
      expect(url.pathname).toBe('/login');
      expect([...url.searchParams.keys()]).toEqual(['callbackUrl']);
      expect(safeReturnPath(url.searchParams.get('callbackUrl'))).toBe(returnTo);
    }));
  });

  it('is the only place that builds the sign-in address', () => {
    const root = path.resolve(__dirname, '..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.tsx?$/.test(entry.name) && full !== path.join(root, 'lib/auth/redirect.ts') && /\/login\?callbackUrl=/.test(readFileSync(full, 'utf8'))) {
          offenders.push(path.relative(root, full));
        }
      }
    };
    walk(path.join(root, 'app'));
    walk(path.join(root, 'lib'));
    expect(offenders).toEqual([]);
  });
});
