import { encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { readJson, route, VISITOR_MAX_BODY_BYTES } from '@/lib/api/route';
import { containsUnsafeText, MAX_JSON_DEPTH, unsafeJsonReason } from '@/lib/api/unsafe-text';
import { AppError } from '@/lib/errors';
import { userByEmail } from './support/users';

/**
 * Issue 12 item 14: PATCH /api/v1/archive/entries/x with a 130k-element JSON array answered 500 without signing in:
 * the unsafe-text walk spread the array into a call (stack overflow). The walk is iterative and depth-bounded, and
 * route() caps what a visitor may send before any body is read.
 */
const nested = (depth: number, leaf: unknown = 'x'): unknown => {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? { k: value } : [value];
  return value;
};

describe('unsafeJsonReason', () => {
  it.each([
    ['a 130k-element array', () => Array.from({ length: 130_000 }, (_, i) => i)],
    ['a 1M-element array of strings', () => Array.from({ length: 1_000_000 }, () => 'a')],
    ['an object with 200k keys', () => Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, i]))],
    ['an array of 50k empty objects', () => Array.from({ length: 50_000 }, () => ({}))],
  ])('walks %s without overflowing the stack', (_label, make) => {
    expect(unsafeJsonReason(make())).toBeNull();
  });

  it('finds a NUL at the very end of a huge array and in a key of a huge object', () => {
    const array: unknown[] = Array.from({ length: 300_000 }, () => 'ok');
    array.push('bad\u0000');
    expect(unsafeJsonReason(array)).toBe('unsafe');
    const object: Record<string, unknown> = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    object['\ud800'] = 1;
    expect(unsafeJsonReason(object)).toBe('unsafe');
  });

  it(`allows ${MAX_JSON_DEPTH} levels and refuses one more, and any deeper nesting (100k levels)`, () => {
    expect(unsafeJsonReason(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(unsafeJsonReason(nested(MAX_JSON_DEPTH + 1))).toBe('too_deep');
    expect(unsafeJsonReason(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`))).toBe('too_deep');
    expect(containsUnsafeText(nested(100_000))).toBe(true);
  });
});

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 0;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).status;
  }
}

const jsonRequest = (body: string, cookie?: string) =>
  new Request('http://localhost/api/v1/archive/entries/x', {
    method: 'PATCH', body, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
  });

describe('readJson', () => {
  it('reads a 130k-element array (before the fix: RangeError, a 500)', async () => {
    const value = await readJson(jsonRequest(`[${Array(130_000).fill(1).join(',')}]`), 2 * 1024 * 1024);
    expect((value as unknown[]).length).toBe(130_000);
  });

  it.each([
    ['a 100k-deep array', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['an object nested 10k deep', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`],
  ])('answers %s with a 400, not a crash', async (_label, body) => {
    expect(await statusOf(readJson(jsonRequest(body), 2 * 1024 * 1024))).toBe(400);
  });
});

describe('route()', () => {
  // What the archive entry route does: reads up to 512 KB, then the operation checks the permission.
  const handler = route(async (request: Request) => Response.json(await readJson(request, 512 * 1024)));
  const big = `[${Array(130_000).fill(1).join(',')}]`; // ~260 KB

  it('refuses a visitor’s large body with 401 before reading it, whatever its declared length', async () => {
    expect(big.length).toBeGreaterThan(VISITOR_MAX_BODY_BYTES);
    const response = await handler(jsonRequest(big), undefined);
    expect(response.status).toBe(401);
    // Without a Content-Length (streamed), counting what arrives.
    const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(big)); c.close(); } });
    const streamed = new Request('http://localhost/x', { method: 'PATCH', body: stream, duplex: 'half' } as RequestInit);
    expect((await handler(streamed, undefined)).status).toBe(401);
    // A forged or garbage cookie counts as none.
    expect((await handler(jsonRequest(big, 'next-auth.session-token=forged'), undefined)).status).toBe(401);
  });

  it('reads a visitor’s small body, and a signed-in user’s large one', async () => {
    expect((await handler(jsonRequest('{"a":1}'), undefined)).status).toBe(200);
    const citizen = await userByEmail('citizen@example.com');
    const cookie = `next-auth.session-token=${await encode({ token: { sub: citizen.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`;
    const response = await handler(jsonRequest(big, cookie), undefined);
    expect(response.status).toBe(200);
    expect(((await response.json()) as unknown[]).length).toBe(130_000);
  });
});
