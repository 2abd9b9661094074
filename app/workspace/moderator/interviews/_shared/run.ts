import { revalidatePath } from 'next/cache';
import { AppError } from '@/lib/errors';
import type { FormState } from './form-state';

/**
 * Runs one domain operation for a server action: an AppError becomes form state (message and Chinese field
 * errors), anything else is logged and answered with a generic message — never a crashed page. On success the
 * given pages are revalidated.
 */
export async function runForm(paths: string[], operation: () => Promise<unknown>, values?: Record<string, string>): Promise<FormState> {
  try {
    await operation();
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message, fields: error.fields ?? {}, values, at: Date.now() };
    console.error('[workspace/interviews] unexpected error', error);
    return { ok: false, message: '操作失败，请稍后重试', fields: {}, values, at: Date.now() };
  }
  for (const path of paths) revalidatePath(path);
  return { ok: true, message: null, fields: {}, at: Date.now() };
}

/** A form field as text ('' when missing or a file). */
export const textOf = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

/** Pages that show an interview to staff: revalidated after every change to it. */
export const staffPaths = (interviewId: string) => [
  '/workspace/moderator/interviews',
  `/workspace/moderator/interviews/${interviewId}`,
  '/workspace/leader/interviews',
  `/workspace/leader/interviews/${interviewId}`,
];

/** The leader's pages listing assigned leftover questions: revalidated after assigning and answering. */
export const assigneePaths = ['/workspace/leader', '/workspace/leader/questions'];
