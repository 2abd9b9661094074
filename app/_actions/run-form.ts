import { revalidatePath } from 'next/cache';
import { AppError, DATABASE_UNAVAILABLE_MESSAGE } from '@/lib/errors';
import { isDatabaseUnavailable } from '@/lib/db';

import type { ActionState } from './action-state';

export type { ActionState } from './action-state';

/**
 * Runs one domain operation for a server action: an AppError becomes form state, anything else is logged and
 * answered with a generic message — never a crashed page. On success the given pages are revalidated.
 */
export async function runAction(label: string, paths: string[], operation: () => Promise<unknown>, values?: Record<string, string>): Promise<ActionState> {
  try {
    await operation();
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message, fields: error.fields ?? {}, values, at: Date.now() };
    if (isDatabaseUnavailable(error)) return { ok: false, message: DATABASE_UNAVAILABLE_MESSAGE, fields: {}, values, at: Date.now() };
    console.error(`[${label}] unexpected error`, error);
    return { ok: false, message: '操作失败，请稍后重试', fields: {}, values, at: Date.now() };
  }
  for (const path of paths) revalidatePath(path);
  return { ok: true, message: null, fields: {}, at: Date.now() };
}

/** A form field as text ('' when missing or a file). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
