import type { CaseActionsView } from '@/lib/accountability/actions';
import type { FormState } from '@/lib/forms/state';
import { ActionForm } from '@/app/letters/[trackingNo]/ActionForm';

const CALLBACK_OPTIONS = [
  { value: 'satisfied', label: '满意' },
  { value: 'basically_satisfied', label: '基本满意' },
  { value: 'unsatisfied', label: '不满意' },
  { value: 'unreachable', label: '未联系上' },
];

/**
 * The accountability loop on a case page (letters and applications alike): the writer's or applicant's 催办 (or
 * from when it becomes possible), the supervisors' 督办 and 回访 forms. The operation checks everything again.
 */
export function CaseAccountability({ view, action, version, today }: {
  view: CaseActionsView;
  action: (state: FormState, form: FormData) => Promise<FormState>;
  version: number;
  today: string;
}) {
  const { urge, supervise, callback } = view;
  if (!urge && !supervise && !callback) return null;
  return (
    <section aria-labelledby="case-accountability">
      <h2 id="case-accountability">催办与督办</h2>
      {urge && !urge.allowed ? (
        <p className="hint" data-testid="urge-unavailable">{urge.message}{urge.from ? `（可催办日期：${urge.from}）` : ''}</p>
      ) : null}
      <div className="action-grid">
        {urge?.allowed ? (
          <ActionForm action={action} name="urge" version={version} title="催办" submitLabel="催办" fields={[]} />
        ) : null}
        {supervise ? (
          <ActionForm action={action} name="supervise" version={version} title="督办" submitLabel="督办" fields={[
            { name: 'note', label: '督办意见', kind: 'textarea', required: true, hint: '1–500 字，仅工作人员可见' },
            { name: 'targetDate', label: '督办期限', kind: 'date', required: true, defaultValue: today, hint: '今天起一年内' },
          ]} />
        ) : null}
        {callback ? (
          <ActionForm action={action} name="callback" version={version} title="电话回访" submitLabel="记录回访" fields={[
            { name: 'result', label: '回访结果', kind: 'radio', required: true, options: CALLBACK_OPTIONS },
            { name: 'note', label: '回访情况（选填）', kind: 'textarea' },
          ]} />
        ) : null}
      </div>
    </section>
  );
}
