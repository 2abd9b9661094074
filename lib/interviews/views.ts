import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { users } from '../accounts/schema';
import { answers, interviewGuests, questions } from './schema';

/** Shapes everyone may see: what events carry and what pages render. */
export interface PublicAnswer {
  body: string;
  author: string;
  authorTitle: string;
  publishedAt: string;
  corrected: boolean;
}

export interface PublicQuestion {
  id: string;
  body: string;
  /** Masked: 张*明 */
  asker: string;
  votes: number;
  starred: boolean;
  status: 'approved' | 'answered';
  askedAt: string;
  answer: PublicAnswer | null;
}

/** 张三 → 张*, 王小明 → 王*明, Alice → A***e: enough to recognise one's own question, not to identify anyone. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 2, 3))}${chars[chars.length - 1]}`;
}


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
      ? { body: r.answerBody, author: r.authorName ?? '', authorTitle: r.authorTitle ?? '', publishedAt: r.answerAt!.toISOString(), corrected: Boolean(r.correctedAt) }
      : null,
  }));
}

export function stripInternal<T extends { internalId: number }>(q: T): Omit<T, 'internalId'> {
  const { internalId: _id, ...rest } = q;
  return rest;
}
