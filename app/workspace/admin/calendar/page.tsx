import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { listCalendar } from '@/lib/calendar/admin';
import { officialYear } from '@/lib/calendar/official';
import { chinaYear } from '@/lib/calendar';
import { getDeadlines } from '@/lib/letters/deadline-settings';
import { DayForm, DeadlinesForm, RemoveDayForm, YearForm } from './CalendarForms';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('calendarAdmin'))('title') };
}

export default async function CalendarAdminPage() {
  const actor = await requirePermission('workspace.admin', '/workspace/admin/calendar');
  const t = await getTranslations();
  const locale = await getLocale();
  const [limits, years] = await Promise.all([getDeadlines(actor), listCalendar(actor)]);
  const weekday = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  // The add-a-year form suggests the year after the last one, with what is officially known about it.
  const nextYear = years.length ? years.at(-1)!.year + 1 : chinaYear();
  const suggestion = nextYear <= 2100 ? officialYear(nextYear) : null;

  return (
    <>
      <p><Link href="/workspace/admin">{t('calendarAdmin.backToAdmin')}</Link></p>
      <h1>{t('calendarAdmin.title')}</h1>
      <p className="lead">{t('calendarAdmin.intro')}</p>

      <section aria-labelledby="calendar-deadlines">
        <h2 id="calendar-deadlines">{t('calendarAdmin.deadlines')}</h2>
        <p>{t('calendarAdmin.deadlinesIntro')}</p>
        <DeadlinesForm limits={limits} />
      </section>

      {years.map((y) => (
        <section key={y.year} aria-labelledby={`calendar-year-${y.year}`} className="card card-spaced">
          <h2 id={`calendar-year-${y.year}`}>
            {t('calendarAdmin.yearHeading', { year: y.year })}{' '}
            <span className={y.status === 'announced' ? 'tag tag-ok' : 'tag tag-warn'}>
              {y.status === 'announced' ? t('calendarAdmin.announced') : t('calendarAdmin.provisional')}
            </span>
          </h2>
          {y.status === 'provisional' ? <p className="notice">{t('workspace.provisionalNote', { year: y.year })}</p> : null}
          <p>{t('calendarAdmin.sourceLine', { source: y.source })}</p>

          <h3>{t('calendarAdmin.yearSettings', { year: y.year })}</h3>
          <YearForm year={y.year} status={y.status} source={y.source} />

          {y.days.length ? (
            <div className="table-scroll">
              <table className="table-cards">
                <caption>{t('calendarAdmin.daysCaption', { year: y.year })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('calendarAdmin.colDate')}</th>
                    <th scope="col">{t('calendarAdmin.colWeekday')}</th>
                    <th scope="col">{t('calendarAdmin.colKind')}</th>
                    <th scope="col">{t('calendarAdmin.colName')}</th>
                    <th scope="col">{t('calendarAdmin.colAction')}</th>
                  </tr>
                </thead>
                <tbody>
                  {y.days.map((d) => (
                    <tr key={d.day}>
                      <th scope="row"><time dateTime={d.day}>{d.day}</time></th>
                      <td data-label={t('calendarAdmin.colWeekday')}>{weekday.format(new Date(`${d.day}T00:00:00Z`))}</td>
                      <td data-label={t('calendarAdmin.colKind')}>{d.kind === 'holiday' ? t('calendarAdmin.holiday') : t('calendarAdmin.workday')}</td>
                      <td data-label={t('calendarAdmin.colName')}>{d.name}</td>
                      <td data-label={t('calendarAdmin.colAction')}><RemoveDayForm day={d.day} name={d.name} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>{t('calendarAdmin.noDays', { year: y.year })}</p>
          )}

          <h3>{t('calendarAdmin.setDay', { year: y.year })}</h3>
          <DayForm year={y.year} />
        </section>
      ))}

      {suggestion ? (
        <section aria-labelledby="calendar-new-year">
          <h2 id="calendar-new-year">{t('calendarAdmin.newYear')}</h2>
          <p>{t('calendarAdmin.newYearIntro')}</p>
          <YearForm isNew year={suggestion.year} status={suggestion.status} source={suggestion.source} />
        </section>
      ) : null}
    </>
  );
}
