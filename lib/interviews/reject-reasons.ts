/**
 * Why a question was not accepted (issue 16, item 7 "transparent moderation"): a fixed list, stored on the question
 * (`questions.reject_code`) and shown to its asker — Pigeonhole does not tell an asker a question was dismissed; we
 * do. Client-safe: no database, nothing but the list and its types (the console and the interview page import it).
 */
export const REJECT_REASONS = ['duplicate', 'off_topic', 'personal_data', 'abusive', 'use_letters', 'other'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const isRejectReason = (value: unknown): value is RejectReason => typeof value === 'string' && (REJECT_REASONS as readonly string[]).includes(value);

/** A question as its asker sees it on the interview page (GET state `viewer.mine`, socket `question:mine`). */
export interface OwnQuestion {
  id: string;
  body: string;
  status: 'pending' | 'approved' | 'answered' | 'merged' | 'rejected';
  askedAt: string;
  /** Rejected: the reason code, and the moderator's note if one was written. */
  reason: RejectReason | null;
  note: string | null;
}

/** What the asker's own connections hear when a moderator decides on one of their questions (`question:mine`). */
export interface OwnQuestionUpdate {
  interviewId: string;
  questionId: string;
  status: 'approved' | 'merged' | 'rejected';
  reason: RejectReason | null;
  note: string | null;
}

/** How the questions of an interview fared, counted from the database once it is over (ended or published). */
export interface ModerationSummary {
  received: number;
  /** Accepted for the public list: approved or answered now. */
  approved: number;
  answered: number;
  /** 同问: merged into another question of the interview. */
  merged: number;
  rejected: number;
  /** Never decided on. */
  pending: number;
}
