'use server';

import { actOnMilestone, createAction, updateAction } from '@/lib/hotspots/actions';
import { formAction, formText, type FormState } from '@/lib/forms';

/** The adopt form's milestone rows (app/workspace/hotspots/adopt/page.tsx has as many). */
const MILESTONE_ROWS = 5;

/** 立项: a 每月一题 action from a hotspot (hidden kind, key, week) with up to five milestones; opens its progress page. */
export async function adoptHotspotForm(_previous: FormState, form: FormData): Promise<FormState> {
  const values: Record<string, string> = {};
  for (const f of ['title', 'description', 'ownerDepartmentId', 'kind', 'key', 'week']) values[f] = formText(form, f);
  const milestones = [];
  for (let n = 1; n <= MILESTONE_ROWS; n++) {
    const title = (values[`milestone${n}Title`] = formText(form, `milestone${n}Title`));
    const targetOn = (values[`milestone${n}Date`] = formText(form, `milestone${n}Date`));
    if (title.trim() || targetOn.trim()) milestones.push({ title, targetOn });
  }
  const input = {
    title: values.title, description: values.description, ownerDepartmentId: values.ownerDepartmentId || null, milestones,
    ...(values.kind ? { source: { kind: values.kind, key: values.key, week: values.week } } : {}),
  };
  return formAction((actor) => createAction(actor, input), {
    label: 'workspace/hotspots/adopt', values,
    revalidate: [{ path: '/actions', type: 'layout' }],
    redirectTo: (r) => `/workspace/actions/${r.id}`,
  });
}

/** 标记完成, 重新打开 (the owner, moderators, admins) and 增加节点 (moderators, admins). */
export async function milestoneForm(actionId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const action = formText(form, 'action');
  const values = { milestoneId: formText(form, 'milestoneId'), doneOn: formText(form, 'doneOn'), title: formText(form, 'title'), targetOn: formText(form, 'targetOn') };
  const input = action === 'add' ? { action, title: values.title, targetOn: values.targetOn }
    : action === 'done' ? { action, milestoneId: values.milestoneId, ...(values.doneOn.trim() ? { doneOn: values.doneOn } : {}) }
      : { action, milestoneId: values.milestoneId };
  return formAction((actor) => actOnMilestone(actor, actionId, input), {
    label: 'workspace/actions/milestone', values,
    revalidate: [`/workspace/actions/${actionId}`, { path: '/actions', type: 'layout' }],
  });
}

/** The owner select's value: `department:<id>` or `user:<id>` (the PATCH takes one of the two). */
function ownerOf(value: string) {
  const [kind, id = ''] = value.split(':');
  if (kind === 'department' && id) return { ownerDepartmentId: id, ownerUserId: null };
  if (kind === 'user' && id) return { ownerDepartmentId: null, ownerUserId: id };
  return { ownerDepartmentId: null, ownerUserId: null };
}

/** 修改行动: title, description, owner and the linked letters (tracking numbers, one a line), against its version. */
export async function updateActionForm(actionId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const values: Record<string, string> = {};
  for (const f of ['title', 'description', 'owner', 'letters', 'version']) values[f] = formText(form, f);
  const input = {
    title: values.title, description: values.description, ...ownerOf(values.owner),
    letters: values.letters.split(/[\s,，、;；]+/).map((v) => v.trim().toUpperCase()).filter(Boolean),
    version: Number(values.version),
  };
  const state = await formAction((actor) => updateAction(actor, actionId, input), {
    label: 'workspace/actions/edit', values,
    revalidate: [`/workspace/actions/${actionId}`, { path: '/actions', type: 'layout' }],
  });
  if (state.ok) return state;
  // The owner is one select here: its errors (either id) belong to it; so do the letters' per-item errors.
  const fields: Record<string, string> = {};
  for (const [key, message] of Object.entries(state.fields)) {
    const name = key === 'ownerDepartmentId' || key === 'ownerUserId' ? 'owner' : key.startsWith('letters') ? 'letters' : key;
    fields[name] ??= message;
  }
  return { ...state, fields };
}
