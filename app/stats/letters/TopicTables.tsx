import type { TopicStatistics } from '@/lib/topics/stats';

type T = (key: string, values?: Record<string, string | number>) => string;

/**
 * 诉求分类 statistics (lib/topics/stats.ts): letters received in the year per top-level topic, then each top-level
 * topic's second level in a <details> (drill-down without script), and per district. Server-rendered tables.
 */
export function TopicTables({ stats, t, en }: { stats: TopicStatistics; t: T; en: boolean }) {
  const label = (x: { name: string | null; nameEn: string | null }, none: string) => (en ? x.nameEn : x.name) ?? none;
  return (
    <>
      <h2 id="letters-topic">{t('byTopic')}</h2>
      {stats.byTopic.length === 0 ? <p>{t('empty')}</p> : (
        <div className="table-scroll">
          <table data-testid="letters-by-topic">
            <caption>{t('byTopicCaption', { year: stats.year })}</caption>
            <thead><tr><th scope="col">{t('topic')}</th><th scope="col">{t('received')}</th></tr></thead>
            <tbody>
              {stats.byTopic.map((top) => (
                <tr key={top.id ?? 'none'}>
                  <th scope="row" data-user-content="">{label(top, t('unclassified'))}</th>
                  <td>{top.received}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {stats.byTopic.filter((top) => top.id !== null && top.children.length).map((top) => (
        <details key={top.id} data-testid="topic-drill-down">
          <summary>{t('secondLevelCaption', { topic: label(top, '') })}</summary>
          <div className="table-scroll">
            <table>
              <thead><tr><th scope="col">{t('secondLevel')}</th><th scope="col">{t('received')}</th></tr></thead>
              <tbody>
                {top.children.map((c) => (
                  <tr key={c.id ?? 'none'}><th scope="row" data-user-content="">{label(c, t('noSecondLevel'))}</th><td>{c.received}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ))}
      <h2 id="letters-district">{t('byDistrict')}</h2>
      {stats.byDistrict.length === 0 ? <p>{t('empty')}</p> : (
        <div className="table-scroll">
          <table data-testid="letters-by-district">
            <caption>{t('byDistrictCaption', { year: stats.year })}</caption>
            <thead><tr><th scope="col">{t('district')}</th><th scope="col">{t('received')}</th></tr></thead>
            <tbody>
              {stats.byDistrict.map((d) => (
                <tr key={d.id ?? 'none'}><th scope="row" data-user-content="">{label(d, t('noDistrict'))}</th><td>{d.received}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
