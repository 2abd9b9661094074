import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { requirePermission } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { getEntryForCuration } from '@/lib/archive/curation';
import { curationAttachments } from '@/lib/archive/attachments';
import type { MaskSpan, UnmaskedSuspect } from '@/lib/archive/masking';
import { categoryTree } from '@/lib/disclosure/categories';
import { categoryOptions } from '@/app/workspace/moderator/disclosure/categories';
import { formatDate } from '@/app/interviews/format';
import { ArchiveNav } from '../ArchiveNav';
import { EditorForm, EntryActionForm, MarkTermForm, UnsavedEditorGuard } from '../CurationForms';
import { MaskAttachmentForm } from '../MaskAttachmentForm';
import '../curation.css';

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('archiveStaff'))('title') };
}

/** The original with what the public text hides marked (spans index the original). */
function Marked({ text, spans }: { text: string; spans: MaskSpan[] }) {
  const parts: React.ReactNode[] = [];
  let cursor = 0;
  spans.forEach((s, i) => {
    if (s.start > cursor) parts.push(text.slice(cursor, s.start));
    parts.push(<mark key={i} title={s.kind} data-kind={s.kind}>{text.slice(s.start, s.end)}</mark>);
    cursor = s.end;
  });
  parts.push(text.slice(cursor));
  return <p className="curation-text">{parts}</p>;
}

/** A public text with what masking left for the moderator to check outlined (spans index the public text). */
function Suspected({ text, suspects, testId, label, inline }: { text: string; suspects: UnmaskedSuspect[]; testId: string; label: (s: UnmaskedSuspect) => string; inline?: boolean }) {
  const parts: React.ReactNode[] = [];
  let cursor = 0;
  suspects.forEach((s, i) => {
    if (s.start < cursor) return;
    if (s.start > cursor) parts.push(text.slice(cursor, s.start));
    parts.push(<mark key={i} className="suspect" title={label(s)} data-kind={s.kind}>{text.slice(s.start, s.end)}</mark>);
    cursor = s.end;
  });
  parts.push(text.slice(cursor));
  return inline ? <span data-testid={testId}>{parts}</span> : <p className="prewrap" data-testid={testId}>{parts}</p>;
}

