'use server';

import { requestActor } from '@/lib/api/route';
import { AppError } from '@/lib/errors';
import { actOnQuestion, correctAnswer, publishAnswer, saveDraft } from '@/lib/interviews/operations';
import { assigneePaths, runForm, staffPaths, textOf } from '../../moderator/interviews/_shared/run';
import type { FormState } from '../../moderator/interviews/_shared/form-state';

/** 标记正在回答: everyone watching sees which question the guest is answering now. */
export async function answeringForm(interviewId: string, questionId: string, _previous: FormState, _form: FormData): Promise<FormState> {
  return runForm(staffPaths(interviewId), async () => actOnQuestion(await requestActor(), questionId, { action: 'answering' }));
}

export type DraftResult = { ok: true; savedAt: string } | { ok: false; message: string };

/** The answer editor's autosave (private to the guest); called from the client, not from a form. */
export async function saveDraftAction(questionId: string, body: string): Promise<DraftResult> {
  try {
    return { ok: true, ...(await saveDraft(await requestActor(), questionId, { body })) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message };
    console.error('[workspace/leader] draft save failed', error);
    return { ok: false, message: '草稿保存失败，请稍后重试' };
  }
}

/** 发布答复 (API.md: POST /api/v1/questions/{id}/answer); also from the list of assigned leftover questions. */
export async function publishAnswerForm(interviewId: string, questionId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const values = { body: textOf(form, 'body') };
  return runForm([...staffPaths(interviewId), ...assigneePaths], async () => publishAnswer(await requestActor(), questionId, values), values);
}

/** 更正: the corrected text replaces the answer for everyone; the first text is kept. */
export async function correctAnswerForm(interviewId: string, questionId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const values = { body: textOf(form, 'body') };
  return runForm(staffPaths(interviewId), async () => correctAnswer(await requestActor(), questionId, values), values);
}
