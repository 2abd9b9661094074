import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actOnApplication, getApplication, submitApplication } from '@/lib/disclosure/applications';
import { applicationRoom } from '@/lib/disclosure/realtime';
import { closeRealtime, startRealtime } from '@/lib/platform/realtime';
import type { ClientToServerEvents, ServerToClientEvents } from '@/lib/realtime/contract';
import { realtime } from '@/lib/realtime/io';
import { findActiveUser } from '@/lib/accounts/users';
import { db } from '@/lib/db';
import { appErrorOf } from './support/errors';
import { sessionCookie } from './support/servers';
import { actorFor, insertUser } from './support/users';
import { until } from './support/viewer';

/**
 * Live application pages (issue 14): `applications:subscribe {trackingNo}` joins an application's room for whoever
 * may read it (its applicant, the disclosure office: getApplication's rule), and every delivery to the room is
 * checked again. A real Socket.IO server in this process and real socket.io-client connections, one per party;
 * the operations publish after commit as in the app. The receive matrix (test/realtime-receive-matrix.test.ts)
 * has the row for every party; this file checks the refusals and the per-delivery check.
 */
type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Party = 'applicant' | 'moderator' | 'admin' | 'otherCitizen' | 'leader' | 'handler' | 'visitor';
const PARTIES: Party[] = ['applicant', 'moderator', 'admin', 'otherCitizen', 'leader', 'handler', 'visitor'];

const secret = process.env.NEXTAUTH_SECRET!;
let http: HttpServer;
let url: string;
const sockets = new Map<Party, ClientSocket>();
const heard = new Map<Party, Array<{ event: string; payload: unknown }>>();

beforeAll(async () => {
  http = createServer();
  await startRealtime(http, { trustProxy: false });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets.values()) s.disconnect();
  await closeRealtime();
  await new Promise<void>((resolve) => http.close(() => resolve()));
});

async function open(party: Party, publicId: string | null): Promise<ClientSocket> {
  const socket: ClientSocket = connect(url, {
    transports: ['websocket'], forceNew: true, reconnection: false,
    ...(publicId ? { extraHeaders: { cookie: await sessionCookie(publicId, secret) } } : {}),
  });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));
  heard.set(party, []);
  socket.onAny((event: string, payload: unknown) => heard.get(party)!.push({ event, payload }));
  sockets.set(party, socket);
  return socket;
}

const changes = (party: Party, trackingNo: string) =>
  heard.get(party)!.filter((m) => m.event === 'application:changed' && (m.payload as { trackingNo: string }).trackingNo === trackingNo);

/** Anything still on its way to each connection: one acknowledged round trip each. */
async function drain(): Promise<void> {
  for (const s of sockets.values()) await s.timeout(10_000).emitWithAck('session:whoami', {});
}

