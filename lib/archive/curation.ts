import { createHash, randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { db, type Tx } from '../db';
import { AppError, conflict, notFound, parseInput } from '../errors';
import { assertCan, type Actor, type ActorUser } from '../auth/permissions';
import { departments, organisation, users } from '../accounts/schema';
import { recordAudit } from '../audit';
import { auditLog } from '../audit/schema';
import { chinaDate, loadCalendarRules, workingDaysBetween } from '../calendar';
import { catalogueCategories, catalogueItems } from '../disclosure/schema';
import { upsertArchiveCatalogueItem, withdrawCatalogueItem } from '../disclosure/catalogue';
import { letterMessages, letters } from '../letters/schema';
import { trackingNo as trackingNoSchema, type QueueSort } from '../cases/validation';
import { interviewRemarks, interviews } from '../interviews/schema';
import { listUpdates } from '../interviews/live-updates';
import { publicQuestions, stripInternal } from '../interviews/views';
import { transcriptEntries } from '../interviews/selectors';
import { maskPersonalData, unmaskedSuspects, type MaskSpan, type UnmaskedSuspect } from './masking';
import { searchVectorSql } from './search';
import { moderators } from '../letters/staff';
import type { Notice } from '../notifications';
import { archiveEntries, archiveFlags, type ArchiveKind, type ArchiveStatus } from './schema';
import {
  createEntryInput,
  entryActionInput,
  entryPatchInput,
  moderationLogQuery,
  queueQuery,
  type QueueTab,
} from './validation';

/**
 * Curation of the public answer archive (DESIGN.md §6, issue 5): moderators turn answered letters whose writer
 * consented, and ended interviews, into entries whose public text is masked; edit them; publish them (which makes them
 * disclosure catalogue items too) and unpublish them with a reason. Every change is one transaction with its audit row;
 * the audit rows of `archive_entry` and `archive_flag` are the moderation log, append-only in the database.
 */

export const QUEUE_PAGE_SIZE = 20;
export const LOG_PAGE_SIZE = 50;

export type Curator = Actor & { user: ActorUser };

export function assertCurator(actor: Actor): asserts actor is Curator {
  assertCan(actor, 'archive.curate');
}

const entryUrl = (publicId: string) => `/archive/${publicId}`;

/**
 * Masks a text with the automatic rules and the marked terms; the public text is always what this returns. The
 * bureau's own published telephone numbers (`keep`: the bureau's and its departments' numbers) stay readable — an
 * answer that says "请拨打 0592-5371913" must keep saying it — compared digit by digit, so a longer number that
 * starts with one (0592-53719131) or contains one is still masked.
 */
export function mask(text: string, terms: string[], keep: readonly string[] = []): string {
  return maskPersonalData(text, { terms, keep }).text;
}

/** The spans the public text hides, indexing the original (for the editor), without the kept public numbers. */
export function maskedSpans(text: string, terms: string[], keep: readonly string[] = []) {
  return maskPersonalData(text, { terms, keep }).spans;
}

/** The bureau's and its departments' published telephone numbers. */
export async function publicNumbers(tx: Tx | ReturnType<typeof db>): Promise<string[]> {
  const [org, depts] = await Promise.all([
    tx.select({ phone: organisation.phone }).from(organisation),
    tx.select({ phone: departments.phone }).from(departments),
  ]);
  return [...org, ...depts].map((r) => r.phone?.trim() ?? '').filter(Boolean);
}

/** The first characters of a text on one line, for catalogue summaries and feeds. */
export function excerpt(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max).join('')}…`;
}

// ---- The editor's view of an entry ----

export interface CurationEntry {
  id: string;
  kind: ArchiveKind;
  status: ArchiveStatus;
  version: number;
  publicTitle: string;
  publicBody: string;
  publicAnswer: string;
  category: string | null;
  categoryName: string | null;
  maskedTerms: string[];
  department: string | null;
  letterKind: string | null;
  submittedAt: Date;
  answeredAt: Date | null;
  workingDays: number | null;
  year: number;
  publishedAt: Date | null;
  unpublishedAt: Date | null;
  unpublishReason: string | null;
  indexNo: string | null;
  catalogueItemId: string | null;
  /** Where it came from: a letter's tracking number or an interview's slug. */
  source: { trackingNo: string } | { interviewSlug: string; interviewId: string };
  openFlags: number;
  url: string;
  /** A letter's entry whose writer has withdrawn (or never given) consent to publication: it cannot be published. */
  consentWithdrawn: boolean;
}

/**
 * The digest of a source's answer text (CurationOriginal.answer): kept when the public answer is taken from it
 * (createEntry, refresh_answer); a different digest now means the source changed since — an interview answer
 * corrected or answered after the end, a reopened letter answered again — and the public answer may be out of date.
 */
export const sourceDigest = (answer: string) => createHash('sha256').update(answer).digest('hex').slice(0, 32);

/** The originals (private: moderators only), to show beside the public text. */
export interface CurationOriginal {
  title: string;
  body: string;
  answer: string;
  /** Names the automatic rules cannot know but the platform does: the writer (letters). Offered as terms to mark. */
  suggestedTerms: string[];
}

const entryColumns = {
  internalId: archiveEntries.id,
  id: archiveEntries.publicId,
  kind: archiveEntries.kind,
  status: archiveEntries.status,
  version: archiveEntries.version,
  publicTitle: archiveEntries.title,
  publicBody: archiveEntries.question,
  publicAnswer: archiveEntries.answer,
  category: catalogueCategories.code,
  categoryName: catalogueCategories.name,
  maskedTerms: archiveEntries.maskedTerms,
  department: departments.name,
  letterKind: archiveEntries.letterKind,
  submittedAt: archiveEntries.submittedAt,
  answeredAt: archiveEntries.answeredAt,
  workingDays: archiveEntries.workingDays,
  year: archiveEntries.year,
  publishedAt: archiveEntries.publishedAt,
  unpublishedAt: archiveEntries.unpublishedAt,
  unpublishReason: archiveEntries.unpublishReason,
  indexNo: catalogueItems.indexNo,
  catalogueItemId: catalogueItems.publicId,
  letterId: archiveEntries.letterId,
  interviewId: archiveEntries.interviewId,
  trackingNo: letters.trackingNo,
  letterConsent: letters.consentToPublish,
  interviewSlug: interviews.slug,
  interviewPublicId: interviews.publicId,
  sourceDigest: archiveEntries.sourceDigest,
  openFlags: sql<number>`(select count(*)::int from archive_flags f where f.entry_id = ${archiveEntries.id} and f.status = 'open')`,
};

async function readEntry(tx: Tx | ReturnType<typeof db>, publicId: string) {
  const [row] = await tx
    .select(entryColumns)
    .from(archiveEntries)
    .leftJoin(catalogueCategories, eq(archiveEntries.categoryId, catalogueCategories.id))
    .leftJoin(departments, eq(archiveEntries.departmentId, departments.id))
    .leftJoin(catalogueItems, eq(archiveEntries.catalogueItemId, catalogueItems.id))
    .leftJoin(letters, eq(archiveEntries.letterId, letters.id))
    .leftJoin(interviews, eq(archiveEntries.interviewId, interviews.id))
    .where(eq(archiveEntries.publicId, publicId));
  if (!row) throw notFound('没有这个公开条目');
  const entry: CurationEntry = {
    id: row.id,
    kind: row.kind,
    status: row.status,
    version: row.version,
    publicTitle: row.publicTitle,
    publicBody: row.publicBody,
    publicAnswer: row.publicAnswer,
    category: row.category,
    categoryName: row.categoryName,
    maskedTerms: row.maskedTerms,
    department: row.department,
    letterKind: row.letterKind,
    submittedAt: row.submittedAt,
    answeredAt: row.answeredAt,
    workingDays: row.workingDays,
    year: row.year,
    publishedAt: row.publishedAt,
    unpublishedAt: row.unpublishedAt,
    unpublishReason: row.unpublishReason,
    indexNo: row.indexNo,
    catalogueItemId: row.catalogueItemId,
    source: row.kind === 'letter' ? { trackingNo: row.trackingNo! } : { interviewSlug: row.interviewSlug!, interviewId: row.interviewPublicId! },
    openFlags: row.openFlags,
    url: entryUrl(row.id),
    consentWithdrawn: row.kind === 'letter' && row.letterConsent === false,
  };
  return { entry, internalId: row.internalId, letterId: row.letterId, interviewId: row.interviewId, sourceDigest: row.sourceDigest };
}

export type OriginalSpans = Record<'title' | 'body' | 'answer', MaskSpan[]>;
/** Long digit runs and name-like phrases left in the public texts (spans index the public texts). */
export type PublicSuspects = Record<'title' | 'body' | 'answer', UnmaskedSuspect[]>;

/**
 * An entry with its originals and what masking hides in them (spans index the originals), and what masking left
 * in the public texts that a moderator should check (`suspects`), for the editor. Moderators only.
 */
export async function getEntryForCuration(actor: Actor, publicId: string): Promise<{ entry: CurationEntry; original: CurationOriginal; spans: OriginalSpans; suspects: PublicSuspects; sourceChanged: boolean }> {
  assertCurator(actor);
  const { entry, letterId, interviewId, sourceDigest: taken } = await readEntry(db(), String(publicId).slice(0, 64));
  const original = await sourceOriginal(db(), { letterId, interviewId });
  const keep = await publicNumbers(db());
  const spans: OriginalSpans = {
    title: maskedSpans(original.title, entry.maskedTerms, keep),
    body: maskedSpans(original.body, entry.maskedTerms, keep),
    answer: maskedSpans(original.answer, entry.maskedTerms, keep),
  };
  const suspects: PublicSuspects = {
    title: unmaskedSuspects(entry.publicTitle, { keep }),
    body: unmaskedSuspects(entry.publicBody, { keep }),
    answer: unmaskedSuspects(entry.publicAnswer, { keep }),
  };
  return { entry, original, spans, suspects, sourceChanged: taken !== null && taken !== sourceDigest(original.answer) };
}

// ---- Sources: letters and interviews ----

/**
 * The moderators' notice that an entry's source answer changed (an interview answer corrected or answered after the
 * end, a reopened letter answered again), or null when the source has no entry. Sent in the change's transaction;
 * the editor then offers to take the answer again (refresh_answer).
 */
export async function entrySourceChangedNotice(
  tx: Tx, source: { letterId: number } | { interviewId: number },
): Promise<{ userIds: number[]; notice: Notice } | null> {
  const [entry] = await tx.select({ publicId: archiveEntries.publicId, title: archiveEntries.title, status: archiveEntries.status }).from(archiveEntries)
    .where('letterId' in source ? eq(archiveEntries.letterId, source.letterId) : eq(archiveEntries.interviewId, source.interviewId));
  if (!entry) return null;
  const published = entry.status === 'published' ? 'yes' : 'no';
  return {
    userIds: await moderators(tx),
    notice: {
      kind: 'archive.source_changed',
      title: `答复公开条目的原文有变更：${entry.title}`,
      body: published === 'yes' ? '公开的答复可能已过时，请核对并更新。' : '请核对后再发布。',
      link: `/workspace/moderator/archive/${entry.publicId}`,
      message: { key: 'archiveSourceChanged', values: { title: entry.title, published }, user: ['title'] },
    },
  };
}

const sourceOriginal = (tx: Tx | ReturnType<typeof db>, source: { letterId: number | null; interviewId: number | null }) =>
  (source.letterId ? letterOriginal(tx, source.letterId) : interviewOriginal(tx, source.interviewId!));

async function letterOriginal(tx: Tx | ReturnType<typeof db>, letterId: number): Promise<CurationOriginal> {
  const [letter] = await tx
    .select({ title: letters.title, body: letters.body, writer: users.name })
    .from(letters)
    .innerJoin(users, eq(letters.writerId, users.id))
    .where(eq(letters.id, letterId));
  const replies = await tx
    .select({ body: letterMessages.body })
    .from(letterMessages)
    .where(and(eq(letterMessages.letterId, letterId), eq(letterMessages.kind, 'answer')))
    .orderBy(asc(letterMessages.id));
  return {
    title: letter!.title,
    body: letter!.body,
    // A reopened letter has a second answer: the public sees both, in order.
    answer: replies.map((r) => r.body).join('\n\n'),
    suggestedTerms: [...letter!.writer.trim()].length >= 2 ? [letter!.writer.trim()] : [],
  };
}

/** The transcript as text: host remarks and answered questions in time order, askers' names masked (张*明). */
async function interviewOriginal(tx: Tx | ReturnType<typeof db>, interviewId: number): Promise<CurationOriginal> {
  const [interview] = await tx.select({ title: interviews.title, summary: interviews.summary }).from(interviews).where(eq(interviews.id, interviewId));
  const remarks = await tx
    .select({ id: interviewRemarks.id, body: interviewRemarks.body, author: users.name, at: interviewRemarks.createdAt })
    .from(interviewRemarks)
    .innerJoin(users, eq(interviewRemarks.authorId, users.id))
    .where(eq(interviewRemarks.interviewId, interviewId))
    .orderBy(asc(interviewRemarks.id));
  const questions = (await publicQuestions(tx, interviewId)).map(stripInternal);
  // 图文直播 updates as text (a photo by its alt text); the URLs are not part of the text, so no public id is needed.
  const updates = await listUpdates(tx, { id: interviewId, publicId: '' });
  const entries = transcriptEntries({ remarks: remarks.map((r) => ({ ...r, at: r.at.toISOString() })), questions, updates });
  const lines = entries.map((e) => {
    if (e.kind === 'remark') return `【主持人】${e.remark.body}`;
    if (e.kind === 'update') return `【图文直播】${[e.update.body, e.update.image ? `（图片：${e.update.image.alt}）` : ''].filter(Boolean).join('')}`;
    const who = e.question.answer.authorTitle ? `${e.question.answer.author}（${e.question.answer.authorTitle}）` : e.question.answer.author;
    return `【网友 ${e.question.asker}】${e.question.body}\n【${who}】${e.question.answer.body}${e.question.answer.corrected ? '（已更正）' : ''}`;
  });
  return { title: interview!.title, body: interview!.summary, answer: lines.join('\n\n'), suggestedTerms: [] };
}

/**
 * Creates a draft entry from an answered letter whose writer consented to publication (by tracking number) or from
 * an ended or published interview, with personal data masked. 409 when the source cannot be published or already
 * has an entry.
 */
export async function createEntry(actor: Actor, input: unknown, now = new Date()): Promise<CurationEntry> {
  assertCurator(actor);
  const source = parseInput(createEntryInput, input);
  const publicId = randomUUID();
  await db().transaction(async (tx) => {
    let values: typeof archiveEntries.$inferInsert;
    let original: CurationOriginal;
    if ('letter' in source) {
      const [letter] = await tx
        .select({ id: letters.id, status: letters.status, consent: letters.consentToPublish, kind: letters.kind, departmentId: letters.departmentId, submittedAt: letters.submittedAt, answeredAt: letters.answeredAt, rating: letters.rating })
        .from(letters)
        .where(eq(letters.trackingNo, parseInput(trackingNoSchema, source.letter)))
        .for('update');
      if (!letter) throw notFound('没有这封来信');
      if (!letter.consent) throw new AppError('conflict', '来信人未同意公开，不能收入答复公开');
      if (!letter.answeredAt || !['answered', 'closed'].includes(letter.status)) throw new AppError('conflict', '这封来信尚未答复，不能收入答复公开');
      const [existing] = await tx.select({ id: archiveEntries.publicId }).from(archiveEntries).where(eq(archiveEntries.letterId, letter.id));
      if (existing) throw new AppError('conflict', `这封来信已有公开条目（${existing.id}）`);
      original = await letterOriginal(tx, letter.id);
      const rules = await loadCalendarRules(tx);
      const answeredDay = chinaDate(letter.answeredAt);
      values = {
        publicId, kind: 'letter', letterId: letter.id, letterKind: letter.kind, departmentId: letter.departmentId,
        submittedAt: letter.submittedAt, answeredAt: letter.answeredAt,
        workingDays: workingDaysBetween(chinaDate(letter.submittedAt), answeredDay, rules),
        year: Number(answeredDay.slice(0, 4)),
        // The writer's rating (the board shows it); kept in step by the letter's transitions afterwards.
        rating: letter.rating,
      } as typeof archiveEntries.$inferInsert;
    } else {
      const [interview] = await tx
        .select({ id: interviews.id, status: interviews.status, departmentId: interviews.departmentId, scheduledStart: interviews.scheduledStart, startedAt: interviews.startedAt, endedAt: interviews.endedAt })
        .from(interviews)
        .where(eq(interviews.publicId, source.interviewId))
        .for('update');
      if (!interview) throw notFound('没有这场访谈');
      if (interview.status !== 'ended' && interview.status !== 'published') throw new AppError('conflict', '访谈尚未结束，不能收入访谈实录');
      const [existing] = await tx.select({ id: archiveEntries.publicId }).from(archiveEntries).where(eq(archiveEntries.interviewId, interview.id));
      if (existing) throw new AppError('conflict', `这场访谈已有公开条目（${existing.id}）`);
      original = await interviewOriginal(tx, interview.id);
      const held = interview.startedAt ?? interview.scheduledStart;
      values = {
        publicId, kind: 'interview', interviewId: interview.id, departmentId: interview.departmentId,
        submittedAt: held, answeredAt: interview.endedAt ?? held, workingDays: null,
        year: Number(chinaDate(held).slice(0, 4)),
      } as typeof archiveEntries.$inferInsert;
    }
    const terms = original.suggestedTerms;
    const keep = await publicNumbers(tx);
    const title = mask(original.title, terms, keep);
    const question = mask(original.body, terms, keep);
    const answer = mask(original.answer, terms, keep);
    await tx.insert(archiveEntries).values({
      ...values,
      title, question, answer,
      maskedTerms: terms,
      sourceDigest: sourceDigest(original.answer),
      searchVector: searchVectorSql({ title, question, answer }),
      curatedById: actor.user.id,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, actor, {
      action: 'archive.create',
      entityType: 'archive_entry',
      entityId: publicId,
      details: 'letter' in source ? { letter: source.letter } : { interviewId: source.interviewId },
    });
  });
  return (await readEntry(db(), publicId)).entry;
}

/** The entry's row, locked for this transaction (also used by flags). */
export async function lockEntry(tx: Tx, publicId: string) {
  const [row] = await tx.select().from(archiveEntries).where(eq(archiveEntries.publicId, String(publicId).slice(0, 64))).for('update');
  if (!row) throw notFound('没有这个公开条目');
  return row;
}

async function categoryByCode(tx: Tx, code: string): Promise<{ id: number; name: string }> {
  const [row] = await tx.select({ id: catalogueCategories.id, name: catalogueCategories.name }).from(catalogueCategories).where(eq(catalogueCategories.code, code));
  if (!row) throw new AppError('invalid_input', '提交的内容有误，请检查标出的项目', { category: '没有这个公开目录分类' });
  return row;
}

/** 发布机构: the entry's department under the bureau, or the bureau. */
async function publisherOf(tx: Tx, departmentId: number | null): Promise<string> {
  const [org] = await tx.select({ name: organisation.name }).from(organisation).where(eq(organisation.id, 1));
  const [dept] = departmentId ? await tx.select({ name: departments.name }).from(departments).where(eq(departments.id, departmentId)) : [];
  const bureau = org?.name ?? '民声';
  return dept ? `${bureau}${dept.name}` : bureau;
}

export type EntryRow = typeof archiveEntries.$inferSelect;

/** Publishes (or re-publishes) the entry's catalogue item in the caller's transaction. */
async function publishCatalogueItem(tx: Tx, actor: Curator, entry: EntryRow, categoryId: number) {
  return upsertArchiveCatalogueItem(tx, {
    sourceUrl: entryUrl(entry.publicId),
    categoryId,
    title: entry.title,
    summary: excerpt(entry.question, 200),
    generatedOn: chinaDate(entry.answeredAt ?? entry.submittedAt),
    publisher: await publisherOf(tx, entry.departmentId),
    actorId: actor.user.id,
  });
}

/**
 * Edits the public title, texts, category and marked terms. Whatever is saved is masked again with the automatic
 * rules and the marked terms, so a term marked later also leaves text typed earlier. A published entry changes in
 * public at once, its catalogue item with it. 409 when `version` is not the current one.
 */
export async function updateEntry(actor: Actor, entryPublicId: string, input: unknown, now = new Date()): Promise<CurationEntry> {
  assertCurator(actor);
  const patch = parseInput(entryPatchInput, input);
  await db().transaction(async (tx) => {
    const entry = await lockEntry(tx, entryPublicId);
    if (patch.version !== entry.version) throw conflict('条目已被他人修改，请刷新后重试');
    const terms = patch.maskedTerms ? [...new Set(patch.maskedTerms)] : entry.maskedTerms;
    const keep = await publicNumbers(tx);
    const title = mask(patch.publicTitle ?? entry.title, terms, keep);
    const question = mask(patch.publicBody ?? entry.question, terms, keep);
    const answer = mask(patch.publicAnswer ?? entry.answer, terms, keep);
    let categoryId = entry.categoryId;
    if (patch.category !== undefined) categoryId = patch.category === null ? null : (await categoryByCode(tx, patch.category)).id;
    if (entry.status === 'published' && categoryId === null) {
      throw new AppError('invalid_input', '提交的内容有误，请检查标出的项目', { category: '已公开的条目须有公开目录分类' });
    }
    const changed = [
      title !== entry.title && 'publicTitle',
      question !== entry.question && 'publicBody',
      answer !== entry.answer && 'publicAnswer',
      categoryId !== entry.categoryId && 'category',
      JSON.stringify(terms) !== JSON.stringify(entry.maskedTerms) && 'maskedTerms',
    ].filter((f): f is string => Boolean(f));
    const [updated] = await tx
      .update(archiveEntries)
      .set({
        title, question, answer, categoryId, maskedTerms: terms,
        searchVector: searchVectorSql({ title, question, answer }),
        curatedById: actor.user.id,
        updatedAt: now,
        version: sql`${archiveEntries.version} + 1`,
      })
      .where(and(eq(archiveEntries.id, entry.id), eq(archiveEntries.version, patch.version)))
      .returning();
    if (!updated) throw conflict('条目已被他人修改，请刷新后重试');
    if (updated.status === 'published' && updated.categoryId !== null) await publishCatalogueItem(tx, actor, updated, updated.categoryId);
    // The marked terms are personal data: the log records how many, never which.
    await recordAudit(tx, actor, {
      action: 'archive.edit',
      entityType: 'archive_entry',
      entityId: entry.publicId,
      details: { fields: changed, maskedTerms: terms.length, version: entry.version + 1 },
    });
  });
  return (await readEntry(db(), entryPublicId)).entry;
}

/**
 * Unpublishes a locked, published entry and withdraws its catalogue item; shared with flags. The entry's open
 * reports are closed as actioned with the same reason — they asked for this, whichever page it was done from.
 * Returns how many reports it closed.
 */
export async function unpublishLocked(tx: Tx, actor: Curator, entry: EntryRow, reason: string, now: Date, details: Record<string, unknown> = {}): Promise<number> {
  if (entry.status !== 'published') throw new AppError('conflict', '条目未公开，无需撤下');
  await tx
    .update(archiveEntries)
    .set({ status: 'unpublished', unpublishedAt: now, unpublishReason: reason, updatedAt: now, version: sql`${archiveEntries.version} + 1` })
    .where(eq(archiveEntries.id, entry.id));
  if (entry.catalogueItemId !== null) await withdrawCatalogueItem(tx, entry.catalogueItemId, reason);
  const closed = await tx
    .update(archiveFlags)
    .set({ status: 'actioned', handledById: actor.user.id, handledAt: now, resolution: reason })
    .where(and(eq(archiveFlags.entryId, entry.id), eq(archiveFlags.status, 'open')))
    .returning({ id: archiveFlags.id });
  await recordAudit(tx, actor, { action: 'archive.unpublish', entityType: 'archive_entry', entityId: entry.publicId, details: { reason, closedReports: closed.length, ...details } });
  return closed.length;
}

/** Why an entry of a letter whose writer withdrew consent is down; public-safe (the writer's own reason is not). */
export const CONSENT_WITHDRAWN_REASON = '来信人已撤回公开同意';
export const CONSENT_REFUSAL = '来信人已撤回（或未同意）公开同意，不能公开此条目';

/**
 * The writer withdrew consent to publication (lib/letters/operations.ts, `withdraw_consent`), in the letter action's
 * transaction, with the letter row already locked: the letter's entry, if any, is taken down everywhere — a published
 * one like a moderator's unpublish (catalogue item withdrawn, open reports closed), a draft moved to unpublished so
 * it leaves the drafts queue — with the fixed public reason, an `archive.unpublish` audit row by the writer naming
 * the cause. Returns the entry's public id and its status before, or null when the letter has no entry.
 */
export async function withdrawLetterEntry(tx: Tx, actor: Curator, letter: { id: number; trackingNo: string }, now: Date): Promise<{ publicId: string; was: ArchiveStatus } | null> {
  const [entry] = await tx.select().from(archiveEntries).where(eq(archiveEntries.letterId, letter.id)).for('update');
  if (!entry) return null;
  const details = { cause: 'consent_withdrawn', letter: letter.trackingNo, from: entry.status };
  if (entry.status === 'published') {
    await unpublishLocked(tx, actor, entry, CONSENT_WITHDRAWN_REASON, now, details);
  } else {
    await tx
      .update(archiveEntries)
      .set({ status: 'unpublished', unpublishedAt: entry.unpublishedAt ?? now, unpublishReason: CONSENT_WITHDRAWN_REASON, updatedAt: now, version: sql`${archiveEntries.version} + 1` })
      .where(eq(archiveEntries.id, entry.id));
    await recordAudit(tx, actor, { action: 'archive.unpublish', entityType: 'archive_entry', entityId: entry.publicId, details: { reason: CONSENT_WITHDRAWN_REASON, ...details } });
  }
  return { publicId: entry.publicId, was: entry.status };
}

/** Whether an entry of the letter was ever published (consent can then no longer be given again by the writer). */
export async function letterEntryWasPublished(tx: Tx | ReturnType<typeof db>, letterId: number): Promise<boolean> {
  const [row] = await tx.select({ publishedAt: archiveEntries.publishedAt }).from(archiveEntries).where(eq(archiveEntries.letterId, letterId));
  return Boolean(row?.publishedAt);
}

/**
 * publish: needs a category; makes (or updates) the catalogue item, 主动公开, with its index number.
 * unpublish: needs a reason; the entry leaves every list, search, feed and the catalogue at once (nothing is cached).
 */
export async function actOnEntry(actor: Actor, entryPublicId: string, input: unknown, now = new Date()): Promise<CurationEntry> {
  assertCurator(actor);
  const action = parseInput(entryActionInput, input);
  await db().transaction(async (tx) => {
    const entry = await lockEntry(tx, entryPublicId);
    if (action.version !== undefined && action.version !== entry.version) throw conflict('条目已被他人修改，请刷新后重试');
    if (action.action === 'unpublish') {
      await unpublishLocked(tx, actor, entry, action.reason, now);
      return;
    }
    if (action.action === 'refresh_answer') {
      await refreshAnswerLocked(tx, actor, entry, now);
      return;
    }
    if (entry.status === 'published') throw new AppError('conflict', '条目已经公开');
    // The writer's consent decides (PIPL art. 15). Read, not locked: a withdrawal locks the letter and then this
    // entry, so whichever commits second sees the other — a publication racing a withdrawal is taken down by it.
    if (entry.letterId !== null) {
      const [letter] = await tx.select({ consent: letters.consentToPublish }).from(letters).where(eq(letters.id, entry.letterId));
      if (!letter?.consent) throw new AppError('conflict', CONSENT_REFUSAL);
    }
    if (entry.categoryId === null) {
      throw new AppError('invalid_input', '请先选择公开目录分类', { category: '发布前请选择公开目录分类' });
    }
    const item = await publishCatalogueItem(tx, actor, entry, entry.categoryId);
    await tx
      .update(archiveEntries)
      .set({
        status: 'published', publishedAt: now, unpublishedAt: null, unpublishReason: null, catalogueItemId: item.id,
        curatedById: actor.user.id, updatedAt: now, version: sql`${archiveEntries.version} + 1`,
      })
      .where(eq(archiveEntries.id, entry.id));
    await recordAudit(tx, actor, {
      action: 'archive.publish',
      entityType: 'archive_entry',
      entityId: entry.publicId,
      details: { indexNo: item.indexNo, ...(action.reason ? { reason: action.reason } : {}), republished: entry.status === 'unpublished' },
    });
  });
  return (await readEntry(db(), entryPublicId)).entry;
}

/**
 * The public answer taken again from the source as it is now, masked with the entry's marked terms, and the source's
 * digest kept: what a moderator does when the editor says the source changed (a corrected or later answer). The
 * title and summary stay as curated. A published entry stays published; its catalogue item gets the new summary.
 */
async function refreshAnswerLocked(tx: Tx, actor: Curator, entry: EntryRow, now: Date): Promise<void> {
  const original = await sourceOriginal(tx, entry);
  const answer = mask(original.answer, entry.maskedTerms, await publicNumbers(tx));
  const [updated] = await tx
    .update(archiveEntries)
    .set({
      answer, sourceDigest: sourceDigest(original.answer),
      searchVector: searchVectorSql({ title: entry.title, question: entry.question, answer }),
      curatedById: actor.user.id, updatedAt: now, version: sql`${archiveEntries.version} + 1`,
    })
    .where(eq(archiveEntries.id, entry.id))
    .returning();
  if (updated!.status === 'published' && updated!.categoryId !== null) await publishCatalogueItem(tx, actor, updated!, updated!.categoryId);
  await recordAudit(tx, actor, {
    action: 'archive.refresh_answer', entityType: 'archive_entry', entityId: entry.publicId,
    details: { changed: answer !== entry.answer, version: entry.version + 1 },
  });
}

/**
 * Masks every entry's public texts again with the current rules (`npm run archive:remask`): entries saved before a
 * rule was added keep what it now finds in the clear until this runs. Masking masked text changes nothing, so it is
 * safe to repeat. Changed entries get a new search vector and version, a published one's catalogue item the new
 * title and summary, and a system audit row each. Batches of `batch` entries, one transaction per batch.
 */
export async function remaskArchive(now = new Date(), batch = 200): Promise<{ checked: number; changed: number }> {
  let checked = 0;
  let changed = 0;
  let after = 0;
  const keep = await publicNumbers(db());
  for (;;) {
    const done = await db().transaction(async (tx) => {
      const rows = await tx.select().from(archiveEntries).where(sql`${archiveEntries.id} > ${after}`).orderBy(asc(archiveEntries.id)).limit(batch).for('update');
      for (const entry of rows) {
        checked++;
        after = entry.id;
        const title = mask(entry.title, entry.maskedTerms, keep);
        const question = mask(entry.question, entry.maskedTerms, keep);
        const answer = mask(entry.answer, entry.maskedTerms, keep);
        if (title === entry.title && question === entry.question && answer === entry.answer) continue;
        changed++;
        await tx
          .update(archiveEntries)
          .set({ title, question, answer, searchVector: searchVectorSql({ title, question, answer }), updatedAt: now, version: sql`${archiveEntries.version} + 1` })
          .where(eq(archiveEntries.id, entry.id));
        if (entry.catalogueItemId !== null) {
          await tx.update(catalogueItems).set({ title, summary: excerpt(question, 200), updatedAt: now }).where(eq(catalogueItems.id, entry.catalogueItemId));
        }
        await recordAudit(tx, 'system', {
          action: 'archive.remask',
          entityType: 'archive_entry',
          entityId: entry.publicId,
          details: { fields: [title !== entry.title && 'publicTitle', question !== entry.question && 'publicBody', answer !== entry.answer && 'publicAnswer'].filter(Boolean), version: entry.version + 1 },
        });
      }
      return rows.length < batch;
    });
    if (done) return { checked, changed };
  }
}

// ---- The curation queue ----

export interface QueueCandidate {
  source: 'letter' | 'interview';
  /** Tracking number or interview public id: what createEntry takes. */
  ref: string;
  title: string;
  department: string | null;
  date: Date | null;
  kind: string | null;
}

export interface QueueEntry {
  id: string;
  kind: ArchiveKind;
  title: string;
  status: ArchiveStatus;
  department: string | null;
  category: string | null;
  updatedAt: Date;
  publishedAt: Date | null;
  unpublishReason: string | null;
  openFlags: number;
}

export interface CurationQueue {
  tab: QueueTab;
  page: number;
  /** The candidates' order (letters and interviews waiting for an entry): oldest first, or newest. */
  sort: QueueSort;
  pageSize: number;
  total: number;
  counts: Record<QueueTab, number>;
  candidates: QueueCandidate[];
  entries: QueueEntry[];
}

const letterCandidates = and(
  eq(letters.consentToPublish, true),
  inArray(letters.status, ['answered', 'closed']),
  sql`${letters.answeredAt} is not null`,
  isNull(archiveEntries.id),
);
const interviewCandidates = and(inArray(interviews.status, ['ended', 'published']), isNull(archiveEntries.id));

/**
 * What waits for a moderator: answered letters with consent and no entry, ended interviews with no entry, drafts,
 * and published and unpublished entries, with a count per tab (all tabs counted in one round of queries).
 */
export async function curationQueue(actor: Actor, input: unknown): Promise<CurationQueue> {
  assertCurator(actor);
  const { tab, page, sort } = parseInput(queueQuery, input);
  const offset = (page - 1) * QUEUE_PAGE_SIZE;
  const [[lettersCount], [interviewsCount], statusCounts] = await Promise.all([
    db().select({ n: count() }).from(letters).leftJoin(archiveEntries, eq(archiveEntries.letterId, letters.id)).where(letterCandidates),
    db().select({ n: count() }).from(interviews).leftJoin(archiveEntries, eq(archiveEntries.interviewId, interviews.id)).where(interviewCandidates),
    db().select({ status: archiveEntries.status, n: count() }).from(archiveEntries).groupBy(archiveEntries.status),
  ]);
  const byStatus = Object.fromEntries(statusCounts.map((r) => [r.status, r.n])) as Partial<Record<ArchiveStatus, number>>;
  const counts: Record<QueueTab, number> = {
    letters: lettersCount?.n ?? 0,
    interviews: interviewsCount?.n ?? 0,
    draft: byStatus.draft ?? 0,
    published: byStatus.published ?? 0,
    unpublished: byStatus.unpublished ?? 0,
  };
  let candidates: QueueCandidate[] = [];
  let entries: QueueEntry[] = [];
  if (tab === 'letters') {
    const rows = await db()
      .select({ ref: letters.trackingNo, title: letters.title, department: departments.name, date: letters.answeredAt, kind: letters.kind })
      .from(letters)
      .leftJoin(archiveEntries, eq(archiveEntries.letterId, letters.id))
      .leftJoin(departments, eq(letters.departmentId, departments.id))
      .where(letterCandidates)
      .orderBy(...(sort === 'newest' ? [desc(letters.answeredAt), desc(letters.id)] : [asc(letters.answeredAt), asc(letters.id)]))
      .limit(QUEUE_PAGE_SIZE)
      .offset(offset);
    candidates = rows.map((r) => ({ source: 'letter', ...r }));
  } else if (tab === 'interviews') {
    const rows = await db()
      .select({ ref: interviews.publicId, title: interviews.title, department: departments.name, date: interviews.endedAt, status: interviews.status })
      .from(interviews)
      .leftJoin(archiveEntries, eq(archiveEntries.interviewId, interviews.id))
      .leftJoin(departments, eq(interviews.departmentId, departments.id))
      .where(interviewCandidates)
      .orderBy(...(sort === 'newest' ? [desc(interviews.scheduledStart), desc(interviews.id)] : [asc(interviews.scheduledStart), asc(interviews.id)]))
      .limit(QUEUE_PAGE_SIZE)
      .offset(offset);
    candidates = rows.map((r) => ({ source: 'interview', ref: r.ref, title: r.title, department: r.department, date: r.date, kind: r.status }));
  } else {
    const rows = await db()
      .select({
        id: archiveEntries.publicId, kind: archiveEntries.kind, title: archiveEntries.title, status: archiveEntries.status,
        department: departments.name, category: catalogueCategories.name, updatedAt: archiveEntries.updatedAt,
        publishedAt: archiveEntries.publishedAt, unpublishReason: archiveEntries.unpublishReason,
        openFlags: entryColumns.openFlags,
      })
      .from(archiveEntries)
      .leftJoin(departments, eq(archiveEntries.departmentId, departments.id))
      .leftJoin(catalogueCategories, eq(archiveEntries.categoryId, catalogueCategories.id))
      .where(eq(archiveEntries.status, tab))
      .orderBy(desc(archiveEntries.updatedAt), desc(archiveEntries.id))
      .limit(QUEUE_PAGE_SIZE)
      .offset(offset);
    entries = rows;
  }
  return { tab, page, sort, pageSize: QUEUE_PAGE_SIZE, total: counts[tab], counts, candidates, entries };
}

// ---- The moderation log: the audit rows of archive actions ----

export interface ModerationLogRow {
  id: number;
  at: Date;
  action: string;
  actor: string;
  actorRole: string;
  entityType: string;
  entityId: string;
  details: Record<string, unknown>;
}

/**
 * Who did what to which entry or report, when and why: the audit rows of `archive_entry` and `archive_flag`, newest
 * first, filterable by action, entry and Beijing dates. The rows cannot be changed or deleted (a database trigger).
 */
export async function moderationLog(actor: Actor, input: unknown): Promise<{ items: ModerationLogRow[]; total: number; page: number; pageSize: number }> {
  assertCurator(actor);
  const query = parseInput(moderationLogQuery, input);
  const filters: SQL[] = [inArray(auditLog.entityType, ['archive_entry', 'archive_flag'])];
  if (query.action) filters.push(eq(auditLog.action, query.action));
  if (query.entry) {
    // A report's rows name the entry in their details, so one entry's history includes its reports.
    filters.push(sql`(${auditLog.entityId} = ${query.entry} or ${auditLog.details}->>'entry' = ${query.entry})`);
  }
  if (query.from) filters.push(gte(auditLog.at, new Date(`${query.from}T00:00:00+08:00`)));
  if (query.to) filters.push(lt(auditLog.at, new Date(new Date(`${query.to}T00:00:00+08:00`).getTime() + 86_400_000)));
  const where = and(...filters);
  const [rows, [total]] = await Promise.all([
    db()
      .select({ id: auditLog.id, at: auditLog.at, action: auditLog.action, actor: users.name, actorRole: auditLog.actorRole, entityType: auditLog.entityType, entityId: auditLog.entityId, details: auditLog.details })
      .from(auditLog)
      .leftJoin(users, eq(auditLog.actorId, users.id))
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(LOG_PAGE_SIZE)
      .offset((query.page - 1) * LOG_PAGE_SIZE),
    db().select({ n: count() }).from(auditLog).where(where),
  ]);
  return {
    items: rows.map((r) => ({ ...r, actor: r.actor ?? (r.actorRole === 'system' ? '系统' : '—') })),
    total: total?.n ?? 0,
    page: query.page,
    pageSize: LOG_PAGE_SIZE,
  };
}
