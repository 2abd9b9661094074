import { getTranslations } from 'next-intl/server';
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
import { RATING_LABEL } from '../labels';
import { ActionForm, type FieldSpec } from './ActionForm';
import { orNotFound } from '@/app/_components/or-not-found';
import { CaseAccountability } from '@/app/_components/CaseAccountability';
import { chinaDate } from '@/lib/calendar';

export const metadata: Metadata = { title: '来信详情' };

export default async function LetterPage({ params }: { params: Promise<{ trackingNo: string }> }) {
  const { trackingNo } = await params;
  const actor = await currentActor();
  if (!actor.user) redirect(`/login?callbackUrl=${encodeURIComponent(`/letters/${trackingNo}`)}`);
  const letter: LetterView = await orNotFound(getLetter(actor, trackingNo));

  const departments = (await listDepartments(db())).map((d) => ({ value: d.id, label: d.name }));
  const templates = letter.actions.includes('reply') ? await listReplyTemplates(db(), actor.user.departmentId) : [];
  const bound = letterActionForm.bind(null, letter.trackingNo);
  const ta = await getTranslations('letterAttachments');
  // Files go with the follow-ups that carry a message (lib/letters/attachments.ts).
  const files: FieldSpec = { name: 'attachments', label: ta('inputLabel'), kind: 'files', hint: ta('inputHint') };
  const forms: Array<{ name: LetterActionName; title: string; submit: string; fields: FieldSpec[] }> = [
    { name: 'accept', title: '受理并分办', submit: '受理', fields: [{
      name: 'departmentId', label: '承办部门', kind: 'select', options: departments, required: true,
      // The department the writer chose comes first in the moderator's mind and in the form.
      ...(letter.requestedDepartmentId && departments.some((d) => d.value === letter.requestedDepartmentId)
        ? { defaultValue: letter.requestedDepartmentId, hint: `来信人选择：${letter.requestedDepartment}` }
        : {}),
    }] },
    { name: 'reject', title: '不予受理', submit: '不予受理', fields: [{ name: 'reason', label: '理由（将告知来信人）', kind: 'textarea', required: true }] },
    { name: 'reply', title: '答复', submit: '发布答复', fields: [{ name: 'body', label: '答复内容', kind: 'textarea', required: true, hint: '10–5000 字，将发送给来信人', templates }, files] },
    { name: 'request_info', title: '要求补充材料', submit: '发送', fields: [{ name: 'message', label: '需要补充的内容', kind: 'textarea', required: true, hint: '办理时限暂停，来信人补充后继续计算' }, files] },
    { name: 'extend', title: '延期办理（限一次）', submit: '延期', fields: [
      { name: 'workingDays', label: '延长工作日数', kind: 'number', required: true },
      { name: 'reason', label: '延期理由（将告知来信人）', kind: 'textarea', required: true },
    ] },
    { name: 'transfer', title: '转办', submit: '转办', fields: [
      { name: 'departmentId', label: '转至部门', kind: 'select', options: departments, required: true },
      { name: 'reason', label: '转办理由', kind: 'textarea', required: true },
    ] },
    { name: 'provide_info', title: '补充材料', submit: '提交', fields: [{ name: 'message', label: '补充内容', kind: 'textarea', required: true }, files] },
    { name: 'rate', title: '评价答复', submit: '提交评价', fields: [
      { name: 'rating', label: '您对答复是否满意？', kind: 'radio', required: true, options: Object.entries(RATING_LABEL).map(([value, label]) => ({ value, label })) },
      { name: 'comment', label: '意见（选填）', kind: 'textarea', hint: '评价不满意并说明理由的，来信退回承办部门重办（限一次）' },
    ] },
    { name: 'reopen', title: '申请重新办理（限一次）', submit: '申请', fields: [{ name: 'reason', label: '理由', kind: 'textarea', required: true }] },
    { name: 'withdraw_consent', title: '撤回公开同意', submit: '撤回同意', fields: [{
      name: 'reason', label: '撤回理由（选填）', kind: 'textarea',
      hint: '撤回后不再公开：已公开的答复立即从答复公开、检索、订阅、网站地图和政府信息公开目录中撤下，并通知管理员',
    }] },
    { name: 'give_consent', title: '同意公开', submit: '同意公开', fields: [] },
    { name: 'merge', title: '合并重复来信', submit: '合并', fields: [{ name: 'intoTrackingNo', label: '并入的来信编号', kind: 'text', required: true, hint: '同一事项已有来信时，将本信并入该信一并办理；本信来信人将看到该信的答复' }] },
  ];
  const available = forms.filter((f) => letter.actions.includes(f.name));

  return (
    <article aria-labelledby="letter-title">
      <p className="no-print"><Link href={letter.viewer === 'writer' ? '/workspace/citizen' : '/workspace'}>← 返回列表</Link></p>
      <h1 id="letter-title">{letter.title}</h1>
      <LiveRefresh subscribe={{ trackingNo: letter.trackingNo }} />
      <LetterFacts letter={letter} />
      <LetterBody letter={letter} />

      {available.length ? (
        <section aria-labelledby="letter-actions" className="no-print">
          <h2 id="letter-actions">办理</h2>
          <div className="action-grid">
            {available.map((f) => (
              <ActionForm key={f.name} action={bound} name={f.name} version={letter.version} title={f.title} submitLabel={f.submit} fields={f.fields} />
            ))}
          </div>
        </section>
      ) : null}

      {letter.viewer !== 'code' && LETTER_OPEN_STATUSES.includes(letter.status) ? (
        <section aria-labelledby="letter-attach" className="no-print">
          <h2 id="letter-attach" className="sr-only">{ta('addHeading')}</h2>
          <ActionForm action={letterAttachmentsForm.bind(null, letter.trackingNo)} name="attach" version={letter.version} title={ta('addHeading')} submitLabel={ta('addSubmit')} fields={[files]} />
        </section>
      ) : null}

      <CaseAccountability view={letter.accountability} action={bound} version={letter.version} today={chinaDate(new Date())} />

      <LetterTimeline letter={letter} />
    </article>
  );
}
