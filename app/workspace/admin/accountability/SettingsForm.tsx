'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import type { FormState } from '@/lib/forms/state';
import { FieldError } from '@/app/_components/FormErrors';
import { saveAccountabilitySettings } from './actions';

const INITIAL: FormState = { ok: false, message: null, fields: {} };
const KEYS = ['dueSoon', 'urgeInterval', 'ratingReminder', 'autoClose'] as const;

/** The four limits of the accountability loop, in working days. */
export function AccountabilitySettingsForm({ settings }: { settings: Record<(typeof KEYS)[number], number> }) {
  const t = useTranslations('accountabilityAdmin');
  const [state, action, pending] = useActionState(saveAccountabilitySettings, INITIAL);
  const others = Object.entries(state.fields).filter(([field]) => !(KEYS as readonly string[]).includes(field)).map(([, m]) => m);
  const status = state.ok ? t('saved') : [state.message, ...others].filter(Boolean).join(' ');
  return (
    <form action={action} className="form" aria-busy={pending} noValidate>
      {KEYS.map((key) => {
        const id = `accountability-${key}`;
        const error = state.fields[key];
        return (
          <div className="field" key={key}>
            <label htmlFor={id}>{t(key)}</label>
            <span className="hint" id={`${id}-hint`}>{t(`${key}Hint`)}（{t('daysSuffix')}）</span>
            <input id={id} name={key} type="number" inputMode="numeric" min={1} max={60} step={1} required
              defaultValue={state.values?.[key] ?? settings[key]}
              aria-invalid={error ? true : undefined}
              aria-describedby={[`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ')} />
            <FieldError id={id} error={error} />
          </div>
        );
      })}
      <div className="inline-form">
        <button type="submit" disabled={pending}>{t('save')}</button>
        <span role="status" className={state.ok ? 'tag tag-ok' : status ? 'field-error' : undefined}>{status}</span>
      </div>
    </form>
  );
}
