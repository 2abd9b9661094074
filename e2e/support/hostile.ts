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

/** Runs per property; FUZZ_RUNS raises it for a longer hunt, FUZZ_SEED replays a failure. */
export const fuzzParameters = (numRuns: number): fc.Parameters<unknown> => ({
  numRuns: Number(process.env.FUZZ_RUNS ?? numRuns),
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
  endOnFailure: true,
});
