'use server';

import { actOnQuestion, correctAnswer, publishAnswer, saveDraft } from '@/lib/interviews/operations';
import { formAction, formText, type FormState } from '@/lib/forms';
import { assigneePaths, staffPaths } from '../../moderator/interviews/_shared/paths';

const label = 'workspace/interviews';

/** 标记正在回答: everyone watching sees which question the guest is answering now. */
export async function answeringForm(interviewId: string, questionId: string, _previous: FormState, _form: FormData): Promise<FormState> {
  return formAction((actor) => actOnQuestion(actor, questionId, { action: 'answering' }), { label, revalidate: staffPaths(interviewId) });
}

/** The answer editor's autosave (private to the guest); called from the client, not from a form. `data`: the time saved. */
export async function saveDraftAction(questionId: string, body: string): Promise<FormState<string>> {
  return formAction((actor) => saveDraft(actor, questionId, { body }), { label: 'workspace/leader draft', data: (saved) => saved.savedAt });
}

/** 发布答复 (API.md: POST /api/v1/questions/{id}/answer); also from the list of assigned leftover questions. */
export async function publishAnswerForm(interviewId: string, questionId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const values = { body: formText(form, 'body') };
  return formAction((actor) => publishAnswer(actor, questionId, values), { label, revalidate: [...staffPaths(interviewId), ...assigneePaths], values });
}

/** 更正 (the answer's author, or a moderator with a reason): the corrected text replaces the answer for everyone; every earlier text is kept. */
export async function correctAnswerForm(interviewId: string, questionId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const values = { body: formText(form, 'body'), reason: formText(form, 'reason') };
  return formAction((actor) => correctAnswer(actor, questionId, values), { label, revalidate: staffPaths(interviewId), values });
}
