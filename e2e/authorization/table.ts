import type { Fixtures } from './fixtures';
import { PARTIES, type Party } from './parties';

/**
 * THE AUTHORISATION MATRIX (issue 7): one row per page, API route method, server action and socket event, one
 * cell per party. e2e/authorization.spec.ts enumerates all four from the source tree and fails for an item
 * without a row (or a row without an item), then checks every cell against the running app.
 *
 * Outcome classes (what the cell asserts):
 *   ok        — 2xx (a page renders; an API call or action succeeds; a socket ack is {ok: true})
 *   login     — sign in first: a redirect to /login, 401, or the socket/action code `unauthenticated`
 *   forbidden — 403 / `forbidden` (signed in, but this role may not)
 *   notfound  — 404 / `not_found` (the app hides what this user has no part in, or it does not exist for anyone)
 *   passes    — authorisation let the request through and something later refused it: 400, 409, 413 or 422
 *               (stale `version`, wrong state, invalid body) — rows use these on purpose so allowed cells
 *               change nothing that later rows rely on
 *   redirect  — a page sends a signed-in user elsewhere (e.g. /login → their workspace)
 */
export type Outcome = 'ok' | 'login' | 'forbidden' | 'notfound' | 'passes' | 'redirect';
export type Cells = Record<Party, Outcome>;

/** Every party gets `base`, except those named. */
export function cells(base: Outcome, except: Partial<Record<Party, Outcome>> = {}): Cells {
  return Object.fromEntries(PARTIES.map((p) => [p, except[p] ?? base])) as Cells;
}
/** Visitors are sent to sign in; the named parties get `outcome`, every other signed-in party `others`. */
function only(parties: Party[], outcome: Outcome = 'ok', others: Outcome = 'forbidden', except: Partial<Record<Party, Outcome>> = {}): Cells {
  return cells(others, { ...Object.fromEntries(parties.map((p) => [p, outcome])), visitor: 'login', ...except });
}
const everyone = (outcome: Outcome = 'ok') => cells(outcome);
const signedIn = (outcome: Outcome = 'ok', except: Partial<Record<Party, Outcome>> = {}) => cells(outcome, { visitor: 'login', ...except });

const CITIZENS: Party[] = ['citizen', 'otherCitizen'];
const HANDLERS: Party[] = ['handler', 'otherHandler', 'guestLeader', 'otherLeader']; // workspace.handler: handlers and leaders
const LEADERS: Party[] = ['guestLeader', 'otherLeader'];
/** Moderators and admins: one role hierarchy (issue 13) — an admin holds every moderator permission. */
const CURATORS: Party[] = ['moderator', 'admin'];
const MODERATORS = CURATORS;
/** letters.intake and disclosure.intake (issue 17): handlers (letters: their own department) and moderators and admins; not leaders. */
const INTAKE: Party[] = ['handler', 'otherHandler', 'moderator', 'admin'];
/** A draft interview exists only for its staff: moderators and its guests. */
const DRAFT_INTERVIEW = cells('notfound', { moderator: 'ok', admin: 'ok', guestLeader: 'ok' });
/** A draft consultation exists only for moderators and admins. */
const DRAFT_CONSULTATION = cells('notfound', { moderator: 'ok', admin: 'ok' });
/** An action id no 每月一题 action has (the rows on actions change nothing). */
const NO_ACTION = '00000000-0000-4000-8000-000000000000';

// ───────────────────────────────────────────── pages ─────────────────────────────────────────────

export interface PageRow {
  page: string;
  url: (f: Fixtures) => string;
  expect: Cells;
  /** More cases of the same item with other resources (e.g. a draft interview), each with its own cells. */
  also?: Array<{ label: string; url: (f: Fixtures) => string; expect: Cells }>;
}

/** The Beijing month before this one, YYYY-MM: the latest 留言统计 the demo seed has published. */
function previousBeijingMonth(now = new Date()): string {
  const beijing = new Date(now.getTime() + 8 * 3_600_000);
  const previous = new Date(Date.UTC(beijing.getUTCFullYear(), beijing.getUTCMonth() - 1, 1));
  return previous.toISOString().slice(0, 7);
}

const p = (page: string, expect: Cells, url?: (f: Fixtures) => string): PageRow => ({ page, expect, url: url ?? (() => page) });

