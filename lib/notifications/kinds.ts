/**
 * Every notification kind the platform sends (the `kind` of notifyUsers), grouped for the preferences page. In-app
 * notices always arrive; e-mail can be turned off per kind (users.email_muted_kinds, respected in notifyUsers).
 * A new kind must be added here, or it cannot be muted (test/account-self-service.test.ts checks the sources).
 */
export const NOTIFICATION_KINDS = [
  { kind: 'letter.submitted', group: '来信', label: '我的来信已提交' },
  { kind: 'letter.accepted', group: '来信', label: '我的来信已受理' },
  { kind: 'letter.not_accepted', group: '来信', label: '我的来信不予受理' },
  { kind: 'letter.needs_info', group: '来信', label: '我的来信需要补充材料' },
  { kind: 'letter.transferred', group: '来信', label: '我的来信已转办' },
  { kind: 'letter.extended', group: '来信', label: '我的来信延期办理' },
  { kind: 'letter.answered', group: '来信', label: '我的来信已答复' },
  { kind: 'letter.merged', group: '来信', label: '我的来信合并办理' },
  { kind: 'letter.triage', group: '来信办理', label: '新来信待分办（管理员）' },
  { kind: 'letter.assigned', group: '来信办理', label: '来信分办、转办到本部门' },
  { kind: 'letter.info_provided', group: '来信办理', label: '来信人补充了材料' },
  { kind: 'letter.rated', group: '来信办理', label: '来信人已评价' },
  { kind: 'letter.reopened', group: '来信办理', label: '来信人申请重新办理' },
  { kind: 'letter.redo', group: '来信', label: '来信评价不满意，退回重办' },
  { kind: 'letter.overdue_digest', group: '来信办理', label: '逾期来信汇总' },
  { kind: 'letter.rating_reminder', group: '来信', label: '请评价我的来信的答复' },
  { kind: 'letter.closed_unrated', group: '来信', label: '我的来信未评价办结' },
  { kind: 'letter.due_soon', group: '来信办理', label: '来信即将到期' },
  { kind: 'letter.overdue_urge', group: '来信办理', label: '系统催办（来信超期）' },
  { kind: 'letter.supervision_overdue', group: '来信办理', label: '督办逾期' },
  { kind: 'letter.bulletin', group: '来信办理', label: '月度通报' },
  { kind: 'application.submitted', group: '政府信息公开申请', label: '我的申请已提交' },
  { kind: 'application.registered', group: '政府信息公开申请', label: '我的申请已登记' },
  { kind: 'application.needs_correction', group: '政府信息公开申请', label: '我的申请需要补正' },
  { kind: 'application.corrected', group: '政府信息公开申请', label: '申请已补正' },
  { kind: 'application.extended', group: '政府信息公开申请', label: '我的申请延期答复' },
  { kind: 'application.consulting', group: '政府信息公开申请', label: '我的申请正在征求意见' },
  { kind: 'application.fee', group: '政府信息公开申请', label: '我的申请需缴纳或已缴纳信息处理费' },
  { kind: 'application.consulted', group: '政府信息公开申请', label: '我的申请征求意见结束' },
  { kind: 'application.answered', group: '政府信息公开申请', label: '我的申请已答复' },
  { kind: 'application.withdrawn', group: '政府信息公开申请', label: '申请人撤回了申请' },
  { kind: 'application.new', group: '政府信息公开申请', label: '新申请待登记（管理员）' },
  { kind: 'application.due_soon', group: '政府信息公开申请', label: '申请即将到期（管理员）' },
  { kind: 'application.overdue_urge', group: '政府信息公开申请', label: '系统催办：申请超期（管理员）' },
  { kind: 'application.supervision_overdue', group: '政府信息公开申请', label: '申请督办逾期（管理员）' },
  { kind: 'archive.consent_withdrawn', group: '答复公开', label: '来信人撤回公开同意，条目已撤下（管理员）' },
  { kind: 'archive.source_changed', group: '答复公开', label: '公开条目的答复原文有更正或新答复（管理员）' },
  { kind: 'interview.guest', group: '在线访谈', label: '我被邀请为访谈嘉宾' },
  { kind: 'interview.assigned', group: '在线访谈', label: '访谈后交我答复的问题' },
  { kind: 'interview.live', group: '在线访谈', label: '我订阅的访谈开始直播' },
  { kind: 'interview.transcript', group: '在线访谈', label: '我订阅的访谈发布文字实录' },
  { kind: 'interview.question_rejected', group: '在线访谈', label: '我在访谈中的提问未予采用（附理由）' },
  { kind: 'consultation.closed', group: '意见征集', label: '我订阅的意见征集已截止' },
  { kind: 'consultation.comment_rejected', group: '意见征集', label: '我提出的意见未予公开（附理由）' },
  { kind: 'consultation.feedback', group: '意见征集', label: '我参与或订阅的意见征集发布反馈' },
  { kind: 'compliance.alert', group: '检查指标', label: '检查指标预警（管理员）' },
] as const;

/** Each group's message key (accountUi.groups; the kinds' labels are accountUi.kinds.<kind>), for pages in English. */
export const NOTIFICATION_GROUP_KEYS: Record<(typeof NOTIFICATION_KINDS)[number]['group'], string> = {
  来信: 'letters',
  来信办理: 'letterWork',
  政府信息公开申请: 'applications',
  答复公开: 'archive',
  在线访谈: 'interviews',
  意见征集: 'consultations',
  检查指标: 'compliance',
};

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]['kind'];
export const NOTIFICATION_KIND_NAMES: readonly string[] = NOTIFICATION_KINDS.map((k) => k.kind);
