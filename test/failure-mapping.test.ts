import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { handle } from '@/lib/api/endpoint';
import { letters, open311 } from '@/lib/api/endpoints';
import { failureOf } from '@/lib/api/failure';
import { route } from '@/lib/api/route';
import { AppError, DATABASE_UNAVAILABLE_MESSAGE } from '@/lib/errors';
import { formAction, runForm } from '@/lib/forms';
import { runAction } from '@/app/_actions/run-form';
import { onEvent } from '@/lib/realtime/handlers';
import type { MinshengSocket } from '@/lib/realtime/contract';
import { useTestRequest } from './support/request';

useTestRequest('192.0.2.77');

/**
 * One failure mapping (lib/api/failure.ts) for routes, server actions and socket handlers (DESIGN.md §9): the same
 * thrown error answers each surface with the same code and message. The database outage is the driver's
 * ECONNREFUSED, as drizzle wraps it (the code on the cause); test/faults/real-server.test.ts does it for real.
 */
const refused = () => Object.assign(new Error('Failed query: select …'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }) });
const limited = () => new AppError('rate_limited', '提交过于频繁，请 3 分钟后再试', undefined, 180);
const zodFailure = () => z.object({ title: z.string({ error: '请填写标题' }) }).parse({});

/** A fake socket: records the handler onEvent registers, so a test can send it a payload and read the ack. */
function socketWith(event: 'interviews:subscribe', handler: () => Promise<Record<never, never>>) {
  let registered: ((this: MinshengSocket, payload: unknown, ack: (r: Record<string, unknown>) => void) => Promise<void>) | undefined;
  const socket = { data: { actor: { user: null, ip: '192.0.2.78' } }, on: (_name: string, fn: typeof registered) => { registered = fn; } } as unknown as MinshengSocket;
  onEvent(socket, event, handler); // the payload schema is the event's (lib/realtime/contract.ts)
  return (payload: unknown) => new Promise<Record<string, unknown>>((resolve) => { void registered!.call(socket, payload, resolve); });
}

async function surfaces(make: () => unknown) {
  const throwIt = async (): Promise<never> => { throw make(); };
  const declared = await handle(letters.listDepartments, throwIt)(new Request('http://localhost/api/v1/departments'));
  const legacy = await route(throwIt)(new Request('http://localhost/api/v1/departments'), undefined);
  const open311Response = await handle(open311.services, throwIt)(new Request('http://localhost/open311/v2/services.json'));
  const form = await formAction(throwIt, { values: { title: 'x' } });
  const adapter = await runAction('test', [], throwIt, { title: 'x' });
  const ack = await socketWith('interviews:subscribe', throwIt)({});
  return {
    declared: { status: declared.status, retryAfter: declared.headers.get('retry-after'), body: await declared.json() },
    legacy: { status: legacy.status, body: await legacy.json() },
    open311: { status: open311Response.status, body: await open311Response.json() },
    form, adapter, ack,
  };
}

describe('one failure mapping', () => {
  it('a database outage: 503 unavailable with Retry-After on routes, the same message in forms and socket acks', async () => {
    const failure = failureOf(refused());
    expect(failure).toEqual({ status: 503, code: 'unavailable', message: DATABASE_UNAVAILABLE_MESSAGE, retryAfter: 5 });
    const s = await surfaces(refused);
    // The shapes test/faults/real-server.test.ts expects from the real server.
    expect(s.declared).toEqual({ status: 503, retryAfter: '5', body: { error: { code: 'unavailable', message: DATABASE_UNAVAILABLE_MESSAGE } } });
    expect(s.legacy).toEqual({ status: 503, body: { error: { code: 'unavailable', message: DATABASE_UNAVAILABLE_MESSAGE } } });
    expect(s.open311).toEqual({ status: 503, body: [{ code: 503, description: DATABASE_UNAVAILABLE_MESSAGE }] });
    expect(s.form).toEqual({ ok: false, message: DATABASE_UNAVAILABLE_MESSAGE, fields: {}, values: { title: 'x' }, at: expect.any(Number) });
    expect(s.adapter).toEqual({ ...s.form, at: expect.any(Number) }); // the deprecated adapter answers the same
    expect(s.ack).toEqual({ ok: false, code: 'unavailable', error: DATABASE_UNAVAILABLE_MESSAGE, retryAfter: 5 });
  });

  it('a rate limit: 429 + Retry-After, the same message in a form, rate_limited with retryAfter on a socket', async () => {
    const s = await surfaces(limited);
    expect(s.declared).toEqual({ status: 429, retryAfter: '180', body: { error: { code: 'rate_limited', message: '提交过于频繁，请 3 分钟后再试' } } });
    expect(s.form).toMatchObject({ ok: false, message: '提交过于频繁，请 3 分钟后再试' });
    expect(s.ack).toEqual({ ok: false, code: 'rate_limited', error: '提交过于频繁，请 3 分钟后再试', retryAfter: 180 });
  });

  it('a zod failure anywhere is the 422 of API.md: one Chinese message per field', async () => {
    const s = await surfaces(zodFailure);
    const fields = { title: '请填写标题' };
    expect(s.declared.body).toEqual({ error: { code: 'invalid_input', message: '提交的内容有误，请检查标出的项目', fields } });
    expect(s.declared.status).toBe(422);
    expect(s.form).toMatchObject({ ok: false, message: '提交的内容有误，请检查标出的项目', fields });
    expect(s.ack).toMatchObject({ ok: false, code: 'invalid_input', fields });
  });

  it('an unexpected error is logged and answered without detail: 500 internal, the generic form message', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const s = await surfaces(() => new TypeError('secret detail'));
      expect(s.declared).toMatchObject({ status: 500, body: { error: { code: 'internal', message: '服务器内部错误，请稍后重试' } } });
      expect(s.form).toMatchObject({ ok: false, message: '操作失败，请稍后重试' });
      expect(s.ack).toEqual({ ok: false, code: 'internal', error: '服务器内部错误，请稍后重试' });
      expect(JSON.stringify(s)).not.toContain('secret detail');
    } finally {
      log.mockRestore();
    }
  });

  it('a form reports success with the data it asked for, and keeps the values only when told to', async () => {
    expect(await runForm(async () => ({ id: 'a' }), { values: { q: '1' } })).toEqual({ ok: true, message: null, fields: {}, at: expect.any(Number) });
    expect(await runForm(async () => ({ id: 'a' }), { values: { q: '1' }, keepValues: true, data: (r) => r.id }))
      .toEqual({ ok: true, message: null, fields: {}, values: { q: '1' }, data: 'a', at: expect.any(Number) });
    const refusal = new AppError('invalid_input', '提交的内容有误，请检查标出的项目', { code: '查询码是 6 位数字' });
    expect(await runForm(async () => { throw refusal; }, { firstFieldMessage: true })).toMatchObject({ ok: false, message: '查询码是 6 位数字' });
  });
});
