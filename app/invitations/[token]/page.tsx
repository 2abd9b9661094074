import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { INVITATION_HOURS, invitationForToken } from '@/lib/accounts/invitations';
import { beijing } from '@/lib/accounts/links';
import { toLocale } from '@/lib/i18n/config';
import { ApiForm, Field } from '@/app/_components/ApiForm';
import { apiFormTexts } from '@/app/_components/api-form-texts';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('invitationPage'))('title'), referrer: 'no-referrer' };
}

/** The person's own data (name, address, department, title) is marked so the English check leaves it alone. */
const U = ({ children }: { children: React.ReactNode }) => <span data-user-content="">{children}</span>;

/**
 * The link from an invitation e-mail: set a password and the staff account exists; or why the link is unusable.
 * In the invitation's language unless the visitor chose one (lib/i18n/request.ts reads it for this path).
 */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, t, p, locale, texts] = await Promise.all([
    invitationForToken(token), getTranslations(), getTranslations('invitationPage'), getLocale().then(toLocale), apiFormTexts(),
  ]);
  if (!invitation.ok) {
    return (
      <>
        <h1>{p('goneTitle')}</h1>
        <p className="notice" role="alert">{p(`gone.${invitation.reason}`, { hours: INVITATION_HOURS })}</p>
        <p><Link href="/login">{p('login')}</Link> · <Link href="/password-reset">{p('forgot')}</Link></p>
      </>
    );
  }
  const department = (locale === 'en' && invitation.departmentEn) || invitation.department;
  const rich = { u: (chunks: React.ReactNode) => <U>{chunks}</U> };
  return (
    <>
      <h1>{p('title')}</h1>
      <p className="lead">{p.rich('lead', {
        ...rich,
        name: invitation.name, role: t(`roles.${invitation.role}`), email: invitation.email,
        hasDepartment: department ? 'yes' : 'no', department: department ?? '', hasTitle: invitation.title ? 'yes' : 'no', title: invitation.title ?? '',
      })}</p>
      <p>{p('valid', { time: beijing(invitation.expiresAt, locale) })}</p>
      <ApiForm endpoint={`/api/v1/invitations/${encodeURIComponent(token)}`} idPrefix="invite" submitLabel={p('submit')} successMessage={p('success')} texts={texts}
        confirm={['password', 'confirmPassword', p('mismatch')]} after={{ go: '/login?invited=1' }}>
        <Field form="invite" name="password" label={p('password')} type="password" autoComplete="new-password" maxLength={128} required hint={p('passwordHint')} />
        <Field form="invite" name="confirmPassword" label={p('confirmPassword')} type="password" autoComplete="new-password" maxLength={128} required />
      </ApiForm>
    </>
  );
}
