import { z } from 'zod';
import { endpoint } from '../endpoint';
import { SUPERVISION_RISKS, supervisionQuery } from '../../accountability/supervision';

/** The accountability loop's read side (issue 14): the supervision board (督办台) and the inspection radar. */

const supervisionItem = z.object({
  kind: z.enum(['letter', 'application']),
  trackingNo: z.string(),
  title: z.string(),
  department: z.object({ id: z.string(), name: z.string() }).nullable(),
  status: z.string(),
  dueAt: z.string().nullable(),
  remainingWorkingDays: z.number().int().nullable(),
  paused: z.boolean(),
  ageWorkingDays: z.number().int(),
  ageDays: z.number().int(),
  risk: z.enum(SUPERVISION_RISKS).nullable(),
  urged: z.boolean(),
  supervised: z.boolean(),
  supervision: z.object({ targetDate: z.string(), overdue: z.boolean() }).nullable(),
  submittedOn: z.string(),
  url: z.string().nullable().meta({ description: 'The page to open it on; null for an application read by a leader (the disclosure office\'s page needs disclosure.handle)' }),
});

export const listSupervision = endpoint({
  method: 'get', path: '/api/v1/supervision', tag: 'accountability', auth: 'session', permission: 'supervision.read', validate: true,
  summary: { zh: '督办台：全局在办件（按剩余工作日排序）', en: 'Supervision board: every open letter and application, most urgent first' },
  description: 'Open letters (submitted, accepted, needs_info) and applications (submitted, registered, needs_correction, consulting), sorted by '
    + 'remaining working days (paused clocks last), then submission, then tracking number. risk: due_soon (within the due-soon setting), overdue, '
    + 'days60 / days90 (calendar days since submission; the most serious applies). Moderators and admins see every case; a leader the letters '
    + 'of the own department (another departmentId: 403) and the bureau\'s applications, read-only (url null). Applications belong to no department: '
    + 'a departmentId filter shows letters only. CSV with the same filters: /api/v1/supervision/export.csv.',
  query: supervisionQuery,
  response: { status: 200, description: '{items:[{kind, trackingNo, title, department, status, dueAt, remainingWorkingDays, ageWorkingDays, risk, urged, supervised, …}], total, page, pageSize}',
    schema: z.object({ items: z.array(supervisionItem), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }) },
  errors: [],
});

export const exportSupervision = endpoint({
  method: 'get', path: '/api/v1/supervision/export.csv', tag: 'accountability', auth: 'session', permission: 'supervision.read', validate: true,
  summary: { zh: '督办台导出 CSV', en: 'The supervision board as CSV' },
  description: 'The board under the same filters (page ignored), most urgent first, at most 10,000 rows; UTF-8 with BOM for Excel, in the reader\'s language.',
  query: supervisionQuery,
  response: { status: 200, description: 'text/csv; charset=utf-8' },
  errors: [],
});

const complianceItem = z.object({
  id: z.string(), name: z.string(), status: z.enum(['pass', 'at_risk', 'fail']), detail: z.string(),
  daysLeft: z.number().int().optional(), count: z.number().int().optional(),
  items: z.array(z.object({ label: z.string(), href: z.string() })), link: z.string(),
});

export const readCompliance = endpoint({
  method: 'get', path: '/api/v1/compliance', tag: 'accountability', auth: 'session', permission: 'compliance.read',
  summary: { zh: '检查指标雷达', en: 'Inspection radar: the website inspection indicators' },
  description: 'Each indicator pass / at_risk / fail with the items behind it: letters_unanswered_3_months, message_stats_2_months, interviews_12_months, '
    + 'proactive_20_days, applications_on_time, annual_report_31_january, consultations_feedback. at_risk carries daysLeft (calendar days to the breach, ≤ 30).',
  response: { status: 200, description: '{items:[{id, name, status, detail, daysLeft?, count?, items:[{label, href}], link}], today}',
    schema: z.object({ items: z.array(complianceItem), today: z.string() }) },
  errors: [],
});
