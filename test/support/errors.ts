import { expect } from 'vitest';
import { AppError } from '@/lib/errors';

/** Awaits an operation that must fail with an AppError and returns that error for further assertions. */
export async function appErrorOf(operation: Promise<unknown> | (() => Promise<unknown> | unknown)): Promise<AppError> {
  let outcome: unknown;
  try {
    outcome = await (typeof operation === 'function' ? operation() : operation);
  } catch (error) {
    expect(error, `expected an AppError, got ${String(error)}`).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error(`expected an AppError, but the operation succeeded with ${JSON.stringify(outcome)}`);
}

/** The messages of an error and its causes (drizzle wraps driver errors in DrizzleQueryError). */
export function errorChain(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as { message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.message) parts.push(e.message);
    if (parts.length > 10) break;
  }
  return parts.join(' <- ');
}
