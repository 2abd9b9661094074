import { createHash, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Db, type Tx } from '../db';
import { AppError, notFound } from '../errors';
import { assertFileSize, cleanFileName, hasPdfMagic, type UploadedFile } from '../uploads';
import { can, type Actor } from '../auth/permissions';
import { catalogueItems, disclosureApplications, disclosureFiles } from './schema';
import { applicationRolesFor } from './application-transitions';
import { consultationAttachments, consultations } from '../consultations/schema';

/**
 * Documents of the disclosure column — reply documents of applications, attachments of catalogue items — stored in
 * the database (disclosure_files). Only PDFs: the browser opens them in its own viewer, and a file that merely
 * claims to be a PDF is refused by its first bytes.
 */

export { cleanFileName, contentDisposition, MAX_FILE_BYTES, uploadFromFormFile, type UploadedFile } from '../uploads';

export interface StoredFile {
  id: number;
  publicId: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
}

/** Refuses what is not a PDF of at most 10 MB with 422 on `field` (413 is for whole requests, not their parts). */
export function assertPdf(file: UploadedFile, field = 'file'): void {
  const refuse = (message: string) => new AppError('invalid_input', message, { [field]: message });
  assertFileSize(file.bytes.byteLength, field);
  const mime = file.mimeType.split(';')[0]!.trim().toLowerCase();
  if (mime !== 'application/pdf') throw refuse('只能上传 PDF 文件');
  if (!hasPdfMagic(file.bytes)) throw refuse('文件内容不是 PDF');
}

/** Checks and stores an uploaded PDF in the caller's transaction. */
export async function storeUploadedFile(tx: Tx | Db, file: UploadedFile, actorId: number | null, field = 'file'): Promise<StoredFile> {
  assertPdf(file, field);
  const fileName = cleanFileName(file.fileName);
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const [row] = await tx
    .insert(disclosureFiles)
    .values({ publicId: randomUUID(), fileName, mimeType: 'application/pdf', sizeBytes: file.bytes.byteLength, sha256, data: file.bytes, uploadedById: actorId })
    .returning({ id: disclosureFiles.id, publicId: disclosureFiles.publicId, fileName: disclosureFiles.fileName, sizeBytes: disclosureFiles.sizeBytes, sha256: disclosureFiles.sha256 });
  return row!;
}

const filePublicId = z.uuid();

/** Where a stored file is downloaded (app/disclosure/files/[id]/route.ts). */
export const fileUrl = (publicId: string) => `/disclosure/files/${publicId}`;

export interface Download {
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  data: Uint8Array;
  /** A published 主动公开 attachment anyone may fetch (cacheable); otherwise private to its readers. */
  public: boolean;
}

/**
 * A file for whoever may see it: the attachment of a published 主动公开 catalogue item to anyone; the reply
 * document of an application to its applicant and the disclosure staff. Anything else — including a file that
 * exists but is not the viewer's — is 404.
 */
export async function readDownloadableFile(actor: Actor, publicIdInput: string, database: Db = db()): Promise<Download> {
  const parsed = filePublicId.safeParse(publicIdInput);
  if (!parsed.success) throw notFound('文件不存在，或您无权下载');
  const [file] = await database.select().from(disclosureFiles).where(eq(disclosureFiles.publicId, parsed.data));
  if (!file) throw notFound('文件不存在，或您无权下载');
  const out = (isPublic: boolean): Download => ({
    fileName: file.fileName, mimeType: file.mimeType, sizeBytes: file.sizeBytes, sha256: file.sha256, data: file.data, public: isPublic,
  });

  const [published] = await database
    .select({ id: catalogueItems.id })
    .from(catalogueItems)
    .where(and(eq(catalogueItems.attachmentFileId, file.id), eq(catalogueItems.status, 'published'), eq(catalogueItems.attribute, 'proactive')))
    .limit(1);
  if (published) return out(true);

  // 意见征集 attachments: public with their consultation; a draft's to the moderators who run consultations.
  const [consultation] = await database.select({ status: consultations.status }).from(consultationAttachments)
    .innerJoin(consultations, eq(consultations.id, consultationAttachments.consultationId))
    .where(eq(consultationAttachments.fileId, file.id)).limit(1);
  if (consultation && consultation.status !== 'draft') return out(true);
  if (consultation && can(actor, 'consultations.manage')) return out(false);

  // Staff who keep the catalogue see attachments of drafts and withdrawn items too.
  if (can(actor, 'disclosure.publish')) {
    const [attached] = await database.select({ id: catalogueItems.id }).from(catalogueItems).where(eq(catalogueItems.attachmentFileId, file.id)).limit(1);
    if (attached) return out(false);
  }

  if (actor.user) {
    const readers = await database
      .select({ applicantId: disclosureApplications.applicantId })
      .from(disclosureApplications)
      .where(eq(disclosureApplications.replyFileId, file.id));
    if (readers.some((a) => applicationRolesFor(actor.user!, a).length > 0)) return out(false);
  }
  throw notFound('文件不存在，或您无权下载');
}
