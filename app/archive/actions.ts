'use server';

import { requestActor } from '@/lib/api/route';
import { AppError } from '@/lib/errors';
import { reportEntry } from '@/lib/archive/flags';
import { consume } from '@/lib/ratelimit';

export interface FlagFormState {
  ok: boolean;
  duplicate?: boolean;
  message: string | null;
  fields: Record<string, string>;
  reason?: string;
  at?: number;
}

/** 举报 from the entry page (API.md: POST /api/v1/archive/{id}/flags). */
export async function flagEntryForm(entryId: string, _previous: FlagFormState, form: FormData): Promise<FlagFormState> {
  const reason = typeof form.get('reason') === 'string' ? (form.get('reason') as string) : '';
  try {
    const actor = await requestActor();
    await consume('flag', actor);
    const result = await reportEntry(actor, entryId, { reason });
    return { ok: true, duplicate: result.duplicate, message: null, fields: {}, at: Date.now() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message, fields: error.fields ?? {}, reason, at: Date.now() };
    console.error('[archive] flag failed', error);
    return { ok: false, message: '提交失败，请稍后重试', fields: {}, reason, at: Date.now() };
  }
}
