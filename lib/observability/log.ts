import { format } from 'node:util';
import { currentRequest } from './context';

/**
 * The process's log. `json` (production default, LOG_FORMAT=json): one JSON object per line on stdout (info) or
 * stderr (warn, error) — `{time, level, msg, requestId?, userId?, ...fields, err?}` — which journald, Loki or any
 * log shipper reads without parsing rules. `pretty` (development default): the console as it always was.
 *
 * In json mode installJsonConsole() also routes console.log/info/warn/error/debug through here, so the messages
 * of Next.js itself and of every module (`console.error('[api] unexpected error', error)`) become JSON lines that
 * carry the request id of the request they happened in.
 */
export type LogFormat = 'json' | 'pretty';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const holder = globalThis as unknown as { __minshengLog?: { format: LogFormat; write: (line: string, level: LogLevel) => void } };

function state() {
  return (holder.__minshengLog ??= { format: 'pretty', write: defaultWrite });
}

function defaultWrite(line: string, level: LogLevel): void {
  (level === 'warn' || level === 'error' ? process.stderr : process.stdout).write(line + '\n');
}

export function logFormat(): LogFormat {
  return state().format;
}

/** Sets the format; `write` replaces where lines go (tests collect them). */
export function configureLog(options: { format: LogFormat; write?: (line: string, level: LogLevel) => void }): void {
  const s = state();
  s.format = options.format;
  if (options.write) s.write = options.write;
}

/** An error as JSON: name, message, code and stack (an Error's own fields are not enumerable). */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (error.stack) out.stack = error.stack;
  if (error.cause !== undefined) out.cause = serializeError(error.cause);
  return out;
}

/** One JSON line: time, level, message, the current request's id and user, then the fields. */
export function jsonLine(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): string {
  const context = currentRequest();
  const entry: Record<string, unknown> = { time: new Date().toISOString(), level, msg };
  if (context) {
    entry.requestId = context.requestId;
    if (context.userId) entry.userId = context.userId;
  }
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) entry[key] = value;
  try {
    return JSON.stringify(entry);
  } catch {
    return JSON.stringify({ time: entry.time, level, msg, requestId: entry.requestId, unserialisable: true });
  }
}

/** Logs a message with fields: a JSON line, or in pretty mode the message and the fields after it. */
export function log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  const s = state();
  if (s.format === 'json') return s.write(jsonLine(level, msg, fields), level);
  const rest = Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  s.write([msg, ...rest].join(' '), level);
}

const CONSOLE_LEVELS: Array<[keyof Console, LogLevel]> = [['log', 'info'], ['info', 'info'], ['warn', 'warn'], ['error', 'error'], ['debug', 'debug']];

/**
 * Routes console.* through the JSON log (json mode only; idempotent). The message is the arguments formatted as
 * console does, with ANSI colours removed; the first Error among them becomes `err`.
 */
export function installJsonConsole(): void {
  const marker = console as unknown as { __minshengJson?: boolean };
  if (marker.__minshengJson) return;
  marker.__minshengJson = true;
  for (const [method, level] of CONSOLE_LEVELS) {
    (console as unknown as Record<string, (...args: unknown[]) => void>)[method] = (...args: unknown[]) => {
      if (logFormat() !== 'json') return defaultWrite(format(...args), level);
      const error = args.find((a) => a instanceof Error);
      const text = format(...args.filter((a) => a !== error)).replace(/\u001b\[[0-9;]*m/g, '').trim();
      state().write(jsonLine(level, text || (error as Error | undefined)?.message || '', error ? { err: serializeError(error) } : {}), level);
    };
  }
}
