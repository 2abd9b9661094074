/**
 * Form state of a server-action form: the operation's message and Chinese field errors, or ok. `values` echoes what
 * was sent, so a refused form keeps its input after React resets it; `at` makes two results in a row distinct, so a
 * status line is announced again.
 */
export interface ActionState {
  ok: boolean;
  message: string | null;
  fields: Record<string, string>;
  values?: Record<string, string>;
  at?: number;
}

export const INITIAL_ACTION_STATE: ActionState = { ok: false, message: null, fields: {} };
