import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, dropThrowawayDatabase } from '@/scripts/throwaway-db';
import { SERVER_EVENTS, serverMessageKinds } from '@/lib/realtime/outbound';
import { sessionCookie, startRealtimeProcess, stopRealtimeProcesses, type RealtimeProcess } from './support/servers';
import { until, untilAsync } from './support/viewer';

/**
 * THE RECEIVE MATRIX: what each party RECEIVES on its Socket.IO connection, one row per message the server sends
 * (lib/realtime/outbound.ts#SERVER_EVENTS: every `interview:event` type, every `interview:staff` type, the viewer
 * count, the public interview status, letter changes, notifications) and one cell per party:
 *
 *   none      — receives nothing of this kind
 *   receives  — receives it, and it carries no asker's name or contact details
 *   masked    — receives it with the asker's name masked as the public page shows it (欧**明)
 *   full      — receives the asker's full name or the phone number in the text as asked (moderators only)
 *
 * A real app process (test/support/realtime-process.ts: database boot + lib/realtime/server.ts) and one real
 * socket.io-client connection per party, signed in with a session cookie. Every party does what a page would to
 * hear as much as it can: joins the interview (again on every reconnect, as the pages do), subscribes to the letter,
 * to a queue, to the supervision board and to the application. Then one run drives every kind of message; each connection records all it receives. The rows are
 * enumerated from the registry: a message kind without a row fails, a row the run did not produce fails, and a
 * message a party received that the registry does not list fails.
 */
const secret = process.env.NEXTAUTH_SECRET!;
const serverUrl = process.env.TEST_DATABASE_URL;

const PARTIES = [
  'visitor',
  'asker', // the citizen who asks the questions and wrote the letter
  'otherCitizen',
  'guest', // leader@, a guest of the interview
  'removedGuest', // a guest removed from the interview while connected: counted from its removal on
  'otherLeader', // a leader who is not a guest
  'handler', // handler@, of the department the letter is assigned to
  'otherHandler', // a handler of another department
  'moderator',
  'admin',
] as const;
type Party = (typeof PARTIES)[number];
type Cell = 'none' | 'receives' | 'masked' | 'full';

// The asker's name, as the public and the guests see it, and a phone number the asker typed into the question.
const ASKER_NAME = '欧阳晓明';
const ASKER_MASKED = '欧**明';
const PHONE = '13912345678';
// The note a moderator gives the asker with a rejection's reason code (issue 16 item 7): the asker's and the moderators'.
const REJECT_NOTE = '与本场访谈主题无关，请通过来信渠道反映';

const all = (cell: Cell): Record<Party, Cell> => Object.fromEntries(PARTIES.map((p) => [p, cell])) as Record<Party, Cell>;
const only = (cells: Partial<Record<Party, Cell>>): Record<Party, Cell> => ({ ...all('none'), ...cells });

