import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { findActiveUser } from '@/lib/accounts/users';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { chinaDate } from '@/lib/calendar';
import { claimApplication, enterApplication } from '@/lib/disclosure/intake';
import { APPLICATION_READ_LIMIT } from '@/lib/disclosure/applications';
import { requestContextStorage, type RequestContext } from '@/lib/observability/context';
import { consume, limitedActionFor, limitRender, POLICIES, type LimitedAction, type RateLimitRule } from '@/lib/ratelimit';
import { LOOKUP_LIMITS } from '@/lib/ratelimit/lookup';
import { seedReferenceData } from '@/lib/seed/reference';
import * as archiveEndpoints from '@/lib/api/endpoints/archive';
import * as disclosureEndpoints from '@/lib/api/endpoints/disclosure';
import * as archiveListRoute from '@/app/api/v1/archive/route';
import { appErrorOf } from './support/errors';
import { actorFor, insertUser, uniqueEmail, visitor } from './support/users';

/**
 * The HTML pages' limits (lib/ratelimit#limitRender) are the API's, in the same buckets: the archive search page
 * (app/archive/page.tsx with q) and GET /api/v1/archive?q= spend one 'search' budget per address (an IPv6 /64);
 * the applicant's page (app/disclosure/applications/[trackingNo]) and GET /api/v1/disclosure/applications/{no} one
 * 'lookup' budget per account and address. A refused render is marked in its request context: server.ts answers it
 * 429 with Retry-After and the page cache never keeps it (test/page-cache.test.ts). Wrong claim codes lock a number
 * for an address whichever way they arrive (the claim form and the API both go through claimApplication).
 */

/** A fresh IPv6 /64 (the limiter's counts outlive a run with Redis): host n in it. */
function network(): (host: number) => string {
  const hex = randomBytes(4).toString('hex');
  return (host) => `2001:db8:${hex.slice(0, 4)}:${hex.slice(4)}:${host.toString(16)}::1`;
}
const allowance = (action: LimitedAction, key: 'account' | 'ip') => Math.ceil(POLICIES[action].find((p) => p.key === key)!.points * env().RATE_LIMIT_FACTOR);

/** A page's limit as it runs in a render: inside the request context server.ts opens. */
async function render(action: RateLimitRule, actor: Actor): Promise<{ retryAfter: number; context: RequestContext }> {
  const context: RequestContext = { requestId: randomBytes(4).toString('hex') };
  const retryAfter = await requestContextStorage().run(context, () => limitRender(action, actor));
  return { retryAfter, context };
}

/** GET /api/v1/archive?q= from `ip` (server.ts writes the client's address into this header). */
const searchApi = (ip: string) =>
  archiveListRoute.GET(new Request(`http://localhost/api/v1/archive?q=${encodeURIComponent('住房')}`, { headers: { 'x-minsheng-client-ip': ip } }), {} as never);

let moderator: Actor & { user: ActorUser };
async function citizen(ip: string): Promise<Actor & { user: ActorUser }> {
  return { user: (await findActiveUser(db(), await insertUser({ name: '测试申请人', email: uniqueEmail('applicant') })))!, ip };
}

beforeAll(async () => {
  await seedReferenceData(db(), new Date('2026-06-01T00:00:00Z'));
  moderator = await actorFor('moderator@example.com', '192.0.2.73');
});

