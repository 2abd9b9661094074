import { bigint, boolean, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema';

/**
 * API tokens for integrators (docs/API-TOKENS.md). The secret is shown once at creation and only its sha256 is
 * kept; `prefix` (the first characters of the secret) lets an admin recognise a token in the list. A token acts as
 * `userId` (a staff account or a service account made for it) restricted to `scopes` (permission names of
 * lib/auth/permissions.ts).
 */
export const apiTokens = pgTable('api_tokens', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  publicId: text().notNull().unique(),
  name: text().notNull(),
  /** sha256 (hex) of the whole secret, `msk_…`. */
  tokenHash: text().notNull().unique(),
  /** The secret's first characters (`msk_` + 6), for recognising it; not enough to use it. */
  prefix: text().notNull(),
  scopes: text().array().notNull(),
  /** The account the token acts as. */
  userId: bigint({ mode: 'number' }).notNull().references(() => users.id),
  /** True when the account was created for this token (a service account) rather than chosen. */
  serviceAccount: boolean().notNull().default(false),
  createdBy: bigint({ mode: 'number' }).notNull().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  lastUsedAt: timestamp({ withTimezone: true }),
  revokedAt: timestamp({ withTimezone: true }),
  revokedBy: bigint({ mode: 'number' }).references(() => users.id),
}, (t) => [index('api_tokens_user_idx').on(t.userId)]);
