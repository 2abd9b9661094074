import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { departments, organisation, users, type Role } from '../accounts/schema';
import { seedTopics } from '../topics/seed';
import { hashPassword } from '../accounts/password';
import { newPublicId } from '../accounts/users';
import { recordAudit } from '../audit';
import { letterDeadlines, replyTemplates } from '../letters/schema';
import { APPLICATION_REPLY_KEY } from '../disclosure/application-clock';

export const DEMO_PASSWORD = 'minsheng-demo';

/** A fictional bureau modelled on the seed report's culture and tourism bureau. */
export const DEMO_ORGANISATION = {
  name: '示范市文化和旅游局',
  nameEn: 'Demo City Bureau of Culture and Tourism',
  code: 'SFWL',
  address: '示范市思明区文化路 100 号',
  postcode: '361000',
  phone: '0592-5371909',
  email: 'gongkai@wl.example.gov.cn',
  officeHours: '工作日 8:30–12:00，14:30–17:30（法定节假日除外）',
  disclosureOffice: '局办公室（政府信息公开工作领导小组办公室）',
};

export const DEMO_DEPARTMENTS = [
  { code: 'office', name: '办公室', nameEn: 'General Office', duties: '综合协调、政务公开、信访和建议提案办理', phone: '0592-5371909' },
  { code: 'policy', name: '政策法规处', nameEn: 'Policy and Regulations Division', duties: '法规规章、规范性文件、行政复议', phone: '0592-5371910' },
  { code: 'public-service', name: '公共服务处', nameEn: 'Public Cultural Services Division', duties: '公共文化服务体系建设、文化惠民工程', phone: '0592-5371911' },
  { code: 'industry', name: '产业发展处', nameEn: 'Cultural Industry Division', duties: '文化产业发展、文博会和图交会', phone: '0592-5371912' },
  { code: 'market', name: '文化市场管理处', nameEn: 'Cultural Market Division', duties: '文化市场综合管理和执法监督', phone: '0592-5371913' },
  { code: 'arts', name: '艺术处', nameEn: 'Arts Division', duties: '艺术院团、文艺精品创作', phone: '0592-5371914' },
  { code: 'heritage', name: '文物与遗产处', nameEn: 'Heritage Division', duties: '文物保护、世界文化遗产保护管理', phone: '0592-5371915' },
  { code: 'tourism', name: '旅游发展处', nameEn: 'Tourism Development Division', duties: '旅游市场、景区和旅游服务质量', phone: '0592-5371916' },
];

export interface DemoAccount {
  email: string;
  name: string;
  role: Role;
  department?: string;
  title?: string;
}

/** The demo bureau's own reply limit for applications for information (working days). */
export const DEMO_APPLICATION_REPLY_DAYS = 15;

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'citizen@example.com', name: '陈市民', role: 'citizen' },
  { email: 'handler@example.com', name: '林办事', role: 'handler', department: 'market' },
  { email: 'leader@example.com', name: '王局长', role: 'leader', department: 'office', title: '副局长' },
  { email: 'moderator@example.com', name: '黄主持', role: 'moderator' },
  { email: 'admin@example.com', name: '系统管理员', role: 'admin' },
];

/** The demo bureau, its departments and the five demo accounts. Idempotent. */
export async function seedDemoData(db: Db): Promise<{ created: boolean }> {
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_ACCOUNTS[0]!.email));
  const passwordHash = existing ? '' : await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    await tx.insert(organisation).values({ id: 1, ...DEMO_ORGANISATION }).onConflictDoNothing();
    for (const [i, d] of DEMO_DEPARTMENTS.entries()) {
      await tx
        .insert(departments)
        .values({ ...d, publicId: newPublicId(), sortOrder: i + 1 })
        .onConflictDoNothing({ target: departments.code });
    }
    // The demo bureau's 诉求分类 and the demo city's districts (once: an admin's edits are kept).
    await seedTopics(tx);
    if (existing) return { created: false };
    // The demo bureau promises replies to applications in 15 working days, stricter than the regulation's 20 (the
    // admin setting applicationReplyDays; the guide shows it, the clock uses it).
    await tx.insert(letterDeadlines).values({ key: APPLICATION_REPLY_KEY as never, workingDays: DEMO_APPLICATION_REPLY_DAYS }).onConflictDoNothing();
    const deptIds = new Map((await tx.select({ id: departments.id, code: departments.code }).from(departments)).map((d) => [d.code, d.id]));
    await tx.insert(replyTemplates).values([
      { departmentId: null, title: '通用答复', body: '您好！来信收悉。经核实，现答复如下：\n\n（答复内容）\n\n如有疑问，请拨打本局咨询电话 0592-5371909。感谢您对我局工作的关心和支持！' },
      { departmentId: null, title: '转交说明', body: '您好！您反映的问题不属于我局职责范围，建议您向（有关部门）反映，联系电话：（电话）。感谢您的来信！' },
      { departmentId: deptIds.get('market')!, title: '文化市场检查处理', body: '您好！接到您的来信后，我局文化市场综合执法人员于（日期）到（场所）进行了现场检查，发现（检查情况），已依法（处理措施）。我们将持续加强监管。感谢您的监督！' },
    ]);
    for (const account of DEMO_ACCOUNTS) {
      const publicId = newPublicId();
      await tx.insert(users).values({
        publicId,
        name: account.name,
        email: account.email,
        passwordHash,
        role: account.role,
        departmentId: account.department ? deptIds.get(account.department)! : null,
        title: account.title ?? null,
      }).onConflictDoNothing();
      await recordAudit(tx, 'system', { action: 'account.seed_demo', entityType: 'user', entityId: publicId, details: { role: account.role } });
    }
    return { created: true };
  });
}
