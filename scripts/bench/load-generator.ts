/**
 * The orchestrator's end of a load generator's IPC channel (./viewers.ts): request/reply commands, and the receipts
 * of each broadcast, complete when every connected viewer of that generator got it. Used by ./live.ts and ./cluster.ts.
 */
import type { ChildProcess } from 'node:child_process';
import { sleep, type LoadCommand, type LoadReply, type Receipts, type Target } from './common';

export class LoadGenerator {
  private readonly receipts = new Map<string, Receipts>();
  private waiters = new Map<string, (r: Receipts) => void>();
  private queue: LoadReply[] = [];
  private pending: Array<{ match: (r: LoadReply) => boolean; resolve: (r: LoadReply) => void }> = [];

  constructor(readonly child: ChildProcess, private readonly log: (message: string) => void = () => {}) {
    child.on('message', (message: LoadReply) => {
      if (message.type === 'log') return this.log(`loadgen: ${message.message}`);
      if (message.type === 'receipts') {
        const key = `${message.target}:${message.key}`;
        const previous = this.receipts.get(key);
        if (!previous || !previous.complete) this.receipts.set(key, message);
        const waiter = this.waiters.get(key);
        if (waiter && message.complete) {
          this.waiters.delete(key);
          waiter(message);
        }
        return;
      }
      const i = this.pending.findIndex((p) => p.match(message));
      if (i >= 0) this.pending.splice(i, 1)[0]!.resolve(message);
      else this.queue.push(message);
    });
  }

  send(command: LoadCommand): void {
    this.child.send(command);
  }

  reply<T extends LoadReply>(match: (r: LoadReply) => boolean, timeoutMs: number): Promise<T> {
    const i = this.queue.findIndex((r) => match(r) || r.type === 'error');
    if (i >= 0) {
      const r = this.queue.splice(i, 1)[0]!;
      return r.type === 'error' ? Promise.reject(new Error(`load generator: ${r.message}`)) : Promise.resolve(r as T);
    }
    return new Promise<T>((resolve, reject) => {
      const entry = {
        match: (r: LoadReply) => match(r) || r.type === 'error',
        resolve: (r: LoadReply) => {
          clearTimeout(timer);
          if (r.type === 'error') reject(new Error(`load generator: ${r.message}`));
          else resolve(r as T);
        },
      };
      const timer = setTimeout(() => {
        this.pending = this.pending.filter((p) => p !== entry);
        reject(new Error(`load generator: no reply in ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.pending.push(entry);
    });
  }

  async request<T extends LoadReply>(command: LoadCommand, type: LoadReply['type'], timeoutMs: number): Promise<T> {
    const promise = this.reply<T>((r) => r.type === type && (!('target' in command) || !('target' in r) || r.target === command.target), timeoutMs);
    this.send(command);
    return promise;
  }

  /** Waits until every connected viewer got broadcast `key` (or the timeout), then returns the receipts. */
  async receiptsOf(target: Target, key: number, timeoutMs: number): Promise<Receipts> {
    const id = `${target}:${key}`;
    const have = this.receipts.get(id);
    if (have?.complete) return have;
    const complete = await new Promise<Receipts | null>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        resolve(null);
      }, timeoutMs);
      this.waiters.set(id, (r) => (clearTimeout(timer), resolve(r)));
    });
    if (complete) return complete;
    // Timed out: ask for what arrived so far.
    this.send({ cmd: 'status', target, key });
    for (const end = Date.now() + 10_000; !this.receipts.has(id); await sleep(100)) {
      if (Date.now() > end) throw new Error(`receipt status of ${id}: no reply in 10 s`);
    }
    await sleep(100);
    return this.receipts.get(id)!;
  }
}
