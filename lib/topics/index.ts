import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { departments } from '../accounts/schema';
import { AppError, parseInput } from '../errors';
import { bigrams } from '../archive/search';
import { districts, topics } from './schema';
import { suggestInput } from './validation';

/** One topic as the public tree and the admin page list it. */
export interface TopicNode {
  id: number;
  parentId: number | null;
  level: number;
  name: string;
  nameEn: string;
  /** The default department's public id (the write form preselects it), null when none or inactive. */
  departmentId: string | null;
  departmentName: string | null;
  keywords: string[];
  active: boolean;
  sortOrder: number;
  /** Names from the top level down to this topic. */
  path: string[];
  pathEn: string[];
}

/** All topics, parents before children, siblings by sort order (depth-first: the order of a select's options). */
export async function loadTopics(database: Db | Tx, options: { activeOnly?: boolean } = {}): Promise<TopicNode[]> {
  const rows = await database
    .select({
      id: topics.id, parentId: topics.parentId, level: topics.level, name: topics.name, nameEn: topics.nameEn,
      departmentId: sql<string | null>`case when ${departments.active} then ${departments.publicId} end`,
      departmentName: departments.name,
      keywords: topics.keywords, active: topics.active, sortOrder: topics.sortOrder,
    })
    .from(topics)
    .leftJoin(departments, eq(topics.departmentId, departments.id))
    .orderBy(asc(topics.sortOrder), asc(topics.id));
  const children = new Map<number | null, typeof rows>();
  for (const r of rows) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
  const out: TopicNode[] = [];
  const walk = (parentId: number | null, path: string[], pathEn: string[], parentActive: boolean) => {
    for (const r of children.get(parentId) ?? []) {
      // A topic under a deactivated one is out of use too (the writer cannot reach it).
      const active = r.active && parentActive;
      const node: TopicNode = { ...r, keywords: r.keywords ?? [], active, path: [...path, r.name], pathEn: [...pathEn, r.nameEn || r.name] };
      if (!options.activeOnly || active) out.push(node);
      walk(r.id, node.path, node.pathEn, active);
    }
  };
  walk(null, [], [], true);
  return out;
}

export interface District { id: number; code: string; name: string; nameEn: string }

export async function loadDistricts(database: Db | Tx): Promise<District[]> {
  return database.select({ id: districts.id, code: districts.code, name: districts.name, nameEn: districts.nameEn })
    .from(districts).where(eq(districts.active, true)).orderBy(asc(districts.sortOrder), asc(districts.id));
}

/** GET /api/v1/topics: the active tree (nested) and the districts. */
export async function publicTopicTree(database: Db | Tx) {
  const nodes = await loadTopics(database, { activeOnly: true });
  type Nested = { id: number; name: string; nameEn: string; departmentId: string | null; children: Nested[] };
  const byId = new Map<number, Nested>();
  const roots: Nested[] = [];
  for (const n of nodes) {
    const item: Nested = { id: n.id, name: n.name, nameEn: n.nameEn, departmentId: n.departmentId, children: [] };
    byId.set(n.id, item);
    if (n.parentId === null) roots.push(item);
    else byId.get(n.parentId)?.children.push(item);
  }
  const list = await loadDistricts(database);
  return { items: roots, districts: list.map(({ id, name, nameEn }) => ({ id, name, nameEn })) };
}

/** An active topic and an active district chosen for a letter (ids), checked; null when not given. */
export async function checkLetterTopic(tx: Db | Tx, topicId: number | null | undefined, districtId: number | null | undefined): Promise<{ topicId: number | null; districtId: number | null }> {
  if (topicId) {
    const active = (await loadTopics(tx, { activeOnly: true })).some((t) => t.id === topicId);
    if (!active) throw new AppError('invalid_input', '没有这个诉求分类，或已停用', { topicId: '没有这个诉求分类，或已停用' });
  }
  if (districtId) {
    const [d] = await tx.select({ id: districts.id }).from(districts).where(and(eq(districts.id, districtId), eq(districts.active, true)));
    if (!d) throw new AppError('invalid_input', '没有这个区', { districtId: '没有这个区' });
  }
  return { topicId: topicId ?? null, districtId: districtId ?? null };
}

// ---------------------------------------------------------------------------------------------------------------
// The suggestion (POST /api/v1/topics/suggest): a keyword scorer anyone can follow.

