/**
 * The load generator of `npm run bench:live`, a separate process driven by scripts/bench/live.ts over Node IPC.
 *
 * Viewers are plain WebSocket clients (`ws`, the library socket.io-client itself uses under Node) that speak the
 * Engine.IO v4 / Socket.IO v5 text protocol directly: open → "40" → `interview:join` with an ack → events. The
 * receipt time is taken first thing in the WebSocket message handler, before any parsing, and the event's seq and
 * type are read from the frame's head without JSON.parse. A full socket.io-client costs several times more CPU per
 * received message; with 10,000 viewers in one process that cost would sit inside every latency figure (the
 * 10,000th socket's message waits for the 9,999 before it) and would make the server under test look closer to
 * bare Socket.IO than it is. Citizens (scenario c) use socket.io-client: their rate is low and they need acks.
 */
import WebSocket from 'ws';
import { io as ioClient, type Socket } from 'socket.io-client';
import { nowMs, sleep, summarise, type ConnectResult, type LoadCommand, type LoadReply, type QuestionsResult, type Receipts, type StormResult, type StormStats, type Target, type ViewerStats } from './common';

function send(message: LoadReply): void {
  process.send?.(message);
}

// The parent's IPC channel going away (orchestrator crash or exit) ends this process.
process.on('disconnect', () => process.exit(0));