/** The editor: original (private, masked spans marked) beside the public text, category, marked names, preview, publish / unpublish. */
export default async function CurationEditorPage({ params }: Params) {
  const { id } = await params;
  const actor = await requirePermission('workspace.moderator', `/workspace/moderator/archive/${id}`);
  const t = await getTranslations('archiveStaff');
  const pub = await getTranslations('archive');
  const locale = await getLocale();
  let data;
  try {
    data = await getEntryForCuration(actor, id);
  } catch (error) {
    if (error instanceof AppError && error.status === 404) notFound();
    throw error;
  }
  const { entry, original, spans, suspects, sourceChanged } = data;
  const attachments = await curationAttachments(actor, entry.id);
  const interview = entry.kind === 'interview';
  const fieldLabel = {
    title: t('editor.publicTitle'),
    body: interview ? t('editor.publicBodyInterview') : t('editor.publicBody'),
    answer: interview ? t('editor.publicAnswerInterview') : t('editor.publicAnswer'),
  };
  const kindLabel = (s: UnmaskedSuspect) => (s.kind === 'digits' ? t('editor.checkDigits') : t('editor.checkName'));
  const toCheck = (['title', 'body', 'answer'] as const).flatMap((field) => suspects[field].map((s) => ({ field, ...s })));
  const categories = categoryOptions(await categoryTree(db()), locale === 'en');
  const date = (d: Date | null) => (d ? formatDate(d, locale === 'en' ? 'en' : 'zh-CN') : '—');
  return (
    <>
      <p><Link href="/workspace/moderator/archive?tab=draft">{t('editor.back')}</Link></p>
      <h1>{t('editor.title', { title: entry.publicTitle })}</h1>
      <ArchiveNav current="queue" />
      <dl className="facts">
        <div><dt>{t('colStatus')}</dt><dd data-testid="entry-status">{t(`status.${entry.status}`)}</dd></div>
        <div>
          <dt>{t('editor.source')}</dt>
          <dd>
            {'trackingNo' in entry.source
              ? <Link href={`/letters/${entry.source.trackingNo}`}>{t('editor.sourceLetter', { trackingNo: entry.source.trackingNo })}</Link>
              : <Link href={`/workspace/moderator/interviews/${entry.source.interviewId}`}>{t('editor.sourceInterview')}</Link>}
          </dd>
        </div>
        <div><dt>{pub('entry.department')}</dt><dd>{entry.department ?? '—'}</dd></div>
        <div><dt>{interview ? pub('entry.heldAt') : pub('entry.submittedAt')}</dt><dd>{date(entry.submittedAt)}</dd></div>
        {interview ? null : <div><dt>{pub('entry.answeredAt')}</dt><dd>{date(entry.answeredAt)}</dd></div>}
        {entry.workingDays !== null ? <div><dt>{pub('entry.workingDays')}</dt><dd>{pub('entry.workingDaysValue', { days: entry.workingDays })}</dd></div> : null}
        <div><dt>{pub('entry.category')}</dt><dd>{entry.categoryName ?? '—'}</dd></div>
        <div><dt>{pub('entry.indexNo')}</dt><dd data-testid="entry-index-no">{entry.indexNo ?? '—'}</dd></div>
      </dl>
      {entry.status === 'unpublished' && entry.unpublishReason ? (
        <p className="notice">{t('editor.unpublishedBecause', { date: date(entry.unpublishedAt), reason: entry.unpublishReason })}</p>
      ) : null}
      {entry.consentWithdrawn ? <p className="notice" data-testid="consent-withdrawn">{t('editor.consentWithdrawn')}</p> : null}
      {entry.openFlags ? <p className="notice"><Link href="/workspace/moderator/archive/flags">{t('editor.openFlags', { count: entry.openFlags })}</Link></p> : null}
      {entry.status === 'published' ? <p><Link href={entry.url}>{t('editor.publicLink')}</Link></p> : null}

      <UnsavedEditorGuard>
      {sourceChanged ? (
        <div className="notice" data-testid="source-changed">
          <p>{t('editor.sourceChanged')}</p>
          <EntryActionForm entryId={entry.id} version={entry.version} action="refresh_answer" label={t('editor.refreshAnswer')} hint={t('editor.refreshAnswerHint')} />
        </div>
      ) : null}
      <div className="curation-columns">
        <section aria-labelledby="original-heading" className="curation-original">
          <h2 id="original-heading">{t('editor.originalHeading')}</h2>
          <p className="hint">{t('editor.originalHint')}</p>
          <h3>{t('editor.publicTitle')}</h3>
          <Marked text={original.title} spans={spans.title} />
          <h3>{interview ? t('editor.publicBodyInterview') : t('editor.publicBody')}</h3>
          <Marked text={original.body} spans={spans.body} />
          <h3>{interview ? t('editor.publicAnswerInterview') : t('editor.publicAnswer')}</h3>
          <Marked text={original.answer} spans={spans.answer} />
        </section>
        <section aria-labelledby="public-heading">
          <h2 id="public-heading">{t('editor.publicHeading')}</h2>
          <section aria-labelledby="mark-heading">
            <h3 id="mark-heading">{t('editor.markHeading')}</h3>
            <MarkTermForm entryId={entry.id} version={entry.version} current={entry.maskedTerms} />
          </section>
          <EditorForm
            entryId={entry.id}
            version={entry.version}
            interview={interview}
            categories={categories}
            values={{
              publicTitle: entry.publicTitle,
              publicBody: entry.publicBody,
              publicAnswer: entry.publicAnswer,
              category: entry.category ?? '',
              maskedTerms: entry.maskedTerms.join('\n'),
            }}
          />
        </section>
      </div>

      <section aria-labelledby="actions-heading">
        <h2 id="actions-heading">{t('editor.actionsHeading')}</h2>
        {entry.status === 'published' ? (
          <EntryActionForm entryId={entry.id} version={entry.version} action="unpublish" label={t('editor.unpublish')} hint={t('editor.unpublishHint')} />
        ) : (
          <>
            {entry.category ? null : <p className="notice">{t('editor.needsCategory')}</p>}
            <EntryActionForm
              entryId={entry.id}
              version={entry.version}
              action="publish"
              label={entry.status === 'unpublished' ? t('editor.republish') : t('editor.publish')}
              hint={t('editor.publishHint')}
              disabled={!entry.category || entry.consentWithdrawn}
            />
          </>
        )}
      </section>

      </UnsavedEditorGuard>

      {entry.kind === 'letter' ? (
        <section aria-labelledby="attachments-heading" className="curation-attachments" data-testid="curation-attachments">
          <h2 id="attachments-heading">{t('editor.attachments.heading')}</h2>
          <p className="hint">{t('editor.attachments.hint')}</p>
          {attachments.length ? (
            <ul>
              {attachments.map((a) => (
                <li key={a.id} data-testid="curation-attachment">
                  <h3 data-user-content="">{a.fileName}</h3>
                  {a.kind === 'image' && a.thumbnailUrl
                    ? <MaskAttachmentForm entryId={entry.id} attachment={{ id: a.id, fileName: a.fileName, thumbnailUrl: a.thumbnailUrl }} included={a.included} />
                    : <p className="notice">{t('editor.attachments.pdf')}</p>}
                </li>
              ))}
            </ul>
          ) : <p>{t('editor.attachments.none')}</p>}
        </section>
      ) : null}

      <section aria-labelledby="check-heading" className="curation-check" data-testid="unmasked-check">
        <h2 id="check-heading">{t('editor.checkHeading')}</h2>
        {toCheck.length ? (
          <>
            <p className="hint">{t('editor.checkHint')}</p>
            <ul>
              {toCheck.map((s) => (
                <li key={`${s.field}-${s.start}`} data-testid="unmasked-suspect" data-kind={s.kind}>
                  {t('editor.checkItem', { field: fieldLabel[s.field], kind: kindLabel(s) })} <mark className="suspect">{s.text}</mark>
                </li>
              ))}
            </ul>
          </>
        ) : <p>{t('editor.checkNone')}</p>}
      </section>

      <section aria-labelledby="preview-heading" className="curation-preview">
        <h2 id="preview-heading">{t('editor.previewHeading')}</h2>
        <h3 data-testid="preview-title"><Suspected text={entry.publicTitle} suspects={suspects.title} testId="preview-title-text" label={kindLabel} inline /></h3>
        <h4>{interview ? pub('entry.summary') : pub('entry.question')}</h4>
        <Suspected text={entry.publicBody} suspects={suspects.body} testId="preview-body" label={kindLabel} />
        <h4>{interview ? pub('entry.transcript') : pub('entry.answer')}</h4>
        <Suspected text={entry.publicAnswer} suspects={suspects.answer} testId="preview-answer" label={kindLabel} />
      </section>
    </>
  );
}
