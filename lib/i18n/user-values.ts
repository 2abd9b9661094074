/**
 * A translated text that quotes what a person wrote or is called (a name, a title, a question) split into pieces,
 * with those values marked: a page wraps them as user content (`data-user-content`), so e2e/english.spec.ts can tell
 * the interface's words from the people's. Pure: used by server pages and client components alike.
 */
export function splitUserValues(text: string, values: Array<string | null | undefined>): Array<{ text: string; user: boolean }> {
  let pieces = [{ text, user: false }];
  // Longest first: a name inside a longer title stays part of the title.
  for (const value of [...new Set(values.filter((v): v is string => Boolean(v)))].sort((a, b) => b.length - a.length)) {
    pieces = pieces.flatMap((p) => (p.user ? [p] : p.text.split(value).flatMap((part, i) => (i === 0 ? [{ text: part, user: false }] : [{ text: value, user: true }, { text: part, user: false }]))));
  }
  return pieces.filter((p) => p.text !== '');
}
