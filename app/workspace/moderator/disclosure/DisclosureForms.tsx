'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { ErrorSummary, FieldError, fieldProps } from '@/app/_components/FormErrors';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/forms/state';
import { createItemAction, itemAction, saveOfficeAction, savePageAction, updateItemAction } from './actions';
import type { CategoryOption } from './categories';
import { InterpretedPicker } from './InterpretedPicker';

export interface ItemValues {
  categoryCode: string; title: string; summary: string; body: string; publisher: string; attribute: string; generatedOn: string;
  /** Index number of the document this item interprets (政策解读, chosen with InterpretedPicker); empty for none. */
  interprets: string;
}

function Status({ state, okText }: { state: FormState; okText: string }) {
  return (
    <p role="status" className={state.ok ? 'tag-ok' : 'field-error'}>
      {state.at ? (state.ok ? okText : state.message) : ''}
    </p>
  );
}

/** Create (no itemId) or edit a catalogue item; an edit is saved as a new version. */
export function CatalogueItemForm({ categories, initial, interpretsTitle, itemId, version, attachment }: {
  categories: CategoryOption[]; initial: ItemValues; itemId?: string; version?: number; attachment?: { id: string; fileName: string } | null;
  /** The title of the document `initial.interprets` names (shown with the picker's choice). */
  interpretsTitle?: string;
}) {
  const t = useTranslations('disclosureStaff');
  const [state, action, pending] = useActionState(itemId ? updateItemAction.bind(null, itemId) : createItemAction, INITIAL_FORM_STATE);
  const v = { ...initial, ...(state.ok ? {} : state.values) } as ItemValues & { note?: string };
  return (
    <form action={action} className="form form-wide" aria-busy={pending} noValidate key={state.ok ? state.at : 'form'}>
      <ErrorSummary title={t('formErrors')} errors={state.fields} message={state.ok ? null : state.message} />
      {version ? <input type="hidden" name="version" value={version} /> : null}
      <div className="field">
        <label htmlFor="field-categoryCode">{t('category')}</label>
        <select required defaultValue={v.categoryCode} {...fieldProps(state, 'categoryCode')}>
          <option value="">{t('choose')}</option>
          {categories.map((c) => <option key={c.code} value={c.code}>{c.label}</option>)}
        </select>
        <FieldError id="field-categoryCode" error={state.fields.categoryCode} />
      </div>
      <div className="field">
        <label htmlFor="field-title">{t('title')}</label>
        <input type="text" required maxLength={200} defaultValue={v.title} {...fieldProps(state, 'title')} />
        <FieldError id="field-title" error={state.fields.title} />
      </div>
      <div className="field">
        <label htmlFor="field-summary">{t('summary')}</label>
        <textarea rows={3} required maxLength={2000} defaultValue={v.summary} {...fieldProps(state, 'summary')} />
        <FieldError id="field-summary" error={state.fields.summary} />
      </div>
      <div className="field">
        <label htmlFor="field-body">{t('body')}</label>
        <textarea rows={10} maxLength={50000} defaultValue={v.body} {...fieldProps(state, 'body')} />
        <FieldError id="field-body" error={state.fields.body} />
      </div>
      <div className="field">
        <label htmlFor="field-publisher">{t('publisher')}</label>
        <input type="text" required maxLength={100} defaultValue={v.publisher} {...fieldProps(state, 'publisher')} />
        <FieldError id="field-publisher" error={state.fields.publisher} />
      </div>
      <fieldset id="field-attribute">
        <legend>{t('attribute')}</legend>
        {(['proactive', 'on_request', 'exempt'] as const).map((a) => (
          <label key={a} className="choice">
            <input type="radio" name="attribute" value={a} defaultChecked={v.attribute === a} /> {t(`attributes.${a}`)}
          </label>
        ))}
        <span className="hint">{t('attributeHint')}</span>
        <FieldError id="field-attribute" error={state.fields.attribute} />
      </fieldset>
      <div className="field">
        <label htmlFor="field-generatedOn">{t('generatedOn')}</label>
        <span className="hint" id="field-generatedOn-hint">{t('generatedOnHint')}</span>
        <input type="date" required defaultValue={v.generatedOn} {...fieldProps(state, 'generatedOn', true)} />
        <FieldError id="field-generatedOn" error={state.fields.generatedOn} />
      </div>
      <InterpretedPicker initial={v.interprets} initialTitle={v.interprets === initial.interprets ? interpretsTitle : undefined} selfId={itemId} error={state.fields.interprets} />
      <div className="field">
        <label htmlFor="field-attachment">{t('attachment')}</label>
        <span className="hint" id="field-attachment-hint">{t('attachmentHint')}</span>
        {attachment ? (
          <p>
            <a href={`/disclosure/files/${attachment.id}`} data-user-content="">{attachment.fileName}</a>{' '}
            <label className="choice"><input type="checkbox" name="removeAttachment" /> {t('removeAttachment')}</label>
          </p>
        ) : null}
        <input type="file" accept="application/pdf,.pdf" {...fieldProps(state, 'attachment', true)} />
        <FieldError id="field-attachment" error={state.fields.attachment ?? state.fields.document} />
      </div>
      {itemId ? (
        <div className="field">
          <label htmlFor="field-note">{t('note')}</label>
          <input type="text" maxLength={500} defaultValue={v.note ?? ''} {...fieldProps(state, 'note')} />
          <FieldError id="field-note" error={state.fields.note} />
        </div>
      ) : null}
      <button type="submit" disabled={pending}>{pending ? t('saving') : itemId ? t('saveVersion') : t('create')}</button>
      <Status state={state} okText={t('saved')} />
    </form>
  );
}