export const PAGE_ROWS: PageRow[] = [
  p('/', everyone()),
  p('/login', cells('redirect', { visitor: 'ok' })),
  p('/register', cells('redirect', { visitor: 'ok' })),
  p('/notifications', signedIn()),
  // Accounts (issue 13): self-service for anyone signed in; the reset and invitation pages for anyone with a link
  // (an unknown token shows why it does not work, with a 200 page).
  p('/account', signedIn()),
  p('/password-reset', everyone()),
  p('/password-reset/[token]', everyone(), () => `/password-reset/${'A'.repeat(43)}`),
  p('/invitations/[token]', everyone(), () => `/invitations/${'A'.repeat(43)}`),
  p('/stats', everyone()),
  // 三率 and the monthly 留言统计 (issue 14) are public; the demo seed publishes every ended month it covers.
  p('/stats/departments', everyone()),
  p('/stats/letters', everyone()),
  p('/stats/details', everyone()),
  p('/stats/messages', everyone()),
  p('/stats/messages/[month]', everyone(), () => `/stats/messages/${previousBeijingMonth()}`),
  // Letters: the citizen's own letter is seen by its writer, the department it is assigned to and the triage desk.
  p('/letters', everyone()),
  p('/letters/lookup', everyone()),
  p('/letters/new', only(CITIZENS)),
  p('/letters/[trackingNo]', signedIn('notfound', { citizen: 'ok', handler: 'ok', moderator: 'ok', admin: 'ok' }), (f) => `/letters/${f.letter}`),
  // Interviews: public pages (an announced interview's transcript page says it has not taken place yet).
  p('/interviews', everyone()),
  { ...p('/interviews/[slug]', everyone(), (f) => `/interviews/${f.interview.slug}`),
    also: [{ label: 'a draft interview', url: (f) => `/interviews/${f.draftInterview.slug}`, expect: DRAFT_INTERVIEW }] },
  // 意见征集 (issue 16 item 2): public once opened; the feedback page exists once the feedback is published (the
  // fixture's consultation is open, so it is not found for anyone).
  p('/consultations', everyone()),
  { ...p('/consultations/[slug]', everyone(), (f) => `/consultations/${f.consultation.slug}`),
    also: [{ label: 'a draft consultation', url: (f) => `/consultations/${f.draftConsultation.slug}`, expect: DRAFT_CONSULTATION }] },
  p('/consultations/[slug]/feedback', everyone('notfound'), (f) => `/consultations/${f.consultation.slug}/feedback`),
  p('/workspace/moderator/consultations', only(MODERATORS)),
  { ...p('/workspace/moderator/consultations/[id]', only(MODERATORS), (f) => `/workspace/moderator/consultations/${f.consultation.id}`),
    also: [{ label: 'a draft consultation', url: (f) => `/workspace/moderator/consultations/${f.draftConsultation.id}`, expect: only(MODERATORS) }] },
  p('/interviews/[slug]/transcript', everyone(), (f) => `/interviews/${f.interview.slug}/transcript`),
  { ...p('/interviews/[slug]/screen', everyone(), (f) => `/interviews/${f.interview.slug}/screen`),
    also: [{ label: 'a draft interview', url: (f) => `/interviews/${f.draftInterview.slug}/screen`, expect: DRAFT_INTERVIEW }] },
  // Archive and disclosure column.
  p('/archive', everyone()),
  p('/archive/[publicId]', everyone(), (f) => `/archive/${f.entry}`),
  p('/disclosure', everyone()),
  p('/disclosure/guide', everyone()),
  p('/disclosure/rules', everyone()),
  p('/disclosure/items/[id]', everyone(), (f) => `/disclosure/items/${f.item}`),
  p('/disclosure/annual-report', everyone()),
  // This year's report is not published: only its editors (disclosure.annualReport) may preview it.
  p('/disclosure/annual-report/[year]', cells('notfound', { moderator: 'ok', admin: 'ok' }), (f) => `/disclosure/annual-report/${f.year}`),
  p('/disclosure/apply', only(CITIZENS)),
  p('/disclosure/applications/[trackingNo]', signedIn('notfound', { citizen: 'ok', moderator: 'ok', admin: 'ok' }), (f) => `/disclosure/applications/${f.application}`),
  // Workspaces.
  p('/workspace', signedIn('redirect')),
  p('/workspace/citizen', only(CITIZENS)),
  p('/workspace/handler', only(HANDLERS)),
  // Staff-entered letters (issue 17): the intake form; the receipt, only of a staff-entered letter (a web one: 404).
  p('/workspace/letters/intake', only(INTAKE)),
  p('/workspace/letters/intake/[trackingNo]', only(INTAKE, 'notfound'), (f) => `/workspace/letters/intake/${f.letter}`),
  p('/workspace/disclosure/intake', only(INTAKE)),
  // The fixture application was submitted on the web: no receipt (it has no query code) for anyone.
  p('/workspace/disclosure/intake/[trackingNo]', only(INTAKE, 'notfound'), (f) => `/workspace/disclosure/intake/${f.application}`),
  p('/workspace/citizen/claim', only(CITIZENS)),
  p('/workspace/leader', only(LEADERS)),
  p('/workspace/leader/interviews', only(LEADERS)),
  p('/workspace/leader/interviews/[id]', only(['guestLeader'], 'ok', 'forbidden', { otherLeader: 'notfound' }), (f) => `/workspace/leader/interviews/${f.interview.id}`),
  p('/workspace/leader/questions', only(LEADERS)),
  p('/workspace/moderator', only(MODERATORS)),
  p('/workspace/moderator/interviews', only(MODERATORS)),
  p('/workspace/moderator/interviews/[id]', only(MODERATORS), (f) => `/workspace/moderator/interviews/${f.interview.id}`),
  p('/workspace/moderator/interviews/[id]/edit', only(MODERATORS), (f) => `/workspace/moderator/interviews/${f.interview.id}/edit`),
  p('/workspace/moderator/archive', only(MODERATORS)),
  p('/workspace/moderator/archive/[id]', only(MODERATORS), (f) => `/workspace/moderator/archive/${f.entry}`),
  p('/workspace/moderator/archive/flags', only(MODERATORS)),
  p('/workspace/moderator/archive/log', only(MODERATORS)),
  p('/workspace/moderator/disclosure', only(MODERATORS)),
  p('/workspace/moderator/disclosure/new', only(MODERATORS)),
  p('/workspace/moderator/disclosure/pages', only(MODERATORS)),
  p('/workspace/moderator/disclosure/items/[id]', only(MODERATORS), (f) => `/workspace/moderator/disclosure/items/${f.item}`),
  p('/workspace/moderator/applications', only(CURATORS)),
  p('/workspace/moderator/applications/[trackingNo]', only(CURATORS), (f) => `/workspace/moderator/applications/${f.application}`),
  p('/workspace/moderator/annual-report', only(CURATORS)),
  p('/workspace/moderator/annual-report/[year]', only(CURATORS), (f) => `/workspace/moderator/annual-report/${f.year}`),
  p('/workspace/admin', only(['admin'])),
  p('/workspace/admin/calendar', only(['admin'])),
  p('/workspace/admin/accountability', only(['admin'])),
  // The monthly 通报: moderators and admins, and leaders (their own department's rows only).
  p('/workspace/bulletins', only([...LEADERS, 'moderator', 'admin'])),
  p('/workspace/admin/outbox', only(['admin'])),
  p('/workspace/admin/organisation', only(['admin'])),
  p('/workspace/admin/departments', only(['admin'])),
  p('/workspace/admin/categories', only(['admin'])),
  p('/workspace/admin/topics', only(['admin'])),
  p('/workspace/admin/districts', only(['admin'])),
  // Reply templates: a department's staff (handlers, leaders), moderators and admins.
  p('/workspace/templates', only([...HANDLERS, 'moderator', 'admin'])),
  p('/workspace/admin/tokens', only(['admin'])),
  p('/workspace/admin/staff', only(['admin'])),
  // 督办台 (issue 14): leaders (their department's letters), moderators and admins (everything).
  p('/workspace/supervision', only([...LEADERS, ...MODERATORS])),
  // 热点分析 and 每月一题 (issue 17 item 6): leaders, moderators and admins read the hotspots; moderators and admins
  // adopt one; an action's progress page is for staff (actions.progress; the owner's check is the operation's) —
  // an address naming no action is 404 for them. The public pages are everyone's.
  p('/workspace/hotspots', only([...LEADERS, ...MODERATORS])),
  p('/workspace/hotspots/adopt', only(MODERATORS)),
  p('/workspace/actions/[id]', only([...HANDLERS, ...MODERATORS], 'notfound'), () => `/workspace/actions/${NO_ACTION}`),
  p('/actions', everyone()),
  p('/actions/[id]', everyone('notfound'), () => `/actions/${NO_ACTION}`),
];

// ─────────────────────────────────────────── API routes ──────────────────────────────────────────

export type Body = { data: unknown } | { form: Record<string, string> };
export interface ApiRow {
  route: string;
  url: (f: Fixtures) => string;
  body?: (f: Fixtures) => Body;
  expect: Cells;
  also?: Array<{ label: string; url: (f: Fixtures) => string; body?: (f: Fixtures) => Body; expect: Cells }>;
}

const a = (route: string, expect: Cells, url?: (f: Fixtures) => string, body?: (f: Fixtures) => Body): ApiRow => ({
  route, expect, url: url ?? (() => route.split(' ')[1]!), ...(body ? { body } : {}),
});
const data = (value: unknown) => () => ({ data: value });
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
/** Far ahead of any real version: an allowed party gets 409 and nothing changes. */
const STALE = 999_999;
/** An update id no interview has (图文直播). */
const NO_UPDATE = '00000000-0000-4000-8000-000000000000';

