'use server';

import { actOnInterview, actOnQuestion, addRemark, assignLeftoverQuestions, createInterview, updateInterview } from '@/lib/interviews/operations';
import { formAction, formText as textOf, type FormState } from '@/lib/forms';
import { assertCan } from '@/lib/auth/permissions';
import { postUpdate, readUpdateForm, retractUpdate } from '@/lib/interviews/live-updates';
import { assigneePaths, staffPaths } from './_shared/paths';

const label = 'workspace/interviews';

const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** A datetime-local value is Beijing time: 2025-06-01T10:00 → 2025-06-01T10:00:00+08:00. Anything else is passed on for the 422. */
function beijing(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (!LOCAL_DATETIME.test(v)) return v;
  return `${v.length === 16 ? `${v}:00` : v}+08:00`;
}

/**
 * The interview form's fields (create and edit): the text values to echo back, the chosen guests in their order
 * (by the numbers in 顺序; guests without one keep the listed order, after those with one) and their titles.
 */
function interviewFormValues(form: FormData) {
  const checked = form.getAll('guestIds').filter((v): v is string => typeof v === 'string' && v !== '');
  const order = (id: string) => {
    const n = Number(textOf(form, `guestOrder.${id}`).trim() || NaN);
    return Number.isFinite(n) ? n : Number.POSITIVE_INFINITY;
  };
  const guestIds = checked.map((id, i) => ({ id, i, n: order(id) })).sort((a, b) => a.n - b.n || a.i - b.i).map((g) => g.id);
  const guestTitles: Record<string, string> = {};
  for (const id of guestIds) {
    const title = textOf(form, `guestTitle.${id}`);
    if (title.trim() !== '') guestTitles[id] = title;
  }
  const values: Record<string, string> = {
    title: textOf(form, 'title'),
    summary: textOf(form, 'summary'),
    hostId: textOf(form, 'hostId'),
    departmentId: textOf(form, 'departmentId'),
    scheduledStart: textOf(form, 'scheduledStart'),
    scheduledEnd: textOf(form, 'scheduledEnd'),
    coverImageUrl: textOf(form, 'coverImageUrl'),
    questionQuota: textOf(form, 'questionQuota'),
    version: textOf(form, 'version'),
    guestIds: guestIds.join(','),
    ...Object.fromEntries(Object.entries(guestTitles).map(([id, title]) => [`guestTitle.${id}`, title])),
    ...Object.fromEntries(checked.map((id) => [`guestOrder.${id}`, textOf(form, `guestOrder.${id}`)])),
  };
  const quota = values.questionQuota!.trim();
  const input = {
    title: values.title,
    summary: values.summary,
    guestIds,
    guestTitles,
    departmentId: values.departmentId || null,
    coverImageUrl: values.coverImageUrl!.trim() || null,
    scheduledStart: beijing(values.scheduledStart!),
    scheduledEnd: beijing(values.scheduledEnd!),
    // A number the schema checks; anything else is passed on as text for its 422.
    questionQuota: quota === '' ? undefined : Number.isNaN(Number(quota)) ? quota : Number(quota),
  };
  return { values, input };
}

/** The create form → createInterview's input (API.md: POST /api/v1/interviews). On success, the console. */
export async function createInterviewForm(_previous: FormState, form: FormData): Promise<FormState> {
  const { values, input } = interviewFormValues(form);
  return formAction((actor) => createInterview(actor, input), {
    label, values, revalidate: ['/workspace/moderator/interviews'],
    redirectTo: (created) => `/workspace/moderator/interviews/${created.id}?created=1`,
  });
}

/** The edit form → updateInterview (PATCH /api/v1/interviews/{id}) with the version it was read at. On success, the console. */
export async function updateInterviewForm(interviewId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const { values, input } = interviewFormValues(form);
  const version = Number(values.version);
  return formAction((actor) => updateInterview(actor, interviewId, {
    ...input,
    ...(values.hostId ? { hostId: values.hostId } : {}),
    version: Number.isInteger(version) && values.version !== '' ? version : values.version,
  }), {
    label, values, revalidate: [...staffPaths(interviewId), `/workspace/moderator/interviews/${interviewId}/edit`],
    redirectTo: () => `/workspace/moderator/interviews/${interviewId}?updated=1`,
  });
}

/** 发布预告 / 开始直播 / 结束访谈 / 发布文字实录 (API.md: POST /api/v1/interviews/{id}/actions). */
export async function interviewActionForm(interviewId: string, _previous: FormState, form: FormData): Promise<FormState> {
  return formAction((actor) => actOnInterview(actor, interviewId, { action: textOf(form, 'action') }), { label, revalidate: staffPaths(interviewId) });
}

/**
 * Moderation of one question: approve, reject (reason code, note), star, unstar, edit (body), merge (intoQuestionId). The
 * form's fields are the action's input (API.md: POST /api/v1/questions/{id}/actions).
 */
export async function questionActionForm(interviewId: string, questionId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const action = textOf(form, 'action');
  const input: Record<string, string> = { action };
  for (const name of ['reason', 'note', 'body', 'intoQuestionId']) if (form.has(name)) input[name] = textOf(form, name);
  return formAction((actor) => actOnQuestion(actor, questionId, input), { label, revalidate: staffPaths(interviewId), values: input });
}

/** 主持人发言 (API.md: POST /api/v1/interviews/{id}/remarks). */
export async function remarkForm(interviewId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const values = { body: textOf(form, 'body') };
  return formAction((actor) => addRemark(actor, interviewId, values), { label, revalidate: staffPaths(interviewId), values });
}

/** 分配 / 改派 one leftover question to a guest (API.md: POST /api/v1/questions/{id}/actions {action: "assign"}). */
export async function assignQuestionForm(interviewId: string, questionId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const values = { guestId: textOf(form, 'guestId') };
  return formAction((actor) => actOnQuestion(actor, questionId, { action: 'assign', ...values }), { label, revalidate: [...staffPaths(interviewId), ...assigneePaths], values });
}

/** 全部分配给… (POST /api/v1/interviews/{id}/questions/assign): the unassigned leftovers, or all of them, to one guest. */
export async function assignAllForm(interviewId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const values = { guestId: textOf(form, 'guestId'), includeAssigned: textOf(form, 'includeAssigned') };
  return formAction((actor) => assignLeftoverQuestions(actor, interviewId, { guestId: values.guestId, includeAssigned: values.includeAssigned === 'on' }),
    { label, revalidate: [...staffPaths(interviewId), ...assigneePaths], values });
}

/** 图文直播: text and/or a photo with its alt text (API.md: POST /api/v1/interviews/{id}/updates, multipart). */
export async function liveUpdateForm(interviewId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const values = { body: textOf(form, 'body'), alt: textOf(form, 'alt'), caption: textOf(form, 'caption') };
  return formAction(async (actor) => {
    assertCan(actor, 'interviews.manage'); // before the photo is decoded
    const { input, photo } = await readUpdateForm(form);
    return postUpdate(actor, interviewId, input, photo);
  }, { label, revalidate: staffPaths(interviewId), values });
}

/** 撤回 one update (API.md: DELETE /api/v1/interviews/{id}/updates/{updateId}). */
export async function retractUpdateForm(interviewId: string, updateId: string, _previous: FormState, _form: FormData): Promise<FormState> {
  return formAction((actor) => retractUpdate(actor, interviewId, updateId), { label, revalidate: staffPaths(interviewId) });
}
