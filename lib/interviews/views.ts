import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { users } from '../accounts/schema';
import { answers, interviewGuests, questions, QUESTION_STATUSES, type QuestionStatus } from './schema';
import type { ModerationSummary, PublicQuestion } from './event-types';

// Shapes everyone may see (what events carry, what pages render) live with the event vocabulary (./event-types).
export type { PublicAnswer, PublicQuestion } from './event-types';

/** 张三 → 张*, 王小明 → 王*明, Alice → A***e: enough to recognise one's own question, not to identify anyone. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 2, 3))}${chars[chars.length - 1]}`;
}


/** The two parties of an interview's staff side: moderators, and the interview's guests (leaders). */
export const STAFF_AUDIENCES = ['moderator', 'guest'] as const;
export type StaffAudience = (typeof STAFF_AUDIENCES)[number];

export interface StaffReads {
  /** Questions in these states. */
  statuses: ReadonlySet<QuestionStatus>;
  /** The asker's name as this party reads it. */
  askerName(name: string): string;
  /** Whether it reads the text as asked (before a moderator's edit, which may have taken a phone number out). */
  original: boolean;
}

/**
 * What each staff party may read of an interview's questions — the one rule for both what it reads
 * (queries.ts#staffQuestions: the console, the guest desk, GET /api/v1/interviews/{id}/questions) and what it
 * receives on its socket room (events.ts#broadcastToStaff). Moderation is the moderators': pending questions, askers'
 * full names, originals and reject reasons. Guests read the questions put to them, named as the public page names
 * the askers.
 */
export const STAFF_READS: Record<StaffAudience, StaffReads> = {
  moderator: { statuses: new Set(QUESTION_STATUSES), askerName: (name) => name, original: true },
  guest: { statuses: new Set<QuestionStatus>(['approved', 'answered']), askerName: maskName, original: false },
};

/** Public views of questions (approved or answered), with their answers and the answering guest's title. */
export async function publicQuestions(db: Db | Tx, interviewId: number, ids?: number[]): Promise<Array<PublicQuestion & { internalId: number }>> {
  const rows = await db
    .select({
      internalId: questions.id,
      id: questions.publicId,
      body: questions.body,
      askerName: users.name,
      votes: questions.votes,
      starred: questions.starred,
      status: questions.status,
      createdAt: questions.createdAt,
      answerBody: answers.body,
      answerAt: answers.publishedAt,
      correctedAt: answers.correctedAt,
      correctedByAuthor: sql<boolean | null>`(${answers.correctedById} = ${answers.authorId})`,
      correctorName: sql<string | null>`(select u.name from users u where u.id = ${answers.correctedById})`,
      // drizzle's types refuse `users` and an alias of it in one query: the answer's author comes from a subquery.
      authorName: sql<string | null>`(select u.name from users u where u.id = ${answers.authorId})`,
      authorTitle: interviewGuests.title,
    })
    .from(questions)
    .innerJoin(users, eq(questions.askerId, users.id))
    .leftJoin(answers, eq(answers.questionId, questions.id))
    .leftJoin(interviewGuests, and(eq(interviewGuests.interviewId, questions.interviewId), eq(interviewGuests.userId, answers.authorId)))
    .where(and(eq(questions.interviewId, interviewId), inArray(questions.status, ['approved', 'answered']), ids ? inArray(questions.id, ids) : undefined))
    .orderBy(asc(questions.id));
  return rows.map((r) => ({
    internalId: r.internalId,
    id: r.id,
    body: r.body,
    asker: maskName(r.askerName),
    votes: r.votes,
    starred: r.starred,
    status: r.status as 'approved' | 'answered',
    askedAt: r.createdAt.toISOString(),
    answer: r.answerBody
      ? {
        body: r.answerBody, author: r.authorName ?? '', authorTitle: r.authorTitle ?? '', publishedAt: r.answerAt!.toISOString(), corrected: Boolean(r.correctedAt),
        correction: r.correctedAt
          ? { at: new Date(r.correctedAt).toISOString(), by: r.correctorName ?? null, byModerator: r.correctorName !== null && r.correctedByAuthor === false }
          : null,
      }
      : null,
  }));
}

export function stripInternal<T extends { internalId: number }>(q: T): Omit<T, 'internalId'> {
  const { internalId: _id, ...rest } = q;
  return rest;
}

/**
 * How the interview's questions fared (issue 16, item 7), in one query: received, approved (on the public list now:
 * approved or answered), answered, merged (同问), rejected, still pending. Shown once the interview is over.
 */
export async function moderationSummary(db: Db | Tx, interviewId: number): Promise<ModerationSummary> {
  const n = (status: QuestionStatus | QuestionStatus[]) =>
    sql<number>`count(*) filter (where ${inArray(questions.status, Array.isArray(status) ? status : [status])})`.mapWith(Number);
  const [row] = await db
    .select({
      received: sql<number>`count(*)`.mapWith(Number),
      approved: n(['approved', 'answered']),
      answered: n('answered'),
      merged: n('merged'),
      rejected: n('rejected'),
      pending: n('pending'),
    })
    .from(questions)
    .where(eq(questions.interviewId, interviewId));
  return row ?? { received: 0, approved: 0, answered: 0, merged: 0, rejected: 0, pending: 0 };
}