export const API_ROWS: ApiRow[] = [
  a('GET /api/health', everyone()),
  // Any /api/v1 address no route serves: the API's JSON 404 for everyone, whatever the method.
  ...(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).map((method) => a(`${method} /api/v1/[...path]`, everyone('notfound'), () => '/api/v1/no/such-endpoint')),
  a('GET /api/v1/openapi.json', everyone()),
  a('GET /api/v1/departments', everyone()),
  a('GET /api/v1/stats', everyone()),
  a('GET /stats/export.csv', everyone()),
  a('GET /stats/charts/[chart]', everyone(), () => '/stats/charts/letters-month.svg'),
  a('GET /api/v1/stats/departments', everyone()),
  a('GET /stats/departments/export.csv', everyone()),
  a('GET /feeds/archive.xml', everyone()),
  a('GET /feeds/disclosure.xml', everyone()),
  a('GET /feeds/interviews.xml', everyone()),
  // 添加到日历 (issue 16 item 6): a public interview's .ics for anyone; a draft has none, for staff neither.
  { ...a('GET /interviews/[slug]/calendar.ics', everyone(), (f) => `/interviews/${f.interview.slug}/calendar.ics`),
    also: [{ label: 'a draft interview', url: (f) => `/interviews/${f.draftInterview.slug}/calendar.ics`, expect: everyone('notfound') }] },
  a('GET /sitemap.xml', everyone()), // app/sitemap.ts: a metadata route, no route.ts
  a('GET /manifest.webmanifest', everyone()), // app/manifest.ts: the web app manifest, a metadata route
  // next-auth: the session document for everyone; sign-in with a malformed login is refused before next-auth runs.
  a('GET /api/auth/[...nextauth]', everyone(), () => '/api/auth/session'),
  a('POST /api/auth/[...nextauth]', everyone('passes'), () => '/api/auth/callback/credentials', () => ({ form: { login: '', password: 'x', json: 'true' } })),
  // Registration is for visitors (a signed-in user gets 409 "already signed in"); the body is invalid on purpose.
  a('POST /api/v1/register', everyone('passes'), undefined, data({ name: '', login: '', password: '' })),
  // Accounts (issue 13). Bodies invalid on purpose: allowed parties get through to validation (422), nothing changes.
  a('POST /api/v1/password-reset', everyone('passes'), undefined, data({ login: '' })),
  a('POST /api/v1/password-reset/[token]', everyone('passes'), () => `/api/v1/password-reset/${'A'.repeat(43)}`, data({ password: '' })),
  a('POST /api/v1/invitations/[token]', everyone('passes'), () => `/api/v1/invitations/${'A'.repeat(43)}`, data({ password: '' })),
  a('GET /api/v1/account', signedIn()),
  a('PATCH /api/v1/account', signedIn('passes'), undefined, data({ currentPassword: '', email: '' })),
  a('POST /api/v1/account/password', signedIn('passes'), undefined, data({ currentPassword: '', newPassword: '' })),
  a('PUT /api/v1/account/notifications', signedIn('passes'), undefined, data({ emailMuted: ['no.such.kind'] })),
  a('POST /api/v1/account/sign-out-everywhere', signedIn('passes'), undefined, data({ confirm: false })),
  // 我的订阅: citizens only (staff do not subscribe).
  a('GET /api/v1/account/subscriptions', only(CITIZENS, 'ok')),

  // Letters.
  // Without ?scope the list is the writer's own letters (staff read their queues with scope=triage|department).
  a('GET /api/v1/letters', only(CITIZENS)),
  // The staff queue as CSV (issue 14): whoever has a queue — moderators the triage desk, handlers and leaders their department's.
  a('GET /api/v1/letters/export.csv', only([...HANDLERS, ...MODERATORS])),
  // Citizens write; staff with letters.intake enter a letter for a person (issue 17): both refused here for the body.
  a('POST /api/v1/letters', only([...CITIZENS, ...INTAKE], 'passes'), undefined, data({ kind: 'inquiry', title: '短', body: '太短', consentToPublish: false })),
  a('POST /api/v1/letters/claim', only(CITIZENS, 'passes'), undefined, data({ trackingNo: '1', queryCode: '1' })),
  // Only its writer and the staff who may work it read a letter here (404 for everyone else, not 401). A query code
  // in the URL is refused for everyone (400): look-ups by code are POSTed, so the code stays out of logs and history.
  { ...a('GET /api/v1/letters/[trackingNo]', cells('notfound', { citizen: 'ok', handler: 'ok', moderator: 'ok', admin: 'ok' }), (f) => `/api/v1/letters/${f.letter}`),
    also: [
      { label: 'with its query code in the URL', url: (f) => `/api/v1/letters/${f.letter}?code=${f.letterCode}`, expect: everyone('passes') },
    ] },
  // With the 6-digit query code anyone reads the citizen-safe view (masked), signed in or not; a wrong code is 404.
  { ...a('POST /api/v1/letters/lookup', everyone(), undefined, (f) => ({ data: { trackingNo: f.letter, code: f.letterCode } })),
    also: [
      { label: 'with a wrong query code', url: () => '/api/v1/letters/lookup', body: (f) => ({ data: { trackingNo: f.letter, code: wrongCode(f.letterCode) } }), expect: everyone('notfound') },
    ] },
  // A valid reply at a stale version: the department's handler gets through to the version check (409).
  a('POST /api/v1/letters/[trackingNo]/actions', signedIn('notfound', { citizen: 'forbidden', handler: 'passes', moderator: 'forbidden', admin: 'forbidden' }),
    (f) => `/api/v1/letters/${f.letter}/actions`, data({ action: 'reply', body: '您好！经核查，情况属实，已责令整改。', version: STALE })),
  // Duplicates for staff (issue 17 item 5): moderators and admins only; citizens (its writer too) and handlers 403.
  a('GET /api/v1/letters/[trackingNo]/duplicates', only(MODERATORS), (f) => `/api/v1/letters/${f.letter}/duplicates`),
  // Attachments (issue 17 item 2): the writer and the staff who may work the letter add them (an empty JSON body
  // gets through to the multipart check, 400); everyone else is told the letter does not exist, before any upload is read.
  a('POST /api/v1/letters/[trackingNo]/attachments', signedIn('notfound', { citizen: 'passes', handler: 'passes', moderator: 'passes', admin: 'passes' }),
    (f) => `/api/v1/letters/${f.letter}/attachments`, data({})),
  // Read by the writer and the case's staff only (as the letter), by anyone with the query code (POSTed), never others.
  a('GET /api/v1/attachments/[id]', cells('notfound', { citizen: 'ok', handler: 'ok', moderator: 'ok', admin: 'ok' }),
    (f) => `/api/v1/attachments/${f.letterAttachment}`),
  { ...a('POST /api/v1/letters/[trackingNo]/attachments/[id]', everyone(), (f) => `/api/v1/letters/${f.letter}/attachments/${f.letterAttachment}`, (f) => ({ data: { code: f.letterCode } })),
    also: [
      { label: 'with a wrong query code', url: (f) => `/api/v1/letters/${f.letter}/attachments/${f.letterAttachment}`, body: (f) => ({ data: { code: wrongCode(f.letterCode) } }), expect: everyone('notfound') },
    ] },
  a('GET /open311/v2/discovery.json', everyone()),
  a('GET /open311/v2/services.json', everyone()),
  a('GET /open311/v2/services/[code]', everyone(), () => '/open311/v2/services/complaint.json'),
  a('GET /open311/v2/requests.json', everyone()),
  a('POST /open311/v2/requests.json', only(CITIZENS, 'passes'), undefined, () => ({ form: { service_code: 'inquiry', description: '短' } })),
  a('GET /open311/v2/requests/[id]', everyone(), (f) => `/open311/v2/requests/${f.open311Request}.json`),
  a('GET /open311/v2/[document]', everyone('passes'), () => '/open311/v2/discovery.xml'),
  a('POST /open311/v2/[document]', everyone('passes'), () => '/open311/v2/requests.xml', () => ({ form: {} })),

  // Interviews.
  a('GET /api/v1/interviews', everyone()),
  a('POST /api/v1/interviews', only(MODERATORS, 'passes'), undefined, data({ title: '' })),
  { ...a('GET /api/v1/interviews/[id]', everyone(), (f) => `/api/v1/interviews/${f.interview.id}`),
    also: [{ label: 'a draft interview', url: (f) => `/api/v1/interviews/${f.draftInterview.id}`, expect: DRAFT_INTERVIEW }] },
  a('PATCH /api/v1/interviews/[id]', only(MODERATORS, 'passes'), (f) => `/api/v1/interviews/${f.interview.id}`, data({ version: STALE, title: '授权矩阵测试访谈（改）' })),
  a('POST /api/v1/interviews/[id]/actions', only(MODERATORS, 'passes'), (f) => `/api/v1/interviews/${f.interview.id}/actions`, data({ action: 'publish' })),
  { ...a('GET /api/v1/interviews/[id]/events', everyone(), (f) => `/api/v1/interviews/${f.interview.id}/events?sinceSeq=0`),
    also: [{ label: 'a draft interview', url: (f) => `/api/v1/interviews/${f.draftInterview.id}/events?sinceSeq=0`, expect: DRAFT_INTERVIEW }] },
  // The pending-question queue is for moderators and this interview's guests; to everyone else it does not exist.
  a('GET /api/v1/interviews/[id]/questions', cells('notfound', { moderator: 'ok', admin: 'ok', guestLeader: 'ok' }), (f) => `/api/v1/interviews/${f.interview.id}/questions`),
  a('POST /api/v1/interviews/[id]/questions', only(CITIZENS, 'ok'), (f) => `/api/v1/interviews/${f.interview.id}/questions`, () => ({ data: { body: `授权矩阵提问 ${Math.random().toString(36).slice(2, 8)}` } })),
  a('POST /api/v1/interviews/[id]/questions/assign', only(MODERATORS, 'passes'), (f) => `/api/v1/interviews/${f.interview.id}/questions/assign`, (f) => ({ data: { guestId: f.users.guestLeader } })),
  // 订阅提醒: citizens subscribe to a public interview (idempotent, so both cells are ok); a draft does not exist.
  { ...a('POST /api/v1/interviews/[id]/subscription', only(CITIZENS, 'ok'), (f) => `/api/v1/interviews/${f.interview.id}/subscription`),
    also: [{ label: 'a draft interview', url: (f) => `/api/v1/interviews/${f.draftInterview.id}/subscription`, expect: only(CITIZENS, 'notfound') }] },
  { ...a('DELETE /api/v1/interviews/[id]/subscription', only(CITIZENS, 'ok'), (f) => `/api/v1/interviews/${f.interview.id}/subscription`),
    also: [{ label: 'a draft interview', url: (f) => `/api/v1/interviews/${f.draftInterview.id}/subscription`, expect: only(CITIZENS, 'notfound') }] },
  // 意见征集: moderators draft and run them; citizens comment and subscribe. Bodies that stop at validation or state
  // (422/409) so the cells change nothing.
  a('GET /api/v1/consultations', everyone()),
  a('POST /api/v1/consultations', only(MODERATORS, 'passes'), undefined, data({ title: '' })),
  { ...a('GET /api/v1/consultations/[id]', everyone(), (f) => `/api/v1/consultations/${f.consultation.id}`),
    also: [{ label: 'a draft consultation', url: (f) => `/api/v1/consultations/${f.draftConsultation.id}`, expect: DRAFT_CONSULTATION }] },
  a('PUT /api/v1/consultations/[id]', only(MODERATORS, 'passes'), (f) => `/api/v1/consultations/${f.draftConsultation.id}`, data({ version: STALE })),
  a('POST /api/v1/consultations/[id]/actions', only(MODERATORS, 'passes'), (f) => `/api/v1/consultations/${f.consultation.id}/actions`, data({ action: 'open' })),
  { ...a('POST /api/v1/consultations/[id]/comments', only(CITIZENS, 'passes'), (f) => `/api/v1/consultations/${f.consultation.id}/comments`, data({ body: '' })),
    also: [{ label: 'a draft consultation', url: (f) => `/api/v1/consultations/${f.draftConsultation.id}/comments`, body: data({ body: '草稿征集里的意见。' }), expect: only(CITIZENS, 'notfound') }] },
  { ...a('POST /api/v1/consultations/[id]/subscription', only(CITIZENS, 'ok'), (f) => `/api/v1/consultations/${f.consultation.id}/subscription`),
    also: [{ label: 'a draft consultation', url: (f) => `/api/v1/consultations/${f.draftConsultation.id}/subscription`, expect: only(CITIZENS, 'notfound') }] },
  a('DELETE /api/v1/consultations/[id]/subscription', only(CITIZENS, 'ok'), (f) => `/api/v1/consultations/${f.consultation.id}/subscription`),
  // Attachments: moderators list them, upload (a JSON body gets through to the multipart check, 400) and remove (a
  // file this consultation does not have: 404); everyone else 403 (visitors 401).
  a('GET /api/v1/consultations/[id]/attachments', only(MODERATORS), (f) => `/api/v1/consultations/${f.consultation.id}/attachments`),
  a('POST /api/v1/consultations/[id]/attachments', only(MODERATORS, 'passes'), (f) => `/api/v1/consultations/${f.consultation.id}/attachments`, data({})),
  a('DELETE /api/v1/consultations/[id]/attachments/[fileId]', only(MODERATORS, 'notfound'), (f) => `/api/v1/consultations/${f.consultation.id}/attachments/${NO_UPDATE}`),
  // A disposition of a pending comment while open: 409 for the moderators, nothing changes.
  a('POST /api/v1/consultation-comments/[id]/actions', only(MODERATORS, 'passes'), (f) => `/api/v1/consultation-comments/${f.consultationComment}/actions`, data({ action: 'dispose', disposition: 'adopted' })),
  a('POST /api/v1/interviews/[id]/remarks', only(MODERATORS, 'passes'), (f) => `/api/v1/interviews/${f.interview.id}/remarks`, data({ body: '' })),
  // 图文直播: moderators post (the fixture is announced, not live, and the row sends JSON: 400) and retract (an
  // unknown update: 404); a photo is public once posted (none exists here: 404 for everyone).
  a('POST /api/v1/interviews/[id]/updates', only(MODERATORS, 'passes'), (f) => `/api/v1/interviews/${f.interview.id}/updates`, data({ body: '' })),
  a('DELETE /api/v1/interviews/[id]/updates/[updateId]', only(MODERATORS, 'notfound'), (f) => `/api/v1/interviews/${f.interview.id}/updates/${NO_UPDATE}`),
  a('GET /api/v1/interviews/[id]/updates/[updateId]/image', everyone('notfound'), (f) => `/api/v1/interviews/${f.interview.id}/updates/${NO_UPDATE}/image`),
  // Live polls (issue 16, item 4): moderators open and close; an empty poll and an unknown action are refused after authorisation.
  a('POST /api/v1/interviews/[id]/polls', only(MODERATORS, 'passes'), (f) => `/api/v1/interviews/${f.interview.id}/polls`, data({ question: '', options: [] })),
  a('POST /api/v1/polls/[id]/actions', only(MODERATORS, 'passes'), () => '/api/v1/polls/no-such-poll/actions', data({ action: 'reopen' })),
  a('POST /api/v1/questions/[id]/actions', only(MODERATORS, 'passes'), (f) => `/api/v1/questions/${f.question}/actions`, data({ action: 'approve' })),
  a('POST /api/v1/questions/[id]/answer', only(['guestLeader'], 'passes'), (f) => `/api/v1/questions/${f.question}/answer`, data({ body: '今年十月开始集中整治，欢迎监督。' })),
  // 更正: the answer's author or a moderator (issue 12, item 7); the fixture's question is unanswered, so both get 409.
  a('PUT /api/v1/questions/[id]/answer', only(['guestLeader', 'moderator', 'admin'], 'passes'), (f) => `/api/v1/questions/${f.question}/answer`, data({ body: '更正：今年十一月开始集中整治。' })),
  a('PUT /api/v1/questions/[id]/draft', only(['guestLeader'], 'ok'), (f) => `/api/v1/questions/${f.question}/draft`, data({ body: '草稿：今年十月开始。' })),
  a('GET /api/v1/questions/assigned', only(LEADERS)),

  // Archive.
  a('GET /api/v1/archive', everyone()),
  a('GET /api/v1/archive/[id]', everyone(), (f) => `/api/v1/archive/${f.entry}`),
  a('POST /api/v1/archive/similar', everyone(), undefined, data({ title: '图书馆开放时间', body: '周末图书馆几点开门？' })),
  // 诉求分类 (lib/topics): the public tree and the suggestion while writing.
  a('GET /api/v1/topics', everyone()),
  a('POST /api/v1/topics/suggest', everyone(), undefined, data({ title: '景区门票', body: '景区门票预约不上' })),
  // 所在区 (issue 17 item 3): the admin's list and edits, under admin.categories as the topic tree; refused here for the body.
  a('GET /api/v1/admin/districts', only(['admin'])),
  a('POST /api/v1/admin/districts', only(['admin'], 'passes'), undefined, data({ code: '', name: '' })),
  a('PATCH /api/v1/admin/districts/[id]', only(['admin'], 'passes'), () => '/api/v1/admin/districts/1', data({ name: '' })),
  a('POST /api/v1/archive/[id]/flags', signedIn('ok'), (f) => `/api/v1/archive/${f.entry}/flags`, data({ reason: '内容含有未隐去的个人信息，请核查。' })),
  // The letter is not answered yet: a curator gets through to that check.
  a('POST /api/v1/archive/entries', only(CURATORS, 'passes'), undefined, (f) => ({ data: { letter: f.letter } })),
  a('PATCH /api/v1/archive/entries/[id]', only(CURATORS, 'passes'), (f) => `/api/v1/archive/entries/${f.entry}`, data({ version: STALE, publicTitle: '授权矩阵测试标题' })),
  // Masked images (issue 17 item 2): an empty region list is refused after authorisation; no such copy to remove.
  a('POST /api/v1/archive/entries/[id]/attachments', only(CURATORS, 'passes'), (f) => `/api/v1/archive/entries/${f.entry}/attachments`, data({ attachmentId: NO_ACTION, regions: [] })),
  a('DELETE /api/v1/archive/entries/[id]/attachments/[attachmentId]', only(CURATORS, 'notfound'), (f) => `/api/v1/archive/entries/${f.entry}/attachments/${NO_ACTION}`),
  a('GET /api/v1/archive/attachments/[id]', everyone('notfound'), () => `/api/v1/archive/attachments/${NO_ACTION}`),
  a('POST /api/v1/archive/entries/[id]/actions', only(CURATORS, 'passes'), (f) => `/api/v1/archive/entries/${f.entry}/actions`, data({ action: 'unpublish', reason: '授权矩阵测试', version: STALE })),

  // Disclosure.
  a('GET /api/v1/disclosure/categories', everyone()),
  a('GET /api/v1/disclosure/items', everyone()),
  a('GET /api/v1/disclosure/items/[id]', everyone(), (f) => `/api/v1/disclosure/items/${f.item}`),
  a('GET /api/v1/disclosure/annual-report', cells('notfound', { moderator: 'ok', admin: 'ok' }), (f) => `/api/v1/disclosure/annual-report?year=${f.year}`),
  a('GET /disclosure/files/[id]', signedIn('notfound', { visitor: 'notfound', citizen: 'ok', moderator: 'ok', admin: 'ok' }), (f) => `/disclosure/files/${f.file}`),
  // Without ?scope the list is the applicant's own (the disclosure office reads its queue with scope=queue).
  a('GET /api/v1/disclosure/applications', only(CITIZENS)),
  // The disclosure office's queue as CSV (disclosure.handle).
  a('GET /api/v1/disclosure/applications/export.csv', only(MODERATORS)),
  // Citizens apply; staff with disclosure.intake enter an application for an applicant (issue 17): both refused here for the body.
  a('POST /api/v1/disclosure/applications', only([...CITIZENS, ...INTAKE], 'passes'), undefined, data({ applicantType: 'person', applicantName: '', form: 'electronic', description: '短' })),
  a('POST /api/v1/disclosure/applications/claim', only(CITIZENS, 'passes'), undefined, data({ trackingNo: '1', queryCode: '1' })),
  a('GET /api/v1/disclosure/applications/[trackingNo]', signedIn('notfound', { citizen: 'ok', moderator: 'ok', admin: 'ok' }), (f) => `/api/v1/disclosure/applications/${f.application}`),
  a('POST /api/v1/disclosure/applications/[trackingNo]/actions', signedIn('notfound', { citizen: 'forbidden', moderator: 'passes', admin: 'passes' }),
    (f) => `/api/v1/disclosure/applications/${f.application}/actions`, data({ action: 'register', version: STALE })),

  // Accountability (issue 14): the supervision board (a leader reads the own department's letters) and the radar.
  a('GET /api/v1/supervision', only([...LEADERS, ...MODERATORS])),
  a('GET /api/v1/supervision/export.csv', only([...LEADERS, ...MODERATORS])),
  a('GET /api/v1/hotspots', only([...LEADERS, ...MODERATORS])),
  a('GET /api/v1/actions', everyone()),
  a('POST /api/v1/actions', only(MODERATORS, 'passes'), undefined, data({ title: '' })),
  a('GET /api/v1/actions/[id]', everyone('notfound'), () => `/api/v1/actions/${NO_ACTION}`),
  a('PATCH /api/v1/actions/[id]', only(MODERATORS, 'passes'), () => `/api/v1/actions/${NO_ACTION}`, data({ title: '' })),
  a('POST /api/v1/actions/[id]/milestones', only([...HANDLERS, ...MODERATORS], 'passes'), () => `/api/v1/actions/${NO_ACTION}/milestones`, data({ action: 'finish' })),
  a('GET /api/v1/compliance', only(MODERATORS)),

  // Administration.
  a('GET /api/v1/admin/users', only(['admin'])),
  a('PATCH /api/v1/admin/users/[id]', only(['admin'], 'ok'), (f) => `/api/v1/admin/users/${f.users.spare}`, data({ status: 'active' })),
  a('POST /api/v1/admin/users/[id]/password-reset', only(['admin'], 'notfound'), () => '/api/v1/admin/users/no-such-user/password-reset'),
  a('GET /api/v1/admin/invitations', only(['admin'])),
  a('POST /api/v1/admin/invitations', only(['admin'], 'passes'), undefined, data({ email: '', name: '', role: 'handler' })),
  a('DELETE /api/v1/admin/invitations/[id]', only(['admin'], 'notfound'), () => '/api/v1/admin/invitations/no-such-invitation'),
  a('GET /api/v1/admin/calendar', only(['admin'])),
  a('GET /api/v1/admin/outbox', only(['admin'])),
  a('GET /api/v1/admin/tokens', only(['admin'])),
  // An empty name and no scopes: the admin gets 422 and no token is made.
  a('POST /api/v1/admin/tokens', only(['admin'], 'passes'), undefined, data({ name: '', scopes: [] })),
  a('DELETE /api/v1/admin/tokens/[id]', only(['admin'], 'notfound'), () => '/api/v1/admin/tokens/00000000-0000-4000-8000-000000000000'),
  a('POST /api/v1/admin/calendar', only(['admin'], 'passes'), undefined, data({ day: '2030-01-05', kind: 'holiday', name: '' })),
  a('DELETE /api/v1/admin/calendar', only(['admin'], 'passes'), () => '/api/v1/admin/calendar?day=not-a-day'),
  a('GET /api/v1/admin/deadlines', only(['admin'])),
  a('GET /api/v1/admin/accountability-settings', only(['admin'])),
  a('PUT /api/v1/admin/accountability-settings', only(['admin'], 'passes'), undefined, data({ dueSoon: 0, urgeInterval: 0, ratingReminder: 0, autoClose: 0 })),
  a('GET /api/v1/admin/organisation', only(['admin'])),
  a('PATCH /api/v1/admin/organisation', only(['admin'], 'passes'), undefined, data({ email: 'x' })),
  a('GET /api/v1/admin/departments', only(['admin'])),
  a('POST /api/v1/disclosure/reviews', only(CURATORS, 'passes'), undefined, data({ kind: 'appeal', filedOn: '', outcome: '' })),
  a('POST /api/v1/admin/departments', only(['admin'], 'passes'), undefined, data({ name: '' })),
  a('PATCH /api/v1/admin/departments/[id]', only(['admin'], 'passes'), () => '/api/v1/admin/departments/00000000-0000-4000-8000-000000000000', data({ name: '' })),
  a('PATCH /api/v1/admin/deadlines', only(['admin'], 'passes'), undefined, data({ inquiry: 0, suggestion: 0, complaint: 0, triage: 0 })),
];

