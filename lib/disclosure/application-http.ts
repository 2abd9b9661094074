import { AppError } from '../errors';
import { readBody, readJson } from '../api/route';
import { MAX_FILE_BYTES, uploadFromFormFile, type UploadedFile } from './files';

/** Form fields that are numbers in the action's JSON input. */
const NUMBER_FIELDS = new Set(['workingDays', 'version']);

/** A multipart form's text fields as the action's input (numbers where the JSON has numbers; '' left for zod). */
export function actionInputFromForm(form: FormData): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string' || key === 'document') continue;
    input[key] = NUMBER_FIELDS.has(key) && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
  }
  return input;
}

/**
 * The body of POST …/applications/{trackingNo}/actions: JSON (up to 32 KB), or multipart/form-data (up to 10 MB
 * plus the form) when a reply carries its document in the field `document`.
 */
export async function readActionRequest(request: Request): Promise<{ input: unknown; document: UploadedFile | null }> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(type)) return { input: await readJson(request, 32 * 1024), document: null };
  const bytes = await readBody(request, MAX_FILE_BYTES + 64 * 1024);
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'content-type': type } }).formData();
  } catch {
    throw new AppError('bad_request', '请求不是合法的 multipart/form-data');
  }
  return { input: actionInputFromForm(form), document: await uploadFromFormFile(form.get('document')) };
}
