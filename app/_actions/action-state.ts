// lib/forms/state, not lib/forms: client components import this, and lib/forms is server-only.
import { INITIAL_FORM_STATE, type FormState } from '@/lib/forms/state';

/** @deprecated The one form state is lib/forms#FormState (with INITIAL_FORM_STATE). */
export type ActionState = FormState;
/** @deprecated lib/forms#INITIAL_FORM_STATE. */
export const INITIAL_ACTION_STATE: FormState = INITIAL_FORM_STATE;
