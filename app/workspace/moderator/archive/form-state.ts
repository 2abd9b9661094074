/** State of the curation forms: the operation's message and Chinese field errors, or ok; `values` echoes a refused form's input. */
export interface FormState {
  ok: boolean;
  message: string | null;
  fields: Record<string, string>;
  values?: Record<string, string>;
  at?: number;
}

export const INITIAL_FORM: FormState = { ok: false, message: null, fields: {} };