const EVENT_HEAD = /^42\["interview:event",\{"interviewId":"[^"]*","seq":(\d+),"type":"([a-z_.]+)"/;
const CONNECT_TIMEOUT_MS = 20_000;

interface Viewer {
  idx: number;
  ws: WebSocket;
  joined: boolean;
  closed: boolean;
  /** The highest event seq this viewer holds (events received, the join's ack): its sinceSeq when it re-joins. */
  seq: number;
}

interface Receipt {
  times: Float64Array;
  received: number;
  reported: boolean;
  event?: unknown;
  frameBytes?: number;
}

class Audience {
  viewers: Viewer[] = [];
  open = 0;
  everOpened = 0;
  disconnects = 0;
  duplicates = 0;
  otherFrames = 0;
  receipts = new Map<number, Receipt>();
  capacity = 0;
  /** During a storm receipts are not reported as complete (the audience is reconnecting; stormStats reads them). */
  storming = false;
  /** Re-join times of the last storm (nowMs, by viewer; NaN: not re-joined). */
  rejoinAt = new Float64Array(0);
  stormDropAt = 0;
  stormDuplicatesBefore = 0;
  /** The server's periodic `interview:viewers` broadcasts, as bursts of frames (start, end in nowMs). */
  viewerCountBursts: Array<{ start: number; end: number; frames: number }> = [];

  viewerCountFrame(at: number): void {
    const last = this.viewerCountBursts.at(-1);
    if (last && at - last.end < 250) {
      last.end = at;
      last.frames++;
    } else this.viewerCountBursts.push({ start: at, end: at, frames: 1 });
  }

  constructor(readonly target: Target) {}

  receipt(key: number): Receipt {
    let r = this.receipts.get(key);
    if (!r) {
      r = { times: new Float64Array(this.capacity).fill(NaN), received: 0, reported: false };
      this.receipts.set(key, r);
    }
    return r;
  }

  record(viewer: Viewer, key: number, at: number, frame: Buffer): void {
    const r = this.receipt(key);
    if (!Number.isNaN(r.times[viewer.idx]!)) {
      this.duplicates++;
      return;
    }
    r.times[viewer.idx] = at;
    if (r.received++ === 0) {
      r.event = (JSON.parse(frame.toString('utf8').slice(2)) as unknown[])[1];
      r.frameBytes = frame.length;
    }
    if (!this.storming && !r.reported && r.received >= this.open) this.report(key, true);
  }

  report(key: number, complete: boolean): void {
    const r = this.receipt(key);
    if (complete) r.reported = true;
    const message: Receipts = { type: 'receipts', target: this.target, key, complete, received: r.received, expected: this.open, times: r.times, event: r.event, frameBytes: r.frameBytes };
    send(message);
  }

  stats(keys: number[]): ViewerStats {
    let gotAll = 0;
    let missingPairs = 0;
    const rs = keys.map((k) => this.receipt(k));
    for (const v of this.viewers) {
      if (!v.joined) continue;
      let all = true;
      for (const r of rs) {
        if (Number.isNaN(r.times[v.idx]!)) {
          all = false;
          missingPairs++;
        }
      }
      if (all) gotAll++;
    }
    return { type: 'viewerStats', target: this.target, open: this.open, everOpened: this.everOpened, disconnects: this.disconnects, duplicates: this.duplicates, gotAll, missingPairs, otherFrames: this.otherFrames, viewerCountBursts: this.viewerCountBursts };
  }
}

const audiences: Record<Target, Audience> = { minsheng: new Audience('minsheng'), bare: new Audience('bare') };

function connectViewer(audience: Audience, idx: number, url: string, interviewId: string, sinceSeq: number): Promise<Viewer> {
  return new Promise<Viewer>((resolve, reject) => {
    const wsUrl = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false, skipUTF8Validation: true, handshakeTimeout: CONNECT_TIMEOUT_MS });
    const viewer: Viewer = { idx, ws, joined: false, closed: false, seq: sinceSeq };
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
      reject(new Error(reason));
    };
    const timer = setTimeout(() => fail('timeout'), CONNECT_TIMEOUT_MS);

    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const at = nowMs();
      if (isBinary) return;
      const c0 = data[0];
      if (c0 === 0x34 /* 4: socket.io message */) {
        const c1 = data[1];
        if (c1 === 0x32 /* 2: event */) {
          const m = EVENT_HEAD.exec(data.toString('latin1', 0, Math.min(data.length, 240)));
          if (m) {
            const seq = Number(m[1]);
            if (seq > viewer.seq) viewer.seq = seq;
            if (m[2] === 'answer.published') audience.record(viewer, seq, at, data);
            else audience.otherFrames++;
            return;
          }
          audience.otherFrames++;
          if (data.toString('latin1', 0, 22) === '42["interview:viewers"') audience.viewerCountFrame(at);
          return;
        }
        if (c1 === 0x33 /* 3: ack */) {
          // "430[{...}]": the join's acknowledgement (ack id 0, the only one a viewer sends)
          const [ack] = JSON.parse(data.toString('utf8').slice(3)) as [{ ok?: boolean; code?: string; error?: string; seq?: number }];
          if (ack?.ok) {
            viewer.joined = true;
            if (typeof ack.seq === 'number' && ack.seq > viewer.seq) viewer.seq = ack.seq;
            if (audience.storming) audience.rejoinAt[idx] = at;
            settled = true;
            clearTimeout(timer);
            audience.open++;
            audience.everOpened++;
            resolve(viewer);
          } else fail(`join refused: ${ack?.code ?? JSON.stringify(ack)}`);
          return;
        }
        if (c1 === 0x30 /* 0: namespace connected */) {
          ws.send(`420${JSON.stringify(['interview:join', { interviewId, sinceSeq }])}`);
          return;
        }
        if (c1 === 0x34 /* 4: connect_error */) return fail(`connect_error ${data.toString('utf8').slice(2, 200)}`);
        return;
      }
      if (c0 === 0x32 /* 2: engine.io ping */) return void ws.send('3');
      if (c0 === 0x30 /* 0: engine.io open */) return void ws.send('40');
      if (c0 === 0x31 /* 1: engine.io close */) ws.close();
    });
    ws.on('error', (error) => fail(`ws error: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
    ws.on('close', () => {
      if (!settled) return fail('closed before join');
      if (!viewer.closed) {
        viewer.closed = true;
        if (viewer.joined) {
          audience.open--;
          audience.disconnects++;
        }
      }
    });
  });
}

async function connect(command: Extract<LoadCommand, { cmd: 'connect' }>): Promise<ConnectResult> {
  const audience = audiences[command.target];
  audience.capacity = command.viewers;
  audience.viewers = new Array(command.viewers);
  const errors: Record<string, number> = {};
  let retries = 0;
  let failed = 0;
  const t0 = nowMs();
  for (let start = 0; start < command.viewers; start += command.batch) {
    let pending = Array.from({ length: Math.min(command.batch, command.viewers - start) }, (_, i) => start + i);
    for (let attempt = 0; pending.length > 0; attempt++) {
      const results = await Promise.allSettled(pending.map((idx) => connectViewer(audience, idx, command.url, command.interviewId, command.sinceSeq)));
      const again: number[] = [];
      results.forEach((r, i) => {
        if (r.status === 'fulfilled') audience.viewers[pending[i]!] = r.value;
        else {
          const reason = (r.reason as Error).message;
          errors[reason] = (errors[reason] ?? 0) + 1;
          again.push(pending[i]!);
        }
      });
      if (again.length === 0) break;
      if (attempt >= 4) {
        failed += again.length;
        break;
      }
      retries += again.length;
      pending = again;
      await sleep(500 * (attempt + 1));
    }
    if ((start / command.batch) % 4 === 3) send({ type: 'log', message: `${command.target}: ${audience.open} viewers joined` });
  }
  audience.viewers = audience.viewers.filter(Boolean);
  return { type: 'connected', target: command.target, requested: command.viewers, connected: audience.open, failed, retries, ms: Math.round(nowMs() - t0), errors };
}

async function disconnect(target: Target): Promise<void> {
  const audience = audiences[target];
  const closing = audience.viewers.filter((v) => !v.closed).map((v) => new Promise<void>((resolve) => {
    v.ws.once('close', () => resolve());
    v.ws.close();
  }));
  await Promise.race([Promise.all(closing), sleep(15_000)]);
  for (const v of audience.viewers) if (!v.closed) v.ws.terminate();
  // These closes are ours, not disconnects the server caused.
  audience.disconnects -= closing.length;
  audience.viewers = [];
}

// ---- reconnect storm ----

/**
 * Every viewer's connection is dropped at once (as when the server they were on goes away in a deploy), then all of
 * them reconnect at once and re-join with the seq they hold, as the page does; a failed attempt is retried after
 * 0.5, 1, 1.5 … s (at most 2.5 s), like socket.io-client's backoff, until the timeout.
 */
async function storm(command: Extract<LoadCommand, { cmd: 'storm' }>): Promise<StormResult> {
  const audience = audiences[command.target];
  const slots = audience.viewers.flatMap((v, at) => (v && v.joined && !v.closed ? [{ old: v, at }] : []));
  const viewers = slots.map((s) => s.old);
  audience.storming = true;
  audience.rejoinAt = new Float64Array(audience.capacity).fill(NaN);
  audience.stormDuplicatesBefore = audience.duplicates;
  const dropAt = nowMs();
  audience.stormDropAt = dropAt;
  for (const v of viewers) {
    v.closed = true; // not a disconnect the server caused
    v.ws.terminate();
  }
  audience.open -= viewers.length;
  const errors: Record<string, number> = {};
  let retries = 0;
  let failed = 0;
  const deadline = dropAt + command.timeoutMs;
  await Promise.all(slots.map(async ({ old, at }) => {
    for (let attempt = 0; ; attempt++) {
      try {
        audience.viewers[at] = await connectViewer(audience, old.idx, command.url, command.interviewId, old.seq);
        return;
      } catch (error) {
        const reason = (error as Error).message;
        errors[reason] = (errors[reason] ?? 0) + 1;
        if (nowMs() > deadline) {
          failed++;
          return;
        }
        retries++;
        await sleep(Math.min(2500, 500 * (attempt + 1)) * (0.5 + Math.random()));
      }
    }
  }));
  const rejoined = viewers.length - failed;
  let last = dropAt;
  for (const v of viewers) if (Number.isFinite(audience.rejoinAt[v.idx]!)) last = Math.max(last, audience.rejoinAt[v.idx]!);
  return { type: 'storm', target: command.target, dropAt, viewers: viewers.length, rejoined, failed, retries, ms: Math.round(last - dropAt), errors };
}

function stormStats(command: Extract<LoadCommand, { cmd: 'stormStats' }>): StormStats {
  const audience = audiences[command.target];
  audience.storming = false;
  const during = command.keys.map((k) => audience.receipt(k));
  const all = command.allKeys.map((k) => audience.receipt(k));
  const caughtUpMs: number[] = [];
  const rejoinMs: number[] = [];
  let caughtUp = 0;
  let missingPairs = 0;
  let viewers = 0;
  for (const v of audience.viewers) {
    if (!v) continue;
    viewers++;
    const joinedAt = audience.rejoinAt[v.idx]!;
    if (!Number.isFinite(joinedAt)) {
      missingPairs += all.length;
      continue;
    }
    rejoinMs.push(joinedAt - audience.stormDropAt);
    let missing = 0;
    for (const r of all) if (Number.isNaN(r.times[v.idx]!)) missing++;
    missingPairs += missing;
    if (missing) continue;
    caughtUp++;
    let at = joinedAt;
    for (const r of during) at = Math.max(at, r.times[v.idx]!);
    caughtUpMs.push(at - audience.stormDropAt);
  }
  return {
    type: 'stormStats', target: command.target, viewers, caughtUp, missingPairs,
    caughtUpMs: summarise(caughtUpMs), rejoinMs: summarise(rejoinMs), duplicates: audience.duplicates - audience.stormDuplicatesBefore,
  };
}

// ---- scenario (c): citizens asking ----

function openSocket(url: string, cookie: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = ioClient(url, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true, reconnection: false, timeout: CONNECT_TIMEOUT_MS });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

const QUESTION_TEXT = '请问今年暑期市图书馆和博物馆能否延长周末开放时间？另外，文化惠民消费券的发放渠道和使用范围有没有变化？';

async function questions(command: Extract<LoadCommand, { cmd: 'questions' }>): Promise<QuestionsResult> {
  const sockets: Socket[] = [];
  let connectFailures = 0;
  for (let i = 0; i < command.cookies.length; i += 100) {
    const batch = await Promise.allSettled(command.cookies.slice(i, i + 100).map((cookie) => openSocket(command.url, cookie)));
    for (const r of batch) {
      if (r.status === 'fulfilled') sockets.push(r.value);
      else connectFailures++;
    }
  }

  // A moderator's console in the staff room: it should hear of every accepted question.
  let staffReceived = 0;
  let staffJoined = false;
  const moderator = await openSocket(command.url, command.moderatorCookie).catch(() => null);
  if (moderator) {
    // New questions arrive in batches (lib/interviews/ask.ts): count the questions, not the messages.
    moderator.on('interview:staff', (message: { type?: string; payload?: { questions?: unknown[] } }) => {
      if (message?.type === 'question.submitted') staffReceived += message.payload?.questions?.length ?? 0;
    });
    const ack = await moderator.timeout(CONNECT_TIMEOUT_MS).emitWithAck('interview:join', { interviewId: command.interviewId, sinceSeq: 0 }).catch(() => null);
    staffJoined = Boolean(ack?.ok);
  }

  const ids: string[] = [];
  const ackMs: number[] = [];
  const errors: Record<string, number> = {};
  let sent = 0;
  let timeouts = 0;
  let okInWindow = 0;
  let citizensOutOfQuota = 0;
  const startedAt = nowMs();
  const deadline = startedAt + command.seconds * 1000;
  const perSecond = new Array<number>(command.seconds).fill(0);

  await Promise.all(sockets.map(async (socket, ci) => {
    for (let n = 0; nowMs() < deadline; n++) {
      const clientId = `bench-${ci}-${n}-${Math.random().toString(36).slice(2, 8)}`;
      const t = nowMs();
      sent++;
      let ack: { ok?: boolean; id?: string; code?: string; error?: string; remaining?: number };
      try {
        ack = await socket.timeout(command.ackTimeoutMs).emitWithAck('question:ask', { interviewId: command.interviewId, body: `${QUESTION_TEXT}（${ci}-${n}）`, clientId });
      } catch {
        timeouts++;
        continue;
      }
      const at = nowMs();
      if (ack?.ok && typeof ack.id === 'string') {
        ids.push(ack.id);
        ackMs.push(at - t);
        if (at <= deadline) {
          okInWindow++;
          perSecond[Math.min(command.seconds - 1, Math.floor((at - startedAt) / 1000))]!++;
        }
        if (ack.remaining === 0) {
          citizensOutOfQuota++;
          return;
        }
        continue;
      }
      const quota = ack?.code === 'rate_limited' && /最多提/.test(ack.error ?? '');
      const code = quota ? 'quota_exhausted' : ack?.code === 'rate_limited' ? 'rate_limited_connection' : (ack?.code ?? 'no_ack_body');
      errors[code] = (errors[code] ?? 0) + 1;
      if (quota) {
        citizensOutOfQuota++;
        return;
      }
      if (code === 'rate_limited_connection') await sleep(250); // a real client backs off too
    }
  }));
  const finishedAt = nowMs();
  await sleep(500); // the last staff broadcasts
  for (const s of sockets) s.close();
  moderator?.close();
  return {
    type: 'questions', connected: sockets.length, connectFailures, startedAt, windowMs: command.seconds * 1000, finishedAt, sent,
    ids, ackMs: Float64Array.from(ackMs), okInWindow, perSecond, errors, timeouts, citizensOutOfQuota, staffReceived, staffJoined,
  };
}

process.on('message', (command: LoadCommand) => {
  void (async () => {
    try {
      switch (command.cmd) {
        case 'connect':
          send(await connect(command));
          break;
        case 'status':
          audiences[command.target].report(command.key, false);
          break;
        case 'viewerStats':
          send(audiences[command.target].stats(command.keys));
          break;
        case 'disconnect':
          await disconnect(command.target);
          send({ type: 'disconnected', target: command.target });
          break;
        case 'questions':
          send(await questions(command));
          break;
        case 'storm':
          send(await storm(command));
          break;
        case 'stormStats':
          send(stormStats(command));
          break;
        case 'exit':
          process.exit(0);
      }
    } catch (error) {
      send({ type: 'error', message: `${command.cmd}: ${(error as Error).stack ?? error}` });
    }
  })();
});

send({ type: 'log', message: 'load generator ready' });
