import { useTranslations } from 'next-intl';
import type { AttachmentView } from '@/lib/letters/attachments';

/**
 * A letter's or a follow-up's attachments. Signed in (the writer, the case's staff): thumbnails linking to the
 * image, PDFs as downloads. With a query code (the lookup page, `code`): download buttons posting the code, so it
 * never appears in a URL — and no thumbnails, which would need it there. File names are the writer's words: marked as
 * user content (the English check of e2e/english.spec.ts leaves them alone, a file named in Chinese included).
 */
export function AttachmentList({ trackingNo, items, code, label }: { trackingNo: string; items: AttachmentView[]; code?: string; label?: string }) {
  const t = useTranslations('letterAttachments');
  if (!items.length) return null;
  const url = (id: string) => `/api/v1/attachments/${id}`;
  // With the code: POSTed to the letter's address (the code is checked against that letter).
  const codeUrl = (id: string) => `/api/v1/letters/${trackingNo}/attachments/${id}`;
  return (
    <div className="attachments">
      <p className="hint">{label ?? t('heading')} · {t('privateNote')}</p>
      <ul className="attachment-list" data-testid="attachments">
        {items.map((a) => (
          <li key={a.id} className="attachment">
            {code !== undefined ? (
              <form method="post" action={codeUrl(a.id)} target="_blank">
                <input type="hidden" name="code" value={code} />
                <button type="submit" className="button-secondary">{t('download')} <span data-user-content="">{a.fileName}</span></button>{' '}
                <span className="hint">{a.kind === 'pdf' ? t('pdf') : ''} {t('size', { kb: Math.ceil(a.sizeBytes / 1024) })}</span>
              </form>
            ) : a.kind === 'image' ? (
              <a href={url(a.id)} target="_blank" rel="noopener">
                {/* A private thumbnail behind the session: next/image would fetch it without the cookie. */}
                {/* eslint-disable-next-line @next/next/no-img-element */}
                <img data-user-content="" src={`${url(a.id)}?variant=thumbnail`} alt={t('thumbnailAlt', { name: a.fileName })} loading="lazy" width={160} />
                <span className="attachment-name"><span data-user-content="">{a.fileName}</span> · {t('open')}</span>
              </a>
            ) : (
              <a href={url(a.id)} download={a.fileName}>
                <span data-user-content="">{a.fileName}</span> <span className="hint">{t('pdf')} · {t('size', { kb: Math.ceil(a.sizeBytes / 1024) })}</span>
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
