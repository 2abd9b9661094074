import { getTranslations } from 'next-intl/server';
import { LiveRefreshClient, type LiveSubscription } from './LiveRefreshClient';

/** Keeps a server-rendered page current (LiveRefreshClient), its status line in the page's language (shellUi). */
export async function LiveRefresh({ subscribe }: { subscribe: LiveSubscription }) {
  const t = await getTranslations('shellUi');
  return <LiveRefreshClient subscribe={subscribe} labels={{ live: t('live'), offline: t('offline'), connecting: t('connecting') }} />;
}
