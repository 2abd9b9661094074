import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { users } from '../accounts/schema';
import { findActiveUser } from '../accounts/users';
import type { Actor } from '../auth/permissions';
import { actOnApplication, submitApplication } from '../disclosure/applications';
import { creditCodeWithCheck } from '../disclosure/application-validation';

const DAY = 86_400_000;

async function actorFor(db: Db, email: string): Promise<Actor> {
  const [row] = await db.select({ publicId: users.publicId }).from(users).where(eq(users.email, email));
  return { user: await findActiveUser(db, row!.publicId), ip: null };
}

/** A one-page PDF (Helvetica, ASCII lines) with a correct cross-reference table: enough for a demo reply document. */
export function simplePdf(lines: string[]): Uint8Array {
  const escape = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const stream = ['BT', '/F1 12 Tf', '72 770 Td', '16 TL', ...lines.map((l) => `(${escape(l)}) '`), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/**
 * A few applications for government information in different states, made through the real operations at past
 * dates: answered with a reply document, waiting for 补正, in a third-party consultation, overdue, and a new one
 * from an organisation awaiting registration.
 */
export async function seedDemoApplications(db: Db, now = new Date()): Promise<void> {
  const [citizen, moderator] = await Promise.all([actorFor(db, 'citizen@example.com'), actorFor(db, 'moderator@example.com')]);
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const person = { applicantType: 'person', applicantName: citizen.user!.name, contactPhone: '13800000000', form: 'electronic' };

  const answered = await submitApplication(citizen, {
    ...person,
    description: '请公开本局 2024 年度公共文化服务专项资金的分配结果，包括受资助项目名称和金额。',
    purpose: '了解社区文化活动资金的来源',
  }, { now: ago(30) });
  await actOnApplication(moderator, answered.trackingNo, { action: 'register' }, { now: ago(29) });
  await actOnApplication(moderator, answered.trackingNo, {
    action: 'reply',
    outcome: 'disclosed',
    body: '您好！您申请的 2024 年度公共文化服务专项资金分配结果属于主动公开范围，现将分配结果表提供给您，详见答复告知书。',
  }, {
    now: ago(12),
    document: {
      fileName: `政府信息公开申请答复告知书-${answered.trackingNo}.pdf`,
      mimeType: 'application/pdf',
      bytes: simplePdf([
        'Demo City Bureau of Culture and Tourism',
        `Reply to application ${answered.trackingNo}`,
        'Outcome: disclosed. The allocation table of the 2024 public culture fund is attached.',
      ]),
    },
  });

  const correction = await submitApplication(citizen, {
    ...person,
    description: '请提供关于文化市场检查的相关文件和处理情况，谢谢。',
  }, { now: ago(3) });
  await actOnApplication(moderator, correction.trackingNo, {
    action: 'request_correction',
    note: '您申请的内容不够明确，请补充说明所需文件的名称或文号、涉及的场所及时间范围。',
  }, { now: ago(2) });

  const consulting = await submitApplication(citizen, {
    ...person,
    description: '请公开 2025 年本市 A 级旅游景区质量等级复核的结果及扣分明细。',
    purpose: '学术研究',
  }, { now: ago(12) });
  await actOnApplication(moderator, consulting.trackingNo, { action: 'register' }, { now: ago(11) });
  await actOnApplication(moderator, consulting.trackingNo, {
    action: 'consult',
    note: '扣分明细涉及景区经营单位的经营信息，书面征求有关景区意见（15 个工作日内答复）。',
  }, { now: ago(6) });

  const overdue = await submitApplication(citizen, {
    ...person,
    description: '请公开本局 2025 年度行政处罚案件的数量、类别及处罚结果汇总。',
  }, { now: ago(45) });
  await actOnApplication(moderator, overdue.trackingNo, { action: 'register' }, { now: ago(44) });

  await submitApplication(citizen, {
    applicantType: 'company',
    applicantName: '张经理',
    organisationName: '示范文化传媒有限公司',
    creditCode: creditCodeWithCheck('91350200MA3DEMO01'.replace(/[^0-9A-HJ-NP-RTUWXY]/g, '0')),
    contactPhone: '0592-5550000',
    contactAddress: '示范市思明区创意路 8 号',
    description: '请提供 2026 年度营业性演出许可审批的办事指南及收费依据。',
    form: 'paper',
  }, { now: ago(0.05) });
}
