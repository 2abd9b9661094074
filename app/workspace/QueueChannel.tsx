import { getTranslations } from 'next-intl/server';
import { LETTER_CHANNELS, type LetterChannel } from '@/lib/letters/schema';

/** The queue's channel filter (issue 17): a plain GET form, so it works without JavaScript; keeps the sort. */
export async function QueueChannel({ channel, sort, basePath }: { channel: LetterChannel | undefined; sort: string; basePath: string }) {
  const t = await getTranslations('letterIntake');
  return (
    <form method="get" action={basePath} className="queue-channel">
      {sort === 'newest' ? <input type="hidden" name="sort" value={sort} /> : null}
      <label htmlFor="queue-channel">{t('filterChannel')}</label>{' '}
      <select id="queue-channel" name="channel" defaultValue={channel ?? ''}>
        <option value="">{t('allChannels')}</option>
        {LETTER_CHANNELS.map((c) => <option key={c} value={c}>{t(`channels.${c}`)}</option>)}
      </select>{' '}
      <button type="submit" className="button-secondary">{t('filterApply')}</button>
    </form>
  );
}

/** The channel from the address bar; anything else is no filter rather than an error. */
export function queueChannel(value: string | string[] | undefined): LetterChannel | undefined {
  return typeof value === 'string' && (LETTER_CHANNELS as readonly string[]).includes(value) ? (value as LetterChannel) : undefined;
}
