import fc from 'fast-check';

/**
 * Hostile values for the fuzz tests (e2e/hostile-input.spec.ts): what attackers and broken clients send.
 * Each string is here for a reason: markup and script (XSS), SQL fragments, characters PostgreSQL refuses in text
 * (NUL, lone surrogates), control and bidi characters, look-alike letters, template and path syntax, sizes just
 * over the limits, and the keys of prototype pollution.
 */
export const HOSTILE_STRINGS = [
  '<script>window.__xss=1</script>',
  '"><img src=x onerror="window.__xss=1">',
  "javascript:window.__xss=1",
  "' OR '1'='1",
  "'; DROP TABLE letters; --",
  '1; SELECT pg_sleep(5)',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202e\u200b\u200d\ufeff',
  '\u0007\u0008\u001b[31m\r\n',
  'ｃｉｔｉｚｅｎ＠ｅｘａｍｐｌｅ．ｃｏｍ', // full-width look-alike of a login
  'сitizen@example.com', // Cyrillic с
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  '${7*7}{{7*7}}<%= 7*7 %>',
  '__proto__',
  'constructor',
  'null',
  'NaN',
  '-1',
  '1e309',
  '99999999999999999999999999999999',
  '2026-02-30',
  '😀'.repeat(300),
  '问'.repeat(5000),
  'x'.repeat(70_000),
];

const SPECIAL_CHARS = ['\u0000', '\ud800', '\udc00', '\u202e', '<', '>', '"', "'", '&', '\\', '%', '\n', '\t', '字', '😀'];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 48 }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...SPECIAL_CHARS), maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
);

/** Field names the API uses (so bodies reach past "unknown field" checks), plus the prototype-pollution keys. */
export const FIELD_NAMES = [
  'kind', 'departmentId', 'title', 'body', 'consentToPublish', 'action', 'reason', 'version', 'name', 'login',
  'password', 'interviewId', 'clientId', 'questionId', 'sinceSeq', 'status', 'role', 'page', 'q', 'category',
  'year', 'date', 'type', 'guestIds', 'scheduledStart', 'scheduledEnd', 'summary', 'letter', 'publicTitle',
  'publicBody', 'publicAnswer', 'maskedTerms', 'rating', 'comment', 'message', 'note', 'email', 'phone',
  'description', 'service_code', 'days', 'workday', 'guestId', 'questionIds', 'departmentIds', 'applicantType',
  'idNumber', 'address', 'contents', 'purpose', 'scope', 'sort', 'scope', 'ids',
  '__proto__', 'constructor', 'prototype',
];

export const fieldName: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...FIELD_NAMES) },
  { weight: 1, arbitrary: hostileString },
);

export const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fieldName, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Raw bodies no JSON serialiser would produce. */
export const RAW_BODIES: Array<{ label: string; bytes: Buffer }> = [
  { label: 'empty', bytes: Buffer.alloc(0) },
  { label: 'invalid UTF-8', bytes: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]) },
  { label: 'truncated JSON', bytes: Buffer.from('{"title":"') },
  { label: 'deep array', bytes: Buffer.from('['.repeat(20_000) + ']'.repeat(20_000)) },
  { label: 'deep object', bytes: Buffer.from('{"a":'.repeat(6_000) + '1' + '}'.repeat(6_000)) },
  { label: 'prototype pollution', bytes: Buffer.from('{"__proto__":{"polluted":"yes","role":"admin"},"constructor":{"prototype":{"polluted":"yes"}}}') },
  { label: 'duplicate keys', bytes: Buffer.from('{"action":"approve","action":{"$ne":null}}') },
  { label: 'NUL in JSON', bytes: Buffer.from('{"title":"a\\u0000b","body":"\\u0000"}') },
  { label: 'lone surrogate in JSON', bytes: Buffer.from('{"title":"\\ud800\\ud800","body":"\\udfff"}') },
  { label: 'huge number', bytes: Buffer.from('{"version":1e999999,"page":-0}') },
  { label: 'top-level string', bytes: Buffer.from('"<script>window.__xss=1</script>"') },
  { label: 'over 64 KB', bytes: Buffer.from(JSON.stringify({ body: 'x'.repeat(70_000) })) },
  { label: 'form-encoded', bytes: Buffer.from('title=%00&body=%ff') },
];

export type FuzzBody = { kind: 'json'; value: unknown } | { kind: 'raw'; label: string; bytes: Buffer };

export const fuzzBody: fc.Arbitrary<FuzzBody> = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fieldName, jsonValue, { minKeys: 1, maxKeys: 6 }).map((value) => ({ kind: 'json' as const, value })) },
  { weight: 1, arbitrary: jsonValue.map((value) => ({ kind: 'json' as const, value })) },
  { weight: 2, arbitrary: fc.constantFrom(...RAW_BODIES).map((raw) => ({ kind: 'raw' as const, ...raw })) },
);

export function bodyBytes(body: FuzzBody): Buffer {
  return body.kind === 'raw' ? body.bytes : Buffer.from(JSON.stringify(body.value) ?? 'null');
}

/** A path segment as an attacker would type it: percent-encoded bytes, or raw malformed escapes. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileString.map(percentEncode) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%FF%FE', '%00', '..', '%2e%2e', '%2F', 'a%20b', '-1', '0', '1e3', 'null') },
);

/** UTF-8 bytes, each percent-encoded unless unreserved (lone surrogates become U+FFFD, as a browser sends them). */
export function percentEncode(value: string): string {
  return [...Buffer.from(value.slice(0, 300), 'utf8')]
    .map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('') || '%20';
}

