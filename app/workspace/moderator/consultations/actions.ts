'use server';

import { actOnComment, actOnConsultation, addConsultationAttachment, createConsultation, removeConsultationAttachment, updateConsultation } from '@/lib/consultations/operations';
import { uploadFromFormFile } from '@/lib/uploads';
import { formAction, formText, type FormState } from '@/lib/forms';
import { parseSections } from './sections';

const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** A datetime-local value is Beijing time: 2030-06-01T10:00 → 2030-06-01T10:00:00+08:00; anything else goes on for the 422. */
function beijing(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (!LOCAL_DATETIME.test(v)) return v;
  return `${v.length === 16 ? `${v}:00` : v}+08:00`;
}

const FIELDS = ['title', 'summary', 'departmentId', 'sections', 'opensAt', 'closesAt', 'shortPeriodReason', 'moderateComments', 'commentQuota', 'version'] as const;

function consultationFormValues(form: FormData) {
  const values = Object.fromEntries(FIELDS.map((f) => [f, formText(form, f)])) as Record<(typeof FIELDS)[number], string>;
  const quota = values.commentQuota.trim();
  const input = {
    title: values.title,
    summary: values.summary,
    departmentId: values.departmentId,
    sections: parseSections(values.sections),
    opensAt: beijing(values.opensAt),
    closesAt: beijing(values.closesAt),
    shortPeriodReason: values.shortPeriodReason.trim() || null,
    moderateComments: values.moderateComments !== 'false',
    commentQuota: quota === '' ? undefined : Number.isNaN(Number(quota)) ? quota : Number(quota),
  };
  return { values, input };
}

/** 起草意见征集: saves a draft and opens its page. */
export async function createConsultationForm(_previous: FormState, form: FormData): Promise<FormState> {
  const { values, input } = consultationFormValues(form);
  return formAction((actor) => createConsultation(actor, input), {
    label: 'workspace/consultations/create', values,
    revalidate: ['/workspace/moderator/consultations'],
    redirectTo: (r) => `/workspace/moderator/consultations/${r.id}`,
  });
}

/** 修改草稿 (with the version read). */
export async function updateConsultationForm(consultationId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const { values, input } = consultationFormValues(form);
  return formAction((actor) => updateConsultation(actor, consultationId, { ...input, version: Number(values.version) }), {
    label: 'workspace/consultations/update', values, keepValues: true,
    revalidate: [`/workspace/moderator/consultations/${consultationId}`],
  });
}

/** 发布征集, 截止征集 (with a reason before the closing time), 发布反馈, 关联文件. */
export async function consultationActionForm(consultationId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const action = formText(form, 'action');
  const values = { reason: formText(form, 'reason'), itemId: formText(form, 'itemId'), categoryCode: formText(form, 'categoryCode') };
  const input = action === 'close' ? { action, reason: values.reason }
    : action === 'link_document' ? { action, itemId: values.itemId.trim() || null }
      : action === 'publish_feedback' && values.categoryCode ? { action, categoryCode: values.categoryCode }
        : { action };
  return formAction((actor) => actOnConsultation(actor, consultationId, input), {
    label: 'workspace/consultations/action', values,
    revalidate: [`/workspace/moderator/consultations/${consultationId}`, '/workspace/moderator/consultations', { path: '/consultations', type: 'layout' }],
  });
}

/** 公开 / 不予公开 (a reason code, an optional note) a pending comment; 处理结果 (采纳, 部分采纳, 不予采纳 with a reason) of an approved one. */
export async function commentActionForm(consultationId: string, commentId: string, _previous: FormState, form: FormData): Promise<FormState> {
  const action = formText(form, 'action');
  const values = { reason: formText(form, 'reason'), note: formText(form, 'note'), disposition: formText(form, 'disposition') };
  const input = action === 'dispose' ? { action, disposition: values.disposition, reason: values.reason }
    : action === 'reject' ? { action, reason: values.reason, ...(values.note.trim() ? { note: values.note } : {}) }
      : { action };
  return formAction((actor) => actOnComment(actor, commentId, input), {
    label: 'workspace/consultations/comment', values, keepValues: action === 'dispose',
    revalidate: [`/workspace/moderator/consultations/${consultationId}`, { path: '/consultations', type: 'layout' }],
  });
}

/** 上传附件: a checked PDF attached to the consultation. */
export async function uploadAttachmentForm(consultationId: string, _previous: FormState, form: FormData): Promise<FormState> {
  return formAction(async (actor) => addConsultationAttachment(actor, consultationId, await uploadFromFormFile(form.get('file'), 'file')), {
    label: 'workspace/consultations/attachment',
    revalidate: [`/workspace/moderator/consultations/${consultationId}`, { path: '/consultations', type: 'layout' }],
  });
}

/** 删除附件 (a draft's or an open consultation's). */
export async function removeAttachmentForm(consultationId: string, _previous: FormState, form: FormData): Promise<FormState> {
  return formAction((actor) => removeConsultationAttachment(actor, consultationId, formText(form, 'fileId')), {
    label: 'workspace/consultations/detach',
    revalidate: [`/workspace/moderator/consultations/${consultationId}`, { path: '/consultations', type: 'layout' }],
  });
}
