import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { letterEvents, letters } from './schema';

/**
 * Merge groups (issue 12 items 2 and 5). A merged duplicate points at the letter it joined (`mergedIntoId`); that
 * letter may itself have been merged later, so a group is a tree whose root is the one letter that is worked and
 * answered. Every letter in the tree shows the root's answer and is told when it comes — reads and notifications go
 * through these functions, never through `mergedIntoId` alone (one level was the defect: A→B, B→C lost A).
 *
 * Who may read the root's answer (`answerAccess`): its own writer, in full; the writer of a duplicate who is the same
 * person, in full; another citizen's duplicate only if the root's writer consented to publication, and then only as
 * the public would read it — masked. A merge that would give a citizen an answer they may not read is refused
 * (operations.ts, merge), so `withheld` is only for groups merged before that rule.
 *
 * Consent withdrawal (PIPL art. 15, `withdraw_consent`): the root's writer withdrawing takes the root's archive entry
 * down, and no new duplicate may join (the merge check reads the current consent). The duplicates merged while the
 * consent stood keep reading the answer masked: it is the bureau's answer to their own letters, given to them, not
 * published, and nothing of the root writer's own text (title, body, 补充材料) is ever shown to them. A duplicate's
 * writer withdrawing hides only their own letter (Open311): a duplicate has no archive entry of its own — entries are
 * made from answered letters, and a merged letter is never answered — and the root's entry holds the root writer's
 * text, not theirs.
 */

/**
 * A refused letter (不予受理) does not refuse its group: the letters merged directly into it go back to routing, each
 * decided on its own (operations.ts releaseDuplicates); their own followers stay with them.
 */
export async function directDuplicateCount(tx: Tx | Db, trackingNo: string): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(letters)
    .where(and(eq(letters.status, 'merged'), inArray(letters.mergedIntoId, tx.select({ id: letters.id }).from(letters).where(eq(letters.trackingNo, trackingNo)))));
  return row?.n ?? 0;
}

/** Trees are shallow (a moderator merges a few duplicates); the bound only stops a corrupted cycle. */
const MAX_DEPTH = 64;

export interface GroupMember {
  id: number;
  trackingNo: string;
  writerId: number;
  /** The letter it was merged into (the root, or another member). */
  mergedIntoId: number;
  /** Staff-entered and not yet claimed: what its writer is told goes to the person's e-mail (operations.ts). */
  enteredById: number | null;
  claimedAt: Date | null;
  onBehalfEmail: string | null;
  locale: string;
}

/** Every letter merged into `rootId` directly or through other merged letters, nearest first. */
export async function mergedDescendants(tx: Tx | Db, rootId: number): Promise<GroupMember[]> {
  const found: GroupMember[] = [];
  const seen = new Set([rootId]);
  let frontier = [rootId];
  for (let depth = 0; frontier.length && depth < MAX_DEPTH; depth++) {
    const rows = await tx
      .select({
        id: letters.id, trackingNo: letters.trackingNo, writerId: letters.writerId, mergedIntoId: letters.mergedIntoId,
        enteredById: letters.enteredById, claimedAt: letters.claimedAt, onBehalfEmail: letters.onBehalfEmail, locale: letters.locale,
      })
      .from(letters)
      .where(inArray(letters.mergedIntoId, frontier))
      .orderBy(letters.id);
    frontier = [];
    for (const row of rows) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      found.push({ ...row, mergedIntoId: row.mergedIntoId! });
      frontier.push(row.id);
    }
  }
  return found;
}

export interface MergeRoot {
  id: number;
  trackingNo: string;
  writerId: number;
  consentToPublish: boolean;
  /** The root's writer withdrew consent at some point (a `consent_withdrawn` event): see the comment above. */
  consentWithdrawn: boolean;
}

/** The letter at the top of `letterId`'s merge tree (the letter itself when it was never merged). */
export async function mergeRoot(tx: Tx | Db, letterId: number): Promise<MergeRoot | null> {
  const seen = new Set<number>();
  let id: number | null = letterId;
  for (let depth = 0; id !== null && depth < MAX_DEPTH && !seen.has(id); depth++) {
    seen.add(id);
    const [row] = await tx
      .select({
        id: letters.id, trackingNo: letters.trackingNo, writerId: letters.writerId, consentToPublish: letters.consentToPublish, mergedIntoId: letters.mergedIntoId,
        consentWithdrawn: sql<boolean>`exists (select 1 from ${letterEvents} e where e.letter_id = "letters"."id" and e.type = 'consent_withdrawn')`,
      })
      .from(letters)
      .where(eq(letters.id, id));
    if (!row) return null;
    if (row.mergedIntoId === null) {
      return { id: row.id, trackingNo: row.trackingNo, writerId: row.writerId, consentToPublish: row.consentToPublish, consentWithdrawn: Boolean(row.consentWithdrawn) };
    }
    id = row.mergedIntoId;
  }
  return null;
}

export type AnswerAccess = 'full' | 'masked' | 'withheld';

/**
 * How the writer `readerWriterId` of a letter in `root`'s group may read the root's answer (see above). Without
 * `consentWithdrawn` (a merge being decided) only the current consent counts.
 */
export function answerAccess(root: Pick<MergeRoot, 'writerId' | 'consentToPublish'> & { consentWithdrawn?: boolean }, readerWriterId: number): AnswerAccess {
  if (root.writerId === readerWriterId) return 'full';
  return root.consentToPublish || root.consentWithdrawn ? 'masked' : 'withheld';
}

/** The message of a refused merge: it would show `root`'s answer to a citizen who may not read it. */
export const PRIVATE_ANSWER_MESSAGE = '该来信的来信人未同意公开，其答复不能提供给其他来信人；可将该来信并入本信，或分别办理';
