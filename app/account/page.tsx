import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { accountView } from '@/lib/accounts/self-service';
import { currentActor } from '@/lib/auth/session';
import { NOTIFICATION_KINDS } from '@/lib/notifications/kinds';
import { ApiForm, Field } from '@/app/_components/ApiForm';

export const metadata: Metadata = { title: '账号设置' };

/** 账号设置: password, sign-in e-mail or phone, e-mail preferences per notification kind, 退出所有设备. */
export default async function AccountPage() {
  const actor = await currentActor();
  if (!actor.user) redirect('/login?callbackUrl=%2Faccount');
  const t = await getTranslations();
  const account = await accountView(actor);
  const groups = [...new Set(NOTIFICATION_KINDS.map((k) => k.group))];
  const allKinds = NOTIFICATION_KINDS.map((k) => k.kind);
  return (
    <>
      <h1>账号设置</h1>
      <dl className="facts">
        <dt>姓名</dt><dd>{account.name}</dd>
        <dt>角色</dt><dd>{t(`roles.${account.role}`)}</dd>
        <dt>登录邮箱</dt><dd>{account.email ?? '（未设置）'}</dd>
        <dt>登录手机号</dt><dd>{account.phone ?? '（未设置）'}</dd>
      </dl>

      <section aria-labelledby="account-password">
        <h2 id="account-password">修改密码</h2>
        <p>修改后，其他设备上的登录都会退出，本设备保持登录。</p>
        <ApiForm endpoint="/api/v1/account/password" idPrefix="pw" submitLabel="修改密码" successMessage="密码已修改，其他设备上的登录已退出。"
          after="reset" confirm={['newPassword', 'confirmNewPassword', '两次输入的新密码不一致']}>
          <Field form="pw" name="currentPassword" label="当前密码" type="password" autoComplete="current-password" maxLength={128} required />
          <Field form="pw" name="newPassword" label="新密码" type="password" autoComplete="new-password" maxLength={128} required hint="至少 10 个字符，不能是常见密码" />
          <Field form="pw" name="confirmNewPassword" label="确认新密码" type="password" autoComplete="new-password" maxLength={128} required />
        </ApiForm>
      </section>

      <section aria-labelledby="account-login">
        <h2 id="account-login">修改登录邮箱或手机号</h2>
        <p>邮箱和手机号至少保留一个；不能与其他账号重复。</p>
        <ApiForm endpoint="/api/v1/account" method="PATCH" idPrefix="login" submitLabel="保存邮箱和手机号" successMessage="已保存。" nullIfEmpty={['email', 'phone']}>
          <Field form="login" name="email" label="邮箱" type="email" autoComplete="email" maxLength={200} defaultValue={account.email ?? ''} />
          <Field form="login" name="phone" label="手机号" type="tel" autoComplete="tel" maxLength={20} defaultValue={account.phone ?? ''} />
          <Field form="login" name="currentPassword" label="当前密码（确认身份）" type="password" autoComplete="current-password" maxLength={128} required />
        </ApiForm>
      </section>

      <section aria-labelledby="account-notifications">
        <h2 id="account-notifications">通知偏好</h2>
        <p>站内通知（页面右上角的铃铛）总会收到；下面勾选的类型同时发送邮件{account.email ? '' : '（您尚未设置邮箱，不会收到邮件）'}。</p>
        <ApiForm endpoint="/api/v1/account/notifications" method="PUT" idPrefix="notify" submitLabel="保存通知偏好" successMessage="通知偏好已保存。"
          complement={{ from: 'emailOn', to: 'emailMuted', all: allKinds }}>
          {groups.map((group) => (
            <fieldset key={group}>
              <legend>{group}</legend>
              {NOTIFICATION_KINDS.filter((k) => k.group === group).map((k) => (
                <label key={k.kind} className="checkbox">
                  <input type="checkbox" name="emailOn" value={k.kind} defaultChecked={!account.emailMuted.includes(k.kind)} /> {k.label}（邮件）
                </label>
              ))}
            </fieldset>
          ))}
        </ApiForm>
      </section>

      <section aria-labelledby="account-sessions">
        <h2 id="account-sessions">退出所有设备</h2>
        <p>如果在别人的电脑上登录过，或怀疑账号被他人使用，可以让所有设备（包括本设备）上的登录立即失效。</p>
        <ApiForm endpoint="/api/v1/account/sign-out-everywhere" idPrefix="everywhere" submitLabel="退出所有设备" successMessage="已退出所有设备。"
          constants={{ confirm: true }} after={{ go: '/login' }} closeSockets buttonClassName="danger" />
      </section>
    </>
  );
}