/** 发布 or 撤回 (with a reason) — the one next step of an item. */
export function CatalogueItemActionForm({ itemId, version, status }: { itemId: string; version: number; status: string }) {
  const t = useTranslations('disclosureStaff');
  const [state, action, pending] = useActionState(itemAction.bind(null, itemId), INITIAL_FORM_STATE);
  const publish = status !== 'published';
  return (
    <form action={action} className="form" aria-busy={pending} noValidate>
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="action" value={publish ? 'publish' : 'withdraw'} />
      {publish ? null : (
        <div className="field">
          <label htmlFor="field-reason">{t('withdrawReason')}</label>
          <input type="text" required maxLength={500} defaultValue={state.values?.reason ?? ''} {...fieldProps(state, 'reason')} />
          <FieldError id="field-reason" error={state.fields.reason} />
        </div>
      )}
      <button type="submit" disabled={pending} className={publish ? undefined : 'button-secondary'}>
        {pending ? t('saving') : publish ? t('publish') : t('withdraw')}
      </button>
      <Status state={state} okText={t('saved')} />
    </form>
  );
}

export function DisclosurePageForm({ pageKey, title, body, version }: { pageKey: string; title: string; body: string; version: number }) {
  const t = useTranslations('disclosureStaff');
  const [state, action, pending] = useActionState(savePageAction, INITIAL_FORM_STATE);
  const v = state.ok ? { title, body } : { title: state.values?.title ?? title, body: state.values?.body ?? body };
  const p = (name: string) => ({ ...fieldProps(state, name), id: `field-${pageKey}-${name}` });
  return (
    <form action={action} className="form form-wide" aria-busy={pending} noValidate>
      <input type="hidden" name="key" value={pageKey} />
      <input type="hidden" name="version" value={version} />
      <div className="field">
        <label htmlFor={`field-${pageKey}-title`}>{t('pageTitle')}</label>
        <input type="text" required maxLength={100} defaultValue={v.title} {...p('title')} />
        <FieldError id={`field-${pageKey}-title`} error={state.fields.title} />
      </div>
      <div className="field">
        <label htmlFor={`field-${pageKey}-body`}>{t('pageBody')}</label>
        <span className="hint">{t('pageBodyHint')}</span>
        <textarea rows={14} required maxLength={30000} defaultValue={v.body} {...p('body')} />
        <FieldError id={`field-${pageKey}-body`} error={state.fields.body} />
      </div>
      <button type="submit" disabled={pending}>{pending ? t('saving') : t('savePage')}</button>
      <Status state={state} okText={t('saved')} />
    </form>
  );
}

export function OfficeContactForm({ initial }: { initial: Record<string, string> }) {
  const t = useTranslations('disclosureStaff');
  const [state, action, pending] = useActionState(saveOfficeAction, INITIAL_FORM_STATE);
  const v = { ...initial, ...(state.ok ? {} : state.values) };
  return (
    <form action={action} className="form" aria-busy={pending} noValidate>
      <ErrorSummary title={t('formErrors')} errors={state.fields} message={state.ok ? null : state.message} />
      {(['disclosureOffice', 'address', 'postcode', 'phone', 'email', 'officeHours'] as const).map((name) => (
        <div className="field" key={name}>
          <label htmlFor={`field-${name}`}>{t(`office.${name}`)}</label>
          <input type={name === 'email' ? 'email' : 'text'} required defaultValue={v[name] ?? ''} {...fieldProps(state, name)} />
          <FieldError id={`field-${name}`} error={state.fields[name]} />
        </div>
      ))}
      <button type="submit" disabled={pending}>{pending ? t('saving') : t('saveOffice')}</button>
      <Status state={state} okText={t('saved')} />
    </form>
  );
}
