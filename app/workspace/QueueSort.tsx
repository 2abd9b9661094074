import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { QueueSort as Sort } from '@/lib/cases/validation';

/**
 * The queue's two orders as plain links (they work without JavaScript); the current one is marked for screen readers.
 * `query` keeps the page's other parameters (a filter, a tab); `dueLabel` names the default order where it is not
 * "by deadline" (the archive's curation queue: oldest first).
 */
export async function QueueSort({ sort, basePath, query = {}, dueLabel }: {
  sort: Sort;
  basePath: string;
  query?: Record<string, string | undefined>;
  dueLabel?: string;
}) {
  const t = await getTranslations('workspace');
  const tl = await getTranslations('letterUi.queue');
  const href = (value: Sort) => {
    const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1])));
    if (value !== 'due') params.set('sort', value);
    const search = params.toString();
    return search ? `${basePath}?${search}` : basePath;
  };
  const option = (value: Sort, label: string) =>
    value === sort ? <strong aria-current="true">{label}</strong> : <Link href={href(value)}>{label}</Link>;
  return (
    <p className="queue-sort">
      {t('sortLabel')}{tl('sortColon')}{option('due', dueLabel ?? t('sortDue'))} · {option('newest', t('sortNewest'))}
    </p>
  );
}

/** The sort from the address bar; anything else is the default order rather than an error. */
export function queueSort(value: string | string[] | undefined): Sort {
  return value === 'newest' ? 'newest' : 'due';
}
