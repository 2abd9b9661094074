import { dateTimeFormat } from '@/lib/calendar/date-format';

/** Chinese labels of the letters domain, shared by the pages (the domain itself speaks codes). */
export const KIND_LABEL: Record<string, string> = { inquiry: '咨询', complaint: '投诉', suggestion: '建议' };
export const STATUS_LABEL: Record<string, string> = {
  submitted: '待受理',
  accepted: '办理中',
  needs_info: '待补充材料',
  answered: '已答复',
  closed: '已办结',
  not_accepted: '不予受理',
  merged: '已合并办理',
};
export const RATING_LABEL: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };
export const BADGE_LABEL: Record<string, string> = { overdue: '已超期', due_soon: '即将到期', unanswered_60: '超过60天未答复' };
export const EVENT_LABEL: Record<string, string> = {
  submitted: '提交来信',
  accepted: '受理并分办',
  not_accepted: '不予受理',
  info_requested: '要求补充材料',
  info_provided: '补充材料',
  transferred: '转办',
  extended: '延期办理',
  answered: '答复',
  rated: '评价',
  reopened: '申请重新办理',
  merged: '合并办理',
  unmerged: '退回单独办理',
  consent_withdrawn: '撤回公开同意',
  consent_given: '同意公开',
  // The accountability loop (issue 14): actions (lib/accountability/actions.ts) and ladder steps (ladder.ts).
  urged: '催办',
  supervised: '督办',
  redo: '重办',
  callback: '回访',
  due_soon_notice: '到期提醒',
  overdue_urge: '系统催办',
  supervision_overdue: '督办逾期',
  rating_reminder: '提醒评价',
  closed_unrated: '未评价办结',
  claimed: '来信人认领',
  topic_changed: '更正诉求分类',
};

export const CALLBACK_RESULT_LABEL: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意', unreachable: '未联系上' };

export function formatDateTime(value: Date | string | null, locale = 'zh-CN'): string {
  if (!value) return '—';
  return dateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

/** A translator of the `letterUi` namespace (lib/i18n/messages), from useTranslations or getTranslations. */
type LetterUiT = (key: string, values?: Record<string, string | number>) => string;

/** One line describing an event's data for the timeline, in the viewer's language (`t`: the letterUi namespace). */
export function describeEventIn(t: LetterUiT, type: string, data: Record<string, unknown>): string {
  const s = (v: unknown) => String(v ?? '—');
  const has = (key: string) => data[key] !== undefined && data[key] !== null && data[key] !== '';
  const rating = (ns: 'ratings' | 'callbackResults', v: unknown) => (v ? t(`${ns}.${String(v)}`) : '');
  const withComment = (label: string, comment: unknown) => (comment ? t('describe.withNote', { label, note: String(comment) }) : label);
  switch (type) {
    case 'submitted': {
      const to = has('requestedDepartment') ? t('describe.submittedTo', { department: s(data.requestedDepartment) }) : t('describe.submittedUnsure');
      // A staff-entered letter (issue 17): how and when it was received.
      return has('channel') && data.channel !== 'web' ? t('describe.submittedVia', { channel: t(`channels.${String(data.channel)}`), date: s(data.receivedOn), to }) : to;
    }
    case 'accepted': return t('describe.department', { department: s(data.department) });
    case 'not_accepted':
    case 'reopened': return t('describe.reason', { reason: s(data.reason) });
    case 'info_requested': return s(data.message);
    case 'transferred': return t('describe.transferred', { from: s(data.from), to: s(data.to) });
    case 'extended': return t('describe.extended', { days: s(data.workingDays), reason: s(data.reason) });
    case 'rated': return withComment(rating('ratings', data.rating), data.comment);
    case 'merged': return t('describe.merged', { into: s(data.into) });
    case 'unmerged': return t('describe.unmerged', { from: s(data.from) });
    case 'topic_changed': return t('describe.topicChanged', { from: has('from') ? s(data.from) : t('describe.topicNone'), to: s(data.to) });
    case 'consent_withdrawn': return has('reason') ? t('describe.reason', { reason: s(data.reason) }) : '';
    case 'due_soon_notice': return t('describe.dueOn', { date: s(data.dueOn) });
    case 'overdue_urge': return t('describe.overdueUrge', { date: s(data.dueOn) });
    case 'supervision_overdue': return t('describe.supervisionOverdue', { date: s(data.targetDate) });
    case 'closed_unrated': return t('describe.closedUnrated', { days: s(data.workingDays) });
    case 'urged': return has('dueOn') ? t('describe.urgedLate', { date: s(data.dueOn) }) : t('describe.urged');
    case 'supervised': return has('note') ? t('describe.supervised', { note: s(data.note), date: s(data.targetDate) }) : '';
    case 'redo': return has('dueOn') ? t('describe.redoDue', { date: s(data.dueOn) }) : t('describe.redo');
    case 'callback': return withComment(rating('callbackResults', data.result), data.note);
    default: return '';
  }
}
