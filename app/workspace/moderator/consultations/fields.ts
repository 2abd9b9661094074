import type { SimpleField } from '@/app/_components/SimpleForm';
import type { ConsultationView } from '@/lib/consultations/queries';
import { formatSections } from './sections';

/** A Beijing datetime-local value of an instant: 2030-06-01T10:00. */
export function beijingLocal(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}

type T = (key: string) => string;

/** The drafting form's fields (create, and edit with the current values). */
export function consultationFields(t: T, departments: Array<{ value: string; label: string }>, current?: { view: ConsultationView; departmentId: string }): SimpleField[] {
  const v = current?.view;
  return [
    { name: 'title', label: t('fields.title'), required: true, value: v?.title },
    { name: 'summary', label: t('fields.summary'), type: 'textarea', rows: 3, required: true, value: v?.summary },
    { name: 'departmentId', label: t('fields.departmentId'), type: 'select', options: departments, value: current?.departmentId },
    { name: 'sections', label: t('fields.sections'), type: 'textarea', rows: 12, hint: t('fields.sectionsHint'), required: true, value: v ? formatSections(v.sections) : undefined },
    { name: 'opensAt', label: t('fields.opensAt'), type: 'datetime-local', required: true, value: v ? beijingLocal(v.opensAt) : undefined },
    { name: 'closesAt', label: t('fields.closesAt'), type: 'datetime-local', required: true, value: v ? beijingLocal(v.closesAt) : undefined },
    { name: 'shortPeriodReason', label: t('fields.shortPeriodReason'), hint: t('fields.shortPeriodHint'), value: v?.shortPeriodReason ?? undefined },
    { name: 'moderateComments', label: t('fields.moderateComments'), type: 'select', options: [{ value: 'true', label: t('fields.moderate') }, { value: 'false', label: t('fields.atOnce') }], value: v ? String(v.moderateComments) : 'true' },
    { name: 'commentQuota', label: t('fields.commentQuota'), type: 'number', value: String(v?.commentQuota ?? 5) },
    ...(v ? [{ name: 'version', label: '', type: 'hidden' as const, value: String(v.version) }] : []),
  ];
}
