'use client';

import { useActionState, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { includeAttachmentForm, removeAttachmentForm } from './actions';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/forms/state';

interface Region { x: number; y: number; w: number; h: number }

const clamp = (v: number) => Math.min(1, Math.max(0, v));
const round = (v: number) => Math.round(v * 10_000) / 10_000;
const percent = (v: number) => String(Math.round(v * 1000) / 10);

function Problems({ state, ok }: { state: FormState; ok: string }) {
  const problems = [state.message, ...Object.values(state.fields)].filter((m, i, all): m is string => Boolean(m) && all.indexOf(m) === i);
  return <p role="status" className={state.ok ? 'form-ok' : 'field-error'}>{state.ok ? ok : problems.join('；')}</p>;
}

/**
 * One image of the letter: the moderator draws rectangles over its thumbnail (or types them in percent: the
 * keyboard way), and the server renders a copy with them filled solid, which alone goes into the public entry.
 */
export function MaskAttachmentForm({ entryId, attachment, included }: {
  entryId: string;
  attachment: { id: string; fileName: string; thumbnailUrl: string };
  included: { id: string; url: string; regions: Region[] } | null;
}) {
  const t = useTranslations('archiveStaff.editor.attachments');
  const [regions, setRegions] = useState<Region[]>(included?.regions ?? []);
  const [draft, setDraft] = useState<Region | null>(null);
  const start = useRef<{ x: number; y: number } | null>(null);
  const frame = useRef<HTMLDivElement>(null);
  const [state, action, pending] = useActionState(includeAttachmentForm.bind(null, entryId, attachment.id), INITIAL_FORM_STATE);
  const [removeState, removeAction, removing] = useActionState(removeAttachmentForm.bind(null, entryId, included?.id ?? ''), INITIAL_FORM_STATE);
  const base = `mask-${attachment.id}`;

  const point = (e: React.PointerEvent) => {
    const box = frame.current!.getBoundingClientRect();
    return { x: clamp((e.clientX - box.left) / box.width), y: clamp((e.clientY - box.top) / box.height) };
  };
  const boxOf = (a: { x: number; y: number }, b: { x: number; y: number }): Region => ({
    x: round(Math.min(a.x, b.x)), y: round(Math.min(a.y, b.y)), w: round(Math.abs(a.x - b.x)), h: round(Math.abs(a.y - b.y)),
  });
  const setField = (i: number, key: keyof Region, value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n)) return;
    setRegions((all) => all.map((r, j) => (j === i ? { ...r, [key]: round(clamp(n / 100)) } : r)));
  };

  return (
    <div className="mask-attachment">
      <form action={action} aria-busy={pending} className="form">
        <p className="hint" id={`${base}-hint`}>{t('drawHint')}</p>
        <div
          ref={frame}
          className="mask-frame"
          onPointerDown={(e) => { e.preventDefault(); e.currentTarget.setPointerCapture?.(e.pointerId); start.current = point(e); setDraft(null); }}
          onPointerMove={(e) => { if (start.current) setDraft(boxOf(start.current, point(e))); }}
          onPointerUp={(e) => {
            if (!start.current) return;
            const r = boxOf(start.current, point(e));
            start.current = null;
            setDraft(null);
            if (r.w >= 0.01 && r.h >= 0.01) setRegions((all) => [...all, r]);
          }}
        >
          {/* eslint-disable-next-line @next/next/no-img-element -- the original's thumbnail, for moderators only */}
          <img data-user-content="" src={attachment.thumbnailUrl} alt={t('originalAlt', { name: attachment.fileName })} draggable={false} />
          {[...regions, ...(draft ? [draft] : [])].map((r, i) => (
            <span key={i} className="mask-box" aria-hidden="true"
              style={{ left: `${r.x * 100}%`, top: `${r.y * 100}%`, width: `${r.w * 100}%`, height: `${r.h * 100}%` }}>{i < regions.length ? i + 1 : ''}</span>
          ))}
        </div>
        <fieldset className="mask-regions">
          <legend>{t('regions')}</legend>
          {regions.length === 0 ? <p className="hint">{t('noRegions')}</p> : null}
          {regions.map((r, i) => (
            <div key={i} className="mask-region" role="group" aria-label={t('region', { n: i + 1 })}>
              <span>{t('region', { n: i + 1 })}</span>
              {(['x', 'y', 'w', 'h'] as const).map((key) => (
                <label key={key}>
                  {t(key)}
                  <input type="number" min={0} max={100} step={0.1} value={percent(r[key])} onChange={(e) => setField(i, key, e.target.value)} />
                </label>
              ))}
              <button type="button" className="button-secondary" onClick={() => setRegions((all) => all.filter((_, j) => j !== i))}>{t('removeRegion', { n: i + 1 })}</button>
            </div>
          ))}
          <button type="button" className="button-secondary" onClick={() => setRegions((all) => [...all, { x: 0, y: 0, w: 0.25, h: 0.25 }])}>{t('addRegion')}</button>
        </fieldset>
        <input type="hidden" name="regions" value={JSON.stringify(regions)} />
        <button type="submit" disabled={pending} aria-describedby={`${base}-hint`}>{pending ? t('including') : included ? t('reinclude') : t('include')}</button>
        <Problems state={state} ok={t('saved')} />
      </form>
      {included ? (
        <figure className="mask-result" data-testid="masked-copy">
          {/* eslint-disable-next-line @next/next/no-img-element -- the masked copy as the public will see it */}
          <img data-user-content="" src={included.url} alt={t('maskedAlt', { name: attachment.fileName })} />
          <figcaption>{t('included')}</figcaption>
          <form action={removeAction} aria-busy={removing}>
            <button type="submit" className="button-secondary" disabled={removing}>{t('remove')}</button>
            <Problems state={removeState} ok={t('saved')} />
          </form>
        </figure>
      ) : null}
    </div>
  );
}
