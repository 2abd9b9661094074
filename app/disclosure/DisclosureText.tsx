import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/lib/db';
import { getDisclosurePage } from '@/lib/disclosure/pages';
import { loadApplicationReplyDays } from '@/lib/disclosure/application-clock';
import type { DisclosurePageKey } from '@/lib/disclosure/schema';
import { dateTimeFormat } from '@/lib/calendar/date-format';
import { requestOrganisation } from '../_components/request-organisation';

/** A guide or rules page: paragraphs separated by blank lines, a line like "一、…" as a heading. */
export async function DisclosureText({ pageKey }: { pageKey: DisclosurePageKey }) {
  const t = await getTranslations('disclosure');
  const locale = await getLocale();
  const [page, org, replyDays] = await Promise.all([
    getDisclosurePage(pageKey),
    pageKey === 'guide' ? requestOrganisation() : null,
    pageKey === 'guide' ? loadApplicationReplyDays(db()) : null,
  ]);
  const blocks = page.body.split(/\n\s*\n/).map((b) => b.trim()).filter(Boolean);
  return (
    <article>
      <h1 data-user-content="">{page.title}</h1>
      {org ? (
        <section aria-labelledby="office-contact" className="notice">
          <h2 id="office-contact">{t('office')}</h2>
          <dl className="facts">
            <div><dt>{t('officeName')}</dt><dd data-user-content="">{org.disclosureOffice}</dd></div>
            <div><dt>{t('officeAddress')}</dt><dd><span data-user-content="">{org.address}</span>{locale === 'en' ? ` (${org.postcode})` : `（${org.postcode}）`}</dd></div>
            <div><dt>{t('officeHours')}</dt><dd data-user-content="">{org.officeHours}</dd></div>
            <div><dt>{t('officePhone')}</dt><dd>{org.phone}</dd></div>
            <div><dt>{t('officeEmail')}</dt><dd><a href={`mailto:${org.email}`}>{org.email}</a></dd></div>
            {replyDays ? <div><dt>{t('replyLimit')}</dt><dd data-testid="guide-reply-limit">{t('replyLimitValue', { days: replyDays })}</dd></div> : null}
          </dl>
        </section>
      ) : null}
      {blocks.map((block, i) =>
        /^[一二三四五六七八九十]+、\S{1,30}$/.test(block) ? <h2 key={i} data-user-content="">{block}</h2> : <p key={i} className="prewrap" data-user-content="">{block}</p>,
      )}
      {page.updatedAt ? <p className="hint">{t('updatedAt', { at: dateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai' }).format(page.updatedAt) })}</p> : null}
    </article>
  );
}
