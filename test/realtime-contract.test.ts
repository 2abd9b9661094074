import { readFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { encode } from 'next-auth/jwt';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { actOnInterview, createInterview } from '@/lib/interviews/operations';
import { closeRealtime, SOCKET_DOMAINS, startRealtime } from '@/lib/platform/realtime';
import { CLIENT_EVENTS, type ClientToServerEvents, type ServerToClientEvents } from '@/lib/realtime/contract';
import type { PublicInterviewStatus } from '@/lib/interviews/event-types';
import { socketEvents } from '../e2e/authorization/enumerate';
import { circles, importGraph, reachable, ROOT } from './support/import-graph';
import { actorFor } from './support/users';
import { until } from './support/viewer';

/**
 * The realtime layering (docs/ARCHITECTURE.md, DESIGN.md §9): lib/realtime is a transport that imports no domain;
 * the domains publish through lib/realtime/io.ts and answer events through handlers the composition root
 * (lib/platform/realtime.ts) registers; both sides share the typed contract (lib/realtime/contract.ts). Before,
 * server.ts imported the letters' and interviews' handlers while they imported realtime() from it: a circle of ten
 * files and ~17 `as never` casts. The static half reads the source (no database); the last test sends typed events
 * through a real Socket.IO server.
 */
const graph = importGraph();
const realtimeModules = [...graph.keys()].filter((f) => f.startsWith('lib/realtime/'));
/** The domains with socket handlers or broadcasts (lib/platform/realtime.ts#SOCKET_DOMAINS and their publishers). */
const REALTIME_DOMAINS = /^lib\/(interviews|letters|disclosure|notifications)\//;
/**
 * What lib/realtime may know of them: their vocabulary and tables, nothing that runs. (Labels: a domain's fixed texts
 * as plain data, e.g. the annual report template's, which the message catalogue merges in.)
 */
const DOMAIN_VOCABULARY = /^lib\/[a-z-]+\/([a-z-]+-)?(schema|event-types|labels)\.ts$/;
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('the realtime layering', () => {
  it('has no import circle through lib/realtime or the composition root', () => {
    expect(realtimeModules).toEqual(expect.arrayContaining(['lib/realtime/contract.ts', 'lib/realtime/io.ts', 'lib/realtime/server.ts', 'lib/realtime/handlers.ts']));
    // Type-only imports count: a circle of types is still a circle of modules to understand.
    const through = circles(graph).filter((c) => c.some((f) => f.startsWith('lib/realtime/') || f === 'lib/platform/realtime.ts'));
    expect(through).toEqual([]);
  });

  it('lib/realtime reaches no domain module, only the domains’ vocabulary', () => {
    const closure = reachable(graph, realtimeModules);
    const domain = [...closure].filter((f) => REALTIME_DOMAINS.test(f) && !DOMAIN_VOCABULARY.test(f));
    expect(domain).toEqual([]);
    expect(closure.has('lib/platform/realtime.ts')).toBe(false);
    // Nothing lib/realtime depends on depends on lib/realtime (true of every domain that will ever publish); naming the
    // contract's types is allowed (lib/api/failure.ts#failureAck returns its SocketFailure).
    const importsRealtime = [...closure].filter((f) => !f.startsWith('lib/realtime/') && graph.get(f)!.some((e) => e.to.startsWith('lib/realtime/') && !(e.typeOnly && e.to === 'lib/realtime/contract.ts')));
    expect(importsRealtime).toEqual([]);
  });

  it('the domains reach the server only through the composition root; server.ts registers them there', () => {
    const importersOfServer = [...graph.entries()].filter(([, edges]) => edges.some((e) => e.to === 'lib/realtime/server.ts')).map(([f]) => f);
    expect(importersOfServer).toEqual(['lib/platform/realtime.ts']);
    const root = graph.get('server.ts')!.map((e) => e.to);
    expect(root).toContain('lib/platform/realtime.ts');
    expect(root.filter((f) => f.startsWith('lib/realtime/') || REALTIME_DOMAINS.test(f))).toEqual([]);
    expect(SOCKET_DOMAINS.map((d) => d.name)).toEqual(['letters', 'applications', 'interviews']);
  });

  it('no `as never` on Socket.IO: the server, the handlers and the browser socket are typed by the contract', () => {
    const app = (file: string) => join('app', file);
    const files = [
      ...realtimeModules,
      ...[...graph.keys()].filter((f) => /^lib\/.+\/socket\.ts$/.test(f) || f === 'lib/platform/realtime.ts'),
      ...['_components/socket-client.ts', '_components/LiveRefresh.tsx', '_components/LiveRefreshClient.tsx', '_components/LiveBanner.tsx', '_components/NotificationBell.tsx',
        'workspace/leader/questions/AssignedLive.tsx', 'workspace/moderator/interviews/_shared/InterviewLive.tsx',
        'interviews/[slug]/useInterviewLive.ts', 'interviews/[slug]/AskForm.tsx', 'interviews/[slug]/InterviewRoom.tsx'].map(app),
      'server.ts',
    ];
    const casts = files.flatMap((f) => read(f).split('\n').map((line, i) => [f, i + 1, line] as const)).filter(([, , line]) => /\bas never\b/.test(line));
    expect(casts.map(([f, n]) => `${f}:${n}`)).toEqual([]);
    expect(read('app/_components/socket-client.ts')).toMatch(/Socket<ServerToClientEvents, ClientToServerEvents>/);
    // Every emit and listener of Socket.IO anywhere in lib/ and the browser code: none widened to `never`.
    const widened = [...graph.keys()].flatMap((f) => read(f).match(/\.(emit|on|off|serverSideEmit)\([^\n]*as never/g) ?? []);
    expect(widened).toEqual([]);
  });

  it('the contract lists exactly the events the handlers answer (the authorization matrix reads the same names)', () => {
    expect([...CLIENT_EVENTS].sort()).toEqual(socketEvents());
    // contract.ts and event-types.ts are what the browser imports: types, name lists and zod only.
    for (const file of ['lib/realtime/contract.ts', 'lib/interviews/event-types.ts']) {
      const runtime = graph.get(file)!.filter((e) => !e.typeOnly).map((e) => e.to);
      expect(runtime.filter((f) => f !== 'lib/cases/validation.ts'), file).toEqual([]);
    }
  });
});

describe('a typed event round-trips on a real server', () => {
  let http: HttpServer | undefined;
  const clients: Socket[] = [];
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await closeRealtime();
    await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  });

  it('acks carry the contract’s results, payloads its schemas, broadcasts its messages', async () => {
    http = createServer();
    await startRealtime(http, { trustProxy: false });
    await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const [moderator, leader] = await Promise.all([actorFor('moderator@example.com'), actorFor('leader@example.com')]);
    const start = Date.now() + 3600_000;
    const { id } = await createInterview(moderator, {
      title: '实时契约测试访谈', summary: '验证类型化的实时事件在真实服务器上往返。', guestIds: [leader.user.publicId], questionQuota: 5,
      scheduledStart: new Date(start).toISOString(), scheduledEnd: new Date(start + 3600_000).toISOString(),
    });
    await actOnInterview(moderator, id, { action: 'announce' });

    const cookie = `next-auth.session-token=${await encode({ token: { sub: moderator.user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`;
    // The browser's socket type (app/_components/socket-client.ts), so this test compiles only against the contract.
    const staff: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, { transports: ['websocket'], forceNew: true, extraHeaders: { cookie } });
    const visitor: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, { transports: ['websocket'], forceNew: true });
    clients.push(staff, visitor);

    const whoami = await staff.timeout(5000).emitWithAck('session:whoami', {});
    expect(whoami).toEqual({ ok: true, user: { id: moderator.user.publicId, name: moderator.user.name, role: 'moderator' } });
    expect(await visitor.timeout(5000).emitWithAck('session:whoami', {})).toEqual({ ok: true, user: null });

    // A payload outside its schema is refused by the contract's schema, with the field named.
    const refused = await visitor.timeout(5000).emitWithAck('interview:join', { interviewId: id, sinceSeq: -1 });
    expect(refused).toMatchObject({ ok: false, code: 'invalid_input', fields: { sinceSeq: expect.any(String) } });

    const statuses: PublicInterviewStatus[] = [];
    const events: Array<{ type: string; seq: number }> = [];
    visitor.on('interviews:status', (message) => statuses.push(message));
    visitor.on('interview:event', (event) => events.push({ type: event.type, seq: event.seq }));
    expect(await visitor.timeout(5000).emitWithAck('interviews:subscribe', {})).toEqual({ ok: true });
    const joined = await visitor.timeout(5000).emitWithAck('interview:join', { interviewId: id });
    expect(joined).toEqual({ ok: true, interviewId: id, seq: expect.any(Number) });
    const seq = joined.ok ? joined.seq : -1;

    // An operation publishes through lib/realtime/io.ts after commit; the client hears the contract's messages.
    await actOnInterview(moderator, id, { action: 'go_live' });
    // The join's catch-up already brought the announcement's event (seq ≤ the ack's); going live is the next one.
    expect(events.every((e) => e.seq <= seq)).toBe(true);
    await until(() => statuses.some((s) => s.id === id && s.status === 'live') && events.some((e) => e.seq > seq));
    expect(statuses.find((s) => s.id === id)).toMatchObject({ id, status: 'live', title: '实时契约测试访谈' });
    expect(events.filter((e) => e.seq > seq)).toEqual([{ type: 'status.changed', seq: seq + 1 }]);
  });
});
