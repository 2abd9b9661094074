'use server';

import { redirect } from 'next/navigation';
import { requestActor } from '@/lib/api/route';
import { actOnInterview, actOnQuestion, addRemark, createInterview } from '@/lib/interviews/operations';
import { runForm, staffPaths, textOf } from './_shared/run';
import type { FormState } from './_shared/form-state';

const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** A datetime-local value is Beijing time: 2025-06-01T10:00 → 2025-06-01T10:00:00+08:00. Anything else is passed on for the 422. */
function beijing(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (!LOCAL_DATETIME.test(v)) return v;
  return `${v.length === 16 ? `${v}:00` : v}+08:00`;
}

/** The create form → createInterview's input (API.md: POST /api/v1/interviews). On success, the console. */
export async function createInterviewForm(_previous: FormState, form: FormData): Promise<FormState> {
  const guestIds = form.getAll('guestIds').filter((v): v is string => typeof v === 'string' && v !== '');
  const guestTitles: Record<string, string> = {};
  for (const id of guestIds) {
    const title = textOf(form, `guestTitle.${id}`);
    if (title.trim() !== '') guestTitles[id] = title;
  }
  const values: Record<string, string> = {
    title: textOf(form, 'title'),
    summary: textOf(form, 'summary'),
    departmentId: textOf(form, 'departmentId'),
    scheduledStart: textOf(form, 'scheduledStart'),
    scheduledEnd: textOf(form, 'scheduledEnd'),
    coverImageUrl: textOf(form, 'coverImageUrl'),
    questionQuota: textOf(form, 'questionQuota'),
    guestIds: guestIds.join(','),
    ...Object.fromEntries(Object.entries(guestTitles).map(([id, title]) => [`guestTitle.${id}`, title])),
  };
  const quota = values.questionQuota!.trim();
  let created: { id: string } | undefined;
  const state = await runForm(['/workspace/moderator/interviews'], async () => {
    created = await createInterview(await requestActor(), {
      title: values.title,
      summary: values.summary,
      guestIds,
      guestTitles,
      departmentId: values.departmentId || null,
      coverImageUrl: values.coverImageUrl!.trim() || null,
      scheduledStart: beijing(values.scheduledStart!),
      scheduledEnd: beijing(values.scheduledEnd!),
      questionQuota: quota === '' ? undefined : Number(quota),
    });
  }, values);
  if (created) redirect(`/workspace/moderator/interviews/${created.id}?created=1`);
  return state;
}

/** 发布预告 / 开始直播 / 结束访谈 / 发布文字实录 (API.md: POST /api/v1/interviews/{id}/actions). */
export async function interviewActionForm(interviewId: string, _previous: FormState, form: FormData): Promise<FormState> {
  return runForm(staffPaths(interviewId), async () => actOnInterview(await requestActor(), interviewId, { action: textOf(form, 'action') }));
}

/**
 * Moderation of one question: approve, reject (reason), star, unstar, edit (body), merge (intoQuestionId). The
 * form's fields are the action's input (API.md: POST /api/v1/questions/{id}/actions).
 */
export async function questionActionForm(interviewId: string, questionId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const action = textOf(form, 'action');
  const input: Record<string, string> = { action };
  for (const name of ['reason', 'body', 'intoQuestionId']) if (form.has(name)) input[name] = textOf(form, name);
  return runForm(staffPaths(interviewId), async () => actOnQuestion(await requestActor(), questionId, input), input);
}

/** 主持人发言 (API.md: POST /api/v1/interviews/{id}/remarks). */
export async function remarkForm(interviewId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const values = { body: textOf(form, 'body') };
  return runForm(staffPaths(interviewId), async () => addRemark(await requestActor(), interviewId, values), values);
}
