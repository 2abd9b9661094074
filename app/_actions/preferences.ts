'use server';

import { cookies } from 'next/headers';
import { z } from 'zod';
import { ELDER_COOKIE, LOCALE_COOKIE, LOCALES } from '@/lib/i18n/config';
import { requestActor } from '@/lib/api/route';
import { rememberLocaleIfPossible } from '@/lib/accounts/self-service';

const YEAR = 60 * 60 * 24 * 365;
const cookieOptions = { path: '/', maxAge: YEAR, sameSite: 'lax' as const, httpOnly: true };

const localeForm = z.object({ locale: z.enum(LOCALES) });
const elderForm = z.object({ elder: z.enum(['on', 'off']) });

/** Language switch: a form posting here works with and without JavaScript. */
export async function setLocale(form: FormData): Promise<void> {
  const parsed = localeForm.safeParse({ locale: form.get('locale') });
  if (!parsed.success) return; // an unknown value leaves the language as it is
  (await cookies()).set(LOCALE_COOKIE, parsed.data.locale, cookieOptions);
  // Signed in: the account's e-mails follow its last choice (best effort: the switch itself never fails over it).
  await rememberLocaleIfPossible(() => requestActor(), parsed.data.locale);
}

/** 长辈模式: larger text and higher contrast, remembered for a year. */
export async function setElderMode(form: FormData): Promise<void> {
  const parsed = elderForm.safeParse({ elder: form.get('elder') });
  if (!parsed.success) return;
  const store = await cookies();
  if (parsed.data.elder === 'on') store.set(ELDER_COOKIE, '1', cookieOptions);
  else store.delete(ELDER_COOKIE);
}
