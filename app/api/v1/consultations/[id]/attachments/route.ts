import { handle } from '@/lib/api/endpoint';
import * as consultations from '@/lib/api/endpoints/consultations';
import { json, readBody } from '@/lib/api/route';
import { addConsultationAttachment, listConsultationAttachments } from '@/lib/consultations/operations';
import { MAX_ATTACHMENT_BODY_BYTES } from '@/lib/consultations/validation';
import { AppError } from '@/lib/errors';
import { uploadFromFormFile } from '@/lib/uploads';

export const dynamic = 'force-dynamic';

/** GET (moderator) → {items:[{id, fileName, sizeBytes, url}], canAdd, canRemove, max}. */
export const GET = handle(consultations.listConsultationAttachments, async ({ actor, params }) => json(await listConsultationAttachments(actor, params.id)));

/** POST (moderator) multipart `file` (one PDF) → 201 {id, fileName}; the body is refused past 10 MB before it is read. */
export const POST = handle(consultations.addConsultationAttachment, async ({ request, actor, params }) => {
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(type)) throw new AppError('bad_request', '请以 multipart/form-data 上传文件（字段 file）');
  const bytes = await readBody(request, MAX_ATTACHMENT_BODY_BYTES);
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'content-type': type } }).formData();
  } catch {
    throw new AppError('bad_request', '请求不是合法的 multipart/form-data');
  }
  return json(await addConsultationAttachment(actor, params.id, await uploadFromFormFile(form.get('file'), 'file')), 201);
});
