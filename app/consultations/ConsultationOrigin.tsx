import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { consultationsLeadingTo } from '@/lib/consultations/queries';

/** On a catalogue item's page: the consultations that led to this document (issue 16 item 3). */
export async function ConsultationOrigin({ itemId }: { itemId: string }) {
  const origins = await consultationsLeadingTo(itemId);
  if (origins.length === 0) return null;
  const t = await getTranslations('consultations');
  const en = (await getLocale()) === 'en';
  return (
    <p className="notice" data-testid="consultation-origin">
      {t('ledTo')}{en ? ': ' : '：'}
      {origins.map((o, i) => (
        <span key={o.slug}>{i ? (en ? '; ' : '；') : null}<Link href={`/consultations/${o.slug}`} data-user-content="">{o.title}</Link></span>
      ))}
    </p>
  );
}