describe('the archive search page', () => {
  it('shares the API\'s search budget per /64: the N+1th search is refused on either, and marked; another network is not', async () => {
    const at = network();
    const n = allowance('search', 'ip');
    const viaApi = Math.floor(n / 2);
    for (let i = 0; i < viaApi; i++) expect((await searchApi(at(i + 1))).status).toBe(200);
    // Other hosts of the same /64 on the page: the rest of the budget, each render unmarked.
    for (let i = viaApi; i < n; i++) {
      const page = await render('search', visitor(at(i + 1)));
      expect(page.retryAfter).toBe(0);
      expect(page.context).toEqual({ requestId: page.context.requestId });
    }
    const refused = await render('search', visitor(at(n + 1)));
    expect(refused.retryAfter).toBeGreaterThan(0);
    expect(refused.retryAfter).toBeLessThanOrEqual(60);
    expect(refused.context).toMatchObject({ ownAnswer: true, retryAfter: refused.retryAfter });
    const api = await searchApi(at(n + 2));
    expect(api.status).toBe(429);
    expect(Number(api.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = network();
    expect((await render('search', visitor(other(1)))).retryAfter).toBe(0);
    expect((await searchApi(other(2))).status).toBe(200);
  });

  it('the API counts searches only, as the page does (the plain list and its filters are free)', async () => {
    expect('rateLimit' in archiveEndpoints.listArchive).toBe(false);
    const at = network();
    for (let i = 0; i < allowance('search', 'ip'); i++) await render('search', visitor(at(1)));
    const list = await archiveListRoute.GET(new Request('http://localhost/api/v1/archive?kind=letter', { headers: { 'x-minsheng-client-ip': at(2) } }), {} as never);
    expect(list.status).toBe(200);
  });
});

describe('the applicant\'s page', () => {
  it('shares the API\'s lookup budget per account and per address', async () => {
    // The page and the API count one declaration (lib/api/endpoint.ts#handle: limitedActionFor, then consume).
    expect(disclosureEndpoints.readApplication.rateLimit).toBe(APPLICATION_READ_LIMIT);
    const at = network();
    const reader = await citizen(at(1));
    const n = Math.min(allowance('lookup', 'account'), allowance('lookup', 'ip'));
    for (let i = 0; i < Math.floor(n / 2); i++) await consume(limitedActionFor(APPLICATION_READ_LIMIT, reader)!, reader);
    for (let i = Math.floor(n / 2); i < n; i++) expect((await render(APPLICATION_READ_LIMIT, reader)).retryAfter).toBe(0);
    const refused = await render(APPLICATION_READ_LIMIT, reader);
    expect(refused.retryAfter).toBeGreaterThan(0);
    expect(refused.context.retryAfter).toBe(refused.retryAfter);
    expect((await appErrorOf(consume('lookup', reader))).status).toBe(429);
    // Another account at a fresh network reads on; the refused account is refused wherever it reads from.
    const elsewhere = network();
    expect((await render(APPLICATION_READ_LIMIT, await citizen(elsewhere(1)))).retryAfter).toBe(0);
    expect((await render(APPLICATION_READ_LIMIT, { ...reader, ip: elsewhere(2) })).retryAfter).toBeGreaterThan(0);
  });

  it('staff reading the queue are not counted: a bureau behind one address keeps working, and its citizens keep their budget', async () => {
    const office = network();
    const n = Math.max(allowance('lookup', 'account'), allowance('lookup', 'ip'));
    const staff = { ...moderator, ip: office(1) };
    for (let i = 0; i <= n; i++) expect((await render(APPLICATION_READ_LIMIT, staff)).retryAfter, `staff read ${i + 1}`).toBe(0);
    // The API reads the same declaration the same way (lib/api/endpoint.ts): nothing to count for staff.
    expect(limitedActionFor(disclosureEndpoints.readApplication.rateLimit, staff)).toBeNull();
    // A citizen at the same address still has the whole budget (the staff reads spent nothing of it).
    const neighbour = await citizen(office(2));
    const perAddress = allowance('lookup', 'ip');
    for (let i = 0; i < Math.min(perAddress, allowance('lookup', 'account')); i++) expect((await render(APPLICATION_READ_LIMIT, neighbour)).retryAfter, `citizen read ${i + 1}`).toBe(0);
    expect((await render(APPLICATION_READ_LIMIT, neighbour)).retryAfter).toBeGreaterThan(0);
  });

  it('wrong claim codes over the limit lock the number for that network, as through the API; another network claims it', async () => {
    const today = chinaDate(new Date());
    const entered = await enterApplication(moderator, {
      applicantType: 'person', applicantName: '钱认领', contactPhone: '13812345679', contactAddress: '本市解放路 14 号',
      description: '申请公开本局 2025 年度道路养护计划。', purpose: '了解道路养护情况', form: 'paper', channel: 'paper', receivedOn: today,
    });
    const wrong = entered.queryCode === '000000' ? '000001' : '000000';
    const at = network();
    const guesser = await citizen(at(1));
    const tries = Math.ceil(LOOKUP_LIMITS.pairMax * env().RATE_LIMIT_FACTOR);
    for (let i = 0; i < tries; i++) expect((await appErrorOf(claimApplication({ ...guesser, ip: at(i + 1) }, { trackingNo: entered.trackingNo, queryCode: wrong }))).status).toBe(404);
    // Locked for this /64, even with the right code from another of its hosts.
    const locked = await appErrorOf(claimApplication({ ...guesser, ip: at(99) }, { trackingNo: entered.trackingNo, queryCode: entered.queryCode }));
    expect([locked.status, locked.code]).toEqual([429, 'rate_limited']);
    expect(locked.retryAfterSeconds).toBeGreaterThan(0);
    const applicant = await citizen(network()(1));
    expect(await claimApplication(applicant, { trackingNo: entered.trackingNo, queryCode: entered.queryCode })).toEqual({ trackingNo: entered.trackingNo });
  });
});
