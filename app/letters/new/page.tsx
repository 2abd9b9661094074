import type { Metadata } from 'next';
import { listDepartments } from '@/lib/accounts/departments';
import { requirePermission } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { loadDeadlines } from '@/lib/letters/deadlines';
import { getTranslations } from 'next-intl/server';
import { WriteLetterForm, type AttachmentLabels } from './WriteLetterForm';

export const metadata: Metadata = { title: '我要写信' };

export default async function NewLetterPage() {
  const { user } = await requirePermission('letters.create', '/letters/new');
  const [departments, limits, t] = await Promise.all([listDepartments(db()), loadDeadlines(db()), getTranslations('letterAttachments')]);
  // Placeholders ({name}, {count}, {message}) are filled in by the form.
  const raw = (key: keyof AttachmentLabels) => t.raw(key) as string;
  const attachmentLabels: AttachmentLabels = {
    inputLabel: raw('inputLabel'), inputHint: raw('inputHint'), tooMany: raw('tooMany'), tooLarge: raw('tooLarge'), wrongType: raw('wrongType'),
    chosen: raw('chosen'), uploading: raw('uploading'), uploadFailed: raw('uploadFailed'), uploaded: raw('uploaded'),
  };
  return (
    <>
      <h1>我要写信</h1>
      <p className="lead">
        咨询 {limits.inquiry} 个工作日、建议 {limits.suggestion} 个工作日、投诉 {limits.complaint} 个工作日内答复（自受理之日起计算，法定节假日除外）。
      </p>
      <WriteLetterForm draftKey={`minsheng-letter-draft:${user.publicId}`} departments={departments.map((d) => ({ id: d.id, name: d.name }))} attachmentLabels={attachmentLabels} />
    </>
  );
}