// ────────────────────────────────────────── server actions ─────────────────────────────────────────

/** A form's fields, turned into FormData when the row runs. */
export class Form {
  constructor(readonly fields: Record<string, string>) {}
}
const form = (fields: Record<string, string> = {}) => new Form(fields);
/** The state a useActionState form starts with (its first argument after the bound ones). */
const START = { ok: false, message: null, fields: {} };

export interface ActionRow {
  action: string;
  /** A page whose bundle holds the action (the browser posts to the page it is on). */
  page: (f: Fixtures) => string;
  args: (f: Fixtures) => unknown[];
  expect: Cells;
}
const s = (action: string, expect: Cells, page: (f: Fixtures) => string, args: (f: Fixtures) => unknown[]): ActionRow => ({ action, expect, page, args });
const M = 'app/workspace/moderator';

export const ACTION_ROWS: ActionRow[] = [
  // Preferences are cookies of the browser, open to everyone (no actor).
  s('app/_actions/preferences.ts#setLocale', everyone(), () => '/', () => [form({ locale: 'zh-CN' })]),
  s('app/_actions/preferences.ts#setElderMode', everyone(), () => '/', () => [form({ elder: 'off' })]),
  // markAllReadAction returns nothing; for a visitor it does nothing (see app/notifications/actions.ts).
  s('app/notifications/actions.ts#markAllReadAction', everyone(), () => '/notifications', () => []),
  s('app/archive/actions.ts#flagEntryForm', signedIn('ok'), (f) => `/archive/${f.entry}`, (f) => [f.entry, START, form({ reason: '内容含有未隐去的个人信息，请核查。' })]),
  // The lookup form: anyone with the code, as a visitor whoever is signed in; a wrong code is not found.
  s('app/letters/lookup/actions.ts#lookupLetterForm', everyone(), () => '/letters/lookup', (f) => [START, form({ trackingNo: f.letter, code: f.letterCode })]),
  // The letter page's 补充附件 form, sent without files: its writer and the case's staff get through to "choose a file" (422).
  s('app/letters/actions.ts#letterAttachmentsForm', signedIn('notfound', { citizen: 'passes', handler: 'passes', moderator: 'passes', admin: 'passes' }),
    (f) => `/letters/${f.letter}`, (f) => [f.letter, START, form({})]),
  s('app/letters/actions.ts#letterActionForm', signedIn('notfound', { citizen: 'forbidden', handler: 'passes', moderator: 'forbidden', admin: 'forbidden' }),
    (f) => `/letters/${f.letter}`, (f) => [f.letter, START, form({ action: 'reply', body: '您好！经核查，情况属实，已责令整改。', version: String(STALE) })]),
  // The duplicates panel's one-step merge: moderators and admins get through to the input check (no such letter).
  s('app/letters/actions.ts#mergeDuplicateForm', only(MODERATORS, 'passes'), (f) => `/letters/${f.letter}`, (f) => [f.letter, START, form({ intoTrackingNo: 'x', version: String(STALE) })]),
  // 督办 on an application: the disclosure office (moderators, admins) gets through to the version check.
  s('app/disclosure/applications/actions.ts#applicationCaseActionForm', signedIn('notfound', { citizen: 'forbidden', moderator: 'passes', admin: 'passes' }),
    (f) => `/disclosure/applications/${f.application}`, (f) => [f.application, START, form({ action: 'supervise', note: '授权矩阵测试', targetDate: '2099-01-01', version: String(STALE) })]),
  s('app/workspace/letters/intake/actions.ts#enterLetterForm', only(INTAKE, 'passes'), () => '/workspace/letters/intake', () => [START, form({ title: '短' })]),
  s('app/workspace/citizen/claim/actions.ts#claimLetterForm', only(CITIZENS, 'passes'), () => '/workspace/citizen/claim', () => [START, form({ trackingNo: '1', queryCode: '1' })]),
  s('app/workspace/admin/actions.ts#saveUser', only(['admin']), () => '/workspace/admin', (f) => [START, form({ userId: f.users.spare, role: 'citizen', status: 'active' })]),
  s('app/workspace/admin/settings-actions.ts#saveOrganisation', only(['admin'], 'passes'), () => '/workspace/admin/organisation', () => [START, form({ email: 'x' })]),
  s('app/workspace/admin/settings-actions.ts#createDepartmentForm', only(['admin'], 'passes'), () => '/workspace/admin/departments', () => [START, form({ name: '' })]),
  s('app/workspace/admin/settings-actions.ts#updateDepartmentForm', only(['admin'], 'passes'), () => '/workspace/admin/departments', () => [START, form({ id: '00000000-0000-4000-8000-000000000000', name: '' })]),
  s('app/workspace/admin/settings-actions.ts#setDepartmentActive', only(['admin'], 'passes'), () => '/workspace/admin/departments', () => [START, form({ id: '00000000-0000-4000-8000-000000000000', active: 'false', moveOpenTo: 'not-a-department' })]),
  s('app/workspace/admin/settings-actions.ts#createCategoryForm', only(['admin'], 'passes'), () => '/workspace/admin/categories', () => [START, form({ name: '' })]),
  s('app/workspace/admin/settings-actions.ts#updateCategoryForm', only(['admin'], 'passes'), () => '/workspace/admin/categories', () => [START, form({ code: '01', name: '', sortOrder: '' })]),
  // 诉求分类: an invalid id (0) reaches the validation after the permission check.
  s('app/workspace/admin/topics/actions.ts#createTopicForm', only(['admin'], 'passes'), () => '/workspace/admin/topics', () => [START, form({ name: '' })]),
  s('app/workspace/admin/topics/actions.ts#updateTopicForm', only(['admin'], 'passes'), () => '/workspace/admin/topics', () => [START, form({ id: '0', name: '' })]),
  s('app/workspace/admin/topics/actions.ts#moveTopicForm', only(['admin'], 'passes'), () => '/workspace/admin/topics', () => [START, form({ id: '0', parentId: '' })]),
  s('app/workspace/admin/topics/actions.ts#setTopicActiveForm', only(['admin'], 'passes'), () => '/workspace/admin/topics', () => [START, form({ id: '0', active: 'false' })]),
  s('app/workspace/admin/districts/actions.ts#createDistrictForm', only(['admin'], 'passes'), () => '/workspace/admin/districts', () => [START, form({ code: '', name: '' })]),
  s('app/workspace/admin/districts/actions.ts#updateDistrictForm', only(['admin'], 'passes'), () => '/workspace/admin/districts', () => [START, form({ id: '0', name: '' })]),
  s('app/workspace/admin/districts/actions.ts#setDistrictActiveForm', only(['admin'], 'passes'), () => '/workspace/admin/districts', () => [START, form({ id: '0', active: 'false' })]),
  s('app/workspace/templates/actions.ts#createTemplateForm', only([...HANDLERS, 'moderator', 'admin'], 'passes'), () => '/workspace/templates', () => [START, form({ title: '', body: '' })]),
  s('app/workspace/templates/actions.ts#updateTemplateForm', only([...HANDLERS, 'moderator', 'admin'], 'passes'), () => '/workspace/templates', () => [START, form({ id: '-1', title: '', body: '' })]),
  s('app/workspace/templates/actions.ts#deleteTemplateForm', only([...HANDLERS, 'moderator', 'admin'], 'notfound'), () => '/workspace/templates', () => [START, form({ id: '-1' })]),
  s('app/workspace/admin/tokens/actions.ts#createTokenAction', only(['admin'], 'passes'), () => '/workspace/admin/tokens', () => [START, form({ name: '' })]),
  s('app/workspace/admin/tokens/actions.ts#revokeTokenAction', only(['admin'], 'notfound'), () => '/workspace/admin/tokens', () => [START, form({ id: '00000000-0000-4000-8000-000000000000' })]),
  s('app/workspace/admin/accountability/actions.ts#saveAccountabilitySettings', only(['admin'], 'passes'), () => '/workspace/admin/accountability', () => [START, form({ dueSoon: '0', urgeInterval: '0', ratingReminder: '0', autoClose: '0' })]),
  s('app/workspace/admin/calendar/actions.ts#saveDeadlines', only(['admin'], 'passes'), () => '/workspace/admin/calendar', () => [START, form({ inquiry: '0', suggestion: '0', complaint: '0', triage: '0' })]),
  s('app/workspace/admin/calendar/actions.ts#saveYear', only(['admin'], 'passes'), () => '/workspace/admin/calendar', () => [START, form({ year: '1900', status: 'announced', source: '' })]),
  s('app/workspace/admin/calendar/actions.ts#saveDay', only(['admin'], 'passes'), () => '/workspace/admin/calendar', () => [START, form({ day: '2030-01-05', kind: 'holiday', name: '' })]),
  s('app/workspace/admin/calendar/actions.ts#deleteDay', only(['admin'], 'passes'), () => '/workspace/admin/calendar', () => [START, form({ day: 'not-a-day' })]),
  // The guest's desk: the interview is announced, not live, so the guest gets through to that check.
  s('app/workspace/leader/interviews/actions.ts#answeringForm', only(['guestLeader'], 'passes'), (f) => `/workspace/leader/interviews/${f.interview.id}`, (f) => [f.interview.id, f.question, START, form()]),
  s('app/workspace/leader/interviews/actions.ts#saveDraftAction', only(['guestLeader']), (f) => `/workspace/leader/interviews/${f.interview.id}`, (f) => [f.question, '草稿：今年十月开始。']),
  s('app/workspace/leader/interviews/actions.ts#publishAnswerForm', only(['guestLeader'], 'passes'), (f) => `/workspace/leader/interviews/${f.interview.id}`, (f) => [f.interview.id, f.question, START, form({ body: '今年十月开始集中整治，欢迎监督。' })]),
  s('app/workspace/leader/interviews/actions.ts#correctAnswerForm', only(['guestLeader', 'moderator', 'admin'], 'passes'), (f) => `/workspace/leader/interviews/${f.interview.id}`, (f) => [f.interview.id, f.question, START, form({ body: '更正：今年十一月开始集中整治。' })]),
  s(`${M}/annual-report/actions.ts#saveReportForm`, only(CURATORS, 'passes'), (f) => `/workspace/moderator/annual-report/${f.year}`, (f) => [START, form({ year: String(f.year), version: String(STALE) })]),
  s(`${M}/annual-report/actions.ts#publishReportForm`, only(CURATORS, 'passes'), (f) => `/workspace/moderator/annual-report/${f.year}`, (f) => [START, form({ year: String(f.year), version: String(STALE) })]),
  s(`${M}/annual-report/actions.ts#refreshFiguresForm`, only(CURATORS, 'passes'), (f) => `/workspace/moderator/annual-report/${f.year}`, (f) => [START, form({ year: String(f.year), version: String(STALE) })]),
  s(`${M}/annual-report/actions.ts#recordReviewForm`, only(CURATORS, 'passes'), (f) => `/workspace/moderator/annual-report/${f.year}`, (f) => [START, form({ year: String(f.year), kind: 'appeal', filedOn: '', outcome: '' })]),
  s(`${M}/annual-report/actions.ts#setReasonCodeForm`, only(CURATORS, 'passes'), (f) => `/workspace/moderator/annual-report/${f.year}`, (f) => [START, form({ year: String(f.year), trackingNo: 'GK00000000000', reasonCode: '' })]),
  s(`${M}/annual-report/actions.ts#saveFiguresForm`, only(CURATORS, 'passes'), (f) => `/workspace/moderator/annual-report/${f.year}`, (f) => [START, form({ year: String(f.year), 'figures.fees.amount': '-1' })]),
  s(`${M}/archive/actions.ts#createEntryForm`, only(CURATORS, 'passes'), () => '/workspace/moderator/archive', (f) => [START, form({ source: 'letter', ref: f.letter })]),
  s(`${M}/archive/actions.ts#saveEntryForm`, only(CURATORS, 'passes'), (f) => `/workspace/moderator/archive/${f.entry}`, (f) => [f.entry, START, form({ version: String(STALE), publicTitle: '授权矩阵测试标题', publicBody: '授权矩阵测试内容。', publicAnswer: '授权矩阵测试答复。', category: '', maskedTerms: '' })]),
  s(`${M}/archive/actions.ts#markTermForm`, only(CURATORS, 'passes'), (f) => `/workspace/moderator/archive/${f.entry}`, (f) => [f.entry, [], START, form({ term: '李四海', version: String(STALE) })]),
  s(`${M}/archive/actions.ts#includeAttachmentForm`, only(CURATORS, 'passes'), (f) => `/workspace/moderator/archive/${f.entry}`, (f) => [f.entry, NO_ACTION, START, form({ regions: '[]' })]),
  s(`${M}/archive/actions.ts#removeAttachmentForm`, only(CURATORS, 'notfound'), (f) => `/workspace/moderator/archive/${f.entry}`, (f) => [f.entry, NO_ACTION, START, form({})]),
  s(`${M}/archive/actions.ts#entryActionForm`, only(CURATORS, 'passes'), (f) => `/workspace/moderator/archive/${f.entry}`, (f) => [f.entry, START, form({ action: 'unpublish', reason: '授权矩阵测试', version: String(STALE) })]),
  // Dismisses the citizen's report: the first curator (moderator) succeeds, the second finds it handled (409).
  s(`${M}/archive/actions.ts#flagActionForm`, only(CURATORS, 'ok', 'forbidden', { admin: 'passes' }), () => '/workspace/moderator/archive/flags', (f) => [f.flag, START, form({ action: 'dismiss', resolution: '经核查，内容已隐去个人信息。' })]),
  s(`${M}/disclosure/actions.ts#createItemAction`, only(MODERATORS, 'passes'), () => '/workspace/moderator/disclosure/new', () => [START, form({ title: '' })]),
  s(`${M}/disclosure/actions.ts#updateItemAction`, only(MODERATORS, 'passes'), (f) => `/workspace/moderator/disclosure/items/${f.item}`, (f) => [f.item, START, form({ version: String(STALE), title: '' })]),
  s(`${M}/disclosure/actions.ts#itemAction`, only(MODERATORS, 'passes'), (f) => `/workspace/moderator/disclosure/items/${f.item}`, (f) => [f.item, START, form({ action: 'withdraw', reason: '授权矩阵测试', version: String(STALE) })]),
  s(`${M}/disclosure/actions.ts#savePageAction`, only(MODERATORS, 'passes'), () => '/workspace/moderator/disclosure/pages', () => [START, form({ key: 'guide', title: '政府信息公开指南', body: '授权矩阵测试。', version: String(STALE) })]),
  s(`${M}/disclosure/actions.ts#saveOfficeAction`, only(MODERATORS, 'passes'), () => '/workspace/moderator/disclosure/pages', () => [START, form({ disclosureOffice: '', phone: 'x' })]),
  s('app/consultations/actions.ts#commentForm', only(CITIZENS, 'passes'), (f) => `/consultations/${f.consultation.slug}`, (f) => [f.consultation.id, f.consultation.slug, START, form({ sectionIndex: '', body: '' })]),
  s('app/consultations/actions.ts#subscriptionForm', only(CITIZENS), (f) => `/consultations/${f.consultation.slug}`, (f) => [f.consultation.id, f.consultation.slug, START, form({ subscribe: 'on' })]),
  s('app/workspace/hotspots/actions.ts#adoptHotspotForm', only(MODERATORS, 'passes'), () => '/workspace/hotspots', () => [START, form({ title: '' })]),
  s('app/workspace/hotspots/actions.ts#updateActionForm', only(MODERATORS, 'passes'), () => '/workspace/hotspots', () => [NO_ACTION, START, form({ title: '' })]),
  s('app/workspace/hotspots/actions.ts#milestoneForm', only([...HANDLERS, ...MODERATORS], 'passes'), () => '/workspace/hotspots', () => [NO_ACTION, START, form({ action: 'finish' })]),
  s(`${M}/consultations/actions.ts#createConsultationForm`, only(MODERATORS, 'passes'), () => '/workspace/moderator/consultations', () => [START, form({ title: '' })]),
  s(`${M}/consultations/actions.ts#updateConsultationForm`, only(MODERATORS, 'passes'), (f) => `/workspace/moderator/consultations/${f.draftConsultation.id}`, (f) => [f.draftConsultation.id, START, form({ title: '', version: String(STALE) })]),
  s(`${M}/consultations/actions.ts#consultationActionForm`, only(MODERATORS, 'passes'), (f) => `/workspace/moderator/consultations/${f.consultation.id}`, (f) => [f.consultation.id, START, form({ action: 'open' })]),
  s(`${M}/consultations/actions.ts#commentActionForm`, only(MODERATORS, 'passes'), (f) => `/workspace/moderator/consultations/${f.consultation.id}`, (f) => [f.consultation.id, f.consultationComment, START, form({ action: 'dispose', disposition: 'adopted' })]),
  // Sent without a file: the moderators get through to "choose a PDF" (422).
  s(`${M}/consultations/actions.ts#uploadAttachmentForm`, only(MODERATORS, 'passes'), (f) => `/workspace/moderator/consultations/${f.consultation.id}`, (f) => [f.consultation.id, START, form({})]),
  s(`${M}/consultations/actions.ts#removeAttachmentForm`, only(MODERATORS, 'notfound'), (f) => `/workspace/moderator/consultations/${f.consultation.id}`, (f) => [f.consultation.id, START, form({ fileId: NO_UPDATE })]),
  s(`${M}/interviews/actions.ts#createInterviewForm`, only(MODERATORS, 'passes'), () => '/workspace/moderator/interviews', () => [START, form({ title: '' })]),
  s(`${M}/interviews/actions.ts#updateInterviewForm`, only(MODERATORS, 'passes'), (f) => `/workspace/moderator/interviews/${f.interview.id}/edit`, (f) => [f.interview.id, START, form({ version: String(STALE), title: '授权矩阵测试访谈（改）', summary: '授权矩阵测试用的访谈，介绍文旅市场秩序整治。', guestIds: f.users.guestLeader, scheduledStart: '2030-09-01T10:00', scheduledEnd: '2030-09-01T11:00' })]),
  s(`${M}/interviews/actions.ts#interviewActionForm`, only(MODERATORS, 'passes'), (f) => `/workspace/moderator/interviews/${f.interview.id}`, (f) => [f.interview.id, START, form({ action: 'publish' })]),
  s(`${M}/interviews/actions.ts#questionActionForm`, only(MODERATORS, 'passes'), (f) => `/workspace/moderator/interviews/${f.interview.id}`, (f) => [f.interview.id, f.question, START, form({ action: 'approve' })]),
  s(`${M}/interviews/actions.ts#remarkForm`, only(MODERATORS, 'passes'), (f) => `/workspace/moderator/interviews/${f.interview.id}`, (f) => [f.interview.id, START, form({ body: '' })]),
  s(`${M}/interviews/actions.ts#liveUpdateForm`, only(MODERATORS, 'passes'), (f) => `/workspace/moderator/interviews/${f.interview.id}`, (f) => [f.interview.id, START, form({ body: '' })]),
  s(`${M}/interviews/actions.ts#retractUpdateForm`, only(MODERATORS, 'notfound'), (f) => `/workspace/moderator/interviews/${f.interview.id}`, (f) => [f.interview.id, NO_UPDATE, START, form()]),
  s(`${M}/interviews/actions.ts#assignQuestionForm`, only(MODERATORS, 'passes'), (f) => `/workspace/moderator/interviews/${f.interview.id}`, (f) => [f.interview.id, f.question, START, form({ guestId: f.users.guestLeader })]),
  s(`${M}/interviews/actions.ts#assignAllForm`, only(MODERATORS, 'passes'), (f) => `/workspace/moderator/interviews/${f.interview.id}`, (f) => [f.interview.id, START, form({ guestId: f.users.guestLeader })]),
];

