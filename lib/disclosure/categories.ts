import { asc } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { catalogueCategories } from './schema';

/**
 * The catalogue of the disclosure column: the categories the seed report lists (主动公开 of 行政职权 … 重大活动及
 * 项目建设), grouped the way a 政府信息公开目录 usually is, plus 机构概况 and 其他. Codes feed the index number.
 */
export interface CategorySeed {
  code: string;
  name: string;
  nameEn: string;
  children?: CategorySeed[];
}

export const CATALOGUE: CategorySeed[] = [
  {
    code: '01', name: '机构概况', nameEn: 'About the bureau', children: [
      { code: '0101', name: '机构职能', nameEn: 'Functions' },
      { code: '0102', name: '领导信息', nameEn: 'Leadership' },
      { code: '0103', name: '内设机构', nameEn: 'Internal departments' },
    ],
  },
  { code: '02', name: '行政职权', nameEn: 'Administrative powers' },
  { code: '03', name: '法规规章', nameEn: 'Laws and regulations' },
  { code: '04', name: '规范性文件', nameEn: 'Normative documents' },
  { code: '05', name: '发展规划', nameEn: 'Development plans' },
  { code: '06', name: '行政许可事项', nameEn: 'Administrative licensing' },
  {
    code: '07', name: '财务资金', nameEn: 'Finance and funds', children: [
      { code: '0701', name: '财政预决算', nameEn: 'Budgets and final accounts' },
      { code: '0702', name: '行政事业性收费', nameEn: 'Administrative fees' },
      { code: '0703', name: '政府采购', nameEn: 'Government procurement' },
    ],
  },
  { code: '08', name: '公共资源配置', nameEn: 'Allocation of public resources' },
  { code: '09', name: '人事任免', nameEn: 'Appointments and removals' },
  { code: '10', name: '监督投诉', nameEn: 'Supervision and complaints' },
  { code: '11', name: '统计信息', nameEn: 'Statistics' },
  { code: '12', name: '重大活动及项目建设', nameEn: 'Major events and projects' },
  { code: '99', name: '其他', nameEn: 'Other' },
];

export interface CategoryNode {
  code: string;
  name: string;
  nameEn: string;
  children: CategoryNode[];
}

export async function categoryTree(db: Db | Tx): Promise<CategoryNode[]> {
  const rows = await db.select().from(catalogueCategories).orderBy(asc(catalogueCategories.sortOrder), asc(catalogueCategories.code));
  const byId = new Map(rows.map((r) => [r.id, { code: r.code, name: r.name, nameEn: r.nameEn, children: [] as CategoryNode[] }]));
  const roots: CategoryNode[] = [];
  for (const row of rows) {
    const node = byId.get(row.id)!;
    const parent = row.parentId ? byId.get(row.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}
