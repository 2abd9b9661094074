import type { Metadata } from 'next';
import { listDepartments } from '@/lib/accounts/departments';
import { requirePermission } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { loadDeadlines } from '@/lib/letters/deadlines';
import { getLocale, getTranslations } from 'next-intl/server';
import { catalogue } from '@/lib/i18n/catalogue';
import { toLocale } from '@/lib/i18n/config';
import { rawMessage } from '@/lib/i18n/precompile';
import { WriteLetterForm, type AttachmentLabels } from './WriteLetterForm';
import { loadDistricts, loadTopics } from '@/lib/topics';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('letterForm'))('pageTitle') };
}

export default async function NewLetterPage() {
  const { user } = await requirePermission('letters.create', '/letters/new');
  const [departments, limits, t, tf, topics, districts] = await Promise.all([
    listDepartments(db()), loadDeadlines(db()), getTranslations('letterAttachments'), getTranslations('letterForm'),
    loadTopics(db(), { activeOnly: true }), loadDistricts(db()),
  ]);
  const locale = await getLocale();
  // Placeholders ({name}, {count}, {message}) are filled in by the form: the templates as written (messages are
  // precompiled for the formatter, lib/i18n/precompile.ts, so t.raw is not available).
  const messages = await catalogue(toLocale(locale));
  const raw = (key: keyof AttachmentLabels) => rawMessage(messages, `letterAttachments.${key}`);
  const attachmentLabels: AttachmentLabels = {
    inputLabel: raw('inputLabel'), inputHint: raw('inputHint'), tooMany: raw('tooMany'), tooLarge: raw('tooLarge'), wrongType: raw('wrongType'),
    chosen: raw('chosen'), uploading: raw('uploading'), uploadFailed: raw('uploadFailed'), uploaded: raw('uploaded'),
  };
  return (
    <>
      <h1>{tf('pageTitle')}</h1>
      <p className="lead">{tf('limits', { inquiry: limits.inquiry, suggestion: limits.suggestion, complaint: limits.complaint })}</p>
      <WriteLetterForm draftKey={`minsheng-letter-draft:${user.publicId}`} departments={departments.map((d) => ({ id: d.id, name: (locale === 'en' && d.nameEn) || d.name }))} attachmentLabels={attachmentLabels}
        en={locale === 'en'}
        topics={topics.map((o) => ({ id: String(o.id), label: (locale === 'en' ? o.pathEn : o.path).join(' > '), departmentId: o.departmentId }))}
        districts={districts.map((d) => ({ id: String(d.id), label: (locale === 'en' && d.nameEn) || d.name }))} />
    </>
  );
}
