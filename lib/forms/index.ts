import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { cookies } from 'next/headers';
import { inEnglish } from '../errors/english';
import { LOCALE_COOKIE } from '../i18n/config';
import type { Actor } from '../auth/permissions';
import { requestActor } from '../api/route';
import { failureOf, FORM_INTERNAL_MESSAGE } from '../api/failure';
import { consume, limitedActionFor, type RateLimitRule } from '../ratelimit';
import type { FormState } from './state';

export { INITIAL_FORM_STATE, type FormState } from './state';

/** A rate-limit policy key (lib/ratelimit/policies.ts); `publicOnly`: counted for citizens and visitors only. */
export type FormRateLimit = RateLimitRule;

export interface FormActionOptions<T, D> {
  /** Names the form in the log line of an unexpected error. */
  label?: string;
  /** What was sent, echoed in a failure's state so the form keeps its input after React resets it (on success with keepValues). */
  values?: Record<string, string>;
  /** Pages to revalidate after success; `{path, type: 'layout'}` for a whole subtree. */
  revalidate?: Array<string | { path: string; type: 'layout' | 'page' }>;
  /** Counted before the operation runs, against the acting account and address. */
  rateLimit?: FormRateLimit;
  /** Where to go after success (Next's redirect, outside the failure mapping). */
  redirectTo?: (result: T) => string | undefined;
  /** What the page needs from the result. */
  data?: (result: T) => D;
  /** Echo `values` after success too (a form that stays filled in, such as the lookup's tracking number). */
  keepValues?: boolean;
  /** Show the first field's message as the form's message (forms that show one line, not a summary). */
  firstFieldMessage?: boolean;
}

/**
 * The one server-action runner: reads the actor (re-read from the database, as for routes), counts the rate limit,
 * runs the operation, and turns every failure into form state through the one failure mapping
 * (lib/api/failure.ts#failureOf) — an AppError its message and fields, an unreachable database "nothing was
 * saved, try again", anything else a logged generic message; never a crashed page. On success the given pages are
 * revalidated, then the redirect (if any) happens.
 */
export async function formAction<T, D = undefined>(operation: (actor: Actor) => Promise<T>, options: FormActionOptions<T, D> = {}): Promise<FormState<D>> {
  return runForm(async () => {
    const actor = await requestActor();
    const limited = limitedActionFor(options.rateLimit, actor);
    if (limited) await consume(limited, actor);
    return operation(actor);
  }, options);
}

/** formAction without the actor: runs `operation` as is (the adapter app/_actions/run-form#runAction uses it). */
export async function runForm<T, D = undefined>(operation: () => Promise<T>, options: Omit<FormActionOptions<T, D>, 'rateLimit'> = {}): Promise<FormState<D>> {
  const { values } = options;
  let result: T;
  try {
    result = await operation();
  } catch (error) {
    return failureState(error, options.label ?? 'form', values, options.firstFieldMessage, await formWantsEnglish());
  }
  for (const path of options.revalidate ?? []) {
    if (typeof path === 'string') revalidatePath(path);
    else revalidatePath(path.path, path.type);
  }
  const target = options.redirectTo?.(result);
  if (target) redirect(target);
  const data = options.data ? { data: options.data(result) } : {};
  return { ok: true, message: null, fields: {}, ...(values && options.keepValues ? { values } : {}), ...data, at: Date.now() };
}

/** Whether the person sending the form chose English (the language cookie); false outside a request. */
async function formWantsEnglish(): Promise<boolean> {
  try {
    return (await cookies()).get(LOCALE_COOKIE)?.value === 'en';
  } catch {
    return false;
  }
}

/**
 * A failure as form state (the one mapping; an unexpected error's message is the form's generic one). `english`:
 * the message and field messages in English (lib/errors/english.ts#inEnglish), as the API answers such a request.
 */
export function failureState<D = undefined>(error: unknown, label: string, values?: Record<string, string>, firstFieldMessage = false, english = false): FormState<D> {
  const mapped = failureOf(error, label);
  const failure = english ? inEnglish(mapped) : mapped;
  const fields = failure.fields ?? {};
  const internal = english ? inEnglish({ message: FORM_INTERNAL_MESSAGE }).message : FORM_INTERNAL_MESSAGE;
  const message = failure.code === 'internal' ? internal : firstFieldMessage ? Object.values(fields)[0] ?? failure.message : failure.message;
  return { ok: false, message, fields, values, at: Date.now() };
}

/** A form field as text ('' when missing or a file). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
