import { expect, type APIRequestContext, type APIResponse, type PlaywrightWorkerArgs } from '@playwright/test';
import { DEMO_PASSWORD } from '../helpers';

import { PARTIES, type Party } from './parties';

export { PARTIES, type Party };

/**
 * The resources the matrix's rows point at, made through the real API as the right users (no database
 * shortcuts): the citizen's letter to the handler's department, an announced interview with leader@ as its
 * guest, the citizen's 依申请公开 application, and so on; and a signed-in request context per party.
 */

export interface Fixtures {
  /** Tracking number of the citizen's complaint, accepted into the handler's department. */
  letter: string;
  /** Its 6-digit query code (anyone may read the citizen-safe view with it). */
  letterCode: string;
  /** A PDF the citizen attached to that letter. */
  letterAttachment: string;
  /** An open311 service request id of a demo letter whose writer consented to publication. */
  open311Request: string;
  /** The announced interview with leader@ as its only guest. */
  interview: { id: string; slug: string };
  /** A draft interview (not announced) with leader@ as its guest. */
  draftInterview: { id: string; slug: string };
  /** The citizen's question in it, approved. */
  question: string;
  /** 意见征集: an open consultation (quota 50), a draft one, and the citizen's pending comment on the open one. */
  consultation: { id: string; slug: string };
  draftConsultation: { id: string; slug: string };
  consultationComment: string;
  /** A published archive entry (demo data) and the catalogue item of the disclosure column. */
  entry: string;
  item: string;
  /** An open report (举报) of the entry, by the citizen. */
  flag: string;
  /** The citizen's application; and the reply document of the citizen's answered demo application. */
  application: string;
  file: string;
  year: number;
  departments: { market: string; office: string; other: string; third: string };
  /** `spare` is a citizen account the admin rows change (an account change closes that account's sockets). */
  users: Record<'otherCitizen' | 'otherHandler' | 'otherLeader' | 'guestLeader' | 'spare', string>;
}

export type Sessions = Record<Party, APIRequestContext>;

/** The ids of freshly registered accounts; unique per run, so a reused database never collides. */
const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function ok<T>(response: APIResponse, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status(), `${response.url()} → ${text.slice(0, 300)}`).toBe(status);
  return JSON.parse(text) as T;
}

/** Signs in through next-auth's credentials endpoint, as the login form does; the context keeps the cookie. */
async function signIn(context: APIRequestContext, login: string, password = DEMO_PASSWORD) {
  const { csrfToken } = await ok<{ csrfToken: string }>(await context.get('/api/auth/csrf'));
  const response = await context.post('/api/auth/callback/credentials', { form: { csrfToken, login, password, json: 'true' } });
  expect(response.status(), `sign-in ${login}: ${await response.text()}`).toBe(200);
  const session = await ok<{ user?: { role: string } }>(await context.get('/api/auth/session'));
  expect(session.user, `session of ${login}`).toBeTruthy();
}

export async function createSessions(playwright: PlaywrightWorkerArgs['playwright'], baseURL: string): Promise<Sessions> {
  // A browser sends Origin on unsafe requests; the app's CSRF checks (and server actions') compare it with the host.
  const make = () => playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL }, maxRedirects: 0 });
  const entries = await Promise.all(PARTIES.map(async (p) => [p, await make()] as const));
  return Object.fromEntries(entries) as Sessions;
}

