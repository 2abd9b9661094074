import { handle } from '@/lib/api/endpoint';
import * as letters from '@/lib/api/endpoints/letters';
import { json, readBody } from '@/lib/api/route';
import { AppError } from '@/lib/errors';
import { assertMayAttach, attachToLetter, MAX_UPLOAD_BODY_BYTES, prepareFormAttachments } from '@/lib/letters/attachments';

export const dynamic = 'force-dynamic';

/** POST multipart `file` or `attachments` (1–5 files) → 201 {id, name, contentType, size, items}; the body is refused past 5 × 10 MB before it is read. */
export const POST = handle(letters.uploadLetterAttachments, async ({ request, actor, params }) => {
  await assertMayAttach(actor, params.trackingNo); // before the body is read
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(type)) throw new AppError('bad_request', '请以 multipart/form-data 上传文件（字段 attachments）');
  const bytes = await readBody(request, MAX_UPLOAD_BODY_BYTES);
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'content-type': type } }).formData();
  } catch {
    throw new AppError('bad_request', '请求不是合法的 multipart/form-data');
  }
  const items = await attachToLetter(actor, params.trackingNo, await prepareFormAttachments(form));
  // API.md "Intake": the first file as {id, name, contentType, size}; every file in `items`.
  const [first] = items;
  return json({ id: first!.id, name: first!.fileName, contentType: first!.mimeType, size: first!.sizeBytes, items }, 201);
});
