import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { invitationForToken } from '@/lib/accounts/invitations';
import { ApiForm, Field } from '@/app/_components/ApiForm';
import { dateTimeFormat } from '@/lib/calendar/date-format';

export const metadata: Metadata = { title: '接受邀请', referrer: 'no-referrer' };

const beijing = (d: Date) => dateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'long', timeStyle: 'short' }).format(d);

/** The link from an invitation e-mail: set a password and the staff account exists; or why the link is unusable. */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await invitationForToken(token);
  const t = await getTranslations();
  if (!invitation.ok) {
    return (
      <>
        <h1>邀请链接不可用</h1>
        <p className="notice" role="alert">{invitation.message}</p>
        <p><Link href="/login">登录</Link> · <Link href="/password-reset">忘记密码</Link></p>
      </>
    );
  }
  return (
    <>
      <h1>接受邀请</h1>
      <p className="lead">{invitation.name}，您受邀以「{t(`roles.${invitation.role}`)}」身份加入{invitation.department ? `（${invitation.department}${invitation.title ? `，${invitation.title}` : ''}）` : ''}。请设置密码，之后用邮箱 {invitation.email} 登录。</p>
      <p>本链接 {beijing(invitation.expiresAt)}（北京时间）前有效，只能使用一次。</p>
      <ApiForm endpoint={`/api/v1/invitations/${encodeURIComponent(token)}`} idPrefix="invite" submitLabel="设置密码并创建账号" successMessage="账号已创建，请登录。"
        confirm={['password', 'confirmPassword', '两次输入的密码不一致']} after={{ go: '/login?invited=1' }}>
        <Field form="invite" name="password" label="密码" type="password" autoComplete="new-password" maxLength={128} required hint="至少 10 个字符，不能是常见密码" />
        <Field form="invite" name="confirmPassword" label="确认密码" type="password" autoComplete="new-password" maxLength={128} required />
      </ApiForm>
    </>
  );
}
