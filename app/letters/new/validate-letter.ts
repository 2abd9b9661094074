import { fieldErrors } from '@/lib/errors';
import { letterInput } from '@/lib/letters/validation';

/**
 * The write form's check before the preview: the server's own schema (lib/letters/validation.ts), so the two never
 * disagree. Loaded by WriteLetterForm with import() when the writer starts on the form, not with the page: zod and
 * the letter schemas are ~35 KB of gzipped JavaScript the page does not need before then (issue 15 item 6).
 * Returns the field messages, or null when the letter is valid.
 */
export function letterFieldErrors(payload: unknown, locale: string): Record<string, string> | null {
  const parsed = letterInput.safeParse(payload);
  return parsed.success ? null : fieldErrors(parsed.error, locale);
}
