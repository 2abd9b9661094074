'use client';

import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { ErrorSummary } from '@/app/_components/FormErrors';
import { SimilarAnswers } from './SimilarAnswers';
import { TopicPicker, type DistrictOption, type TopicOption } from './TopicPicker';
import { preselectDepartment } from '@/lib/topics/preselect';

interface Draft {
  kind: string;
  departmentId: string;
  title: string;
  body: string;
  consentToPublish: 'yes' | 'no' | '';
  /** One key per draft: a retry or double click after a lost answer returns the same letter. */
  idempotencyKey: string;
  /** 诉求分类 (TopicPicker): optional; absent in drafts saved before. */
  topicId?: string;
  districtId?: string;
  place?: string;
  /** The writer chose the department themselves: a topic no longer preselects it. */
  departmentChosen?: boolean;
}

/** The schema check (./validate-letter.ts, with zod) is loaded once the writer starts on the form, not with the page. */
let validator: Promise<typeof import('./validate-letter')> | null = null;
function loadValidator() {
  validator ??= import('./validate-letter').catch((error: unknown) => {
    validator = null; // a failed load (network) is tried again on the next attempt
    throw error;
  });
  return validator;
}

const EMPTY: Omit<Draft, 'idempotencyKey'> = { kind: '', departmentId: '', title: '', body: '', consentToPublish: '' };

/** The attachment texts (lib/i18n/messages letterAttachments), given by the page: this folder has no client catalogue. */
export interface AttachmentLabels {
  inputLabel: string;
  inputHint: string;
  tooMany: string;
  tooLarge: string;
  wrongType: string;
  chosen: string;
  uploading: string;
  uploadFailed: string;
  uploaded: string;
}

const MAX_FILES = 5;
const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf';

/** The browser's first check of the chosen files (the server checks again, by content). */
function checkFiles(files: File[], labels: AttachmentLabels): string | null {
  if (files.length > MAX_FILES) return labels.tooMany;
  for (const f of files) {
    if (f.size > MAX_BYTES) return labels.tooLarge.replace('{name}', f.name);
    if (f.type && !ACCEPT.split(',').includes(f.type)) return labels.wrongType.replace('{name}', f.name);
  }
  return null;
}

