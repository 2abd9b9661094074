import { z } from 'zod';
import { AppError, DATABASE_UNAVAILABLE_MESSAGE, invalidInput, type ErrorCode } from '../errors';
import { isDatabaseUnavailable } from '../db';
import type { SocketFailure } from '../realtime/contract';
import { reportDatabaseUnavailable } from '../platform/outage';
import type { FieldIssue } from '../errors/english-fields';

/**
 * The one failure mapping (DESIGN.md §9): whatever an operation throws becomes {status, code, message, fields,
 * retryAfter}, and every surface renders that — API routes as `{"error": {code, message, fields}}` with the status
 * (lib/api/route.ts, lib/api/endpoint.ts), Open311 as `[{code, description}]` (lib/letters/open311.ts), server
 * actions as form state (lib/forms), socket events as `{ok: false, code, error, fields, retryAfter}`
 * (lib/realtime/handlers.ts). So a database outage, a rate limit or a refused input answers the same code and
 * message on each of them.
 */
export interface Failure {
  status: number;
  code: ErrorCode | 'internal';
  message: string;
  fields?: Record<string, string>;
  /** Seconds; a Retry-After header, a socket ack's retryAfter. */
  retryAfter?: number;
  /** What zod said about each field (not sent): for the English of `fields` (lib/errors/english.ts#inEnglish). */
  issues?: Record<string, FieldIssue>;
}

/** Retry-After of a 503 while the database is out of reach: postgres.js reconnects on the next query. */
export const UNAVAILABLE_RETRY_SECONDS = 5;
/** The message of an unexpected failure (a bug): logged, never shown in detail. */
export const INTERNAL_MESSAGE = '服务器内部错误，请稍后重试';
/** The same for a form: the page is still there, the user tries again. */
export const FORM_INTERNAL_MESSAGE = '操作失败，请稍后重试';

/** Maps any thrown value; `label` names the surface in the log line of an unexpected error. */
export function failureOf(error: unknown, label = 'api'): Failure {
  if (error instanceof z.ZodError) error = invalidInput(error);
  if (error instanceof AppError) {
    return {
      status: error.status,
      code: error.code,
      message: error.message,
      ...(error.fields ? { fields: error.fields } : {}),
      ...(error.retryAfterSeconds ? { retryAfter: error.retryAfterSeconds } : {}),
      ...(error.issues ? { issues: error.issues } : {}),
    };
  }
  if (isDatabaseUnavailable(error)) {
    console.warn(`[${label}] database unavailable:`, (error as Error).message);
    reportDatabaseUnavailable(); // pages answer 503 too until a ping succeeds (lib/platform/outage.ts)
    return { status: 503, code: 'unavailable', message: DATABASE_UNAVAILABLE_MESSAGE, retryAfter: UNAVAILABLE_RETRY_SECONDS };
  }
  console.error(`[${label}] unexpected error`, error);
  return { status: 500, code: 'internal', message: INTERNAL_MESSAGE };
}

/** The API's error body: {"error": {code, message, fields?}}. */
export function failureBody(failure: Failure) {
  return { error: { code: failure.code, message: failure.message, ...(failure.fields ? { fields: failure.fields } : {}) } };
}

/** A socket event's error acknowledgement. */
export function failureAck(failure: Failure): SocketFailure {
  return {
    ok: false, code: failure.code, error: failure.message,
    ...(failure.fields ? { fields: failure.fields } : {}),
    ...(failure.retryAfter ? { retryAfter: failure.retryAfter } : {}),
  };
}
