'use client';

import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import type { LiveUpdate } from '@/lib/interviews/event-types';
import { UPDATE_IMAGE_PX, UPDATE_SMALL_PX } from '@/lib/interviews/live-update-sizes';

/**
 * One 图文直播 update in the stream (TranscriptList: the room, the big screen, the 文字实录): its time, its text and
 * its photo as a figure with the moderator's alt text and caption. The small size is loaded on phones, the large
 * one on wide screens; the photo links to the large size.
 */
export function LiveUpdateEntry({ update, when }: { update: LiveUpdate; when: ReactNode }) {
  const t = useTranslations('interviews.liveUpdate');
  const image = update.image;
  return (
    <li className="iv-entry iv-entry-update" data-testid="entry-update" data-update-id={update.id}>
      <p className="iv-meta">
        {when} · <strong>{t('label')}</strong>
      </p>
      {update.body ? <p className="prewrap iv-text" data-testid="update-body" data-user-content="">{update.body}</p> : null}
      {image ? (
        <figure className="iv-update-figure" data-user-content="">
          <a href={image.url}>
            <img
              src={image.smallUrl}
              srcSet={`${image.smallUrl} ${UPDATE_SMALL_PX}w, ${image.url} ${UPDATE_IMAGE_PX}w`}
              sizes="(max-width: 40rem) 100vw, 40rem"
              alt={image.alt}
              width={image.width || undefined}
              height={image.height || undefined}
              loading="lazy"
              decoding="async"
              data-testid="update-image"
            />
          </a>
          {image.caption ? <figcaption>{image.caption}</figcaption> : null}
        </figure>
      ) : null}
    </li>
  );
}
