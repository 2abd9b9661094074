import { AppError } from './errors';

/**
 * What every upload shares (the disclosure column's PDFs, lib/disclosure/files.ts; letter attachments,
 * lib/letters/attachments.ts): the 10 MB cap, the PDF magic bytes, safe file names, Content-Disposition.
 */

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

export interface UploadedFile {
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
}

/** Whether the bytes begin as a PDF does ("%PDF-"), whatever the declared type or the name say. */
export function hasPdfMagic(bytes: Uint8Array): boolean {
  return bytes.byteLength >= PDF_MAGIC.length && PDF_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * A safe file name: the last path segment, no control or quoting characters, at most 120 characters, ending in
 * `extension` (".pdf" unless told; the old extension is replaced when it is one of `replaces`).
 */
export function cleanFileName(name: string, extension = '.pdf', replaces: readonly string[] = []): string {
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
  let clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').replace(/\s+/g, ' ').trim();
  for (const old of replaces) if (clean.toLowerCase().endsWith(old)) clean = clean.slice(0, -old.length);
  if (!clean.toLowerCase().endsWith(extension)) clean = `${clean || 'document'}${extension}`;
  const chars = [...clean];
  return chars.length > 120 ? `${chars.slice(0, 120 - extension.length).join('')}${extension}` : clean;
}

/** Refuses a file that is empty or over 10 MB with 422 on `field` (413 is for whole requests, not their parts). */
export function assertFileSize(bytes: number, field: string): void {
  if (bytes === 0) throw new AppError('invalid_input', '文件是空的', { [field]: '文件是空的' });
  if (bytes > MAX_FILE_BYTES) throw new AppError('invalid_input', '文件不能超过 10 MB', { [field]: '文件不能超过 10 MB' });
}

/** A `File` from a multipart form as an upload (null when the field is missing or empty); over 10 MB is refused unread. */
export async function uploadFromFormFile(value: FormDataEntryValue | null, field = 'document'): Promise<UploadedFile | null> {
  if (!value || typeof value === 'string' || value.size === 0) return null;
  assertFileSize(value.size, field);
  return { fileName: value.name, mimeType: value.type, bytes: new Uint8Array(await value.arrayBuffer()) };
}

/** `attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded` (RFC 6266 / RFC 5987). */
export function contentDisposition(fileName: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
