import { runForm, type FormState } from '@/lib/forms';

export { formText } from '@/lib/forms';
/** @deprecated The one form state is lib/forms#FormState. */
export type ActionState = FormState;

/**
 * @deprecated Use `formAction(operation, options)` from lib/forms: it reads the actor, counts rate limits,
 * revalidates, redirects and maps failures in one place. Kept as a thin adapter (same state, same messages) for
 * actions written before it.
 */
export async function runAction(label: string, paths: string[], operation: () => Promise<unknown>, values?: Record<string, string>): Promise<FormState> {
  return runForm(operation, { label, revalidate: paths, values });
}
