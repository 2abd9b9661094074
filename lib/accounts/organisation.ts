import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { db as defaultDb, type Db } from '../db';
import { AppError, parseInput } from '../errors';
import { cleanText } from '../cases/validation';
import { organisationCode, organisationName } from '../setup/first-run';
import { UNKNOWN_KEYS } from './departments';
import { organisation } from './schema';

/**
 * The organisation profile (admin): the bureau's names, the code in index numbers (索引号), and the contact block
 * the footer, the disclosure guide and the annual report show. Index numbers already issued are stored with the
 * items, so a new code applies to new numbers only.
 */

export interface OrganisationProfile {
  name: string;
  nameEn: string;
  code: string;
  address: string;
  postcode: string;
  phone: string;
  email: string;
  officeHours: string;
  disclosureOffice: string;
}

const FIELDS = ['name', 'nameEn', 'code', 'address', 'postcode', 'phone', 'email', 'officeHours', 'disclosureOffice'] as const;

/** Optional text: cleaned, at most `max` characters; '' clears it. */
const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文字` })
    .max(max * 4, { error: `${label}最多 ${max} 个字` })
    .transform(cleanText)
    .refine((v) => [...v].length <= max, { error: `${label}最多 ${max} 个字` })
    .refine((v) => !/[<>]/.test(v), { error: `${label}不能包含尖括号` });

export const organisationInput = z
  .strictObject({
    name: organisationName,
    nameEn: optionalText('英文名称', 200).refine((v) => /^[\x20-\x7e]*$/.test(v), { error: '英文名称只能包含英文字母、数字和标点' }),
    code: organisationCode,
    address: optionalText('地址', 200),
    postcode: z.string({ error: '邮政编码应为文字' }).trim().regex(/^(\d{6})?$/, { error: '邮政编码为 6 位数字' }),
    phone: z.string({ error: '电话应为文字' }).trim().regex(/^([0-9+\-() ]{5,30})?$/, { error: '电话号码格式不正确' }),
    email: z.string({ error: '电子邮箱应为文字' }).trim().toLowerCase().max(200, { error: '电子邮箱过长' })
      .refine((v) => v === '' || z.email().safeParse(v).success, { error: '电子邮箱格式不正确' }),
    officeHours: optionalText('办公时间', 200),
    disclosureOffice: optionalText('信息公开工作机构', 100),
  }, UNKNOWN_KEYS)
  .partial();

function profileOf(row: typeof organisation.$inferSelect): OrganisationProfile {
  return Object.fromEntries(FIELDS.map((k) => [k, row[k]])) as unknown as OrganisationProfile;
}

async function currentRow(database: Db) {
  const [row] = await database.select().from(organisation).where(eq(organisation.id, 1));
  if (!row) throw new AppError('conflict', '尚未初始化机构信息，请先运行 npm run setup');
  return row;
}

export async function getOrganisationProfile(actor: Actor, database: Db = defaultDb()): Promise<OrganisationProfile> {
  assertCan(actor, 'admin.organisation');
  return profileOf(await currentRow(database));
}

export interface OrganisationUpdate {
  /** False when every value sent equals what is stored: nothing was written or audited (无变更). */
  changed: boolean;
  changedFields: string[];
  organisation: OrganisationProfile;
}

/** PATCH: the fields sent replace the stored ones, in one transaction with an audit row of what changed. */
export async function updateOrganisation(actor: Actor, input: unknown, database: Db = defaultDb()): Promise<OrganisationUpdate> {
  assertCan(actor, 'admin.organisation');
  const data = parseInput(organisationInput, input);
  return database.transaction(async (tx) => {
    const [row] = await tx.select().from(organisation).where(eq(organisation.id, 1)).for('update');
    if (!row) throw new AppError('conflict', '尚未初始化机构信息，请先运行 npm run setup');
    const before = profileOf(row);
    const changes: Partial<OrganisationProfile> = {};
    for (const key of FIELDS) {
      const value = data[key];
      if (value !== undefined && value !== before[key]) changes[key] = value;
    }
    const changedFields = Object.keys(changes);
    if (changedFields.length === 0) return { changed: false, changedFields, organisation: before };
    await tx.update(organisation).set(changes).where(eq(organisation.id, 1));
    await recordAudit(tx, actor, {
      action: 'organisation.update',
      entityType: 'organisation',
      entityId: 1,
      details: { changed: Object.fromEntries(changedFields.map((k) => [k, { from: before[k as keyof OrganisationProfile], to: changes[k as keyof OrganisationProfile] }])) },
    });
    return { changed: true, changedFields, organisation: { ...before, ...changes } };
  });
}
