import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { departments, users } from '../accounts/schema';
import { letters } from '../letters/schema';

/**
 * 每月一题 actions (issue 17 item 6): a recurring problem a moderator picked, usually from the weekly hotspots
 * (lib/hotspots/index.ts), given an owner (a department or a staff member), milestones and the letters behind it,
 * and shown publicly with its progress on /actions. The public pages show the action's own text, its owner's name,
 * its milestones and how many letters it answers: never a letter's text or writer.
 */
export const HOTSPOT_KINDS = ['topic', 'place', 'term'] as const;
export type HotspotKind = (typeof HOTSPOT_KINDS)[number];

export const hotspotActions = pgTable('hotspot_actions', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  publicId: text().notNull().unique(),
  title: text().notNull(),
  description: text().notNull(),
  /** Owner: exactly one of a department and a staff member. */
  ownerDepartmentId: bigint({ mode: 'number' }).references(() => departments.id),
  ownerUserId: bigint({ mode: 'number' }).references(() => users.id),
  /** The hotspot it was adopted from, if any: its kind, key (a topic id, `d<districtId>` or `p<place>`, or the term) and ISO week. */
  sourceKind: text().$type<HotspotKind>(),
  sourceKey: text(),
  sourceWeek: text(),
  createdById: bigint({ mode: 'number' }).notNull().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /** Optimistic concurrency, as letters: every change bumps it. */
  version: integer().notNull().default(1),
}, (t) => [
  index('hotspot_actions_created_idx').on(t.createdAt),
  check('hotspot_actions_one_owner', sql`(${t.ownerDepartmentId} is null) <> (${t.ownerUserId} is null)`),
]);

export const actionMilestones = pgTable('action_milestones', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  publicId: text().notNull().unique(),
  actionId: bigint({ mode: 'number' }).notNull().references(() => hotspotActions.id),
  title: text().notNull(),
  targetOn: date({ mode: 'string' }).notNull(),
  /** The Beijing date it was done; null while open. */
  doneOn: date({ mode: 'string' }),
  sortOrder: integer().notNull().default(0),
}, (t) => [index('action_milestones_action_idx').on(t.actionId, t.sortOrder)]);

export const actionLetters = pgTable('action_letters', {
  actionId: bigint({ mode: 'number' }).notNull().references(() => hotspotActions.id),
  letterId: bigint({ mode: 'number' }).notNull().references(() => letters.id),
}, (t) => [primaryKey({ columns: [t.actionId, t.letterId] })]);
