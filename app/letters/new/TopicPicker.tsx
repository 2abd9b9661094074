'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';

export interface TopicOption { id: string; label: string; departmentId: string | null }
export interface DistrictOption { id: string; label: string }

/** What POST /api/v1/topics/suggest answers per item (lib/topics); only the fields used here. */
interface Suggestion { topicId: number; path: string[]; pathEn: string[]; departmentId: string | null; matched: string[] }

const DEBOUNCE_MS = 400;
const MIN_CHARS = 4;

/**
 * 诉求分类 in the write form (issue 17 item 3): the topic select with up to three topics suggested from the text as
 * the writer types (debounced; an aria-live region; a failed request shows nothing and blocks nothing), the district
 * and the place. Choosing a topic tells the form (`onTopic`), which preselects the topic's department if the writer
 * has not chosen one.
 */
export function TopicPicker({ title, body, topics, districts, value, en, onTopic, onDistrict, onPlace, errors, named = false }: {
  title: string;
  body: string;
  topics: TopicOption[];
  districts: DistrictOption[];
  value: { topicId: string; districtId: string; place: string };
  en: boolean;
  onTopic: (topicId: string) => void;
  onDistrict: (districtId: string) => void;
  onPlace: (place: string) => void;
  errors: Record<string, string>;
  /** The fields carry names (topicId, districtId, place): a form posted to a server action (the staff intake form). */
  named?: boolean;
}) {
  const t = useTranslations('topicPicker');
  const [items, setItems] = useState<Suggestion[]>([]);

  useEffect(() => {
    const text = `${title.trim()}${body.trim()}`;
    if ([...text].length < MIN_CHARS) {
      setItems([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const response = await fetch('/api/v1/topics/suggest', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: title.slice(0, 200), body: body.slice(0, 3000) }),
          signal: controller.signal,
        });
        if (!response.ok) return; // a refusal keeps what was shown
        setItems(((await response.json()) as { items: Suggestion[] }).items);
      } catch {
        /* aborted by newer typing, or offline */
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [title, body]);

  const shown = items.filter((s) => topics.some((o) => o.id === String(s.topicId)));
  const describe = (name: string, hint: boolean) => ({
    'aria-invalid': errors[name] ? (true as const) : undefined,
    'aria-describedby': [hint ? `field-${name}-hint` : '', errors[name] ? `field-${name}-error` : ''].filter(Boolean).join(' ') || undefined,
  });
  const errorFor = (name: string) => (errors[name] ? <span className="field-error" id={`field-${name}-error`}>{errors[name]}</span> : null);
  return (
    <>
      <div className="field">
        <label htmlFor="field-topicId">{t('topicLabel')}</label>
        <span className="hint" id="field-topicId-hint">{t('topicHint')}</span>
        <select id="field-topicId" name={named ? 'topicId' : undefined} value={value.topicId} onChange={(e) => onTopic(e.target.value)} {...describe('topicId', true)}>
          <option value="">{t('topicNone')}</option>
          {topics.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
        </select>
        {errorFor('topicId')}
        <div aria-live="polite" data-testid="topic-suggestions">
          {shown.length ? (
            <div className="card">
              <p className="hint">{t('suggestHeading')}</p>
              <ul>
                {shown.map((s) => {
                  const label = (en ? s.pathEn : s.path).join(' > ');
                  const chosen = value.topicId === String(s.topicId);
                  return (
                    <li key={s.topicId}>
                      <span data-user-content="">{label}</span>{' '}
                      {chosen ? <strong>{t('suggestChosen')}</strong> : (
                        <button type="button" className="button-secondary" onClick={() => onTopic(String(s.topicId))}>{t('suggestUse', { topic: (en ? s.pathEn : s.path).at(-1) ?? '' })}</button>
                      )}
                      {s.matched.length ? <span className="hint"> · {t('suggestWhy', { words: s.matched.join(en ? ', ' : '、') })}</span> : null}
                    </li>
                  );
                })}
              </ul>
            </div>
          ) : null}
        </div>
      </div>
      <div className="field">
        <label htmlFor="field-districtId">{t('districtLabel')}</label>
        <select id="field-districtId" name={named ? 'districtId' : undefined} value={value.districtId} onChange={(e) => onDistrict(e.target.value)} {...describe('districtId', false)}>
          <option value="">{t('districtNone')}</option>
          {districts.map((d) => <option key={d.id} value={d.id}>{d.label}</option>)}
        </select>
        {errorFor('districtId')}
      </div>
      <div className="field">
        <label htmlFor="field-place">{t('placeLabel')}</label>
        <span className="hint" id="field-place-hint">{t('placeHint')}</span>
        <input id="field-place" name={named ? 'place' : undefined} type="text" value={value.place} maxLength={100} onChange={(e) => onPlace(e.target.value)} {...describe('place', true)} />
        {errorFor('place')}
      </div>
    </>
  );
}
