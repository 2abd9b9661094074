import fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { closeRealtime, startRealtime } from '@/lib/platform/realtime';
import { realtime } from '@/lib/realtime/io';
import {
  actionsWithoutActor, apiRoutes, builtItems, compare, inlineServerActions, pages, refusalMessages, serverActions, socketEvents, urlPattern,
} from '../e2e/authorization/enumerate';
import { PARTIES } from '../e2e/authorization/parties';
import { ACTION_ROWS, API_ROWS, PAGE_ROWS, SOCKET_ROWS } from '../e2e/authorization/table';

/**
 * The authorisation matrix's bookkeeping, without a server: the enumeration of pages, route methods, server
 * actions and socket events, and the table having one row for each. (Its cells run in e2e/authorization.spec.ts
 * against the production build.) Here so a new route without a row fails `npm test` before the build.
 */
describe('authorisation matrix: enumeration', () => {
  it('derives URL patterns from folders: route groups and slots vanish, dynamic segments stay', () => {
    expect(urlPattern('app/page.tsx')).toBe('/');
    expect(urlPattern('app/(public)/letters/[trackingNo]/page.tsx')).toBe('/letters/[trackingNo]');
    expect(urlPattern('app/workspace/@modal/(staff)/x/[...rest]/page.tsx')).toBe('/workspace/x/[...rest]');
    expect(urlPattern('app/api/v1/letters/route.ts')).toBe('/api/v1/letters');
  });

  it('finds every kind of item in this code base', () => {
    expect(pages()).toContain('/letters/[trackingNo]');
    expect(apiRoutes()).toEqual(expect.arrayContaining(['GET /api/v1/letters', 'POST /api/v1/letters', 'DELETE /api/v1/admin/calendar', 'POST /api/auth/[...nextauth]']));
    expect(serverActions()).toContain('app/letters/actions.ts#letterActionForm');
    expect(serverActions().some((a) => a.endsWith('#ActionState') || a.endsWith('#FormState'))).toBe(false); // types are not actions
    expect(socketEvents()).toEqual(expect.arrayContaining(['session:whoami', 'letters:subscribe', 'interview:join', 'question:ask']));
  });

  it('finds metadata routes and inline \'use server\' functions in the source', () => {
    expect(apiRoutes()).toContain('GET /sitemap.xml');
    expect(inlineServerActions()).toEqual([]); // none today; a new one is an item without a row
  });

  it('reads pages, routes (metadata ones too) and actions (inline ones too) from a build\'s manifests', () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-dist-'));
    try {
      fs.mkdirSync(path.join(dist, 'server'));
      fs.writeFileSync(path.join(dist, 'server', 'app-paths-manifest.json'), JSON.stringify({
        '/_not-found/page': 'app/_not-found/page.js', '/page': 'app/page.js', '/letters/[trackingNo]/page': 'app/letters/[trackingNo]/page.js',
        '/api/v1/letters/route': 'app/api/v1/letters/route.js', '/sitemap.xml/route': 'app/sitemap.xml/route.js', '/robots.txt/route': 'app/robots.txt/route.js',
      }));
      fs.writeFileSync(path.join(dist, 'server', 'server-reference-manifest.json'), JSON.stringify({ node: {
        a1: { filename: 'app/letters/actions.ts', exportedName: 'letterActionForm' },
        a2: { filename: 'app/letters/[trackingNo]/page.tsx', exportedName: '$$RSC_SERVER_ACTION_0' },
      }, edge: {} }));
      expect(builtItems(dist)).toEqual({
        pages: ['/', '/letters/[trackingNo]'],
        apiRoutes: ['GET /api/v1/letters', 'GET /robots.txt', 'GET /sitemap.xml', 'POST /api/v1/letters'],
        serverActions: ['app/letters/[trackingNo]/page.tsx#$$RSC_SERVER_ACTION_0', 'app/letters/actions.ts#letterActionForm'],
      });
      // The inline action and the robots route have no row: the comparison names them.
      expect(compare('server action', builtItems(dist).serverActions, ACTION_ROWS.map((r) => r.action)).filter((p) => p.includes('no row'))).toEqual([
        'server action: no row for "app/letters/[trackingNo]/page.tsx#$$RSC_SERVER_ACTION_0" — add it to e2e/authorization/table.ts',
      ]);
      expect(compare('API route', builtItems(dist).apiRoutes, API_ROWS.map((r) => r.route)).filter((p) => p.includes('no row'))).toEqual([
        'API route: no row for "GET /robots.txt" — add it to e2e/authorization/table.ts',
      ]);
    } finally {
      fs.rmSync(dist, { recursive: true, force: true });
    }
  });

  it('names a missing row, a row without an item and a duplicate', () => {
    expect(compare('page', ['/a', '/b'], ['/a', '/c', '/a'])).toEqual([
      'page: duplicate row "/a"',
      'page: no row for "/b" — add it to e2e/authorization/table.ts',
      'page: row "/c" matches nothing in the source tree — remove or rename it',
    ]);
  });

  it('knows the refusal messages server actions return (they carry no status)', () => {
    const messages = refusalMessages();
    expect(messages.login.has('请先登录')).toBe(true);
    expect(messages.forbidden.has('您没有权限进行此操作')).toBe(true);
    expect(messages.forbidden.has('您不是这场访谈的嘉宾')).toBe(true);
    expect(messages.notfound.has('没有这封来信，或您无权查看')).toBe(true);
    expect(messages.notfound.has('未找到，或您无权查看')).toBe(true);
    expect(messages.notfound.has('没有这件申请，或您无权查看')).toBe(true); // a case domain's (lib/cases/runner.ts)
  });
});