/** Everyone may read a live interview: every public event reaches every party, names masked. */
const MATRIX: Record<string, Record<Party, Cell>> = {
  'interview:event status.changed': all('receives'),
  'interview:event interview.updated': all('receives'),
  'interview:event question.approved': all('masked'),
  'interview:event question.updated': all('masked'),
  'interview:event question.removed': all('receives'),
  'interview:event question.answering': all('receives'),
  'interview:event answer.published': all('masked'),
  'interview:event answer.corrected': all('masked'),
  'interview:event host.remark': all('receives'),
  'interview:event votes.updated': all('receives'),
  // 图文直播: the moderator's updates are public, like host remarks.
  'interview:event update.posted': all('receives'),
  'interview:event update.retracted': all('receives'),
  // Live polls: public events (counts, or none while hidden); every count to the moderators' room only.
  'interview:event poll.updated': all('receives'),
  // Pending questions: the moderators alone (admins are moderators too, issue 13), as asked and with the asker's name
  // (the REST console shows the same).
  'interview:staff question.submitted': only({ moderator: 'full', admin: 'full' }),
  // Moderation of pending questions (and reject reasons) to moderators; the guests hear of approved questions only.
  'interview:staff question.moderated': only({ moderator: 'receives', admin: 'receives', guest: 'receives' }),
  'interview:staff question.assigned': only({ moderator: 'receives', admin: 'receives', guest: 'receives' }),
  'interview:staff interview.updated': only({ moderator: 'receives', admin: 'receives', guest: 'receives' }),
  'interview:staff poll.results': only({ moderator: 'receives', admin: 'receives' }),
  'interview:viewers': all('receives'),
  // The public interview list's own fields (the home page's live banner): everyone who subscribes.
  'interviews:status': all('receives'),
  // A moderator's decision on a question, with a rejection's reason: to its asker's own connections only (user:<id>).
  'question:mine': only({ asker: 'receives' }),
  // A letter's room: its writer, the department's staff, the triage desk.
  'letter:changed': only({ asker: 'receives', handler: 'receives', moderator: 'receives', admin: 'receives' }),
  // Applications arriving and changing: the supervision boards (moderators and admins; leaders read-only, issue 14)
  // and the application's own room (its applicant and the disclosure office, checked per delivery); nobody else.
  'application:changed': only({ asker: 'receives', guest: 'receives', removedGuest: 'receives', otherLeader: 'receives', moderator: 'receives', admin: 'receives' }),
  // Each account its own: the writer (letter accepted), the department (a new letter), the guest (an assignment), the
  // moderator (a new application: the disclosure office).
  'notification:new': only({ asker: 'receives', handler: 'receives', guest: 'receives', moderator: 'receives' }),
};

interface Received {
  kind: string;
  payload: unknown;
}

function kindOf(event: string, payload: unknown): string {
  const type = (payload as { type?: unknown } | undefined)?.type;
  return SERVER_EVENTS[event as keyof typeof SERVER_EVENTS] && typeof type === 'string' ? `${event} ${type}` : event;
}

function cellOf(messages: Received[]): Cell {
  if (messages.length === 0) return 'none';
  const text = JSON.stringify(messages.map((m) => m.payload));
  if (text.includes(ASKER_NAME) || text.includes(PHONE)) return 'full';
  return text.includes(ASKER_MASKED) ? 'masked' : 'receives';
}

