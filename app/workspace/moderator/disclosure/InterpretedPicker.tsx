'use client';

import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { FieldError } from '@/app/_components/FormErrors';

/** What the catalogue search (GET /api/v1/disclosure/items?q=) answers per item, as far as the picker needs it. */
interface Found {
  id: string;
  indexNo: string;
  title: string;
  publishedOn: string;
  interpretation: boolean;
}

const PAGE = 8;
const DEBOUNCE_MS = 250;

/**
 * 政策解读: picks the policy document an item interprets by searching the public catalogue (title or index number,
 * the catalogue's own search API) rather than typing an index number. The choice travels as the hidden field
 * `interprets` (its index number; empty for none) and the server validates it as before (published, 主动公开, not an
 * interpretation itself). Interpretations and the item itself are left out of the results: they cannot be chosen.
 */
export function InterpretedPicker({ initial, initialTitle, selfId, error }: {
  /** The index number already chosen (the saved link, or what a refused submission sent). */
  initial: string;
  initialTitle?: string;
  /** The item being edited (its public id): not offered as its own document. */
  selfId?: string;
  error?: string;
}) {
  const t = useTranslations('disclosureStaff');
  const [chosen, setChosen] = useState<{ indexNo: string; title: string } | null>(initial ? { indexNo: initial, title: initialTitle ?? '' } : null);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Found[]>([]);
  const [status, setStatus] = useState<'idle' | 'loading' | 'done' | 'failed'>('idle');
  const request = useRef<AbortController | null>(null);

  useEffect(() => {
    const q = query.trim();
    request.current?.abort();
    if (!q) {
      setResults([]);
      setStatus('idle');
      return;
    }
    const controller = new AbortController();
    request.current = controller;
    const timer = setTimeout(async () => {
      setStatus('loading');
      try {
        const response = await fetch(`/api/v1/disclosure/items?${new URLSearchParams({ q: q.slice(0, 50), pageSize: String(PAGE) })}`, { signal: controller.signal });
        if (!response.ok) throw new Error(String(response.status));
        const body = await response.json() as { items: Found[] };
        setResults(body.items.filter((i) => !i.interpretation && i.id !== selfId));
        setStatus('done');
      } catch {
        if (!controller.signal.aborted) setStatus('failed');
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, selfId]);

  const describedBy = ['field-interprets-hint', error ? 'field-interprets-error' : ''].filter(Boolean).join(' ');
  const statusText = status === 'loading' ? t('interpretsSearching')
    : status === 'failed' ? t('interpretsSearchFailed')
      : status === 'done' ? (results.length ? t('interpretsFound', { count: results.length }) : t('interpretsNone')) : '';
  return (
    <div className="field">
      <label htmlFor="field-interprets">{t('interprets')}</label>
      <span className="hint" id="field-interprets-hint">{t('interpretsHint')}</span>
      <input type="hidden" name="interprets" value={chosen?.indexNo ?? ''} />
      {chosen ? (
        <p data-testid="interprets-choice">
          {t('interpretsChosen')}{chosen.title ? <span data-user-content="">{chosen.title}</span> : null}{' '}
          <span className="code">{chosen.indexNo}</span>{' '}
          <button type="button" className="button-secondary" onClick={() => setChosen(null)}>{t('interpretsClear')}</button>
        </p>
      ) : null}
      <input
        id="field-interprets" type="search" maxLength={50} autoComplete="off" spellCheck={false} value={query}
        placeholder={t('interpretsPlaceholder')} aria-invalid={error ? true : undefined} aria-describedby={describedBy} aria-controls="interprets-results"
        onChange={(e) => setQuery(e.target.value)}
        // Enter searches as typed already; it must not submit the whole item form.
        onKeyDown={(e) => { if (e.key === 'Enter') e.preventDefault(); }}
      />
      <p role="status" className="hint" data-testid="interprets-status">{statusText}</p>
      <ul id="interprets-results" data-testid="interprets-results">
        {results.map((r) => (
          <li key={r.id}>
            <button type="button" className="link-button" aria-pressed={chosen?.indexNo === r.indexNo}
              onClick={() => { setChosen({ indexNo: r.indexNo, title: r.title }); setQuery(''); }}>
              <span data-user-content="">{r.title}</span>
            </button>{' '}
            <span className="code">{r.indexNo}</span> <span className="hint">{r.publishedOn}</span>
          </li>
        ))}
      </ul>
      <FieldError id="field-interprets" error={error} />
    </div>
  );
}
