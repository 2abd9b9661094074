import type { Permission } from '@/lib/auth/permissions';

/** What each permission (a token's scope) lets a token do, in the admin page's words. */
export const SCOPE_LABELS: Record<Permission, string> = {
  'workspace.citizen': '市民工作台',
  'workspace.handler': '部门办件工作台',
  'workspace.leader': '领导工作台',
  'workspace.moderator': '管理控制台',
  'workspace.admin': '系统管理工作台',
  'letters.create': '以市民身份写信、补充材料',
  'letters.rate': '评价答复、申请重新办理',
  'letters.triage': '来信受理、分办、不予受理、合并（读取待分办队列）',
  'letters.reply': '答复来信、要求补充材料（读取本部门待办队列）',
  'letters.extend': '来信延期',
  'letters.transfer': '来信转办',
  'letters.intake': '代为登记来信（电话、纸质、当面、邮件、12345）',
  'interviews.manage': '管理在线访谈',
  'interviews.ask': '访谈提问',
  'interviews.answer': '访谈答复',
  'questions.moderate': '审核访谈提问',
  'archive.curate': '答复公开整理与发布',
  'disclosure.publish': '主动公开目录维护',
  'disclosure.apply': '提交政府信息公开申请',
  'disclosure.annualReport': '政府信息公开年度报告',
  'disclosure.handle': '办理依申请公开',
  'supervision.read': '查看督办台',
  'compliance.read': '查看检查指标雷达',
  'accountability.bulletins': '读取月度通报',
  'admin.users': '账号管理、读取发件箱',
  'admin.departments': '部门管理',
  'admin.calendar': '工作日历与办理时限',
  'admin.categories': '公开目录分类',
  'admin.audit': '审计日志',
  'admin.tokens': 'API 令牌管理（令牌本身不能使用）',
  'admin.organisation': '机构信息',
  'letters.templates': '答复模板维护',
  'cases.urge': '催办逾期的来信或申请',
  'cases.supervise': '督办来信或申请',
  'cases.callback': '记录电话回访',
};

export const ROLE_LABELS: Record<string, string> = {
  citizen: '市民', handler: '办理人员', leader: '领导', moderator: '管理员', admin: '系统管理员',
};
