import { getLocale, getTranslations } from 'next-intl/server';
import { LETTER_OPEN_STATUSES } from '@/lib/letters/transitions';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { listDepartments } from '@/lib/accounts/departments';
import { currentActor } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { getLetter, type LetterView } from '@/lib/letters/queries';
import { listReplyTemplates } from '@/lib/letters/templates';
import type { LetterActionName } from '@/lib/letters/validation';
import { LiveRefresh } from '@/app/_components/LiveRefresh';
import { letterActionForm, letterAttachmentsForm } from '../actions';
import { LetterBody, LetterFacts, LetterTimeline } from '../LetterDetails';
import { ActionForm, type ActionFormLabels, type FieldSpec } from './ActionForm';
import { orNotFound } from '@/app/_components/or-not-found';
import { CaseAccountability, caseFormLabels } from '@/app/_components/CaseAccountability';
import { chinaDate } from '@/lib/calendar';
import { loadDistricts, loadTopics } from '@/lib/topics';
import { DuplicatesPanel } from './DuplicatesPanel';
import { directDuplicateCount } from '@/lib/letters/merge';
import { signInHref } from '@/lib/auth/redirect';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('letterUi.page'))('title') };
}

export default async function LetterPage({ params }: { params: Promise<{ trackingNo: string }> }) {
  const { trackingNo } = await params;
  const actor = await currentActor();
  if (!actor.user) redirect(signInHref(`/letters/${trackingNo}`));
  const letter: LetterView = await orNotFound(getLetter(actor, trackingNo));

  const en = (await getLocale()) === 'en';
  const departments = (await listDepartments(db())).map((d) => ({ value: d.id, label: (en && d.nameEn) || d.name }));
  const templates = letter.actions.includes('reply') ? await listReplyTemplates(db(), actor.user.departmentId) : [];
  // Refusing a letter sends the letters merged into it back to routing: the form says so.
  const merged = letter.actions.includes('reject') ? await directDuplicateCount(db(), letter.trackingNo) : 0;
  const bound = letterActionForm.bind(null, letter.trackingNo);
  const ta = await getTranslations('letterAttachments');
  const tl = await getTranslations('letterUi');
  const p = (key: string, values?: Record<string, string | number>) => tl(`page.${key}`, values);
  const formLabels: ActionFormLabels = await caseFormLabels();
  // Files go with the follow-ups that carry a message (lib/letters/attachments.ts).
  const files: FieldSpec = { name: 'attachments', label: ta('inputLabel'), kind: 'files', hint: ta('inputHint') };
  const forms: Array<{ name: LetterActionName; title: string; submit: string; fields: FieldSpec[] }> = [
    { name: 'accept', title: p('accept.title'), submit: p('accept.submit'), fields: [{
      name: 'departmentId', label: p('accept.department'), kind: 'select', options: departments, required: true,
      // The department the writer chose comes first in the moderator's mind and in the form.
      ...(letter.requestedDepartmentId && departments.some((d) => d.value === letter.requestedDepartmentId)
        ? { defaultValue: letter.requestedDepartmentId, hint: p('writerChose', { department: letter.requestedDepartment ?? '' }) }
        : {}),
    }] },
    { name: 'reject', title: p('reject.title'), submit: p('reject.submit'), fields: [{ name: 'reason', label: p('reject.reason'), kind: 'textarea', required: true, ...(merged ? { hint: p('reject.releases', { count: merged }) } : {}) }] },
    { name: 'reply', title: p('reply.title'), submit: p('reply.submit'), fields: [{ name: 'body', label: p('reply.body'), kind: 'textarea', required: true, hint: p('reply.hint'), templates }, files] },
    { name: 'request_info', title: p('request_info.title'), submit: p('request_info.submit'), fields: [{ name: 'message', label: p('request_info.message'), kind: 'textarea', required: true, hint: p('request_info.hint') }, files] },
    { name: 'extend', title: p('extend.title'), submit: p('extend.submit'), fields: [
      { name: 'workingDays', label: p('extend.workingDays'), kind: 'number', required: true },
      { name: 'reason', label: p('extend.reason'), kind: 'textarea', required: true },
    ] },
    { name: 'transfer', title: p('transfer.title'), submit: p('transfer.submit'), fields: [
      { name: 'departmentId', label: p('transfer.department'), kind: 'select', options: departments, required: true },
      { name: 'reason', label: p('transfer.reason'), kind: 'textarea', required: true },
    ] },
    { name: 'provide_info', title: p('provide_info.title'), submit: p('provide_info.submit'), fields: [{ name: 'message', label: p('provide_info.message'), kind: 'textarea', required: true }, files] },
    { name: 'rate', title: p('rate.title'), submit: p('rate.submit'), fields: [
      { name: 'rating', label: p('rate.rating'), kind: 'radio', required: true, options: (['satisfied', 'basically_satisfied', 'unsatisfied'] as const).map((value) => ({ value, label: tl(`ratings.${value}`) })) },
      { name: 'comment', label: p('rate.comment'), kind: 'textarea', hint: p('rate.hint') },
    ] },
    { name: 'reopen', title: p('reopen.title'), submit: p('reopen.submit'), fields: [{ name: 'reason', label: p('reopen.reason'), kind: 'textarea', required: true }] },
    { name: 'withdraw_consent', title: p('withdraw_consent.title'), submit: p('withdraw_consent.submit'), fields: [{
      name: 'reason', label: p('withdraw_consent.reason'), kind: 'textarea',
      hint: p('withdraw_consent.hint'),
    }] },
    { name: 'give_consent', title: p('give_consent.title'), submit: p('give_consent.submit'), fields: [] },
    { name: 'merge', title: p('merge.title'), submit: p('merge.submit'), fields: [{ name: 'intoTrackingNo', label: p('merge.into'), kind: 'text', required: true, hint: p('merge.hint') }] },
    // 诉求分类 (lib/topics): staff correct the topic and the district.
    ...(letter.actions.includes('set_topic') ? [await topicForm(letter, en, p)] : []),
  ];
  const available = forms.filter((f) => letter.actions.includes(f.name));

  return (
    <article aria-labelledby="letter-title">
      <p className="no-print"><Link href={letter.viewer === 'writer' ? '/workspace/citizen' : '/workspace'}>{p('back')}</Link></p>
      <h1 id="letter-title" data-user-content="">{letter.title}</h1>
      <LiveRefresh subscribe={{ trackingNo: letter.trackingNo }} />
      <LetterFacts letter={letter} />
      <LetterBody letter={letter} />

      {/* Routing a letter: the letters that look the same, with a one-step merge (staff who may merge only). */}
      {letter.actions.includes('merge') ? <DuplicatesPanel actor={actor} trackingNo={letter.trackingNo} version={letter.version} /> : null}

      {available.length ? (
        <section aria-labelledby="letter-actions" className="no-print">
          <h2 id="letter-actions">{p('actions')}</h2>
          <div className="action-grid">
            {available.map((f) => (
              <ActionForm key={f.name} action={bound} name={f.name} version={letter.version} title={f.title} submitLabel={f.submit} fields={f.fields} labels={formLabels} />
            ))}
          </div>
        </section>
      ) : null}

      {letter.viewer !== 'code' && LETTER_OPEN_STATUSES.includes(letter.status) ? (
        <section aria-labelledby="letter-attach" className="no-print">
          <h2 id="letter-attach" className="sr-only">{ta('addHeading')}</h2>
          <ActionForm action={letterAttachmentsForm.bind(null, letter.trackingNo)} name="attach" version={letter.version} title={ta('addHeading')} submitLabel={ta('addSubmit')} fields={[files]} labels={formLabels} />
        </section>
      ) : null}

      <CaseAccountability view={letter.accountability} action={bound} version={letter.version} today={chinaDate(new Date())} formLabels={formLabels} />

      <LetterTimeline letter={letter} />
    </article>
  );
}

/** The staff form that corrects a letter's topic and district: the active topics by path, the current ones chosen. */
async function topicForm(letter: LetterView, en: boolean, p: (key: string) => string): Promise<{ name: LetterActionName; title: string; submit: string; fields: FieldSpec[] }> {
  const [topics, districts] = await Promise.all([loadTopics(db(), { activeOnly: true }), loadDistricts(db())]);
  return {
    name: 'set_topic', title: p('set_topic.title'), submit: p('set_topic.submit'), fields: [
      {
        name: 'topicId', label: p('set_topic.topic'), kind: 'select', required: true,
        options: topics.map((t) => ({ value: String(t.id), label: (en ? t.pathEn : t.path).join(' > ') })),
        ...(letter.topic && topics.some((t) => t.id === letter.topic!.id) ? { defaultValue: String(letter.topic.id) } : {}),
      },
      {
        name: 'districtId', label: p('set_topic.district'), kind: 'select',
        options: [{ value: '', label: p('set_topic.noDistrict') }, ...districts.map((d) => ({ value: String(d.id), label: en ? d.nameEn || d.name : d.name }))],
        defaultValue: letter.district ? String(letter.district.id) : '',
      },
    ],
  };
}
