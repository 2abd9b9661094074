import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { accountView } from '@/lib/accounts/self-service';
import { currentActor } from '@/lib/auth/session';
import { NOTIFICATION_GROUP_KEYS, NOTIFICATION_KINDS } from '@/lib/notifications/kinds';
import { ApiForm, Field } from '@/app/_components/ApiForm';
import { EmptyState } from '@/app/_components/EmptyState';
import { formatDateTime } from '@/app/interviews/format';
import { can } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { mySubscriptions } from '@/lib/notifications/subscriptions';
import { signInHref } from '@/lib/auth/redirect';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('accountUi'))('title') };
}

/** 账号设置: password, sign-in e-mail or phone, e-mail preferences per notification kind, 退出所有设备. */
export default async function AccountPage() {
  const actor = await currentActor();
  if (!actor.user) redirect(signInHref('/account'));
  const t = await getTranslations();
  const a = await getTranslations('accountUi');
  const account = await accountView(actor);
  const locale = await getLocale();
  const subscriptions = can(actor, 'interviews.subscribe') ? await mySubscriptions(db(), actor) : null;
  const groups = [...new Set(NOTIFICATION_KINDS.map((k) => k.group))];
  const allKinds = NOTIFICATION_KINDS.map((k) => k.kind);
  return (
    <>
      <h1>{a('title')}</h1>
      <dl className="facts">
        <dt>{a('name')}</dt><dd data-user-content="">{account.name}</dd>
        <dt>{a('role')}</dt><dd>{t(`roles.${account.role}`)}</dd>
        <dt>{a('email')}</dt><dd>{account.email ?? a('notSet')}</dd>
        <dt>{a('phone')}</dt><dd>{account.phone ?? a('notSet')}</dd>
      </dl>

      <section aria-labelledby="account-password">
        <h2 id="account-password">{a('password')}</h2>
        <p>{a('passwordIntro')}</p>
        <ApiForm endpoint="/api/v1/account/password" idPrefix="pw" submitLabel={a('passwordSubmit')} successMessage={a('passwordDone')}
          after="reset" confirm={['newPassword', 'confirmNewPassword', a('passwordMismatch')]}>
          <Field form="pw" name="currentPassword" label={a('currentPassword')} type="password" autoComplete="current-password" maxLength={128} required />
          <Field form="pw" name="newPassword" label={a('newPassword')} type="password" autoComplete="new-password" maxLength={128} required hint={a('newPasswordHint')} />
          <Field form="pw" name="confirmNewPassword" label={a('confirmNewPassword')} type="password" autoComplete="new-password" maxLength={128} required />
        </ApiForm>
      </section>

      <section aria-labelledby="account-login">
        <h2 id="account-login">{a('login')}</h2>
        <p>{a('loginIntro')}</p>
        <ApiForm endpoint="/api/v1/account" method="PATCH" idPrefix="login" submitLabel={a('loginSubmit')} successMessage={a('saved')} nullIfEmpty={['email', 'phone']}>
          <Field form="login" name="email" label={a('emailField')} type="email" autoComplete="email" maxLength={200} defaultValue={account.email ?? ''} />
          <Field form="login" name="phone" label={a('phoneField')} type="tel" autoComplete="tel" maxLength={20} defaultValue={account.phone ?? ''} />
          <Field form="login" name="currentPassword" label={a('confirmPassword')} type="password" autoComplete="current-password" maxLength={128} required />
        </ApiForm>
      </section>

      <section aria-labelledby="account-notifications">
        <h2 id="account-notifications">{a('notifications')}</h2>
        <p>{account.email ? a('notificationsIntro') : a('notificationsNoEmail')}</p>
        <ApiForm endpoint="/api/v1/account/notifications" method="PUT" idPrefix="notify" submitLabel={a('notificationsSubmit')} successMessage={a('notificationsDone')}
          complement={{ from: 'emailOn', to: 'emailMuted', all: allKinds }}>
          {groups.map((group) => (
            <fieldset key={group}>
              <legend>{a(`groups.${NOTIFICATION_GROUP_KEYS[group]}`)}</legend>
              {NOTIFICATION_KINDS.filter((k) => k.group === group).map((k) => (
                <label key={k.kind} className="checkbox">
                  <input type="checkbox" name="emailOn" value={k.kind} defaultChecked={!account.emailMuted.includes(k.kind)} /> {a('byEmail', { label: a(`kinds.${k.kind}`) })}
                </label>
              ))}
            </fieldset>
          ))}
        </ApiForm>
      </section>

      {subscriptions ? (
        <section aria-labelledby="account-subscriptions">
          <h2 id="account-subscriptions">{a('subscriptions')}</h2>
          <p>{a('subscriptionsIntro')}</p>
          {subscriptions.length === 0 ? <EmptyState>{a('subscriptionsEmpty')}</EmptyState> : (
            <ul className="subscription-list">
              {subscriptions.map((s) => (
                <li key={`${s.kind}-${s.id}`}>
                  <span className="badge">{a(`subscriptionKinds.${s.kind}`)}</span>{' '}
                  <Link href={s.href} data-user-content="">{s.title}</Link>{' '}
                  <span className="hint">{a(s.kind === 'interview' ? 'subscriptionStarts' : 'subscriptionCloses', { at: formatDateTime(new Date(s.at), locale) })}</span>
                  <ApiForm endpoint={s.endpoint} method="DELETE" idPrefix={`unsubscribe-${s.kind}-${s.id}`} submitLabel={a('unsubscribe')}
                    successMessage={a('unsubscribed')} className="inline-form" />
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      <section aria-labelledby="account-sessions">
        <h2 id="account-sessions">{a('sessions')}</h2>
        <p>{a('sessionsIntro')}</p>
        <ApiForm endpoint="/api/v1/account/sign-out-everywhere" idPrefix="everywhere" submitLabel={a('sessionsSubmit')} successMessage={a('sessionsDone')}
          constants={{ confirm: true }} after={{ go: '/login' }} closeSockets buttonClassName="danger" />
      </section>
    </>
  );
}