export async function createFixtures(s: Sessions): Promise<Fixtures> {
  await signIn(s.admin, 'admin@example.com');
  await signIn(s.citizen, 'citizen@example.com');
  await signIn(s.handler, 'handler@example.com');
  await signIn(s.guestLeader, 'leader@example.com');
  await signIn(s.moderator, 'moderator@example.com');

  const departments = (await ok<{ items: Array<{ id: string; name: string }> }>(await s.visitor.get('/api/v1/departments'))).items;
  const byName = (name: string) => departments.find((d) => d.name === name)!.id;
  const market = byName('文化市场管理处');
  const office = byName('办公室');
  const [other, third] = departments.map((d) => d.id).filter((id) => id !== market && id !== office);

  // Three more accounts: registered as citizens (by a visitor), then given their role by the admin.
  const register = async (name: string) => {
    const login = `authz-${name}-${stamp}@example.org`;
    const created = await ok<{ id: string }>(await s.visitor.post('/api/v1/register', { data: { name: `矩阵${name}`, login, password: 'secret1234' } }), 201);
    return { id: created.id, login };
  };
  const otherCitizen = await register('citizen');
  const otherHandler = await register('handler');
  const otherLeader = await register('leader');
  const spare = await register('spare');
  await ok(await s.admin.patch(`/api/v1/admin/users/${otherHandler.id}`, { data: { role: 'handler', departmentId: other } }));
  await ok(await s.admin.patch(`/api/v1/admin/users/${otherLeader.id}`, { data: { role: 'leader', departmentId: third } }));
  await signIn(s.otherCitizen, otherCitizen.login, 'secret1234');
  await signIn(s.otherHandler, otherHandler.login, 'secret1234');
  await signIn(s.otherLeader, otherLeader.login, 'secret1234');
  const leaders = await ok<{ items: Array<{ id: string; email: string }> }>(await s.admin.get('/api/v1/admin/users?role=leader'));
  const guestLeader = leaders.items.find((u) => u.email === 'leader@example.com')!.id;

  // The citizen's complaint, routed by the moderator to the handler's department (so it is the handler's work).
  const { trackingNo: letter, queryCode: letterCode } = await ok<{ trackingNo: string; queryCode: string }>(await s.citizen.post('/api/v1/letters', {
    data: { kind: 'complaint', departmentId: market, title: '授权矩阵测试来信', body: '某网吧接纳未成年人上网，请核查处理。这是授权矩阵测试的来信。', consentToPublish: false },
  }), 201);
  await ok(await s.moderator.post(`/api/v1/letters/${letter}/actions`, { data: { action: 'accept', departmentId: market } }));
  const attached = await ok<{ id: string }>(await s.citizen.post(`/api/v1/letters/${letter}/attachments`, {
    multipart: { file: { name: '授权矩阵.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') } },
  }), 201);
  const open311 = await ok<Array<{ service_request_id: string }>>(await s.visitor.get('/open311/v2/requests.json'));
  expect(open311.length, 'the demo data has published Open311 requests').toBeGreaterThan(0);

  // An announced interview with leader@ as its guest, and the citizen's approved question.
  const interview = await ok<{ id: string; slug: string }>(await s.moderator.post('/api/v1/interviews', {
    data: { title: '授权矩阵测试访谈', summary: '授权矩阵测试用的访谈，介绍文旅市场秩序整治。', guestIds: [guestLeader], scheduledStart: '2030-09-01T10:00:00+08:00', scheduledEnd: '2030-09-01T11:00:00+08:00' },
  }), 201);
  await ok(await s.moderator.post(`/api/v1/interviews/${interview.id}/actions`, { data: { action: 'announce' } }));
  const draftInterview = await ok<{ id: string; slug: string }>(await s.moderator.post('/api/v1/interviews', {
    data: { title: '授权矩阵测试访谈（草稿）', summary: '尚未发布预告的访谈，公众看不到。', guestIds: [guestLeader], scheduledStart: '2030-10-01T10:00:00+08:00', scheduledEnd: '2030-10-01T11:00:00+08:00' },
  }), 201);
  const question = await ok<{ id: string }>(await s.citizen.post(`/api/v1/interviews/${interview.id}/questions`, { data: { body: '文旅市场秩序整治什么时候开始？' } }), 201);
  await ok(await s.moderator.post(`/api/v1/questions/${question.id}/actions`, { data: { action: 'approve' } }));

  // An open consultation (of the market department), a draft one, and the citizen's comment waiting for moderation.
  const consultationBody = (title: string) => ({
    title, summary: '授权矩阵测试用的意见征集，请勿在意其中的内容。', departmentId: market, commentQuota: 50,
    sections: [{ heading: '第一条', body: '授权矩阵测试的征求意见稿正文。' }],
    opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: new Date(Date.now() + 40 * 86_400_000).toISOString(),
  });
  const consultation = await ok<{ id: string; slug: string }>(await s.moderator.post('/api/v1/consultations', { data: consultationBody('授权矩阵测试意见征集') }), 201);
  await ok(await s.moderator.post(`/api/v1/consultations/${consultation.id}/actions`, { data: { action: 'open' } }));
  const draftConsultation = await ok<{ id: string; slug: string }>(await s.moderator.post('/api/v1/consultations', { data: consultationBody('授权矩阵测试意见征集（草稿）') }), 201);
  const consultationComment = await ok<{ id: string }>(await s.citizen.post(`/api/v1/consultations/${consultation.id}/comments`, { data: { body: '授权矩阵测试的意见。' } }), 201);

  // The demo archive's published entries and catalogue items; a report of one entry by the citizen.
  const archive = await ok<{ items: Array<{ id: string }> }>(await s.visitor.get('/api/v1/archive'));
  const entry = archive.items[0]!.id;
  const items = await ok<{ items: Array<{ id: string }> }>(await s.visitor.get('/api/v1/disclosure/items'));
  const item = items.items[0]!.id;
  const flagged = await s.citizen.post(`/api/v1/archive/${entry}/flags`, { data: { reason: '内容含有未隐去的个人信息，请核查。' } });
  // 201, or 200 with the open report when a previous worker of this run made it already.
  const flag = await ok<{ id: string }>(flagged, flagged.status() === 200 ? 200 : 201);

  // The citizen's new application, and the reply document of the citizen's answered demo application.
  const application = await ok<{ trackingNo: string }>(await s.citizen.post('/api/v1/disclosure/applications', {
    data: { applicantType: 'person', applicantName: '陈市民', contactPhone: '13800000000', form: 'electronic', description: '请公开本局授权矩阵测试相关的政府信息内容。' },
  }), 201);
  const mine = await ok<{ items: Array<{ trackingNo: string }> }>(await s.citizen.get('/api/v1/disclosure/applications'));
  let file: string | undefined;
  for (const a of mine.items) {
    const detail = await ok<{ replyDocument: { id: string } | null }>(await s.citizen.get(`/api/v1/disclosure/applications/${a.trackingNo}`));
    if (detail.replyDocument) file = detail.replyDocument.id;
  }
  expect(file, 'the demo data has an answered application with a reply document').toBeTruthy();

  return {
    letter,
    letterCode,
    letterAttachment: attached.id,
    draftInterview: { id: draftInterview.id, slug: draftInterview.slug },
    open311Request: open311[0]!.service_request_id,
    interview: { id: interview.id, slug: interview.slug },
    question: question.id,
    consultation: { id: consultation.id, slug: consultation.slug },
    draftConsultation: { id: draftConsultation.id, slug: draftConsultation.slug },
    consultationComment: consultationComment.id,
    entry,
    item,
    flag: flag.id,
    application: application.trackingNo,
    file: file!,
    year: Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())),
    departments: { market, office, other: other!, third: third! },
    users: { otherCitizen: otherCitizen.id, otherHandler: otherHandler.id, otherLeader: otherLeader.id, guestLeader, spare: spare.id },
  };
}
