import { desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { invitations, users } from '@/lib/accounts/schema';
import { newPublicId } from '@/lib/accounts/users';
import { listDepartments, type DepartmentView } from '@/lib/accounts/departments';
import { createInvitation, INVITATION_HOURS } from '@/lib/accounts/invitations';
import { beijing } from '@/lib/accounts/links';
import { getOrganisation } from '@/lib/accounts/departments';
import { emailOutbox } from '@/lib/notifications/schema';
import { requestLocale } from '@/lib/i18n/page-locale';
import { siteUrl } from '@/lib/env';
import * as acceptRoute from '@/app/api/v1/invitations/[token]/route';
import { appErrorOf } from './support/errors';
import { actorFor, uniqueEmail, userByEmail } from './support/users';
import { useTestRequest } from './support/request';

/**
 * Invitations record a language (issue 15 item 5, english4): chosen on the invite form, by default the inviting
 * admin's; the invitation e-mail is written in it, and the /invitations/<token> page (and its form's refusals) speak it
 * unless the visitor chose a language (the cookie).
 */
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;
// The accept route reads the request's headers through next/headers (the actor): the request's own, here.
const requestHeaders = useTestRequest('192.0.2.83');
let depts: DepartmentView[];

async function mailTo(to: string) {
  const [mail] = await db().select().from(emailOutbox).where(eq(emailOutbox.to, to)).orderBy(desc(emailOutbox.id)).limit(1);
  expect(mail, `no e-mail to ${to}`).toBeDefined();
  return { ...mail!, token: mail!.body.match(/\/invitations\/(\S+)/)![1]! };
}

beforeAll(async () => {
  depts = await listDepartments(db());
});

describe('the invitation’s language', () => {
  it('an English invitation: its row, and an e-mail in English (only the people’s names and the department’s Chinese name, if it has no English one)', async () => {
    const admin = await actorFor('admin@example.com', '192.0.2.60');
    const email = uniqueEmail('invitee-en');
    const now = new Date('2026-12-02T02:00:00Z');
    const dept = depts.find((d) => d.nameEn) ?? depts[0]!;
    const result = await createInvitation(admin, { email, name: 'Li Wei', role: 'handler', departmentId: dept.id, locale: 'en' }, now);
    expect(result.locale).toBe('en');
    const [row] = await db().select({ locale: invitations.locale }).from(invitations).where(eq(invitations.publicId, result.id));
    expect(row!.locale).toBe('en');

    const mail = await mailTo(email);
    const org = await getOrganisation(db());
    const orgName = org?.nameEn || org?.name || '';
    expect(mail.subject).toBe(orgName ? `[Minsheng] You are invited to join the Minsheng platform of ${orgName}` : '[Minsheng] You are invited to join the Minsheng platform');
    const expires = beijing(new Date(now.getTime() + INVITATION_HOURS * 3600_000), 'en');
    expect(mail.body).toContain(`Dear Li Wei,\n\n${admin.user.name} invites you to join`);
    expect(mail.body).toContain(` as a handler (${dept.nameEn || dept.name}).\nOpen the link below before ${expires} (Beijing time) to set a password`);
    expect(mail.body).toContain(siteUrl(`/invitations/${mail.token}`));
    expect(mail.body.endsWith('(This e-mail was sent automatically; please do not reply.)')).toBe(true);
    const people = [admin.user.name, orgName, dept.nameEn || dept.name];
    expect(CJK.test(people.reduce((t, v) => t.split(v).join(''), `${mail.subject}\n${mail.body}`))).toBe(false);

    // Its page: English for a visitor without a language cookie; the visitor's choice wins.
    expect(await requestLocale(undefined, `/invitations/${mail.token}`)).toBe('en');
    expect(await requestLocale('zh-CN', `/invitations/${mail.token}`)).toBe('zh-CN');
    expect(await requestLocale('fr', `/invitations/${mail.token}`)).toBe('en');
    // Other pages, unknown or malformed tokens: as before (the cookie, else Chinese).
    expect(await requestLocale(undefined, '/letters')).toBe('zh-CN');
    expect(await requestLocale('en', '/letters')).toBe('en');
    expect(await requestLocale(undefined, `/invitations/${'a'.repeat(43)}`)).toBe('zh-CN');
    expect(await requestLocale(undefined, '/invitations/%E0%A4%A')).toBe('zh-CN');
    expect(await requestLocale(undefined, `/invitations/${mail.token}/x`)).toBe('zh-CN');

    // The form's refusals follow the page: English without a cookie, Chinese when the visitor chose Chinese.
    const post = (cookie?: string) => (requestHeaders.cookie = cookie ?? null, acceptRoute.POST)(new Request(`http://localhost/api/v1/invitations/${mail.token}`, {
      method: 'POST', body: JSON.stringify({ password: 'short' }),
      headers: { 'content-type': 'application/json', 'x-minsheng-client-ip': '192.0.2.83', ...(cookie ? { cookie } : {}) },
    }), { params: Promise.resolve({ token: mail.token }) });
    const english = await post();
    expect(english.status).toBe(422);
    const body = await english.json() as { error: { message: string; fields: Record<string, string> } };
    expect(CJK.test(JSON.stringify(body)), JSON.stringify(body)).toBe(false);
    const chinese = await (await post('minsheng-locale=zh-CN')).json() as { error: { message: string } };
    expect(chinese.error.message).toBe('提交的内容有误，请检查标出的项目');
  });

  it('without a choice: the inviting admin’s language — Chinese exactly as before, or English for an English admin', async () => {
    const admin = await actorFor('admin@example.com', '192.0.2.61');
    const email = uniqueEmail('invitee-zh');
    const now = new Date('2026-12-02T03:00:00Z');
    const dept = depts[0]!;
    const result = await createInvitation(admin, { email, name: '王办理', role: 'handler', departmentId: dept.id }, now);
    expect(result.locale).toBe('zh-CN');
    const mail = await mailTo(email);
    const org = await getOrganisation(db());
    const site = org?.name ? `${org.name}民声平台` : '民声平台';
    const expires = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'long', timeStyle: 'short' }).format(new Date(now.getTime() + INVITATION_HOURS * 3600_000));
    // The template before english4, word for word.
    expect(mail.subject).toBe(`【民声】邀请您加入${site}`);
    expect(mail.body).toBe([
      '王办理，您好：',
      '',
      `${admin.user.name} 邀请您以「办理人员」身份加入${site}（${dept.name}）。`,
      `请在 ${expires}（北京时间）前打开下面的链接设置密码，之后即可用本邮箱登录：`,
      '',
      siteUrl(`/invitations/${mail.token}`),
      '',
      '链接只能使用一次。如果您不认识邀请人，请忽略本邮件。',
      '',
      '（此邮件由系统自动发送，请勿回复。）',
    ].join('\n'));
    expect(await requestLocale(undefined, `/invitations/${mail.token}`)).toBe('zh-CN');

    // An admin whose account reads English invites without choosing: English.
    const enAdminEmail = uniqueEmail('admin-en');
    await db().insert(users).values({ publicId: newPublicId(), name: 'Admin EN', email: enAdminEmail, passwordHash: 'not-a-hash', role: 'admin', locale: 'en' });
    const enAdmin = { user: await userByEmail(enAdminEmail), ip: '192.0.2.62' };
    const leader = uniqueEmail('invitee-leader');
    expect((await createInvitation(enAdmin, { email: leader, name: 'Zhang', role: 'moderator' }, now)).locale).toBe('en');
    expect((await mailTo(leader)).body).toContain('Admin EN invites you to join the Minsheng platform');
    expect((await mailTo(leader)).body).toContain(' as a moderator.\n');

    // Anything but zh-CN or en is a 422 naming the field.
    expect(await appErrorOf(createInvitation(admin, { email: uniqueEmail('x'), name: '某某', role: 'moderator', locale: 'fr' }, now)))
      .toMatchObject({ status: 422, fields: { locale: '请选择邀请的语言（中文或英文）' } });
  });
});