/**
 * The events a connection answers, read from Socket.IO itself: a real server (lib/platform/realtime#startRealtime,
 * as server.ts attaches it) and one connection, whose server-side socket lists its listeners — whatever registered
 * them (onEvent in any module, socket.on with a constant). Socket.IO's own reserved names are left out.
 */
async function registeredSocketEvents(): Promise<string[]> {
  const http = createServer();
  await startRealtime(http, { trustProxy: false });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'], forceNew: true, reconnection: false });
  try {
    await new Promise<void>((resolve, reject) => client.once('connect', resolve).once('connect_error', reject));
    const socket = realtime()!.sockets.sockets.get(client.id!)!;
    const reserved = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'error', 'newListener', 'removeListener']);
    return socket.eventNames().map(String).filter((name) => !reserved.has(name)).sort();
  } finally {
    client.disconnect();
    await closeRealtime();
  }
}

describe('authorisation matrix: the table', () => {
  afterAll(() => closeRealtime());

  it('has exactly one row per page, API route method, server action and socket event', async () => {
    const events = await registeredSocketEvents();
    // The source scan (used by the hostile-input spec) must not miss what Socket.IO knows.
    expect(socketEvents()).toEqual(events);
    const problems = [
      ...compare('page', pages(), PAGE_ROWS.map((r) => r.page)),
      ...compare('API route', apiRoutes(), API_ROWS.map((r) => r.route)),
      ...compare('server action', [...serverActions(), ...inlineServerActions()], ACTION_ROWS.map((r) => r.action)),
      ...compare('socket event', events, SOCKET_ROWS.map((r) => r.event)),
    ];
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('gives every row a cell for each of the nine parties', () => {
    for (const row of [...PAGE_ROWS, ...API_ROWS, ...ACTION_ROWS, ...SOCKET_ROWS]) {
      for (const c of [row, ...('also' in row ? row.also ?? [] : [])]) expect(Object.keys(c.expect).sort()).toEqual([...PARTIES].sort());
    }
  });

  it('every server action reads its actor with requestActor(), except the 长辈模式 cookie', () => {
    // setLocale reads it too since the account keeps its language (users.locale: notices and e-mails in it).
    expect(actionsWithoutActor()).toEqual(['app/_actions/preferences.ts#setElderMode']);
  });
});