/** Suggestions returned at most. */
export const SUGGEST_LIMIT = 3;
/** A topic needs at least this score of its own (one keyword of one bigram found in the body). */
const MIN_SCORE = 1;
/** A keyword found in the title counts this much more than one found in the body only. */
const TITLE_FACTOR = 1.5;
/** A parent's keywords count this much towards its children (a grandparent's: this squared). */
const PARENT_FACTOR = 0.5;
/** Draft text read: the title and the start of the body. */
const BODY_CHARS = 1500;

export interface TopicSuggestion {
  topicId: number;
  path: string[];
  pathEn: string[];
  departmentId: string | null;
  score: number;
  /** The keywords found, so the writer (and the tests) can see why. */
  matched: string[];
}

/** A keyword's tokens (the archive search's: CJK bigrams, lower-cased words). */
const keywordTokens = (keyword: string) => bigrams(keyword);

/**
 * Scores every active topic against the draft: each of a topic's keywords — its name and the admin's keyword list —
 * is found when all of its search tokens (lib/archive/search.ts#bigrams: CJK bigrams, lower-cased words) are among
 * the draft's, and adds its number of tokens (a longer keyword is more specific), × TITLE_FACTOR when found in the
 * title. A topic's score is its own plus PARENT_FACTOR × its parent's (which carries the grandparent's). Only topics
 * with a score of their own of at least MIN_SCORE are suggested, a parent not beside one of its own children, best
 * first, at most SUGGEST_LIMIT. Pure: the tests call it with a tree.
 */
export function scoreTopics(nodes: TopicNode[], title: string, body: string): TopicSuggestion[] {
  const titleTokens = new Set(bigrams(title));
  const allTokens = new Set([...titleTokens, ...bigrams(Array.from(body).slice(0, BODY_CHARS).join(''))]);
  const own = new Map<number, { score: number; matched: string[] }>();
  for (const node of nodes) {
    if (!node.active) continue;
    // A catch-all topic (其他) has no name worth matching.
    const words = [...new Set([...(node.name === '其他' ? [] : [node.name]), ...node.keywords])];
    let score = 0;
    const matched: string[] = [];
    for (const word of words) {
      const tokens = keywordTokens(word);
      if (!tokens.length || !tokens.every((t) => allTokens.has(t))) continue;
      score += tokens.length * (tokens.every((t) => titleTokens.has(t)) ? TITLE_FACTOR : 1);
      matched.push(word);
    }
    own.set(node.id, { score, matched });
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const total = (id: number): number => {
    const n = byId.get(id);
    const mine = own.get(id)?.score ?? 0;
    return n?.parentId ? mine + PARENT_FACTOR * total(n.parentId) : mine;
  };
  const candidates = nodes
    .filter((n) => n.active && (own.get(n.id)?.score ?? 0) >= MIN_SCORE)
    .map((n) => ({ node: n, score: total(n.id) }));
  const suggestions = candidates
    // A parent is not suggested beside its own child: the child says more.
    .filter((c) => !candidates.some((d) => d.node.parentId === c.node.id || byId.get(d.node.parentId ?? -1)?.parentId === c.node.id))
    .sort((a, b) => b.score - a.score || b.node.level - a.node.level || a.node.id - b.node.id)
    .slice(0, SUGGEST_LIMIT);
  return suggestions.map(({ node, score }) => {
    const matched: string[] = [];
    for (let n: TopicNode | undefined = node; n; n = n.parentId ? byId.get(n.parentId) : undefined) matched.unshift(...(own.get(n.id)?.matched ?? []));
    return { topicId: node.id, path: node.path, pathEn: node.pathEn, departmentId: node.departmentId, score: Math.round(score * 100) / 100, matched: [...new Set(matched)] };
  });
}

/** POST /api/v1/topics/suggest {title, body} → {items}: at most three topics for the draft, best first. */
export async function suggestTopics(database: Db | Tx, input: unknown): Promise<{ items: TopicSuggestion[] }> {
  const { title, body } = parseInput(suggestInput, input);
  if (!title.trim() && !body.trim()) return { items: [] };
  const nodes = await loadTopics(database, { activeOnly: true });
  return { items: scoreTopics(nodes, title, body) };
}

export { preselectDepartment } from './preselect';

/** Topics' paths as one line each (“景区管理 > 门票与预约”), by id, for timelines and audit. */
export async function topicPathNames(database: Db | Tx, ids: Array<number | null>): Promise<Map<number, string>> {
  const wanted = new Set(ids.filter((id): id is number => id !== null));
  if (!wanted.size) return new Map();
  const nodes = await loadTopics(database);
  return new Map(nodes.filter((n) => wanted.has(n.id)).map((n) => [n.id, n.path.join(' > ')]));
}
