import compile from 'icu-minify/compile';
import formatMessage from 'use-intl/format-message';

/**
 * Ahead-of-time ICU messages (issue 15 item 6). next.config.js aliases `use-intl/format-message` to next-intl's
 * format-only formatter in the app's bundles: the browser then no longer carries intl-messageformat and its ICU
 * parser (9 KB gzipped on every page with client-side texts), and the server no longer parses a message on each
 * render. That formatter takes messages compiled by icu-minify, so a catalogue handed to next-intl inside the app
 * (lib/i18n/request.ts, createTranslator) goes through `forFormatter` first. Outside the bundles (vitest, scripts,
 * server.ts's own modules) the alias does not apply, the default formatter parses raw strings, and `forFormatter`
 * returns the catalogue as it is.
 *
 * `t.raw` is not available on compiled messages: a page that hands a raw template to a client form reads it with
 * `rawMessage` instead.
 */
export const PRECOMPILED = (formatMessage as { raw?: boolean }).raw === false;

type Tree = { [key: string]: string | Tree };

function compileTree(tree: Tree): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Through JSON: icu-minify builds plural and select options as null-prototype objects, which React cannot pass to a
  // client component (NextIntlClientProvider) — the English pages with plurals answered 500.
  for (const [key, value] of Object.entries(tree)) out[key] = typeof value === 'string' ? JSON.parse(JSON.stringify(compile(value))) : compileTree(value);
  return out;
}

const compiled = new WeakMap<object, Record<string, unknown>>();

/** The catalogue in the form the active formatter takes: compiled once per catalogue object, or as it is. */
export function forFormatter<M extends object>(messages: M): M {
  if (!PRECOMPILED) return messages;
  let result = compiled.get(messages);
  if (!result) {
    result = compileTree(messages as unknown as Tree);
    compiled.set(messages, result);
  }
  return result as unknown as M;
}

/** A message's template as written in the catalogue (placeholders unfilled), e.g. for a client form to fill in. */
export function rawMessage(messages: object, path: string): string {
  let node: unknown = messages;
  for (const part of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') throw new Error(`No message at ${path}`);
  return node;
}