describe('the receive matrix: what each party receives on every socket room and event', () => {
  const sockets: Socket[] = [];
  let server: RealtimeProcess;
  let dataDir: string | undefined;
  let databaseUrl: string | undefined;

  beforeAll(async () => {
    if (serverUrl) databaseUrl = await createThrowawayDatabase(serverUrl);
    else dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-receive-'));
    server = await startRealtimeProcess({ dataDir, databaseUrl, secret, viewerCountMs: 200 });
  }, 180_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await stopRealtimeProcesses();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) await dropThrowawayDatabase(databaseUrl);
  });

  it('has one row per message kind the server sends, each with a cell per party', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(serverMessageKinds().sort());
    for (const row of Object.values(MATRIX)) expect(Object.keys(row).sort()).toEqual([...PARTIES].sort());
  });

  it('every party receives exactly what its row says, and a removed guest nothing of the staff side from its removal on', async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const [askerId, otherCitizenId, removedGuestId, otherLeaderId, otherHandlerId] = await server.call<string[]>('createAccounts', null, [
      { name: ASKER_NAME, email: `asker-${tag}@example.org`, role: 'citizen' },
      { name: '路人甲', email: `other-${tag}@example.org`, role: 'citizen' },
      { name: '赵副局长', email: `removed-${tag}@example.org`, role: 'leader', department: 'heritage', title: '副局长' },
      { name: '钱处长', email: `leader2-${tag}@example.org`, role: 'leader', department: 'arts', title: '处长' },
      { name: '孙办事', email: `handler2-${tag}@example.org`, role: 'handler', department: 'tourism' },
    ]);
    const email: Record<Party, string | null> = {
      visitor: null, asker: `asker-${tag}@example.org`, otherCitizen: `other-${tag}@example.org`, guest: 'leader@example.com',
      removedGuest: `removed-${tag}@example.org`, otherLeader: `leader2-${tag}@example.org`, handler: 'handler@example.com',
      otherHandler: `handler2-${tag}@example.org`, moderator: 'moderator@example.com', admin: 'admin@example.com',
    };
    const ids: Record<Party, string | null> = {
      visitor: null, asker: askerId!, otherCitizen: otherCitizenId!, guest: await server.call<string>('whoami', 'leader@example.com'),
      removedGuest: removedGuestId!, otherLeader: otherLeaderId!, handler: await server.call<string>('whoami', 'handler@example.com'),
      otherHandler: otherHandlerId!, moderator: await server.call<string>('whoami', 'moderator@example.com'), admin: await server.call<string>('whoami', 'admin@example.com'),
    };
    const as = (party: Party) => email[party];
    const M = as('moderator');

    const { id } = await server.call<{ id: string }>('createInterview', M, {
      title: '接收矩阵测试访谈', summary: '验证每一方在实时连接上收到什么、收不到什么。', guestIds: [ids.guest, ids.removedGuest],
      scheduledStart: new Date(Date.now() + 60_000).toISOString(), scheduledEnd: new Date(Date.now() + 3600_000).toISOString(),
    });
    await server.call('actOnInterview', M, id, { action: 'announce' });
    const letter = await server.call<{ trackingNo: string }>('submitLetter', as('asker'), {
      kind: 'inquiry', title: '接收矩阵测试来信', body: '这封来信用于验证谁能收到来信的实时变化通知，谁不能。', consentToPublish: false,
    });

    // Every party connects and asks for everything a page could ask for; a reconnect joins again.
    const received = new Map<Party, Received[]>();
    const joined = new Map<Party, number>();
    const socketOf = new Map<Party, Socket>();
    for (const party of PARTIES) {
      const socket = connect(server.url, {
        transports: ['websocket'], forceNew: true, reconnectionDelay: 50, reconnectionDelayMax: 200,
        ...(ids[party] ? { extraHeaders: { cookie: await sessionCookie(ids[party]!, secret) } } : {}),
      });
      sockets.push(socket);
      socketOf.set(party, socket);
      received.set(party, []);
      joined.set(party, 0);
      socket.onAny((event: string, payload: unknown) => received.get(party)!.push({ kind: kindOf(event, payload), payload }));
      socket.on('connect', () => {
        socket.emit('interview:join', { interviewId: id, sinceSeq: 0 }, (ack: { ok?: boolean }) => {
          if (ack?.ok) joined.set(party, joined.get(party)! + 1);
        });
        socket.emit('letters:subscribe', { trackingNo: letter.trackingNo }, () => {});
        socket.emit('letters:subscribe', { queue: true }, () => {});
        socket.emit('letters:subscribe', { supervision: true }, () => {});
        socket.emit('interviews:subscribe', {}, () => {});
      });
    }
    expect(await until(() => PARTIES.every((p) => joined.get(p)! >= 1), 20_000)).toBe(true);
    // Subscriptions are acknowledged after the join: wait for one more round trip of each socket.
    for (const party of PARTIES) await socketOf.get(party)!.timeout(10_000).emitWithAck('session:whoami', {});

    // While a guest, the guest to be removed hears the staff side (so the cell below can fail).
    const version = async () => (await server.call<{ version: number }>('getInterviewForEdit', M, id)).version;
    await server.call('updateInterview', M, id, { version: await version(), title: '接收矩阵测试访谈（一）' });
    expect(await until(() => received.get('removedGuest')!.some((m) => m.kind === 'interview:staff interview.updated'))).toBe(true);

    // Removed: from this moment its connections receive nothing more of the staff side.
    received.set('removedGuest', []);
    const joinsBefore = joined.get('removedGuest')!;
    await server.call('updateInterview', M, id, { version: await version(), guestIds: [ids.guest] });
    // Its page reconnects at once and joins again, now as the leader who is not a guest it is.
    expect(await until(() => joined.get('removedGuest')! > joinsBefore)).toBe(true);
    // One more viewer changes the count, so every party — the reconnected one too — hears it again.
    const extra = connect(server.url, { transports: ['websocket'], forceNew: true });
    sockets.push(extra);
    expect(await extra.timeout(10_000).emitWithAck('interview:join', { interviewId: id, sinceSeq: 0 })).toMatchObject({ ok: true });
    // What the guest desk's REST read says now: not found; the remaining guest still reads it.
    await expect(server.call('staffQuestions', as('removedGuest'), id)).rejects.toMatchObject({ code: 'not_found' });

    await server.call('actOnInterview', M, id, { action: 'go_live' });
    // A question with the asker's phone number in it; the moderator takes the number out before approving.
    const q1 = await server.call<{ id: string }>('askQuestion', as('asker'), id, { body: `我家楼下的酒吧每晚噪音扰民，我的电话 ${PHONE}，请问谁来管？` });
    const q2 = await server.call<{ id: string }>('askQuestion', as('asker'), id, { body: '第二个问题：这个问题会先被采用，然后被撤下。' });
    const q3 = await server.call<{ id: string }>('askQuestion', as('asker'), id, { body: '第三个问题：访谈结束后分配给嘉宾答复。' });
    await server.call('actOnQuestion', M, q1.id, { action: 'edit', body: '我家楼下的酒吧每晚噪音扰民，请问谁来管？' });
    await server.call('actOnQuestion', M, q1.id, { action: 'approve' });
    await server.call('actOnQuestion', M, q1.id, { action: 'star' });
    await server.call('actOnQuestion', as('otherCitizen'), q1.id, { action: 'upvote' });
    await server.call('actOnQuestion', as('guest'), q1.id, { action: 'answering' });
    await server.call('publishAnswer', as('guest'), q1.id, { body: '文化市场综合执法支队将在本周内到现场检查，并依法处理。' });
    await server.call('correctAnswer', as('guest'), q1.id, { body: '文化市场综合执法支队将在三个工作日内到现场检查，并依法处理。' });
    await server.call('addRemark', M, id, { body: '欢迎各位网友继续提问。' });
    const update = await server.call<{ id: string }>('postUpdate', M, id, { body: '图文直播：嘉宾已到达演播室。' });
    await server.call('retractUpdate', M, id, update.id);
    const poll = await server.call<{ id: string }>('openPoll', M, id, { question: '您最希望延长哪类场馆的开放时间？', options: ['图书馆', '博物馆'], hideResultsUntilClosed: true });
    await server.call('votePoll', as('otherCitizen'), null, { pollId: poll.id, options: [1] });
    await server.call('closePoll', M, poll.id, { action: 'close' });
    await server.call('actOnQuestion', M, q2.id, { action: 'approve' });
    await server.call('actOnQuestion', M, q2.id, { action: 'reject', reason: 'off_topic', note: REJECT_NOTE });
    await server.call('actOnQuestion', M, q3.id, { action: 'approve' });
    await server.call('actOnLetter', M, letter.trackingNo, { action: 'accept', departmentId: await server.call<string>('departmentId', null, 'market') });
    // An application arrives and is registered (the board's live updates).
    const application = await server.call<{ trackingNo: string }>('submitApplication', as('asker'), {
      applicantType: 'person', applicantName: '欧阳晓明', contactPhone: '13912345678', description: '请公开 2025 年度本市文化市场执法检查的汇总情况。', form: 'electronic',
    });
    // Every party asks for the application's room as its page would: the applicant and the office get in.
    const subscribed = await Promise.all(PARTIES.map(async (p) => (await socketOf.get(p)!.timeout(10_000).emitWithAck('applications:subscribe', { trackingNo: application.trackingNo })).ok));
    expect(PARTIES.filter((_, i) => subscribed[i])).toEqual(['asker', 'moderator', 'admin']);
    // And for the office's queue, as its page would: the office only (disclosure.handle).
    const queued = await Promise.all(PARTIES.map(async (p) => (await socketOf.get(p)!.timeout(10_000).emitWithAck('applications:subscribe', { queue: true })).ok));
    expect(PARTIES.filter((_, i) => queued[i])).toEqual(['moderator', 'admin']);
    await server.call('actOnApplication', M, application.trackingNo, { action: 'register' });
    await server.call('actOnInterview', M, id, { action: 'end' });
    await server.call('assignLeftoverQuestions', M, id, { guestId: ids.guest });

    // The guests' REST read follows the same rule as their room: approved questions, masked names, the edited text.
    const desk = await server.call<{ items: Array<{ id: string; askerName: string; originalBody: string }> }>('staffQuestions', as('guest'), id);
    expect(desk.items.map((q) => q.id).sort()).toEqual([q1.id, q3.id].sort());
    expect(JSON.stringify(desk)).not.toContain(ASKER_NAME);
    expect(JSON.stringify(desk)).not.toContain(PHONE);
    expect(desk.items[0]!.askerName).toBe(ASKER_MASKED);
    const console_ = await server.call<{ items: Array<{ id: string; askerName: string; originalBody: string }> }>('staffQuestions', M, id);
    expect(console_.items.find((q) => q.id === q1.id)).toMatchObject({ askerName: ASKER_NAME, originalBody: expect.stringContaining(PHONE) });

    // Wait until the run's last messages have arrived: the assignment at the guest and the moderator, the votes.
    const heard = (party: Party, kind: string) => received.get(party)!.some((m) => m.kind === kind);
    expect(await until(() => heard('guest', 'interview:staff question.assigned') && heard('moderator', 'interview:staff question.assigned')
      && heard('guest', 'notification:new') && PARTIES.every((p) => heard(p, 'interview:event votes.updated') && heard(p, 'interview:viewers')), 20_000)).toBe(true);
    // Anything still in flight to any party: one more round trip on every connection.
    for (const party of PARTIES) await socketOf.get(party)!.timeout(10_000).emitWithAck('session:whoami', {});
    expect(await untilAsync(async () => (await server.call<{ events: unknown[] }>('stored', null, id)).events.length > 0)).toBe(true);

    const kinds = new Set(serverMessageKinds());
    const unlisted = PARTIES.flatMap((p) => received.get(p)!.filter((m) => !kinds.has(m.kind)).map((m) => `${p}: ${m.kind}`));
    expect(unlisted, 'messages not in lib/realtime/outbound.ts#SERVER_EVENTS').toEqual([]);
    const observed: Record<string, Record<Party, Cell>> = {};
    for (const kind of Object.keys(MATRIX)) {
      observed[kind] = Object.fromEntries(PARTIES.map((p) => [p, cellOf(received.get(p)!.filter((m) => m.kind === kind))])) as Record<Party, Cell>;
    }
    const table = Object.entries(observed).map(([kind, row]) => `${kind.padEnd(40)} ${PARTIES.map((p) => `${p}=${row[p]}`).join(' ')}`).join('\n');
    console.log(`[receive matrix] ${Object.keys(MATRIX).length} rows × ${PARTIES.length} parties\n${table}`);
    expect(observed).toEqual(MATRIX);
    // A rejected question's reason and note: its asker and the moderators, nobody else, on any event.
    const toldOfRejection = PARTIES.filter((p) => JSON.stringify(received.get(p)!.map((m) => m.payload)).includes(REJECT_NOTE));
    expect(toldOfRejection.sort()).toEqual(['admin', 'asker', 'moderator']);
    expect(received.get('asker')!.filter((m) => m.kind === 'question:mine' && (m.payload as { questionId?: string }).questionId === q2.id).at(-1)?.payload)
      .toEqual({ interviewId: id, questionId: q2.id, status: 'rejected', reason: 'off_topic', note: REJECT_NOTE });
    // Every row was exercised: someone received each kind.
    for (const [kind, row] of Object.entries(observed)) expect(Object.values(row).some((c) => c !== 'none'), kind).toBe(true);
  }, 180_000);
});
