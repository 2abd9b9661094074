import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import type { Actor } from '@/lib/auth/permissions';
import { duplicateCandidates, RECENT_DAYS } from '@/lib/letters/duplicates';
import { SimpleForm } from '@/app/_components/SimpleForm';
import { mergeDuplicateForm } from '../actions';
import { formatDateTime } from '../labels';

/**
 * Duplicates for staff (issue 17 item 5): on the page of a letter awaiting routing, for the moderators who route it
 * (the page renders this only when the `merge` action is theirs), the open and recently answered letters that look
 * the same, each with a one-step 合并 (lib/letters/duplicates.ts; the merge action authorises and audits it).
 */
export async function DuplicatesPanel({ actor, trackingNo, version }: { actor: Actor; trackingNo: string; version: number }) {
  const [result, t, tl, locale] = await Promise.all([
    duplicateCandidates(actor, trackingNo), getTranslations('letterUi.duplicates'), getTranslations('letterUi'), getLocale(),
  ]);
  const en = locale === 'en';
  const action = mergeDuplicateForm.bind(null, trackingNo);
  return (
    <section aria-labelledby="letter-duplicates" className="no-print" data-testid="letter-duplicates">
      <h2 id="letter-duplicates">{t('heading')}</h2>
      <p className="hint">{t('lead', { days: RECENT_DAYS })}</p>
      {result.items.length === 0 ? <p>{t('none')}</p> : (
        <ol className="stack">
          {result.items.map((c) => (
            <li key={c.trackingNo} className="card" data-testid={`duplicate-${c.trackingNo}`}>
              <p>
                <Link href={`/letters/${c.trackingNo}`}><span data-user-content="">{c.title}</span></Link>{' '}
                <span className="hint">{c.trackingNo} · {tl(`statuses.${c.status}`)} · {t('submitted', { date: formatDateTime(c.submittedAt, locale) })}
                  {c.answeredAt ? ` · ${t('answered', { date: formatDateTime(c.answeredAt, locale) })}` : ''}</span>
              </p>
              <p className="hint">
                {t('score', { score: c.score.toFixed(2) })}
                {c.reasons.sameTopic ? ` · ${t('sameTopic')}` : ''}
                {c.reasons.sameDistrict ? ` · ${t('sameDistrict')}` : ''}
                {c.reasons.samePlace ? ` · ${t('samePlace')}` : ''}
                {` · ${t('text', { percent: Math.round(c.reasons.text * 100) })}`}
                {c.topic ? <> · <span data-user-content="">{(en ? c.topic.pathEn : c.topic.path).join(' > ')}</span></> : null}
                {c.district ? ` · ${(en && c.district.nameEn) || c.district.name}` : ''}
                {c.place ? <> · <span data-user-content="">{c.place}</span></> : null}
              </p>
              {!result.canMerge ? <p className="hint">{t('cannotMerge')}</p> : !c.mergeable ? <p className="hint">{t('notMergeable')}</p> : (<>
                {c.answeredAt ? <p className="hint">{t('mergeAnswered')}</p> : null}
                <SimpleForm action={action} idPrefix={`merge-${c.trackingNo}`} className="inline-form" okText={t('merged')}
                  submit={<>{t('merge')}<span className="sr-only">{` ${t('mergeInto', { trackingNo: c.trackingNo })}`}</span></>}
                  fields={[
                    { name: 'intoTrackingNo', label: '', type: 'hidden', value: c.trackingNo },
                    { name: 'version', label: '', type: 'hidden', value: String(version) },
                  ]} />
              </>)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
