import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { QueueSort as Sort } from '@/lib/letters/queries';

/** The queue's two orders as plain links (they work without JavaScript); the current one is marked for screen readers. */
export async function QueueSort({ sort, basePath }: { sort: Sort; basePath: string }) {
  const t = await getTranslations('workspace');
  const tl = await getTranslations('letterUi.queue');
  const option = (value: Sort, label: string) =>
    value === sort ? <strong aria-current="true">{label}</strong> : <Link href={value === 'due' ? basePath : `${basePath}?sort=${value}`}>{label}</Link>;
  return (
    <p className="queue-sort">
      {t('sortLabel')}{tl('sortColon')}{option('due', t('sortDue'))} · {option('newest', t('sortNewest'))}
    </p>
  );
}

/** The sort from the address bar; anything else is the default order rather than an error. */
export function queueSort(value: string | string[] | undefined): Sort {
  return value === 'newest' ? 'newest' : 'due';
}
