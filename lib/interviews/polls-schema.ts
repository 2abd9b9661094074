import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema';
import { interviews } from './schema';

/**
 * Live polls in interviews (issue 16, item 4; lib/interviews/polls.ts). `counts` holds one counter per option and
 * `voters` the number of ballots, folded from the ballots up to `foldedVoteId` (the coalesced result flush, the
 * close): a vote only inserts its ballot, so concurrent voters do not queue on the poll's row. After a fold the
 * counters equal what the ballots add up to (test/interview-polls.test.ts recomputes them).
 */
export const interviewPolls = pgTable('interview_polls', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  publicId: text().notNull().unique(),
  interviewId: bigint({ mode: 'number' }).notNull().references(() => interviews.id),
  question: text().notNull(),
  options: text().array().notNull(),
  /** Multiple choice: a ballot names one or more options; otherwise exactly one. */
  multiple: boolean().notNull().default(false),
  /** Viewers see no counts until the poll is closed (moderators always do). */
  hideResults: boolean().notNull().default(false),
  status: text({ enum: ['open', 'closed'] }).notNull().default('open'),
  counts: integer().array().notNull(),
  voters: integer().notNull().default(0),
  /** The last ballot (interview_poll_votes.id) folded into `counts` and `voters`. */
  foldedVoteId: bigint({ mode: 'number' }).notNull().default(0),
  /**
   * When the last results were published (`poll.updated` or, while hidden, the moderators' `poll.results`), by
   * whichever process (database clock): one publication per RESULTS_INTERVAL_MS across all processes.
   */
  resultsPublishedAt: timestamp({ withTimezone: true }),
  openedById: bigint({ mode: 'number' }).notNull().references(() => users.id),
  openedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  closedAt: timestamp({ withTimezone: true }),
}, (t) => [
  index('interview_polls_interview_idx').on(t.interviewId, t.id),
  check('interview_polls_counts_match', sql`cardinality(${t.counts}) = cardinality(${t.options})`),
]);

/**
 * One ballot per poll and voter: `voterKey` is `u:<account id>` for a signed-in citizen, `d:<device id>` for a
 * visitor (the device id travels in a cookie signed with the app secret: lib/interviews/device.ts).
 */
export const interviewPollVotes = pgTable('interview_poll_votes', {
  /** Increasing: the fold takes the ballots after the poll's `foldedVoteId`. */
  id: bigint({ mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
  pollId: bigint({ mode: 'number' }).notNull().references(() => interviewPolls.id),
  voterKey: text().notNull(),
  /** The chosen options, by index (0-based). */
  options: integer().array().notNull(),
  userId: bigint({ mode: 'number' }).references(() => users.id),
  votedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('interview_poll_votes_voter').on(t.pollId, t.voterKey),
  index('interview_poll_votes_fold').on(t.pollId, t.id),
]);
