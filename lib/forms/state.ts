/* The form state alone, importable from client components (lib/forms/index.ts runs on the server only). */

/**
 * The one form state of every server-action form (DESIGN.md §9): the operation's message and field errors (in the
 * sender's language: Chinese, or English when the language cookie chose it),
 * or ok. `values` echoes what was sent, so a refused form keeps its input after React resets it; `at` makes two
 * results in a row distinct, so a status line is announced again; `data` is what a successful operation hands back
 * to the page (a looked-up letter, a draft's time).
 */
export interface FormState<D = undefined> {
  ok: boolean;
  message: string | null;
  fields: Record<string, string>;
  values?: Record<string, string>;
  at?: number;
  data?: D;
}

export const INITIAL_FORM_STATE: FormState = { ok: false, message: null, fields: {} };