export function WriteLetterForm({ draftKey, departments, attachmentLabels: labels, topics = [], districts = [], en = false }: {
  draftKey: string;
  departments: Array<{ id: string; name: string }>;
  attachmentLabels: AttachmentLabels;
  topics?: TopicOption[];
  districts?: DistrictOption[];
  en?: boolean;
}) {
  const t = useTranslations('letterForm');
  const tt = useTranslations('topicPicker');
  const locale = useLocale(); // the schema's field messages in the page's language
  const KIND_LABEL: Record<string, string> = { inquiry: t('kinds.inquiry'), complaint: t('kinds.complaint'), suggestion: t('kinds.suggestion') };
  const [draft, setDraft] = useState<Draft>({ ...EMPTY, idempotencyKey: '' });
  // Files are not part of the saved draft (they cannot be kept in localStorage); chosen again after a reload.
  const [files, setFiles] = useState<File[]>([]);
  const [uploadNote, setUploadNote] = useState<string | null>(null);
  const [step, setStep] = useState<'edit' | 'preview' | 'done'>('edit');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<{ trackingNo: string; queryCode: string } | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The most similar answers the form showed: recorded with the letter when it is sent anyway.
  const [similarShown, setSimilarShown] = useState(0);
  const onSimilarShown = useCallback((n: number) => setSimilarShown((m) => Math.max(m, n)), []);

  // The draft survives a reload (kept in this browser only).
  useEffect(() => {
    const saved = window.localStorage.getItem(draftKey);
    const restored = saved ? (JSON.parse(saved) as Draft) : null;
    setDraft(restored?.idempotencyKey ? restored : { ...EMPTY, idempotencyKey: crypto.randomUUID() });
  }, [draftKey]);
  useEffect(() => {
    if (draft.idempotencyKey && step !== 'done') window.localStorage.setItem(draftKey, JSON.stringify(draft));
  }, [draft, draftKey, step]);
  useEffect(() => headingRef.current?.focus(), [step]);

  const update = (field: keyof Draft) => (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
    setDraft((d) => ({ ...d, [field]: event.target.value }));

  const payload = () => ({
    kind: draft.kind || undefined,
    departmentId: draft.departmentId || null,
    title: draft.title,
    body: draft.body,
    consentToPublish: draft.consentToPublish === '' ? undefined : draft.consentToPublish === 'yes',
    similarShown: similarShown || undefined,
    topicId: draft.topicId ? Number(draft.topicId) : null,
    districtId: draft.districtId ? Number(draft.districtId) : null,
    place: draft.place?.trim() || null,
  });
  // Choosing a topic preselects its department unless the writer chose one (lib/topics/preselect.ts).
  const chooseTopic = (topicId: string) => setDraft((d) => ({
    ...d, topicId,
    departmentId: preselectDepartment({ current: d.departmentId, chosenByWriter: Boolean(d.departmentChosen) }, topics.find((o) => o.id === topicId)?.departmentId ?? null),
  }));

  async function toPreview(event: React.FormEvent) {
    event.preventDefault();
    setMessage(null);
    let invalid: Record<string, string> | null;
    try {
      invalid = (await loadValidator()).letterFieldErrors(payload(), locale);
    } catch {
      setMessage(t('network'));
      return;
    }
    const fileError = checkFiles(files, labels);
    if (invalid || fileError) {
      setErrors({ ...invalid, ...(fileError ? { attachments: fileError } : {}) });
      return;
    }
    setErrors({});
    setStep('preview');
  }

  async function send() {
    if (pending) return; // a double click sends once; the idempotency key covers retries
    setPending(true);
    setMessage(null);
    try {
      const response = await fetch('/api/v1/letters', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': draft.idempotencyKey },
        body: JSON.stringify(payload()),
      });
      const body = await response.json().catch(() => null);
      if (!response.ok) {
        setErrors(body?.error?.fields ?? {});
        setMessage(body?.error?.message ?? t('sendFailed'));
        setStep('edit');
        return;
      }
      window.localStorage.removeItem(draftKey);
      setUploadNote(files.length ? await uploadFiles(body.trackingNo) : null);
      setResult({ trackingNo: body.trackingNo, queryCode: body.queryCode });
      setStep('done');
    } catch {
      setMessage(t('network'));
    } finally {
      setPending(false);
    }
  }

  /** Uploads the chosen files to the letter just sent; the note to show (failure does not undo the letter). */
  async function uploadFiles(trackingNo: string): Promise<string> {
    setMessage(labels.uploading);
    const form = new FormData();
    for (const f of files) form.append('attachments', f);
    try {
      const response = await fetch(`/api/v1/letters/${trackingNo}/attachments`, { method: 'POST', body: form });
      const body = await response.json().catch(() => null);
      if (!response.ok) return labels.uploadFailed.replace('{message}', body?.error?.fields?.attachments ?? body?.error?.message ?? String(response.status));
      return labels.uploaded.replace('{count}', String(body.items.length));
    } catch {
      return labels.uploadFailed.replace('{message}', t('networkShort'));
    } finally {
      setMessage(null);
    }
  }

  if (step === 'done' && result) {
    return (
      <section aria-labelledby="sent-title" className="card">
        <h2 id="sent-title" tabIndex={-1} ref={headingRef}>{t('sentTitle')}</h2>
        {uploadNote ? <p role="status" data-testid="upload-note">{uploadNote}</p> : null}
        <p>{t('sentNote')}</p>
        <dl className="facts">
          <div><dt>{t('trackingNo')}</dt><dd data-testid="tracking-no">{result.trackingNo}</dd></div>
          <div><dt>{t('queryCode')}</dt><dd data-testid="query-code">{result.queryCode}</dd></div>
        </dl>
        <p><Link href={`/letters/${result.trackingNo}`}>{t('viewLetter')}</Link> · <Link href="/workspace/citizen">{t('myLetters')}</Link></p>
      </section>
    );
  }

  if (step === 'preview') {
    const dept = departments.find((d) => d.id === draft.departmentId)?.name ?? t('unsure');
    return (
      <section aria-labelledby="preview-title">
        <h2 id="preview-title" tabIndex={-1} ref={headingRef}>{t('previewTitle')}</h2>
        {message ? <p className="field-error" role="alert">{message}</p> : null}
        <dl className="facts">
          <div><dt>{t('kind')}</dt><dd>{KIND_LABEL[draft.kind]}</dd></div>
          <div><dt>{t('to')}</dt><dd data-user-content="">{dept}</dd></div>
          <div><dt>{t('title')}</dt><dd data-user-content="">{draft.title}</dd></div>
          <div><dt>{tt('previewTopic')}</dt><dd data-user-content="">{topics.find((o) => o.id === draft.topicId)?.label ?? tt('none')}</dd></div>
          <div><dt>{tt('previewDistrict')}</dt><dd>{districts.find((o) => o.id === draft.districtId)?.label ?? tt('none')}</dd></div>
          {draft.place?.trim() ? <div><dt>{tt('previewPlace')}</dt><dd data-user-content="">{draft.place}</dd></div> : null}
          <div><dt>{t('consent')}</dt><dd>{draft.consentToPublish === 'yes' ? t('consentYesShort') : t('consentNoShort')}</dd></div>
        </dl>
        <p className="prewrap card" data-user-content="">{draft.body}</p>
        {files.length ? <ul aria-label={labels.inputLabel}>{files.map((f, i) => <li key={i}>{f.name}</li>)}</ul> : null}
        <p>
          <button type="button" onClick={send} disabled={pending}>{pending ? t('sending') : t('confirm')}</button>{' '}
          <button type="button" className="button-secondary" onClick={() => setStep('edit')} disabled={pending}>{t('back')}</button>
        </p>
      </section>
    );
  }

  const describe = (name: string, hint?: boolean) => ({
    'aria-invalid': errors[name] ? (true as const) : undefined,
    'aria-describedby': [hint ? `field-${name}-hint` : '', errors[name] ? `field-${name}-error` : ''].filter(Boolean).join(' ') || undefined,
  });
  const errorFor = (name: string) => (errors[name] ? <span className="field-error" id={`field-${name}-error`}>{errors[name]}</span> : null);

  return (
    <form className="form form-wide" onSubmit={toPreview} onFocus={() => void loadValidator().catch(() => {})} noValidate>
      <h2 tabIndex={-1} ref={headingRef} className="sr-only">{t('formHeading')}</h2>
      <ErrorSummary title={t('formErrors')} errors={errors} message={message} />
      <fieldset className="field" id="field-kind" {...describe('kind')}>
        <legend>{t('kindLegend')}</legend>
        {Object.entries(KIND_LABEL).map(([value, label]) => (
          <label key={value} className="choice">
            <input type="radio" name="kind" value={value} checked={draft.kind === value} onChange={update('kind')} /> {label}
          </label>
        ))}
        {errorFor('kind')}
      </fieldset>
      <div className="field">
        <label htmlFor="field-departmentId">{t('department')}</label>
        <select id="field-departmentId" value={draft.departmentId} onChange={(e) => setDraft((d) => ({ ...d, departmentId: e.target.value, departmentChosen: true }))} {...describe('departmentId')}>
          <option value="">{t('unsure')}</option>
          {departments.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
        </select>
        {errorFor('departmentId')}
      </div>
      <div className="field">
        <label htmlFor="field-title">{t('titleLabel')}</label>
        <span className="hint" id="field-title-hint">{t('titleHint', { count: [...draft.title.trim()].length })}</span>
        <input id="field-title" type="text" value={draft.title} onChange={update('title')} maxLength={60} {...describe('title', true)} />
        {errorFor('title')}
      </div>
      <div className="field">
        <label htmlFor="field-body">{t('bodyLabel')}</label>
        <span className="hint" id="field-body-hint">{t('bodyHint', { count: [...draft.body.trim()].length })}</span>
        <textarea id="field-body" rows={10} value={draft.body} onChange={update('body')} {...describe('body', true)} />
        {errorFor('body')}
      </div>
      <SimilarAnswers title={draft.title} body={draft.body} onShown={onSimilarShown} />
      <TopicPicker
        title={draft.title} body={draft.body} topics={topics} districts={districts} en={en} errors={errors}
        value={{ topicId: draft.topicId ?? '', districtId: draft.districtId ?? '', place: draft.place ?? '' }}
        onTopic={chooseTopic}
        onDistrict={(districtId) => setDraft((d) => ({ ...d, districtId }))}
        onPlace={(place) => setDraft((d) => ({ ...d, place }))}
      />
      <div className="field">
        <label htmlFor="field-attachments">{labels.inputLabel}</label>
        <span className="hint" id="field-attachments-hint">{labels.inputHint}{files.length ? ` ${labels.chosen.replace('{count}', String(files.length))}` : ''}</span>
        <input
          id="field-attachments" type="file" multiple accept={ACCEPT} {...describe('attachments', true)}
          onChange={(e) => {
            const chosen = [...(e.target.files ?? [])];
            setFiles(chosen);
            const error = checkFiles(chosen, labels);
            setErrors(({ attachments: _old, ...rest }) => (error ? { ...rest, attachments: error } : rest));
          }}
        />
        {errorFor('attachments')}
      </div>
      <fieldset className="field" id="field-consentToPublish" {...describe('consentToPublish', true)}>
        <legend>{t('consentLegend')}</legend>
        <span className="hint" id="field-consentToPublish-hint">
          {t('consentHint')}
        </span>
        <label className="choice"><input type="radio" name="consent" value="yes" checked={draft.consentToPublish === 'yes'} onChange={() => setDraft((d) => ({ ...d, consentToPublish: 'yes' }))} /> {t('consentYes')}</label>
        <label className="choice"><input type="radio" name="consent" value="no" checked={draft.consentToPublish === 'no'} onChange={() => setDraft((d) => ({ ...d, consentToPublish: 'no' }))} /> {t('consentNo')}</label>
        {errorFor('consentToPublish')}
      </fieldset>
      <button type="submit">{t('preview')}</button>
    </form>
  );
}
