import { getTranslations } from 'next-intl/server';
import { personalDataKinds, type MaskKind } from '@/lib/archive/masking';

/** The kinds a moderator is warned about in a question: numbers and accounts that identify the asker or someone else. */
const FLAGGED: readonly MaskKind[] = ['phone', 'id_number', 'email', 'bank_card', 'messenger'];

/**
 * A flag on a pending question whose text contains a phone, ID or other personal number (issue 12, item 4), found
 * with the archive's masking detector, so the moderator edits it out before approving it for guests and the public.
 */
export async function PiiFlag({ text }: { text: string }) {
  const kinds = personalDataKinds(text).filter((k) => FLAGGED.includes(k));
  if (!kinds.length) return null;
  const t = await getTranslations('interviewsStaff.console');
  return (
    <p className="pii-flag" data-testid="pii-flag" data-kinds={kinds.join(' ')}>
      <span className="tag tag-danger">{t('piiFlag')}</span> {t('piiFlagKinds', { kinds: kinds.map((k) => t(`piiKind.${k}`)).join(t('piiKindSeparator')) })}
    </p>
  );
}
