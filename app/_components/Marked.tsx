import { splitUserValues } from '@/lib/i18n/user-values';

/**
 * A translated text with the people's values in it (`t('room.askedBy', { name })`) marked as user content: the
 * English survey (e2e/english.spec.ts) checks the words around them, not a guest's Chinese name. Server or client.
 */
export function Marked({ text, user }: { text: string; user: Array<string | null | undefined> }) {
  return <>{splitUserValues(text, user).map((p, i) => (p.user ? <span key={i} data-user-content="">{p.text}</span> : p.text))}</>;
}