describe('live application pages', () => {
  it('the applicant and the office subscribe and hear a change; another citizen, a leader, a handler and a visitor are refused and hear nothing', async () => {
    const applicant = await actorFor('citizen@example.com');
    const moderator = await actorFor('moderator@example.com');
    const otherCitizenId = await insertUser({ name: '路人乙', role: 'citizen' });
    const otherCitizen = { user: (await findActiveUser(db(), otherCitizenId))!, ip: '192.0.2.10' };
    const ids: Record<Party, string | null> = {
      applicant: applicant.user.publicId, moderator: moderator.user.publicId, admin: (await actorFor('admin@example.com')).user.publicId,
      otherCitizen: otherCitizenId, leader: (await actorFor('leader@example.com')).user.publicId, handler: (await actorFor('handler@example.com')).user.publicId,
      visitor: null,
    };
    for (const party of PARTIES) await open(party, ids[party]);

    const { trackingNo } = await submitApplication(applicant, {
      applicantType: 'person', applicantName: '张实时', contactPhone: '13912345678', form: 'electronic',
      description: '请公开本局 2026 年度文化市场行政处罚案件的数量和处理结果汇总。',
    });

    // Subscribing follows the REST read (getApplication): its applicant and the office; 404 for anyone else, 401 for a visitor.
    const acks = Object.fromEntries(await Promise.all(PARTIES.map(async (p) => [p, await sockets.get(p)!.timeout(10_000).emitWithAck('applications:subscribe', { trackingNo })] as const)));
    expect(acks).toEqual({
      applicant: { ok: true }, moderator: { ok: true }, admin: { ok: true },
      otherCitizen: expect.objectContaining({ ok: false, code: 'not_found' }), leader: expect.objectContaining({ ok: false, code: 'not_found' }),
      handler: expect.objectContaining({ ok: false, code: 'not_found' }), visitor: expect.objectContaining({ ok: false, code: 'unauthenticated' }),
    });
    for (const party of ['otherCitizen', 'leader', 'handler'] as const) {
      const actor = party === 'otherCitizen' ? otherCitizen : await actorFor(`${party}@example.com`);
      expect((await appErrorOf(getApplication(actor, trackingNo))).status, party).toBe(404);
    }
    // A malformed number is refused by the contract's schema.
    expect(await sockets.get('applicant')!.timeout(10_000).emitWithAck('applications:subscribe', { trackingNo: '20261201000001' })).toMatchObject({ ok: false, code: 'invalid_input' });

    await actOnApplication(moderator, trackingNo, { action: 'register', version: 1 });
    expect(await until(() => changes('applicant', trackingNo).length > 0 && changes('moderator', trackingNo).length > 0 && changes('admin', trackingNo).length > 0, 10_000)).toBe(true);
    await drain();
    expect(changes('applicant', trackingNo).map((m) => m.payload)).toEqual([{ trackingNo, status: 'registered', version: 2 }]);
    // Each hears it once, though the office's connections might be on a board too (none is subscribed here).
    expect(changes('moderator', trackingNo)).toHaveLength(1);
    for (const party of ['otherCitizen', 'leader', 'handler', 'visitor'] as const) expect(changes(party, trackingNo), party).toEqual([]);
  });

  it('checks every delivery: a connection in the room that may not read the application hears nothing and leaves it', async () => {
    const applicant = await actorFor('citizen@example.com');
    const moderator = await actorFor('moderator@example.com');
    const { trackingNo } = await submitApplication(applicant, {
      applicantType: 'person', applicantName: '张实时', contactPhone: '13912345678', form: 'electronic',
      description: '请公开本局 2026 年度旅游投诉的受理数量和办结情况。',
    });
    for (const party of ['applicant', 'moderator'] as const) {
      expect(await sockets.get(party)!.timeout(10_000).emitWithAck('applications:subscribe', { trackingNo })).toEqual({ ok: true });
    }
    // Stale membership (as if the subscription had been allowed once): put the other citizen's and the visitor's
    // connections into the room on the server, bypassing the subscribe check.
    const io = realtime()!;
    const room = applicationRoom(trackingNo);
    for (const party of ['otherCitizen', 'visitor', 'leader'] as const) io.in(sockets.get(party)!.id!).socketsJoin(room);
    expect(io.of('/').adapter.rooms.get(room)?.size).toBe(5);

    await actOnApplication(moderator, trackingNo, { action: 'register', version: 1 });
    expect(await until(() => changes('applicant', trackingNo).length > 0 && changes('moderator', trackingNo).length > 0, 10_000)).toBe(true);
    await drain();
    for (const party of ['otherCitizen', 'visitor', 'leader'] as const) {
      expect(changes(party, trackingNo), party).toEqual([]);
      expect(io.of('/').sockets.get(sockets.get(party)!.id!)!.rooms.has(room), party).toBe(false);
    }
    expect(io.of('/').adapter.rooms.get(room)?.size).toBe(2);
  });

  it('leaders\' supervision boards hear applications (read-only); a handler has no board', async () => {
    const applicant = await actorFor('citizen@example.com');
    expect(await sockets.get('leader')!.timeout(10_000).emitWithAck('letters:subscribe', { supervision: true })).toEqual({ ok: true });
    expect(await sockets.get('handler')!.timeout(10_000).emitWithAck('letters:subscribe', { supervision: true })).toMatchObject({ ok: false, code: 'forbidden' });
    const { trackingNo } = await submitApplication(applicant, {
      applicantType: 'person', applicantName: '张实时', contactPhone: '13912345678', form: 'electronic',
      description: '请公开本局 2026 年度非遗保护专项资金的使用情况。',
    });
    expect(await until(() => changes('leader', trackingNo).length > 0, 10_000)).toBe(true);
    await drain();
    expect(changes('leader', trackingNo).map((m) => m.payload)).toEqual([{ trackingNo, status: 'submitted', version: 1 }]);
    for (const party of ['otherCitizen', 'handler', 'visitor', 'applicant'] as const) expect(changes(party, trackingNo), party).toEqual([]);
  });

  it('the office\'s queue page hears every application arrive and change; nobody else may subscribe to it', async () => {
    const applicant = await actorFor('citizen@example.com');
    const moderator = await actorFor('moderator@example.com');
    const acks = Object.fromEntries(await Promise.all(PARTIES.map(async (p) => [p, await sockets.get(p)!.timeout(10_000).emitWithAck('applications:subscribe', { queue: true })] as const)));
    expect(acks).toEqual({
      applicant: expect.objectContaining({ ok: false, code: 'forbidden' }), moderator: { ok: true }, admin: { ok: true },
      otherCitizen: expect.objectContaining({ ok: false, code: 'forbidden' }), leader: expect.objectContaining({ ok: false, code: 'forbidden' }),
      handler: expect.objectContaining({ ok: false, code: 'forbidden' }), visitor: expect.objectContaining({ ok: false, code: 'unauthenticated' }),
    });
    // One of the two, never both or neither.
    for (const payload of [{}, { queue: true, trackingNo: 'GK202612010001' }]) {
      expect(await sockets.get('moderator')!.timeout(10_000).emitWithAck('applications:subscribe', payload as never), JSON.stringify(payload)).toMatchObject({ ok: false, code: 'invalid_input' });
    }
    const { trackingNo } = await submitApplication(applicant, {
      applicantType: 'person', applicantName: '张实时', contactPhone: '13912345678', form: 'electronic',
      description: '请公开本局 2026 年度公共文化服务设施免费开放的经费安排。',
    });
    await actOnApplication(moderator, trackingNo, { action: 'register', version: 1 });
    expect(await until(() => changes('moderator', trackingNo).length >= 2 && changes('admin', trackingNo).length >= 2, 10_000)).toBe(true);
    await drain();
    // Once per change (the queue room and a board would not double it), and only the office.
    expect(changes('moderator', trackingNo).map((m) => m.payload)).toEqual([{ trackingNo, status: 'submitted', version: 1 }, { trackingNo, status: 'registered', version: 2 }]);
    for (const party of ['otherCitizen', 'handler', 'visitor', 'applicant'] as const) expect(changes(party, trackingNo), party).toEqual([]);
  });
});