// ─────────────────────────────────────────── socket events ─────────────────────────────────────────

export interface SocketRow {
  event: string;
  payload: (f: Fixtures) => unknown;
  expect: Cells;
  also?: Array<{ label: string; payload: (f: Fixtures) => unknown; expect: Cells }>;
}

export const SOCKET_ROWS: SocketRow[] = [
  { event: 'session:whoami', payload: () => ({}), expect: everyone() },
  // A letter's room: its writer, the department it is assigned to, the triage desk; everyone else learns nothing.
  { event: 'letters:subscribe', payload: (f) => ({ trackingNo: f.letter }), expect: signedIn('notfound', { citizen: 'ok', handler: 'ok', moderator: 'ok', admin: 'ok' }),
    // The supervision board's room: readers of the board only (supervision.read).
    also: [{ label: 'the supervision board', payload: () => ({ supervision: true }), expect: only([...LEADERS, ...MODERATORS]) }] },
  // An application's room (its live pages): whoever may read it as GET /api/v1/disclosure/applications/{no} does.
  { event: 'applications:subscribe', payload: (f) => ({ trackingNo: f.application }), expect: signedIn('notfound', { citizen: 'ok', moderator: 'ok', admin: 'ok' }) },
  { event: 'interview:join', payload: (f) => ({ interviewId: f.interview.id, sinceSeq: 0 }), expect: everyone(),
    also: [{ label: 'a draft interview', payload: (f) => ({ interviewId: f.draftInterview.id, sinceSeq: 0 }), expect: DRAFT_INTERVIEW }] },
  { event: 'interview:leave', payload: (f) => ({ interviewId: f.interview.id }), expect: everyone() },
  // What is live (the home page's banner): public fields of public interviews, for anyone.
  { event: 'interviews:subscribe', payload: () => ({}), expect: everyone() },
  { event: 'question:ask', payload: (f) => ({ interviewId: f.interview.id, body: `授权矩阵提问 ${Math.random().toString(36).slice(2, 8)}` }), expect: only(CITIZENS),
    also: [{ label: 'a draft interview', payload: (f) => ({ interviewId: f.draftInterview.id, body: '草稿访谈里的提问？' }), expect: only(CITIZENS, 'notfound') }] },
  // Voting (同问) on the citizen's approved question.
  { event: 'question:vote', payload: (f) => ({ questionId: f.question }), expect: only(CITIZENS) },
  // Live polls: citizens (per account) and visitors (per signed device id) vote; staff accounts do not. The fixture
  // interview is not live, so no poll exists: the voters reach the lookup (not_found), staff are refused first.
  { event: 'poll:vote', payload: () => ({ pollId: 'no-such-poll', options: [0] }), expect: cells('forbidden', { visitor: 'notfound', citizen: 'notfound', otherCitizen: 'notfound' }) },
];
