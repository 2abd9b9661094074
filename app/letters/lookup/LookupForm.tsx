'use client';

import { useActionState, useState } from 'react';
import { useTranslations } from 'next-intl';
import { lookupLetterForm, type LookupState } from './actions';
import { LetterBody, LetterFacts, LetterTimeline } from '../LetterDetails';

/** The lookup form and its result; posts to a server action, so the code stays out of the address bar. */
export function LookupForm({ trackingNo }: { trackingNo: string }) {
  const t = useTranslations('letterLookup');
  const [state, action, pending] = useActionState<LookupState, FormData>(lookupLetterForm, { ok: false, message: null, fields: {}, values: { trackingNo } });
  const letter = state.ok ? state.data : undefined;
  // Kept for the attachments' download buttons (the form's fields are reset after it is sent).
  const [code, setCode] = useState('');
  return (
    <>
      <form action={action} className="form" aria-describedby={state.message ? 'lookup-error' : undefined} aria-busy={pending}>
        {state.message ? <p className="field-error" id="lookup-error" role="alert">{state.message}</p> : null}
        <div className="field">
          <label htmlFor="lookup-trackingNo">{t('trackingNo')}</label>
          <input id="lookup-trackingNo" name="trackingNo" type="text" inputMode="numeric" defaultValue={state.values?.trackingNo ?? trackingNo} required maxLength={20} />
        </div>
        <div className="field">
          <label htmlFor="lookup-code">{t('code')}</label>
          <input id="lookup-code" name="code" type="text" inputMode="numeric" autoComplete="off" required maxLength={10} onChange={(e) => setCode(e.target.value.trim())} />
        </div>
        <button type="submit" disabled={pending}>{pending ? t('pending') : t('submit')}</button>
      </form>
      {letter ? (
        <article aria-labelledby="lookup-title" className="lookup-result">
          <h2 id="lookup-title">{letter.title}</h2>
          <p className="hint" data-testid="lookup-masked-note">{t('masked')}</p>
          <LetterFacts letter={letter} />
          <LetterBody letter={letter} code={code} />
          <LetterTimeline letter={letter} />
        </article>
      ) : null}
    </>
  );
}
