import { createHash, randomBytes } from 'node:crypto';
import { env } from '../env';

/**
 * One-time links (invitations, password resets): a 256-bit random token travels only in the e-mail; the database
 * keeps its SHA-256, so a copy of the database (a backup, a read replica) cannot be used to take an account over.
 */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Tokens have this shape; anything else is refused before a database read. */
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The site's public address for links in e-mails: NEXTAUTH_URL (server.ts sets it), else localhost on PORT. */
export function absoluteUrl(path: string): string {
  const base = process.env.NEXTAUTH_URL ?? env().NEXTAUTH_URL ?? `http://localhost:${env().PORT}`;
  return new URL(path, base).toString();
}
