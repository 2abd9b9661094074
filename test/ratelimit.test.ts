import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { AppError } from '@/lib/errors';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { consume, createRateLimits, POLICIES, type LimitedAction, type RateLimits } from '@/lib/ratelimit';
import { clientNetworkOf } from '@/lib/api/client-ip';
import { until } from './support/viewer';
import { redisAnswers, requires } from './support/prerequisites';

/**
 * Abuse limits (lib/ratelimit): keys per account and per address, the allowance factor, and — with TEST_REDIS_URL —
 * one budget shared by two limiter instances on one Redis (as two app processes are), and the memory insurance
 * when Redis goes away or stops answering.
 */

const redisUrl = process.env.TEST_REDIS_URL;
const redisReady = await requires('abuse limits shared through Redis (shared budget, outage insurance)', redisAnswers('TEST_REDIS_URL'));

const opened: RateLimits[] = [];
const limits = (options: Parameters<typeof createRateLimits>[0] = {}) => {
  const instance = createRateLimits({ prefix: `test:rl:${randomBytes(6).toString('hex')}`, ...options });
  opened.push(instance);
  return instance;
};
afterAll(async () => {
  await Promise.all(opened.map((l) => l.close()));
});

let nextUser = 1;
function citizen(): ActorUser {
  const n = nextUser++;
  return { id: n, publicId: `test-user-${n}-${randomBytes(4).toString('hex')}`, name: `测试市民${n}`, role: 'citizen', departmentId: null, departmentPublicId: null, title: null };
}
const ip = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${randomBytes(3).toString('hex')}`;
const allowance = (action: LimitedAction, key: 'account' | 'ip') => POLICIES[action].find((p) => p.key === key)!.points;

/** Consumes n times; returns how many were allowed and the first refusal. */
async function attempt(l: RateLimits, action: LimitedAction, actor: Actor, n: number): Promise<{ allowed: number; refusal?: AppError }> {
  let allowed = 0;
  let refusal: AppError | undefined;
  for (let i = 0; i < n; i++) {
    try {
      await consume(action, actor, l);
      allowed++;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      refusal ??= error;
    }
  }
  return { allowed, refusal };
}

describe('abuse limits in one process (memory)', () => {
  it('an address gets its allowance, then 429 with Retry-After and a Chinese message; another address is unaffected', async () => {
    const l = limits();
    const address = ip();
    const max = allowance('register', 'ip');
    const { allowed, refusal } = await attempt(l, 'register', { user: null, ip: address }, max + 3);
    expect(allowed).toBe(max);
    expect(refusal).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(refusal!.retryAfterSeconds).toBeGreaterThan(0);
    expect(refusal!.message).toMatch(/^注册过于频繁，请 \d+ (秒|分钟|小时)后再试$/);
    expect(refusal!.toJSON()).toEqual({ error: { code: 'rate_limited', message: refusal!.message } });
    expect((await attempt(l, 'register', { user: null, ip: ip() }, 1)).allowed).toBe(1);
  });

  it('an IPv6 client is counted by its /64: rotating addresses inside it does not reset the allowance', async () => {
    const l = limits();
    const prefix = `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;
    const max = allowance('register', 'ip');
    // Each attempt from another address of the same /64 (as a client with a /64 can pick at will).
    let allowed = 0;
    for (let i = 0; i < max + 3; i++) {
      allowed += (await attempt(l, 'register', { user: null, ip: `${prefix}:${randomBytes(2).toString('hex')}::${(i + 1).toString(16)}` }, 1)).allowed;
    }
    expect(allowed).toBe(max);
    // The neighbouring /64 (another subscriber) is unaffected.
    expect((await attempt(l, 'register', { user: null, ip: `2001:db8:ffff:${randomBytes(2).toString('hex')}::1` }, 1)).allowed).toBe(1);
  });

  it('an account is counted across addresses', async () => {
    const l = limits();
    const user = citizen();
    const max = allowance('letter.submit', 'account');
    const half = Math.floor(max / 2);
    expect((await attempt(l, 'letter.submit', { user, ip: ip() }, half)).allowed).toBe(half);
    const second = await attempt(l, 'letter.submit', { user, ip: ip() }, max);
    expect(second.allowed).toBe(max - half);
    expect(second.refusal?.message).toMatch(/^提交来信过于频繁/);
    // Another citizen on the same address as the first one's second attempts is not affected.
    expect((await attempt(l, 'letter.submit', { user: citizen(), ip: ip() }, 1)).allowed).toBe(1);
  });

  it('an account over its own limit does not use up its address, which others behind the same NAT share', async () => {
    const l = limits();
    const shared = ip();
    const perAccount = allowance('letter.submit', 'account');
    const perAddress = allowance('letter.submit', 'ip');
    expect(perAddress % perAccount).toBe(0); // the arithmetic below
    const abuser = citizen();
    // The abuser hammers: only its own allowance is taken from the address.
    expect((await attempt(l, 'letter.submit', { user: abuser, ip: shared }, perAccount * 5)).allowed).toBe(perAccount);
    // Others behind the same address get the rest of it, each up to their own limit…
    for (let i = 1; i < perAddress / perAccount; i++) {
      expect((await attempt(l, 'letter.submit', { user: citizen(), ip: shared }, perAccount)).allowed).toBe(perAccount);
    }
    // …and once the address is used up, a fresh account there is refused by the address key.
    const { allowed, refusal } = await attempt(l, 'letter.submit', { user: citizen(), ip: shared }, 1);
    expect(allowed).toBe(0);
    expect(refusal?.code).toBe('rate_limited');
    // A visitor (no account) is limited by its address alone; no address and no account: nothing to count.
    expect((await attempt(l, 'lookup', { user: null, ip: null }, allowance('lookup', 'ip') + 5)).allowed).toBe(allowance('lookup', 'ip') + 5);
  });

  it('RATE_LIMIT_FACTOR multiplies every allowance', async () => {
    const l = limits({ factor: 3 });
    const max = allowance('register', 'ip') * 3;
    expect((await attempt(l, 'register', { user: null, ip: ip() }, max + 1)).allowed).toBe(max);
  });
});

