'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { dateTimeFormat } from '@/lib/calendar/date-format';

/** What POST /api/v1/archive/similar answers per item (lib/archive/similar.ts); only the fields shown here. */
interface Suggestion {
  source: 'archive' | 'catalogue';
  id: string;
  kind?: 'letter' | 'interview';
  title: string;
  url: string;
  answeredAt?: string | null;
  publishedAt?: string | null;
  department?: { name: string } | null;
}

/** Asked after this pause in typing, … */
const DEBOUNCE_MS = 400;
/** … once the title and body hold this many characters. */
const MIN_CHARS = 8;
/** The body is cut to the letter's own limit (the server reads only its start). */
const MAX_BODY = 3000;

const day = (iso: string | null | undefined) => (iso ? dateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date(iso)) : null);

/**
 * "这些答复可能已解答您的问题": published answers like the draft, while the citizen writes (issue 17 item 4). Never
 * blocks: links open in a new tab (the draft stays), a failed or refused request shows nothing. `onShown` hears how
 * many suggestions are on screen, so the form can record that the letter was sent anyway.
 */
export function SimilarAnswers({ title, body, onShown }: { title: string; body: string; onShown: (count: number) => void }) {
  const t = useTranslations('similarAnswers');
  const [items, setItems] = useState<Suggestion[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const text = `${title.trim()}${body.trim()}`;
    if ([...text].length < MIN_CHARS) {
      setItems([]);
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setLoading(true);
      try {
        const response = await fetch('/api/v1/archive/similar', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: title.slice(0, 200), body: body.slice(0, MAX_BODY) }),
          signal: controller.signal,
        });
        // A refusal (429) or an error keeps what was shown: the suggestions are a help, never in the way.
        if (!response.ok) return;
        const result = (await response.json()) as { items: Suggestion[] };
        setItems(result.items);
      } catch {
        /* aborted by newer typing, or offline: nothing to show */
      } finally {
        if (!controller.signal.aborted) setLoading(false);
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [title, body]);

  useEffect(() => {
    if (items.length > 0) onShown(items.length);
  }, [items, onShown]);

  // The live region is always there (announcements need it present beforehand); it holds the list only when there is
  // one, so nothing says "these answers…" over an empty list. Searching is not announced (it happens at every pause).
  return (
    <div aria-live="polite" aria-busy={loading} data-testid="similar-answers">
      {items.length > 0 ? (
        <section className="card" aria-labelledby="similar-answers-title">
          <h2 id="similar-answers-title">{t('heading')}</h2>
          <p className="hint">{t('intro')}</p>
          <ul>
            {items.map((item) => {
              const label = item.source === 'catalogue' ? t('catalogue') : item.kind === 'interview' ? t('interview') : t('answer');
              const date = item.source === 'archive' && item.answeredAt ? t('answeredOn', { date: day(item.answeredAt)! }) : item.publishedAt ? t('publishedOn', { date: day(item.publishedAt)! }) : null;
              return (
                <li key={`${item.source}:${item.id}`}>
                  <a href={item.url} target="_blank" rel="noopener">{item.title}<span className="sr-only">{t('newTab')}</span></a>
                  <span className="hint"> · {label}{item.department ? ` · ${item.department.name}` : ''}{date ? ` · ${date}` : ''}</span>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