export const hostileQuery: fc.Arbitrary<string> = fc
  .array(fc.tuple(fieldName, hostileString), { maxLength: 4 })
  .map((pairs) => {
    const query = pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
    return query ? `?${query}` : '';
  });

/**
 * The seed of this run's fuzzing: FUZZ_SEED when set (CI fixes it in .ci/run, so a red run replays exactly),
 * otherwise a random one, so local runs keep exploring. Printed either way; every property starts from it.
 */
export const FUZZ_SEED: number = (() => {
  const raw = process.env.FUZZ_SEED;
  if (raw === undefined || raw === '') return (Math.random() * 0x7fffffff) | 0;
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw new Error(`FUZZ_SEED must be an integer, got "${raw}"`);
  return Number(raw) | 0;
})();
console.log(`fuzz seed ${FUZZ_SEED} (${process.env.FUZZ_SEED ? 'from FUZZ_SEED' : `random; FUZZ_SEED=${FUZZ_SEED} replays this run`})`);

/** Runs per property; FUZZ_RUNS raises it for a longer hunt, FUZZ_SEED replays a run. */
export const fuzzParameters = (numRuns: number): fc.Parameters<unknown> => ({
  numRuns: Number(process.env.FUZZ_RUNS ?? numRuns),
  seed: FUZZ_SEED,
  endOnFailure: true,
});

/**
 * Bodies that are valid JSON but huge or deep (issue 12 item 14: a 130k-element array overflowed the stack of the
 * unsafe-text walk, a 500 without signing in). Every route answers them with a 4xx: 401 for a visitor before the
 * body is read (lib/api/route.ts), 413 over the route's size limit, 400 too deep, else the route's own validation.
 */
export const LARGE_BODIES: Array<{ label: string; bytes: Buffer }> = [
  { label: '130k-element array', bytes: Buffer.from(`[${Array(130_000).fill(1).join(',')}]`) },
  { label: '60k-element array of strings', bytes: Buffer.from(JSON.stringify(Array(60_000).fill('字'))) },
  { label: '2 MB array', bytes: Buffer.from(`[${Array(1_000_000).fill(0).join(',')}]`) },
  { label: 'array nested 100k deep', bytes: Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)) },
  { label: 'object nested 20k deep', bytes: Buffer.from('{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)) },
  { label: 'nested just past the depth limit', bytes: Buffer.from('{"title":' + '['.repeat(40) + '"x"' + ']'.repeat(40) + '}') },
  { label: 'object with 30k keys', bytes: Buffer.from(JSON.stringify(Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [`k${i}`, i])))) },
  { label: 'array of 20k objects', bytes: Buffer.from(JSON.stringify(Array.from({ length: 20_000 }, () => ({ title: 'x' })))) },
  { label: 'a field holding a 100k-element array', bytes: Buffer.from(JSON.stringify({ version: 1, maskedTerms: Array(100_000).fill('x'), guestIds: Array(100_000).fill('x') })) },
];

/**
 * Hostile ?callbackUrl= values for the sign-in page (issue 12 item 8), as they reach the page once the query is
 * decoded: every one must leave the visitor on this site (test/redirect.test.ts, e2e/security.spec.ts).
 */
export const HOSTILE_RETURN_PATHS: Array<[label: string, value: string]> = [
  ['protocol-relative', '//evil.example/x'],
  ['three slashes', '///evil.example/x'],
  ['slash backslash', '/\\evil.example/x'],
  ['slash backslash slash', '/\\/evil.example/x'],
  ['two backslashes', '\\\\evil.example/x'],
  ['backslash slash', '\\/evil.example/x'],
  ['tab inside (the reported case)', '/\t/evil.example/x'],
  ['tab then backslash', '/\t\\evil.example/x'],
  ['newline inside', '/\n/evil.example/x'],
  ['carriage return inside', '/\r/evil.example/x'],
  ['CRLF inside', '/\r\n/evil.example/x'],
  ['several tabs', '/\t\t\t/evil.example/x'],
  ['leading tab', '\t//evil.example/x'],
  ['leading space', ' //evil.example/x'],
  ['leading C0 control', '\u0001//evil.example/x'],
  ['dot segment to //', '/.//evil.example/x'],
  ['parent segments to //', '/a/../..//evil.example/x'],
  ['dot segment to backslash', '/./\\evil.example/x'],
  ['encoded dot segments to //', '/%2e//evil.example/x'],
  ['absolute https', 'https://evil.example/x'],
  ['absolute http upper case', 'HTTP://evil.example/x'],
  ['localhost, other port', 'http://localhost:9/x'],
  ['userinfo trick', '//localhost@evil.example/x'],
  ['tab in the scheme', 'ht\ttps://evil.example/x'],
  ['javascript:', 'javascript:alert(document.domain)'],
  ['JavaScript: mixed case', 'JaVaScRiPt:alert(1)'],
  ['javascript: with tab', 'java\tscript:alert(1)'],
  ['data:', 'data:text/html,<script>alert(1)</script>'],
  ['vbscript:', 'vbscript:msgbox(1)'],
  ['full-width slashes', '\uff0f\uff0fevil.example/x'],
  ['too long', `/${'a'.repeat(600)}`],
  ['empty', ''],
];
