import { handle } from '@/lib/api/endpoint';
import * as interviews from '@/lib/api/endpoints/interviews';
import { json, readBody } from '@/lib/api/route';
import { AppError } from '@/lib/errors';
import { MAX_UPDATE_BODY_BYTES, postUpdate, readUpdateForm } from '@/lib/interviews/live-updates';

export const dynamic = 'force-dynamic';

/** POST (moderator) multipart `body`, `file?`, `alt?`, `caption?` → 201 {id, seq}: a 图文直播 update; the body is refused past 10 MB + 64 KB before it is read. */
export const POST = handle(interviews.postUpdate, async ({ request, actor, params }) => {
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(type)) throw new AppError('bad_request', '请以 multipart/form-data 提交（字段 body、file、alt）');
  const bytes = await readBody(request, MAX_UPDATE_BODY_BYTES);
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'content-type': type } }).formData();
  } catch {
    throw new AppError('bad_request', '请求不是合法的 multipart/form-data');
  }
  const { input, photo } = await readUpdateForm(form);
  return json(await postUpdate(actor, params.id, input, photo), 201);
});
