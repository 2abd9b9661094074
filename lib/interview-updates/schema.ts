import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema';
import { bytea } from '../db/columns';
import { interviews } from '../interviews/schema';

/**
 * (Its own folder: lib/realtime reaches every table through lib/db/schema.ts and may know only the domains'
 * `schema.ts` files, test/realtime-contract.test.ts — and lib/interviews/schema.ts is shared with other work.)
 *
 * 图文直播 (issue 16, item 5): the moderator's text and photo updates in a live interview's stream
 * (lib/interviews/live-updates.ts). A photo is stored only as re-encoded (lib/letters/attachments.ts#prepareAttachment:
 * JPEG, no EXIF/GPS/XMP/ICC, at most 1600 px, with a 480 px small size); its alt text is required. Retracting keeps
 * the row (the audit names it) but drops the image bytes and hides it everywhere.
 */
export const interviewUpdates = pgTable('interview_updates', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  publicId: text().notNull().unique(),
  interviewId: bigint({ mode: 'number' }).notNull().references(() => interviews.id),
  authorId: bigint({ mode: 'number' }).notNull().references(() => users.id),
  /** The text (may be empty when a photo carries the update). */
  body: text().notNull().default(''),
  /** The photo, re-encoded (image/jpeg); null for a text update and once retracted. */
  image: bytea(),
  imageSmall: bytea(),
  imageWidth: integer(),
  imageHeight: integer(),
  imageSha256: text(),
  alt: text(),
  caption: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  retractedAt: timestamp({ withTimezone: true }),
  retractedById: bigint({ mode: 'number' }).references(() => users.id),
}, (t) => [
  index('interview_updates_interview_idx').on(t.interviewId, t.id),
  // A photo always has its alt text; an update always has text or a photo (until retracted, which drops the photo).
  check('interview_updates_alt', sql`${t.image} is null or (${t.alt} is not null and length(${t.alt}) > 0)`),
]);
