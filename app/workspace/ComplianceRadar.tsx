import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { requestRadar } from './radar';

const STATUS_TAG = { pass: 'tag tag-ok', at_risk: 'tag tag-warn', fail: 'tag tag-danger' } as const;

/**
 * The inspection radar on the moderator's and the admin's dashboards: each indicator with its status in words (not
 * colour only), the days left before a breach, and links to the items behind it (lib/accountability/compliance.ts).
 */
export async function ComplianceRadar() {
  const [t, c, { report }] = await Promise.all([getTranslations('compliance'), getTranslations('complianceUi'), requestRadar()]);
  return (
    <section aria-labelledby="radar-heading" id="radar" data-testid="compliance-radar">
      <h2 id="radar-heading">{t('title')}</h2>
      <p>{t('intro')}</p>
      <ul className="radar">
        {report.items.map((item) => {
          const name = c(`names.${item.id}`, item.nameValues);
          return (
          <li key={item.id} data-indicator={item.id} data-status={item.status}>
            <span className={STATUS_TAG[item.status]}>{t(`status.${item.status}`)}</span>{' '}
            <strong>{name}</strong>{c('colon')}{c(`details.${item.message.key}`, item.message.values)}
            {item.daysLeft !== undefined ? c('paren', { text: t('daysLeft', { n: item.daysLeft }) }) : null}{' '}
            <Link href={item.link} aria-label={`${t('open')}${c('colon')}${name}`}>{t('open')}</Link>
            {item.items.length && item.status !== 'pass' ? (
              <details>
                <summary>{t('items')}{c('paren', { text: String(item.count ?? item.items.length) })}</summary>
                <ul>
                  {item.items.map((entry) => <li key={entry.href + entry.label}><Link href={entry.href} data-user-content="">{entry.label}</Link></li>)}
                </ul>
              </details>
            ) : null}
          </li>
          );
        })}
      </ul>
    </section>
  );
}
