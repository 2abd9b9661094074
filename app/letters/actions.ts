'use server';

import { actOnLetter } from '@/lib/letters/operations';
import { assertMayAttach, attachToLetter, prepareFormAttachments } from '@/lib/letters/attachments';
import { mergeDuplicate } from '@/lib/letters/duplicates';
import { formAction, formText, type FormState } from '@/lib/forms';

const NUMBER_FIELDS = new Set(['workingDays', 'version']);

/**
 * Every action form on a letter page posts here: the form's fields become the action's input (API.md), the
 * domain operation validates and authorises it. Files in `attachments` go with a reply, a request for information or
 * the writer's answer to it. Errors come back as form state, never as a crashed page.
 */
export async function letterActionForm(trackingNo: string, _previous: FormState, form: FormData): Promise<FormState> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string') continue;
    input[key] = NUMBER_FIELDS.has(key) && value !== '' ? Number(value) : value;
  }
  return formAction(async (actor) => actOnLetter(actor, trackingNo, input, new Date(), { attachments: await prepareFormAttachments(form) }), {
    label: 'letters',
    rateLimit: { action: 'letter.followup', publicOnly: true },
    revalidate: [`/letters/${trackingNo}`],
  });
}

/**
 * The letter page's 补充附件 form: the writer or the case's staff add files to the letter itself while it is open
 * (who may is checked before the files are decoded; again when they are stored).
 */
export async function letterAttachmentsForm(trackingNo: string, _previous: FormState, form: FormData): Promise<FormState> {
  return formAction(async (actor) => {
    await assertMayAttach(actor, trackingNo);
    await attachToLetter(actor, trackingNo, await prepareFormAttachments(form));
  }, {
    label: 'letters',
    rateLimit: { action: 'letter.followup', publicOnly: true },
    revalidate: [`/letters/${trackingNo}`],
  });
}

/**
 * The duplicates panel's one-step 合并 (app/letters/[trackingNo]/DuplicatesPanel.tsx): this letter joins the
 * candidate through the letters' merge action (lib/letters/duplicates.ts#mergeDuplicate: moderators and admins, a
 * letter awaiting routing; one transaction with its event and audit row).
 */
export async function mergeDuplicateForm(trackingNo: string, _previous: FormState, form: FormData): Promise<FormState> {
  const version = formText(form, 'version');
  return formAction((actor) => mergeDuplicate(actor, trackingNo, { intoTrackingNo: formText(form, 'intoTrackingNo'), version: /^\d+$/.test(version) ? Number(version) : undefined }), {
    label: 'letters',
    rateLimit: { action: 'letter.followup', publicOnly: true },
    revalidate: [`/letters/${trackingNo}`],
  });
}
