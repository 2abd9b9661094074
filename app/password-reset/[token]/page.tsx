import type { Metadata } from 'next';
import Link from 'next/link';
import { resetLinkState } from '@/lib/accounts/password-reset';
import { ApiForm, Field } from '@/app/_components/ApiForm';

export const metadata: Metadata = { title: '设置新密码', referrer: 'no-referrer' };

/** The link from the reset e-mail: set a new password, or learn why the link no longer works. */
export default async function PasswordResetPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const state = await resetLinkState(token);
  if (!state.ok) {
    return (
      <>
        <h1>链接不可用</h1>
        <p className="notice" role="alert">{state.message}</p>
        <p><Link href="/password-reset">重新申请找回密码</Link> · <Link href="/login">登录</Link></p>
      </>
    );
  }
  return (
    <>
      <h1>设置新密码</h1>
      <p className="lead">{state.name}，请设置新密码。设置后，所有设备上的登录都会退出，请用新密码重新登录。</p>
      <ApiForm endpoint={`/api/v1/password-reset/${encodeURIComponent(token)}`} idPrefix="newpw" submitLabel="设置新密码" successMessage="密码已重置，请用新密码登录。"
        confirm={['password', 'confirmPassword', '两次输入的密码不一致']} after={{ go: '/login?reset=1' }}>
        <Field form="newpw" name="password" label="新密码" type="password" autoComplete="new-password" maxLength={128} required hint="至少 10 个字符，不能是常见密码" />
        <Field form="newpw" name="confirmPassword" label="确认新密码" type="password" autoComplete="new-password" maxLength={128} required />
      </ApiForm>
    </>
  );
}
