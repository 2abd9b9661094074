import { io as connect, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';

export interface ReceivedEvent {
  seq: number;
  type: string;
  payload: Record<string, unknown>;
}

/**
 * A viewer as the live page behaves (lib/interviews/reducer.ts): joins with the last applied seq on every
 * (re)connect, drops duplicates, re-joins on a gap, and keeps the events it applied in order.
 */
export class Viewer {
  readonly socket: Socket;
  readonly applied: ReceivedEvent[] = [];
  readonly counts: number[] = [];
  joins = 0;
  private lastSeq: number;

  /** `options` replace the defaults below (e.g. the browser's reconnection delays, a local address to connect from). */
  constructor(url: string, readonly interviewId: string, sinceSeq = 0, cookie?: string, options: Partial<ManagerOptions & SocketOptions> = {}) {
    this.lastSeq = sinceSeq;
    this.socket = connect(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 300,
      ...(cookie ? { extraHeaders: { cookie } } : {}),
      ...options,
    });
    this.socket.on('connect', () => this.join());
    this.socket.on('interview:event', (event: ReceivedEvent & { interviewId: string }) => {
      if (event.interviewId !== this.interviewId || event.seq <= this.lastSeq) return; // duplicate
      if (event.seq > this.lastSeq + 1) return this.join(); // gap: catch up from the database
      this.applied.push({ seq: event.seq, type: event.type, payload: event.payload });
      this.lastSeq = event.seq;
    });
    this.socket.on('interview:viewers', (m: { interviewId: string; count: number }) => {
      if (m.interviewId === this.interviewId) this.counts.push(m.count);
    });
  }

  get seq(): number {
    return this.lastSeq;
  }

  /** Joins again with the last applied seq, as the live page does when it is reloaded or retries a failed join. */
  rejoin(): void {
    this.join();
  }

  private join(): void {
    this.joins++;
    this.socket.emit('interview:join', { interviewId: this.interviewId, sinceSeq: this.lastSeq });
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** Polls a condition every 20 ms (no fixed sleeps): true as soon as it holds, false after timeoutMs. */
export async function until(condition: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/** As `until` for a condition that must be fetched (an IPC call, a query); a rejected check counts as false. */
export async function untilAsync(condition: () => Promise<boolean>, timeoutMs = 10_000, intervalMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition().catch(() => false)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
