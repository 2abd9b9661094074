import { getLocale, getTranslations } from 'next-intl/server';
import { fileUrl } from '@/lib/disclosure/files';

/** The consultation's PDF attachments, each a download link with its size (and, on the moderator's page, its remove form). */
export async function Attachments({ items, remove }: {
  items: Array<{ id: string; fileName: string; sizeBytes: number }>;
  remove?: (item: { id: string; fileName: string }) => React.ReactNode;
}) {
  const t = await getTranslations('consultations');
  const locale = await getLocale();
  if (items.length === 0) return <p>{t('noAttachments')}</p>;
  return (
    <ul data-testid="consultation-attachments">
      {items.map((a) => (
        <li key={a.id}>
          <a href={fileUrl(a.id)} data-user-content="">{a.fileName}</a>{locale === 'en' ? ' ' : ''}({t('fileSize', { kb: Math.max(1, Math.round(a.sizeBytes / 1024)) })})
          {remove ? remove(a) : null}
        </li>
      ))}
    </ul>
  );
}