/** A TCP proxy in front of Redis that the test can take down (connection refused) or make silent (hung Redis). */
async function redisProxy(target: URL, port = 0) {
  const upstreams = new Set<net.Socket>();
  const clients = new Set<net.Socket>();
  const state = { silent: false };
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    clients.add(client);
    upstreams.add(upstream);
    client.on('data', (chunk) => { if (!state.silent) upstream.write(chunk); });
    upstream.on('data', (chunk) => { if (!state.silent) client.write(chunk); });
    const end = () => { client.destroy(); upstream.destroy(); clients.delete(client); upstreams.delete(upstream); };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    state,
    async close() {
      for (const socket of [...clients, ...upstreams]) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe.runIf(redisReady)('abuse limits shared through Redis', () => {
  const direct = createClient({ url: redisUrl });
  afterAll(async () => {
    if (direct.isOpen) await direct.quit();
  });

  it('two processes (two limiter instances on one Redis) share one budget per key', async () => {
    const prefix = `test:rl:${randomBytes(6).toString('hex')}`;
    const a = limits({ redisUrl, prefix });
    const b = limits({ redisUrl, prefix });
    expect(await a.ready()).toBe(true);
    expect(await b.ready()).toBe(true);
    const user = citizen();
    const max = allowance('question.ask', 'account');
    // Interleaved, as a client connected to both processes through a load balancer would be.
    let allowed = 0;
    const refusals: AppError[] = [];
    for (let i = 0; i < max + 4; i++) {
      try {
        await consume('question.ask', { user, ip: ip() }, i % 2 ? b : a);
        allowed++;
      } catch (error) {
        refusals.push(error as AppError);
      }
    }
    expect(allowed).toBe(max);
    expect(refusals).toHaveLength(4);
    for (const r of refusals) expect(r).toMatchObject({ code: 'rate_limited', status: 429 });
    // Refused on both instances, not only on the one that counted the last allowed attempt.
    expect((await attempt(a, 'question.ask', { user, ip: ip() }, 1)).allowed).toBe(0);
    expect((await attempt(b, 'question.ask', { user, ip: ip() }, 1)).allowed).toBe(0);
    // The address budget is shared as well.
    const address = ip();
    const perAddress = allowance('register', 'ip');
    expect((await attempt(a, 'register', { user: null, ip: address }, perAddress - 3)).allowed).toBe(perAddress - 3);
    expect((await attempt(b, 'register', { user: null, ip: address }, 5)).allowed).toBe(3);
  });

  it('while Redis is down or silent each process counts in memory (limits stay on, nobody waits); then Redis again', async () => {
    await direct.connect();
    const target = new URL(redisUrl!);
    let proxy = await redisProxy(target);
    const prefix = `test:rl:${randomBytes(6).toString('hex')}`;
    const l = limits({ redisUrl: `redis://127.0.0.1:${proxy.port}`, prefix, redisTimeoutMs: 200 });
    expect(await l.ready()).toBe(true);
    const address = ip();
    const visitor = { user: null, ip: address };
    const max = allowance('register', 'ip');
    const redisKey = `${prefix}:register:ip:ip:${address}`;

    expect((await attempt(l, 'register', visitor, 3)).allowed).toBe(3);
    expect(await direct.get(redisKey)).toBe('3');

    // Silent Redis (connection open, no answers): each call times out into the memory insurance.
    proxy.state.silent = true;
    expect((await attempt(l, 'register', visitor, 2)).allowed).toBe(2);

    // Redis gone (connection refused): the client knows it is not ready, so the insurance answers at once.
    const port = proxy.port;
    await proxy.close();
    expect(await until(() => !l.shared)).toBe(true);
    const during = await attempt(l, 'register', visitor, max + 2);
    // The insurance counted the 2 silent-time attempts too: the limit still holds in this process.
    expect(during.allowed).toBe(max - 2);
    expect(during.refusal).toMatchObject({ code: 'rate_limited' });
    expect(await direct.get(redisKey)).toBe('3'); // nothing reached Redis

    // Redis back: the client reconnects by itself and the shared counter is used again.
    proxy = await redisProxy(target, port);
    try {
      expect(await until(() => l.shared, 15_000)).toBe(true);
      const other = { user: null, ip: ip() };
      expect((await attempt(l, 'register', other, 2)).allowed).toBe(2);
      expect(await direct.get(`${prefix}:register:ip:ip:${other.ip}`)).toBe('2');
    } finally {
      await l.close();
      await proxy.close();
    }
  }, 60_000);
});

describe('clientNetworkOf: the address as limits count it', () => {
  it.each([
    ['198.51.100.7', '198.51.100.7'],
    ['::ffff:198.51.100.7', '198.51.100.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['not-an-address', 'not-an-address'],
  ])('%s → %s', (ip, network) => {
    expect(clientNetworkOf(ip)).toBe(network);
  });
});
