import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { organisation } from '../accounts/schema';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import type { Db, Tx } from '../db';
import { db as defaultDb } from '../db';
import { conflict, parseInput } from '../errors';
import { text } from '../cases/validation';
import { DISCLOSURE_PAGE_KEYS, disclosurePages, type DisclosurePageKey } from './schema';

/**
 * The column's editable pages: 政府信息公开指南 (how to find and apply for information) and 政府信息公开制度 (the
 * bureau's rules). Until a moderator saves one, the default text below is shown; the office's name, address, hours,
 * phone and e-mail come from the organisation row, edited on the same page.
 */
const DEFAULTS: Record<DisclosurePageKey, { title: string; body: string }> = {
  guide: {
    title: '政府信息公开指南',
    body: [
      '一、主动公开',
      '本局主动公开的政府信息按“政府信息公开目录”分类发布，包括机构概况、行政职权、法规规章、规范性文件、发展规划、行政许可事项、财务资金（财政预决算、行政事业性收费、政府采购）、公共资源配置、人事任免、监督投诉、统计信息、重大活动及项目建设等。属于主动公开范围的信息，自形成或变更之日起 20 个工作日内公开。',
      '二、依申请公开',
      '公民、法人或者其他组织可以在本栏目“申请公开”在线提交申请，也可以书面方式向受理机构提出。申请应写明申请人姓名或名称、身份证明、联系方式，所需政府信息的名称、文号或便于查询的其他特征描述，以及获取信息的方式。',
      '申请内容不明确的，本局在收到申请之日起 7 个工作日内一次性告知补正；补正的期限自收到补正后的申请之日起重新计算。本局自收到申请之日起 20 个工作日内答复；需要延长答复期限的，经负责人同意并告知申请人，延长的期限最长不超过 20 个工作日。征求第三方意见所需时间不计算在答复期限内。',
      '三、监督和救济',
      '申请人认为本局在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。',
    ].join('\n\n'),
  },
  rules: {
    title: '政府信息公开制度',
    body: [
      '一、主动公开和依申请公开制度：文件在起草时即标明“主动公开”“依申请公开”或“不予公开”，未标明的不予用印和发文；应公开尽公开。',
      '二、保密审查制度：信息公开前依照《中华人民共和国保守国家秘密法》等规定进行审查，涉及个人隐私和商业秘密的，依法处理。',
      '三、政务公开评议和考核制度：每年对政府信息公开工作进行评议，纳入绩效考核。',
      '四、责任追究制度：不依法履行政府信息公开义务的，依照有关规定追究责任。',
      '五、统计报告制度：每年 1 月 31 日前公布上一年度政府信息公开工作年度报告。',
    ].join('\n\n'),
  },
};

export async function getDisclosurePage(key: DisclosurePageKey, database: Db | Tx = defaultDb()) {
  const [row] = await database.select().from(disclosurePages).where(eq(disclosurePages.key, key));
  return row
    ? { key, title: row.title, body: row.body, version: row.version, updatedAt: row.updatedAt as Date | null }
    : { key, ...DEFAULTS[key], version: 0, updatedAt: null as Date | null };
}

export const disclosurePageInput = z.object({
  key: z.enum(DISCLOSURE_PAGE_KEYS, { error: '未知的页面' }),
  title: text('标题', 2, 100),
  body: text('正文', 10, 30_000),
  /** The version the editor started from (0 = the default text); a newer saved version means a 409. */
  version: z.number({ error: '缺少版本号' }).int().min(0),
});

/** Saves a page; two moderators editing at once cannot silently overwrite each other. */
export async function saveDisclosurePage(actor: Actor, input: unknown, database: Db = defaultDb()): Promise<{ version: number }> {
  assertCan(actor, 'disclosure.publish');
  const data = parseInput(disclosurePageInput, input);
  return database.transaction(async (tx) => {
    const [current] = await tx.select({ version: disclosurePages.version }).from(disclosurePages).where(eq(disclosurePages.key, data.key)).for('update');
    if ((current?.version ?? 0) !== data.version) throw conflict();
    const version = data.version + 1;
    const values = { title: data.title, body: data.body, version, updatedAt: new Date(), updatedById: actor.user.id };
    if (current) await tx.update(disclosurePages).set(values).where(eq(disclosurePages.key, data.key));
    else await tx.insert(disclosurePages).values({ key: data.key, ...values });
    await recordAudit(tx, actor, { action: 'disclosure.page.save', entityType: 'disclosure_page', entityId: data.key, details: { version } });
    return { version };
  });
}

const phone = z.string().trim().regex(/^[0-9+\-() ]{5,30}$/, { error: '电话号码格式不正确' });

export const officeContactInput = z.object({
  disclosureOffice: text('受理机构', 2, 100),
  address: text('地址', 4, 200),
  postcode: z.string().trim().regex(/^\d{6}$/, { error: '邮政编码为 6 位数字' }),
  phone,
  email: z.string().trim().email({ error: '邮箱格式不正确' }).max(200),
  officeHours: text('办公时间', 4, 200),
});

/** The office's contact details shown on the guide (受理机构、地址、办公时间、电话、网上联系方式). */
export async function saveOfficeContact(actor: Actor, input: unknown, database: Db = defaultDb()): Promise<{ changed: boolean }> {
  assertCan(actor, 'disclosure.publish');
  const data = parseInput(officeContactInput, input);
  return database.transaction(async (tx) => {
    const [current] = await tx.select().from(organisation).where(eq(organisation.id, 1)).for('update');
    // The same row as the admin's organisation profile (lib/accounts/organisation.ts): an unchanged save records nothing.
    if (current && (Object.keys(data) as Array<keyof typeof data>).every((k) => current[k] === data[k])) return { changed: false };
    await tx.update(organisation).set(data).where(eq(organisation.id, 1));
    await recordAudit(tx, actor, { action: 'disclosure.office.save', entityType: 'organisation', entityId: 1, details: data });
    return { changed: true };
  });
}
