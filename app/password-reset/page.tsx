import type { Metadata } from 'next';
import Link from 'next/link';
import { ApiForm, Field } from '@/app/_components/ApiForm';

export const metadata: Metadata = { title: '找回密码' };

/** 忘记密码: asks for a reset e-mail; the answer is the same whether or not the account exists. */
export default function PasswordResetRequestPage() {
  return (
    <>
      <h1>找回密码</h1>
      <p className="lead">输入注册时使用的邮箱（或绑定了邮箱的手机号），我们会把重置密码的链接发送到账号的邮箱，链接 30 分钟内有效、只能使用一次。</p>
      <ApiForm endpoint="/api/v1/password-reset" idPrefix="reset" submitLabel="发送重置邮件" successMessage="如果该账号存在并绑定了邮箱，重置链接已发送。" after="reset">
        <Field form="reset" name="login" label="邮箱或手机号" autoComplete="username" maxLength={200} required />
      </ApiForm>
      <p>没有绑定邮箱的账号请联系管理员。<Link href="/login">返回登录</Link></p>
    </>
  );
}
