import { and, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { departments } from '@/lib/accounts/schema';
import { findActiveUser } from '@/lib/accounts/users';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { auditLog } from '@/lib/audit/schema';
import { actOnEntry, CONSENT_WITHDRAWN_REASON, createEntry, curationQueue, getEntryForCuration, updateEntry } from '@/lib/archive/curation';
import { archiveFlags } from '@/lib/archive/schema';
import { reportEntry } from '@/lib/archive/flags';
import { publishedEntryPaths } from '@/lib/archive/listings';
import { getPublishedEntry, listArchive } from '@/lib/archive/public-queries';
import { getPublicCatalogueItem, listPublicCatalogueItems } from '@/lib/disclosure/catalogue';
import { catalogueItems } from '@/lib/disclosure/schema';
import { actOnLetter, submitLetter } from '@/lib/letters/operations';
import { getOpen311Request, listOpen311Requests } from '@/lib/letters/open311';
import { getLetter } from '@/lib/letters/queries';
import { letterEvents, letters } from '@/lib/letters/schema';
import { notifications } from '@/lib/notifications/schema';
import { NOTIFICATION_KIND_NAMES } from '@/lib/notifications/kinds';
import * as archiveListRoute from '@/app/api/v1/archive/route';
import * as archiveEntryRoute from '@/app/api/v1/archive/[id]/route';
import * as entryActionsRoute from '@/app/api/v1/archive/entries/[id]/actions/route';
import * as catalogueRoute from '@/app/api/v1/disclosure/items/route';
import * as letterActionsRoute from '@/app/api/v1/letters/[trackingNo]/actions/route';
import * as open311ListRoute from '@/app/open311/v2/requests.json/route';
import * as open311ItemRoute from '@/app/open311/v2/requests/[id]/route';
import * as archiveFeed from '@/app/feeds/archive.xml/route';
import * as disclosureFeed from '@/app/feeds/disclosure.xml/route';
import sitemap from '@/app/sitemap';
import ArchiveEntryPage from '@/app/archive/[publicId]/page';
import { letterActionForm } from '@/app/letters/actions';
import { entryActionForm } from '@/app/workspace/moderator/archive/actions';
import { appErrorOf } from './support/errors';
import { actorFor, insertUser, uniqueEmail } from './support/users';
import { useTestRequest } from './support/request';

/**
 * Consent withdrawal (issue 17 item 7, PIPL art. 15; API.md "Intake"): the writer's `withdraw_consent` takes the
 * letter's archive entry down from every public reader in the same transaction — each reader called for real below —
 * records the reason as a letter event and audit rows, tells the moderators, and the curation desk cannot publish the
 * entry again. Only the writer may withdraw. Route handlers read the session cookie through next/headers.
 */

const requestHeaders = useTestRequest('192.0.2.70');

type Person = Actor & { user: ActorUser };
const DAY = 86_400_000;
const BASE = 'http://localhost:3000';
const params = <T>(value: T) => ({ params: Promise.resolve(value) });

let writer: Person;
let otherCitizen: Person;
let moderator: Person;
let handler: Person;
let market: string;

async function citizen(name: string, ip: string): Promise<Person> {
  const publicId = await insertUser({ name, email: uniqueEmail('consent') });
  return { user: (await findActiveUser(db(), publicId))!, ip };
}

async function signIn(who: Person | null) {
  requestHeaders.cookie = who
    ? `next-auth.session-token=${await encode({ token: { sub: who.user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`
    : null;
}

function post(path: string, body: unknown) {
  return new Request(`${BASE}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function withdrawThroughApi(who: Person | null, trackingNo: string, body: Record<string, unknown> = { action: 'withdraw_consent' }) {
  await signIn(who);
  try {
    return await letterActionsRoute.POST(post(`/api/v1/letters/${trackingNo}/actions`, body), params({ trackingNo }));
  } finally {
    await signIn(null);
  }
}

beforeAll(async () => {
  [moderator, handler] = await Promise.all([actorFor('moderator@example.com'), actorFor('handler@example.com')]);
  writer = await citizen('林清源', '192.0.2.71');
  otherCitizen = await citizen('郑旁人', '192.0.2.72');
  const [row] = await db().select({ publicId: departments.publicId }).from(departments).where(eq(departments.code, 'market'));
  market = row!.publicId;
});

/** A letter by `who`, accepted by the market division and answered. */
async function answeredLetter(who: Person, title: string, consentToPublish = true) {
  const now = Date.now();
  const letter = await submitLetter(who, {
    kind: 'complaint', departmentId: market, title, consentToPublish,
    body: `${title}：晚上十点以后仍有很大的声音，影响附近居民休息，请依法处理。`,
  }, { now: new Date(now - 10 * DAY) });
  await actOnLetter(moderator, letter.trackingNo, { action: 'accept', departmentId: market }, new Date(now - 9 * DAY));
  await actOnLetter(handler, letter.trackingNo, { action: 'reply', body: '您好！经现场检查，已责令经营者整改并限制营业时间。如有疑问请拨打 0592-5371913。' }, new Date(now - 2 * DAY));
  return letter.trackingNo;
}

/** The letter's entry, categorised and published through the curation desk. */
async function publishedEntry(trackingNo: string) {
  const draft = await createEntry(moderator, { letter: trackingNo });
  const categorised = await updateEntry(moderator, draft.id, { version: draft.version, category: '10' });
  return actOnEntry(moderator, draft.id, { action: 'publish', version: categorised.version });
}

/** Where the entry is readable in public, by each reader: true when it is there. */
async function publicPresence(entry: { id: string; indexNo: string | null }, trackingNo: string, title: string) {
  const search = await listArchive(db(), { q: '琴房噪音', sort: 'relevance', page: 1, pageSize: 50 });
  const newest = await listArchive(db(), { sort: 'newest', page: 1, pageSize: 50 });
  const apiEntry = await archiveEntryRoute.GET(new Request(`${BASE}/api/v1/archive/${entry.id}`), params({ id: entry.id }) as never);
  const apiSearch = await (await archiveListRoute.GET(new Request(`${BASE}/api/v1/archive?q=${encodeURIComponent('琴房噪音')}`), {} as never)).text();
  const catalogue = await listPublicCatalogueItems(db(), { category: '10', page: 1, pageSize: 100 });
  const catalogueApi = await (await catalogueRoute.GET(new Request(`${BASE}/api/v1/disclosure/items?category=10&pageSize=100`), {} as never)).text();
  const archiveXml = await (await archiveFeed.GET(new Request(`${BASE}/feeds/archive.xml`))).text();
  const disclosureXml = await (await disclosureFeed.GET(new Request(`${BASE}/feeds/disclosure.xml`))).text();
  const siteUrls = (await sitemap()).map((s) => s.url);
  const open311List = await listOpen311Requests({ service_request_id: trackingNo });
  const open311ListApi = await (await open311ListRoute.GET(new Request(`${BASE}/open311/v2/requests.json?service_request_id=${trackingNo}`), {} as never)).text();
  const open311Item = await open311ItemRoute.GET(new Request(`${BASE}/open311/v2/requests/${trackingNo}.json`), params({ id: `${trackingNo}.json` }) as never);
  let page: 'renders' | 'not_found';
  try {
    await ArchiveEntryPage({ params: Promise.resolve({ publicId: entry.id }) });
    page = 'renders';
  } catch (error) {
    // next/navigation's notFound() (digest NEXT_HTTP_ERROR_FALLBACK;404): the page answers 404. Anything else was
    // thrown after the entry was found (rendering needs the request's translations, absent here).
    page = String((error as { digest?: string }).digest).endsWith(';404') ? 'not_found' : 'renders';
  }
  return {
    entry: (await getPublishedEntry(db(), entry.id)) !== null,
    page: page === 'renders',
    search: search.items.some((i) => i.id === entry.id),
    list: newest.items.some((i) => i.id === entry.id),
    apiEntry: apiEntry.status === 200,
    apiSearch: apiSearch.includes(entry.id),
    catalogue: catalogue.items.some((i) => i.indexNo === entry.indexNo),
    catalogueItem: (await getPublicCatalogueItem(db(), entry.indexNo!)) !== null,
    catalogueApi: catalogueApi.includes(entry.indexNo!),
    archiveFeed: archiveXml.includes(title),
    disclosureFeed: disclosureXml.includes(title),
    sitemap: siteUrls.some((u) => u.endsWith(`/archive/${entry.id}`)),
    sitemapPaths: (await publishedEntryPaths(db())).some((p) => p.path === `/archive/${entry.id}`),
    open311: open311List.items.some((r) => r.service_request_id === trackingNo),
    open311Api: open311ListApi.includes(trackingNo),
    open311Item: open311Item.status === 200,
  };
}

describe('consent withdrawal (PIPL art. 15)', () => {
  it('the writer withdraws through the API: the published entry leaves every public reader in that step; event, audit, notice; no re-publication', async () => {
    const title = '琴房噪音扰民问题请处理';
    const trackingNo = await answeredLetter(writer, title);
    const entry = await publishedEntry(trackingNo);
    expect(entry.status).toBe('published');
    // A reader's open report of the entry is closed with the withdrawal.
    await reportEntry(otherCitizen, entry.id, { reason: '条目中可能还有个人信息，请核查。' });

    const before = await publicPresence(entry, trackingNo, title);
    // Present everywhere first.
    expect(before).toEqual(Object.fromEntries(Object.keys(before).map((k) => [k, true])));

    const res = await withdrawThroughApi(writer, trackingNo, { action: 'withdraw_consent', reason: '不希望我的来信继续公开' });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = await res.json() as { consentToPublish: boolean; actions: string[] };
    expect(body.consentToPublish).toBe(false);
    // Published once, withdrawn: consent cannot be given again on the page.
    expect(body.actions).not.toContain('give_consent');
    expect(body.actions).not.toContain('withdraw_consent');

    const after = await publicPresence(entry, trackingNo, title);
    expect(after).toEqual(Object.fromEntries(Object.keys(after).map((k) => [k, false])));
    const [item] = await db().select().from(catalogueItems).where(eq(catalogueItems.indexNo, entry.indexNo!));
    expect(item).toMatchObject({ status: 'withdrawn', withdrawReason: CONSENT_WITHDRAWN_REASON });

    // The letter's own record: the consent, the event with the reason (on the writer's timeline), the audit rows.
    const [letter] = await db().select({ id: letters.id, consent: letters.consentToPublish, version: letters.version }).from(letters).where(eq(letters.trackingNo, trackingNo));
    expect(letter!.consent).toBe(false);
    const events = await db().select().from(letterEvents).where(and(eq(letterEvents.letterId, letter!.id), eq(letterEvents.type, 'consent_withdrawn')));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: writer.user.id, actorRole: 'citizen', public: true, data: { reason: '不希望我的来信继续公开' } });
    const view = await getLetter(writer, trackingNo);
    expect(view.events.map((e) => e.type)).toContain('consent_withdrawn');
    const letterAudit = await db().select().from(auditLog).where(and(eq(auditLog.action, 'letter.withdraw_consent'), eq(auditLog.entityId, trackingNo)));
    expect(letterAudit).toHaveLength(1);
    expect(letterAudit[0]).toMatchObject({ actorId: writer.user.id, details: { reason: '不希望我的来信继续公开', archiveEntry: entry.id, archiveStatus: 'published' } });
    const entryAudit = await db().select().from(auditLog).where(and(eq(auditLog.action, 'archive.unpublish'), eq(auditLog.entityId, entry.id)));
    expect(entryAudit).toHaveLength(1);
    expect(entryAudit[0]!.details).toMatchObject({ reason: CONSENT_WITHDRAWN_REASON, cause: 'consent_withdrawn', letter: trackingNo, closedReports: 1 });
    expect((await db().select().from(archiveFlags).where(eq(archiveFlags.reporterId, otherCitizen.user.id)))[0]!.status).toBe('actioned');

    // The moderators are told, with a link to the entry; the kind is a known, mutable one.
    expect(NOTIFICATION_KIND_NAMES).toContain('archive.consent_withdrawn');
    const notices = await db().select().from(notifications).where(and(eq(notifications.userId, moderator.user.id), eq(notifications.kind, 'archive.consent_withdrawn')));
    expect(notices.map((n) => n.link)).toContain(`/workspace/moderator/archive/${entry.id}`);

    // The curation desk: the entry is in 已撤下, marked, and publishing it again is refused — operation, API, form.
    const { entry: curated } = await getEntryForCuration(moderator, entry.id);
    expect(curated).toMatchObject({ status: 'unpublished', consentWithdrawn: true, unpublishReason: CONSENT_WITHDRAWN_REASON });
    const refused = await appErrorOf(actOnEntry(moderator, entry.id, { action: 'publish' }));
    expect(refused.status).toBe(409);
    expect(refused.message).toContain('撤回');
    await signIn(moderator);
    const apiRefused = await entryActionsRoute.POST(post(`/api/v1/archive/entries/${entry.id}/actions`, { action: 'publish' }), params({ id: entry.id }) as never);
    expect(apiRefused.status).toBe(409);
    const form = new FormData();
    form.set('action', 'publish');
    form.set('version', String(curated.version));
    const formRefused = await entryActionForm(entry.id, { ok: false, message: null, fields: {} }, form);
    await signIn(null);
    expect(formRefused.ok).toBe(false);
    expect(formRefused.message).toContain('撤回');
    expect(await getPublishedEntry(db(), entry.id)).toBeNull();
    // Nor is the letter offered to curate anew.
    const queue = await curationQueue(moderator, { tab: 'letters' });
    expect(queue.candidates.map((c) => c.ref)).not.toContain(trackingNo);
    // Withdrawing twice is a 409, not a second event; giving consent again after publication is refused.
    expect((await appErrorOf(actOnLetter(writer, trackingNo, { action: 'withdraw_consent' }))).status).toBe(409);
    const again = await appErrorOf(actOnLetter(writer, trackingNo, { action: 'give_consent' }));
    expect(again.status).toBe(409);
    expect(again.message).toContain('曾经公开');
    // Not a step of the handling: staff forms holding the letter's version are not sent back.
    const [unchanged] = await db().select({ version: letters.version }).from(letters).where(eq(letters.id, letter!.id));
    expect(unchanged!.version).toBe(letter!.version);
  });

  it('only the writer may withdraw: another citizen 404, a visitor 401, the handler and the moderator 403 — API, operation and form alike', async () => {
    const title = '琴房噪音扰民问题第二封';
    const trackingNo = await answeredLetter(writer, title);
    const entry = await publishedEntry(trackingNo);

    expect((await withdrawThroughApi(otherCitizen, trackingNo)).status).toBe(404);
    expect((await withdrawThroughApi(null, trackingNo)).status).toBe(401);
    expect((await withdrawThroughApi(handler, trackingNo)).status).toBe(403);
    expect((await withdrawThroughApi(moderator, trackingNo)).status).toBe(403);
    expect((await withdrawThroughApi(await actorFor('admin@example.com'), trackingNo)).status).toBe(403);
    expect((await appErrorOf(actOnLetter(otherCitizen, trackingNo, { action: 'withdraw_consent' }))).status).toBe(404);
    expect((await appErrorOf(actOnLetter(moderator, trackingNo, { action: 'withdraw_consent', reason: '管理员代撤' }))).status).toBe(403);
    // The letter page's form (the server action) as another citizen and as the handler.
    for (const [who, message] of [[otherCitizen, '没有这封来信'], [handler, '无权']] as const) {
      await signIn(who);
      const form = new FormData();
      form.set('action', 'withdraw_consent');
      form.set('reason', '不是我写的信');
      const state = await letterActionForm(trackingNo, { ok: false, message: null, fields: {} }, form);
      await signIn(null);
      expect(state.ok).toBe(false);
      expect(state.message).toContain(message);
    }
    // A reason too long is a 422 with the field named, for the writer too.
    const tooLong = await appErrorOf(actOnLetter(writer, trackingNo, { action: 'withdraw_consent', reason: '长'.repeat(501) }));
    expect(tooLong.status).toBe(422);
    expect(tooLong.fields).toHaveProperty('reason');

    // Nothing changed: still consented, still public.
    const [letter] = await db().select({ consent: letters.consentToPublish }).from(letters).where(eq(letters.trackingNo, trackingNo));
    expect(letter!.consent).toBe(true);
    expect(await getPublishedEntry(db(), entry.id)).not.toBeNull();
    expect(await db().select().from(auditLog).where(and(eq(auditLog.action, 'letter.withdraw_consent'), eq(auditLog.entityId, trackingNo)))).toHaveLength(0);
  });

  it('before publication consent changes freely; a withdrawn draft leaves the drafts queue and cannot be published until consent is given again', async () => {
    const trackingNo = await answeredLetter(writer, '琴房噪音扰民问题第三封');
    // No entry yet: withdraw, give again, withdraw — each recorded, no notice to the moderators (nothing to take down).
    await actOnLetter(writer, trackingNo, { action: 'withdraw_consent' });
    expect((await getLetter(writer, trackingNo)).actions).toContain('give_consent');
    expect((await appErrorOf(createEntry(moderator, { letter: trackingNo }))).status).toBe(409);
    await actOnLetter(writer, trackingNo, { action: 'give_consent' });
    const draft = await createEntry(moderator, { letter: trackingNo });
    await actOnLetter(writer, trackingNo, { action: 'withdraw_consent', reason: '再考虑一下' });
    const { entry } = await getEntryForCuration(moderator, draft.id);
    expect(entry).toMatchObject({ status: 'unpublished', consentWithdrawn: true, publishedAt: null });
    expect((await curationQueue(moderator, { tab: 'draft' })).entries.map((e) => e.id)).not.toContain(draft.id);
    const categorised = await updateEntry(moderator, draft.id, { version: entry.version, category: '10' });
    expect((await appErrorOf(actOnEntry(moderator, draft.id, { action: 'publish', version: categorised.version }))).status).toBe(409);
    // Never published: the writer may consent again, and then the moderator may publish.
    await actOnLetter(writer, trackingNo, { action: 'give_consent' });
    const published = await actOnEntry(moderator, draft.id, { action: 'publish', version: categorised.version });
    expect(published.status).toBe('published');
    const [letter] = await db().select({ id: letters.id }).from(letters).where(eq(letters.trackingNo, trackingNo));
    const types = (await db().select({ type: letterEvents.type }).from(letterEvents).where(eq(letterEvents.letterId, letter!.id))).map((e) => e.type);
    expect(types.filter((t) => t.startsWith('consent_'))).toEqual(['consent_withdrawn', 'consent_given', 'consent_withdrawn', 'consent_given']);
  });

  it('merge groups: the root writer withdrawing takes the entry down; duplicates merged before keep the masked answer, new ones cannot join; a duplicate withdrawing hides only its own record', async () => {
    const root = await answeredLetter(writer, '琴房噪音扰民问题第四封');
    // A duplicate by another citizen, merged while the root's writer consented (the root is answered already).
    const dup = await submitLetter(otherCitizen, {
      kind: 'complaint', departmentId: market, consentToPublish: true,
      title: '同一琴房晚上噪音很大', body: '同一家琴房晚上十点以后仍然很吵，请处理。我的电话 13912340000。',
    });
    await actOnLetter(moderator, dup.trackingNo, { action: 'merge', intoTrackingNo: root });
    expect((await getLetter(otherCitizen, dup.trackingNo)).mergedAnswer).toBe('masked');
    const entry = await publishedEntry(root);

    await actOnLetter(writer, root, { action: 'withdraw_consent' });
    expect(await getPublishedEntry(db(), entry.id)).toBeNull();
    // The bureau's answer to the duplicate's own letter stays readable to its writer, masked; the root's text is not shown.
    const dupView = await getLetter(otherCitizen, dup.trackingNo);
    expect(dupView.mergedAnswer).toBe('masked');
    expect(dupView.replies.map((r) => r.body).join('')).toContain('已责令经营者整改');
    expect(JSON.stringify(dupView)).not.toContain('琴房噪音扰民问题第四封');
    // A new duplicate by a third citizen cannot join a root whose writer withdrew.
    const third = await citizen('黄后来', '192.0.2.73');
    const late = await submitLetter(third, { kind: 'complaint', departmentId: market, consentToPublish: true, title: '琴房晚上噪音扰民', body: '琴房晚上很吵，影响休息，请处理。' });
    expect((await appErrorOf(actOnLetter(moderator, late.trackingNo, { action: 'merge', intoTrackingNo: root }))).status).toBe(422);

    // The duplicate's writer withdraws: their record leaves Open311; nothing of theirs was in the root's entry.
    expect((await listOpen311Requests({ service_request_id: dup.trackingNo })).items).toHaveLength(1);
    await actOnLetter(otherCitizen, dup.trackingNo, { action: 'withdraw_consent' });
    expect((await listOpen311Requests({ service_request_id: dup.trackingNo })).items).toHaveLength(0);
    expect((await appErrorOf(getOpen311Request(dup.trackingNo))).status).toBe(404);
    expect((await getLetter(otherCitizen, dup.trackingNo)).mergedAnswer).toBe('masked');
  });
});
