'use server';

import { revalidatePath } from 'next/cache';
import { requestActor } from '@/lib/api/route';
import { AppError } from '@/lib/errors';
import { actOnLetter } from '@/lib/letters/operations';
import { consume, isPublicActor } from '@/lib/ratelimit';

export interface ActionState {
  ok: boolean;
  message: string | null;
  fields: Record<string, string>;
}

const NUMBER_FIELDS = new Set(['workingDays', 'version']);

/**
 * Every action form on a letter page posts here: the form's fields become the action's input (API.md), the
 * domain operation validates and authorises it. Errors come back as form state, never as a crashed page.
 */
export async function letterActionForm(trackingNo: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string') continue;
    input[key] = NUMBER_FIELDS.has(key) && value !== '' ? Number(value) : value;
  }
  try {
    const actor = await requestActor();
    if (isPublicActor(actor)) await consume('letter.followup', actor);
    await actOnLetter(actor, trackingNo, input);
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message, fields: error.fields ?? {} };
    throw error;
  }
  revalidatePath(`/letters/${trackingNo}`);
  return { ok: true, message: null, fields: {} };
}
