/** Chinese labels of the letters domain, shared by the pages (the domain itself speaks codes). */
export const KIND_LABEL: Record<string, string> = { inquiry: '咨询', complaint: '投诉', suggestion: '建议' };
/** How a letter came in (lib/letters/schema LETTER_CHANNELS); the tables mark every channel but the website. */
export const CHANNEL_LABEL: Record<string, string> = { web: '网站', phone: '电话', paper: '纸质信件', in_person: '当面来访', email: '电子邮件', hotline_12345: '12345 转办' };
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
};

export const CALLBACK_RESULT_LABEL: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意', unreachable: '未联系上' };

export function formatDateTime(value: Date | string | null): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

/** One line describing an event's data for the timeline. */
export function describeEvent(type: string, data: Record<string, unknown>): string {
  switch (type) {
    case 'submitted': {
      const to = data.requestedDepartment ? `写给：${data.requestedDepartment}` : '写给：不确定（由管理员分办）';
      // A staff-entered letter (issue 17): how and when it was received.
      return data.channel && data.channel !== 'web' ? `${CHANNEL_LABEL[String(data.channel)] ?? ''}来信，${data.receivedOn} 收到，工作人员代为登记；${to}` : to;
    }
    case 'accepted': return `承办部门：${data.department}`;
    case 'not_accepted': return `理由：${data.reason}`;
    case 'info_requested': return `${data.message}`;
    case 'transferred': return `由${data.from ?? '—'}转至${data.to}`;
    case 'extended': return `延长 ${data.workingDays} 个工作日，理由：${data.reason}`;
    case 'rated': return `${RATING_LABEL[String(data.rating)] ?? ''}${data.comment ? `：${data.comment}` : ''}`;
    case 'reopened': return `理由：${data.reason}`;
    case 'merged': return `与来信 ${data.into} 反映同一事项，合并办理`;
    case 'consent_withdrawn': return data.reason ? `理由：${data.reason}` : '';
    case 'due_soon_notice': return `办理期限：${data.dueOn}`;
    case 'overdue_urge': return `办理期限 ${data.dueOn} 已过，已催办承办部门及其负责人`;
    case 'supervision_overdue': return `督办期限 ${data.targetDate} 已过`;
    case 'closed_unrated': return `答复后 ${data.workingDays} 个工作日内未评价，记为“未评价”`;
    case 'urged': return data.dueOn ? `办理期限 ${data.dueOn} 已过，来信人催办` : '来信人催办';
    case 'supervised': return data.note ? `督办意见：${data.note}（期限 ${data.targetDate}）` : '';
    case 'redo': return `评价不满意，退回重办${data.dueOn ? `，新的办理期限 ${data.dueOn}` : ''}`;
    case 'callback': return `${CALLBACK_RESULT_LABEL[String(data.result)] ?? ''}${data.note ? `：${data.note}` : ''}`;
    default: return '';
  }
}
