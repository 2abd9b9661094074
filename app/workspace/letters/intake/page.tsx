import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { listDepartments } from '@/lib/accounts/departments';
import { actsAsModerator } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/session';
import { chinaDate } from '@/lib/calendar';
import { db } from '@/lib/db';
import { loadDistricts, loadTopics } from '@/lib/topics';
import { IntakeForm } from './IntakeForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('letterIntake'))('title') };
}

/** 代为登记来信: a handler (their own department) or a moderator enters a letter received by another channel. */
export default async function IntakePage() {
  const { user } = await requirePermission('letters.intake', '/workspace/letters/intake');
  const t = await getTranslations('letterIntake');
  const [all, topics, districts, locale] = await Promise.all([listDepartments(db()), loadTopics(db(), { activeOnly: true }), loadDistricts(db()), getLocale()]);
  const en = locale === 'en';
  const ownOnly = !actsAsModerator(user.role);
  const departments = ownOnly ? all.filter((d) => d.id === user.departmentPublicId) : all;
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <IntakeForm departments={departments.map((d) => ({ id: d.id, name: d.name }))} ownOnly={ownOnly} today={chinaDate(new Date())} idempotencyKey={randomUUID()}
        en={en}
        topics={topics.map((o) => ({ id: String(o.id), label: (en ? o.pathEn : o.path).join(' > '), departmentId: o.departmentId }))}
        districts={districts.map((d) => ({ id: String(d.id), label: (en && d.nameEn) || d.name }))} />
    </>
  );
}
