import { and, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { departments } from '../accounts/schema';
import { districts, topics } from './schema';

/** One topic of the seed tree: department by code (lib/seed/demo.ts), keywords beside its names. */
export interface TopicSeed {
  name: string;
  nameEn: string;
  department?: string;
  keywords?: string[];
  children?: TopicSeed[];
}

/**
 * The demo bureau's 诉求分类 (a culture and tourism bureau, like the seed report's 厦门市文化和旅游局): what citizens
 * write about, two or three levels, as a 12345 hotline would file it, each leaf with the division that usually
 * answers it and the words that point to it.
 */
export const DEMO_TOPICS: TopicSeed[] = [
  {
    name: '旅游市场', nameEn: 'Tourism market', department: 'tourism', children: [
      {
        name: '景区管理', nameEn: 'Scenic areas', department: 'tourism', keywords: ['景区', '景点', '风景区', '公园'], children: [
          { name: '门票与预约', nameEn: 'Tickets and booking', department: 'tourism', keywords: ['门票', '票价', '购票', '售票', '退票', '预约', '检票', '优惠票', '免票', '年卡'] },
          { name: '景区秩序与安全', nameEn: 'Order and safety', department: 'tourism', keywords: ['拥挤', '排队', '限流', '踩踏', '安全隐患', '游客量', '秩序'] },
          { name: '景区设施与环境', nameEn: 'Facilities and environment', department: 'tourism', keywords: ['厕所', '卫生间', '停车场', '观光车', '指示牌', '垃圾', '设施'] },
        ],
      },
      {
        name: '旅行社', nameEn: 'Travel agencies', department: 'tourism', keywords: ['旅行社', '跟团', '旅游团', '报团'], children: [
          { name: '旅游合同与退费', nameEn: 'Contracts and refunds', department: 'tourism', keywords: ['合同', '退款', '退费', '退团', '违约', '定金', '行程变更'] },
          { name: '强制购物与低价团', nameEn: 'Forced shopping and cheap tours', department: 'tourism', keywords: ['强制购物', '购物店', '低价团', '零团费', '自费项目', '宰客'] },
        ],
      },
      { name: '导游服务', nameEn: 'Tour guides', department: 'tourism', keywords: ['导游', '领队', '导游证', '讲解员'] },
      { name: '旅游住宿', nameEn: 'Hotels and homestays', department: 'tourism', keywords: ['酒店', '民宿', '宾馆', '住宿', '客栈'] },
    ],
  },
  {
    name: '文化市场', nameEn: 'Cultural market', department: 'market', children: [
      { name: '娱乐场所', nameEn: 'Entertainment venues', department: 'market', keywords: ['KTV', '歌厅', '歌舞厅', '酒吧', '娱乐场所', '游艺厅', '噪音', '扰民'] },
      { name: '网吧', nameEn: 'Internet cafés', department: 'market', keywords: ['网吧', '网咖', '上网服务', '未成年人'] },
      { name: '演出市场', nameEn: 'Performances', department: 'market', keywords: ['演出', '演唱会', '音乐节', '黄牛', '票务', '假唱'] },
      { name: '出版物与印刷', nameEn: 'Publications and printing', department: 'market', keywords: ['盗版', '出版物', '书店', '印刷', '音像'] },
      { name: '剧本娱乐', nameEn: 'Script games and escape rooms', department: 'market', keywords: ['剧本杀', '密室', '剧本娱乐'] },
    ],
  },
  {
    name: '文物与遗产', nameEn: 'Heritage', department: 'heritage', children: [
      { name: '文物保护', nameEn: 'Protection of cultural relics', department: 'heritage', keywords: ['文物', '古建筑', '古厝', '文保单位', '保护单位', '历史风貌', '拆除', '修缮'] },
      { name: '非物质文化遗产', nameEn: 'Intangible cultural heritage', department: 'heritage', keywords: ['非遗', '传承人', '非物质文化遗产', '南音', '高甲戏'] },
      { name: '博物馆', nameEn: 'Museums', department: 'heritage', keywords: ['博物馆', '纪念馆', '展览', '藏品', '展馆'] },
    ],
  },
  {
    name: '公共文化服务', nameEn: 'Public cultural services', department: 'public-service', children: [
      { name: '图书馆', nameEn: 'Libraries', department: 'public-service', keywords: ['图书馆', '借书', '借阅', '读者证', '自习', '还书'] },
      { name: '文化馆与群众文化', nameEn: 'Culture centres and community culture', department: 'public-service', keywords: ['文化馆', '文化站', '广场舞', '公益培训', '群众文化'] },
      { name: '文化惠民活动', nameEn: 'Free cultural events', department: 'public-service', keywords: ['惠民', '公益演出', '免费活动', '文化下乡'] },
    ],
  },
  {
    name: '文艺与产业', nameEn: 'Arts and cultural industry', department: 'arts', children: [
      { name: '艺术院团与创作', nameEn: 'Arts troupes and works', department: 'arts', keywords: ['艺术团', '剧团', '歌舞团', '剧目', '文艺创作'] },
      { name: '艺术考级', nameEn: 'Art grading exams', department: 'arts', keywords: ['考级', '艺术考级', '考级证书'] },
      { name: '文化产业与扶持', nameEn: 'Cultural industry and subsidies', department: 'industry', keywords: ['文化产业', '文创', '文博会', '扶持资金', '补贴', '产业园'] },
    ],
  },
  {
    name: '政务服务', nameEn: 'Government services', department: 'office', children: [
      { name: '行政审批与许可', nameEn: 'Licences and approvals', department: 'policy', keywords: ['审批', '许可证', '经营许可', '备案', '行政许可'] },
      { name: '政府信息公开', nameEn: 'Government information', department: 'office', keywords: ['信息公开', '依申请公开'] },
      { name: '工作作风', nameEn: 'Conduct of staff', department: 'office', keywords: ['工作人员', '态度', '作风', '推诿'] },
      { name: '其他', nameEn: 'Other', department: 'office' },
    ],
  },
];

/** The demo city's districts (the seed report's city: 厦门's six districts). */
export const DEMO_DISTRICTS = [
  { code: 'siming', name: '思明区', nameEn: 'Siming District' },
  { code: 'huli', name: '湖里区', nameEn: 'Huli District' },
  { code: 'jimei', name: '集美区', nameEn: 'Jimei District' },
  { code: 'haicang', name: '海沧区', nameEn: 'Haicang District' },
  { code: 'tongan', name: '同安区', nameEn: "Tong'an District" },
  { code: 'xiangan', name: '翔安区', nameEn: "Xiang'an District" },
];

/**
 * Seeds the topic tree and the districts when there are none (idempotent: an admin's tree, once there, is never
 * touched again).
 */
export async function seedTopics(tx: Db | Tx, tree: TopicSeed[] = DEMO_TOPICS): Promise<void> {
  await tx.insert(districts).values(DEMO_DISTRICTS.map((d, i) => ({ ...d, sortOrder: i + 1 }))).onConflictDoNothing({ target: districts.code });
  const [any] = await tx.select({ id: topics.id }).from(topics).limit(1);
  if (any) return;
  const deptIds = new Map((await tx.select({ id: departments.id, code: departments.code }).from(departments)).map((d) => [d.code, d.id]));
  const insert = async (seed: TopicSeed, parentId: number | null, level: number, sortOrder: number) => {
    const [row] = await tx.insert(topics).values({
      parentId, level, name: seed.name, nameEn: seed.nameEn, sortOrder,
      departmentId: seed.department ? deptIds.get(seed.department) ?? null : null,
      keywords: seed.keywords ?? [],
    }).returning({ id: topics.id });
    for (const [i, child] of (seed.children ?? []).entries()) await insert(child, row!.id, level + 1, i + 1);
  };
  for (const [i, seed] of tree.entries()) await insert(seed, null, 1, i + 1);
}

/** A topic by its path of names (tests and seeds). */
export async function topicIdByPath(tx: Db | Tx, path: string[]): Promise<number | null> {
  let parent: number | null = null;
  for (const name of path) {
    const found: Array<{ id: number }> = await tx.select({ id: topics.id }).from(topics)
      .where(and(eq(topics.name, name), parent === null ? isNull(topics.parentId) : eq(topics.parentId, parent)));
    if (!found[0]) return null;
    parent = found[0].id;
  }
  return parent;
}
