import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { listDepartments } from '@/lib/accounts/departments';
import { db } from '@/lib/db';
import { describeHotspot } from '@/lib/hotspots';
import { HOTSPOT_KINDS, type HotspotKind } from '@/lib/hotspots/schema';
import { loadTopics } from '@/lib/topics';
import { currentWeek, isoWeek } from '@/lib/hotspots/week';
import { SimpleForm, type SimpleField } from '@/app/_components/SimpleForm';
import { adoptHotspotForm } from '../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('hotspots'))('adoptTitle') };
}

type Params = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

/** 立项: a hotspot (kind, key, week in the address) becomes a 每月一题 action with an owner and milestones. */
export default async function AdoptHotspotPage({ searchParams }: { searchParams: Promise<Params> }) {
  await requirePermission('actions.manage', '/workspace/hotspots/adopt');
  const t = await getTranslations('hotspots');
  const en = (await getLocale()) === 'en';
  const params = await searchParams;
  const kind = (HOTSPOT_KINDS as readonly string[]).includes(first(params.kind)) ? (first(params.kind) as HotspotKind) : null;
  const key = first(params.key).slice(0, 200);
  const week = isoWeek.safeParse(first(params.week)).success ? first(params.week) : currentWeek();
  const hotspot = kind && key ? await describeHotspot(db(), kind, key, week) : null;
  const departments = await listDepartments(db());
  // A topic suggests its department as the owner.
  const suggested = kind === 'topic' ? (await loadTopics(db())).find((n) => String(n.id) === key)?.departmentId ?? '' : '';
  const label = hotspot ? (en ? hotspot.labelEn : hotspot.label) : '';
  const fields: SimpleField[] = [
    ...(hotspot ? [{ name: 'kind', type: 'hidden' as const, label: '', value: kind! }, { name: 'key', type: 'hidden' as const, label: '', value: key }, { name: 'week', type: 'hidden' as const, label: '', value: week }] : []),
    { name: 'title', label: t('fields.title'), required: true, value: label ? label.split(' > ').at(-1) : '' },
    { name: 'description', label: t('fields.description'), type: 'textarea', rows: 4 },
    { name: 'ownerDepartmentId', label: t('fields.owner'), hint: t('fields.ownerHint'), type: 'select', required: true, value: suggested,
      options: [{ value: '', label: '—' }, ...departments.map((d) => ({ value: d.id, label: (en && d.nameEn) || d.name }))] },
    ...[1, 2, 3, 4, 5].flatMap((n): SimpleField[] => [
      { name: `milestone${n}Title`, label: t('fields.milestone', { n }), ...(n === 1 ? { hint: t('fields.milestoneHint') } : {}) },
      { name: `milestone${n}Date`, label: t('fields.milestoneDate', { n }), type: 'date' },
    ]),
  ];
  return (
    <>
      <p><Link href={`/workspace/hotspots?week=${week}`}>{t('title')}</Link></p>
      <h1>{t('adoptTitle')}</h1>
      <p className="lead" data-testid="adopt-hotspot">{hotspot ? t('adoptIntro', { label, week, count: hotspot.count }) : t('adoptMissing')}</p>
      <SimpleForm action={adoptHotspotForm} idPrefix="adopt" submit={t('create')} okText={t('created')} fields={fields} />
    </>
  );
}
