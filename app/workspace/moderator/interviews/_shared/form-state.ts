/**
 * Form state of the interview staff forms (moderator console, leader desk): a message and field errors from the
 * operation's AppError, or ok. `values` echoes what was sent, so a refused form keeps its input after React
 * resets it; `at` makes two successes in a row distinct, so the status line is announced again.
 */
export interface FormState {
  ok: boolean;
  message: string | null;
  fields: Record<string, string>;
  values?: Record<string, string>;
  at?: number;
}

export const INITIAL_FORM: FormState = { ok: false, message: null, fields: {} };
