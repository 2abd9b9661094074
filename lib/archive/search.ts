import { sql, type SQL } from 'drizzle-orm';

/**
 * Chinese full-text search over the archive without any extension, the same on PGlite and PostgreSQL
 * (lib/archive/schema.ts).
 *
 * Index side: every text is cut into tokens here in JavaScript — runs of CJK characters become overlapping
 * character bigrams (医保报销 → 医保 保报 报销; a lone CJK character stays a unigram), runs of other letters and
 * digits become lower-cased words, punctuation and spaces are dropped — and the tokens are written as a `tsvector`
 * literal with positions and weights (title A, question B, answer C). PostgreSQL never parses the text itself, so
 * its parser, locale and dictionaries play no part.
 *
 * Query side: each space-separated word becomes a phrase of its tokens (`'医保' <-> '保报' <-> '报销'`), so a
 * four-character query matches exactly those four characters in a row; several words are ANDed. A lone CJK
 * character becomes a prefix match (`'医':*`): it finds the character at the start of a bigram, and the last
 * character of each run is also indexed alone, so no occurrence is missed.
 */

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3005\u3007]/u;
const TOKEN_RUN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3005\u3007]+|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3005\u3007])[\p{L}\p{N}\p{M}])+/gu;

/** A Latin/digit word longer than this is cut (PostgreSQL allows 2 KB per lexeme; nobody searches for 64+). */
const MAX_WORD_LENGTH = 64;
/** PostgreSQL keeps positions 1..16383 (larger ones are clamped) and at most 256 positions per lexeme. */
const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_LEXEME = 256;

/** Query limits: anything longer is cut, so no input can build an expensive tsquery. */
export const MAX_QUERY_LENGTH = 64;
const MAX_QUERY_WORDS = 6;
const MAX_QUERY_TOKENS = 24;

interface Token {
  lexeme: string;
  /** A lone CJK character (a unigram). */
  single: boolean;
  /**
   * The last character of a CJK run of two or more, indexed as a unigram at the position of the run's last bigram
   * (index side only): with it every character of a text starts some lexeme, so a one-character query `'医':*`
   * finds it wherever it stands.
   */
  tail?: boolean;
}

// Character classes, looked up per UTF-16 code unit in a table built once from the regular expressions above
// (the tokenizer runs for every entry of the scale seed, so it avoids a regular expression per character).
const SEPARATOR = 0;
const CJK_CHAR = 1;
const WORD_CHAR = 2;
let classTable: Uint8Array | undefined;
const WORD = /[\p{L}\p{N}\p{M}]/u;

function charClass(codePoint: number, char: string): number {
  if (codePoint < 0x10000) {
    if (!classTable) {
      classTable = new Uint8Array(0x10000);
      for (let c = 0; c < 0x10000; c++) {
        if (c >= 0xd800 && c <= 0xdfff) continue;
        const ch = String.fromCharCode(c);
        classTable[c] = CJK.test(ch) ? CJK_CHAR : WORD.test(ch) ? WORD_CHAR : SEPARATOR;
      }
    }
    return classTable[codePoint]!;
  }
  return CJK.test(char) ? CJK_CHAR : WORD.test(char) ? WORD_CHAR : SEPARATOR;
}

type TokenSink = (lexeme: string, single: boolean, tail: boolean) => void;

/** Calls `sink` for every token of `text`, in order (no arrays or objects per token: the seed runs it a million times). */
function eachToken(text: string, sink: TokenSink): void {
  // NFKC folds full-width letters and digits (ＡＢＣ１２３) onto ASCII and compatibility ideographs onto the standard ones.
  const normalized = text.normalize('NFKC');
  let previous = ''; // the previous CJK character of the current run
  let runLength = 0;
  let word = '';
  const endCjk = () => {
    if (runLength === 1) sink(previous, true, false);
    else if (runLength > 1) sink(previous, true, true);
    runLength = 0;
    previous = '';
  };
  const endWord = () => {
    if (word) sink(word.length > MAX_WORD_LENGTH ? Array.from(word.toLowerCase()).slice(0, MAX_WORD_LENGTH).join('') : word.toLowerCase(), false, false);
    word = '';
  };
  for (let i = 0; i < normalized.length; ) {
    const codePoint = normalized.codePointAt(i)!;
    const char = codePoint > 0xffff ? normalized.slice(i, i + 2) : normalized[i]!;
    i += char.length;
    const cls = charClass(codePoint, char);
    if (cls === CJK_CHAR) {
      if (word) endWord();
      if (runLength > 0) sink(previous + char, false, false);
      previous = char;
      runLength++;
    } else if (cls === WORD_CHAR) {
      if (runLength) endCjk();
      word += char;
    } else {
      if (runLength) endCjk();
      if (word) endWord();
    }
  }
  endCjk();
  endWord();
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  eachToken(text, (lexeme, single, tail) => tokens.push(tail ? { lexeme, single, tail } : { lexeme, single }));
  return tokens;
}

/** The search tokens of a text, in order: CJK bigrams (a lone CJK character as itself) and lower-cased words. */
export function bigrams(text: string): string[] {
  return tokenize(text).flatMap((t) => (t.tail ? [] : [t.lexeme]));
}

/** A lexeme quoted for tsvector/tsquery input: inside single quotes, quote and backslash escaped. */
function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * The `tsvector` literal of the three parts, positions running on across the parts (with a gap of one, so no
 * phrase spans the title and the question), title weighted A, question B, answer C.
 */
export function searchVectorLiteral(parts: { title: string; question: string; answer: string }): string {
  // lexeme → "1A,5B" and how many positions it has.
  const positions = new Map<string, string>();
  const counts = new Map<string, number>();
  let position = 0;
  let weight = 'A';
  const sink: TokenSink = (lexeme, _single, tail) => {
    if (!tail && position < MAX_POSITION) position++;
    const n = counts.get(lexeme) ?? 0;
    if (n >= MAX_POSITIONS_PER_LEXEME) return;
    counts.set(lexeme, n + 1);
    const entry = `${position}${weight}`;
    positions.set(lexeme, n === 0 ? entry : `${positions.get(lexeme)},${entry}`);
  };
  const add = (text: string, w: string) => {
    weight = w;
    eachToken(text, sink);
    if (position < MAX_POSITION) position++;
  };
  add(parts.title, 'A');
  add(parts.question, 'B');
  add(parts.answer, 'C');
  let out = '';
  for (const [lexeme, list] of positions) out += `${out ? ' ' : ''}${quoteLexeme(lexeme)}:${list}`;
  return out;
}

/** The weighted search vector of an archive entry, for `searchVector: searchVectorSql(...)` in inserts and updates. */
export function searchVectorSql(parts: { title: string; question: string; answer: string }): SQL {
  return sql`${searchVectorLiteral(parts)}::tsvector`;
}

export interface ParsedSearchQuery {
  /** tsquery text, to be cast with `::tsquery` (never passed through to_tsquery, which would re-parse it). */
  tsquery: string;
  /** The words as typed (normalised), for highlighting. */
  terms: string[];
}

/**
 * Turns what a visitor typed into a tsquery: each space-separated word a phrase of its tokens, words ANDed.
 * Operators and quotes in the input are plain text (punctuation is dropped); the input is cut to
 * MAX_QUERY_LENGTH characters, six words and 24 tokens. Null when nothing searchable is left.
 */
export function parseSearchQuery(q: string): ParsedSearchQuery | null {
  if (typeof q !== 'string') return null;
  const cut = Array.from(q.normalize('NFKC')).slice(0, MAX_QUERY_LENGTH).join('');
  const phrases: string[] = [];
  const terms: string[] = [];
  const seen = new Set<string>();
  let budget = MAX_QUERY_TOKENS;
  for (const word of cut.split(/\s+/u)) {
    if (phrases.length >= MAX_QUERY_WORDS || budget <= 0) break;
    const tokens = tokenize(word).filter((t) => !t.tail).slice(0, budget);
    if (tokens.length === 0) continue;
    budget -= tokens.length;
    const phrase = tokens.map((t) => (t.single ? `${quoteLexeme(t.lexeme)}:*` : quoteLexeme(t.lexeme))).join(' <-> ');
    if (seen.has(phrase)) continue;
    seen.add(phrase);
    phrases.push(tokens.length > 1 ? `(${phrase})` : phrase);
    // Highlight the runs of the word (punctuation inside a word separates them, as in the index).
    for (const m of word.toLowerCase().matchAll(TOKEN_RUN)) if (!terms.includes(m[0])) terms.push(m[0]);
  }
  if (phrases.length === 0) return null;
  return { tsquery: phrases.join(' & '), terms };
}

export interface HighlightPart {
  text: string;
  hit: boolean;
}

/**
 * A snippet of `text` around the first hit of any term (case-insensitive), cut to about `maxLength` characters with
 * "…" where it was cut, as parts to render (`hit` parts in <mark>). Without a hit: the start of the text.
 */
export function highlight(text: string, terms: string[], maxLength = 120): HighlightPart[] {
  const source = text.replace(/\s+/g, ' ').trim();
  const lower = source.toLowerCase();
  const needles = [...new Set(terms.map((t) => t.normalize('NFKC').toLowerCase()).filter((t) => t.length > 0))]
    // Longest first, so "医保报销" wins over "医保" at the same place.
    .sort((a, b) => b.length - a.length);
  // All hits, left to right, not overlapping.
  const hits: Array<[number, number]> = [];
  if (needles.length > 0) {
    let i = 0;
    while (i < lower.length) {
      let found: string | undefined;
      for (const n of needles) if (lower.startsWith(n, i)) { found = n; break; }
      if (found) {
        hits.push([i, i + found.length]);
        i += found.length;
      } else {
        i++;
      }
    }
  }
  const limit = Math.max(maxLength, 10);
  let start = 0;
  if (hits.length > 0) {
    // Some context before the first hit (a quarter of the snippet), never splitting a surrogate pair.
    start = Math.max(0, hits[0]![0] - Math.floor(limit / 4));
    if (source.length - start < limit) start = Math.max(0, source.length - limit);
  }
  let end = Math.min(source.length, start + limit);
  if (start > 0 && /[\uDC00-\uDFFF]/.test(source[start]!)) start--;
  if (end < source.length && /[\uDC00-\uDFFF]/.test(source[end]!)) end++;

  const parts: HighlightPart[] = [];
  const push = (s: string, hit: boolean) => {
    if (!s) return;
    const last = parts.at(-1);
    if (last && last.hit === hit) last.text += s;
    else parts.push({ text: s, hit });
  };
  if (start > 0) push('…', false);
  let cursor = start;
  for (const [a, b] of hits) {
    if (b <= start) continue;
    if (a >= end) break;
    push(source.slice(cursor, Math.max(a, start)), false);
    push(source.slice(Math.max(a, start), Math.min(b, end)), true);
    cursor = Math.min(b, end);
  }
  push(source.slice(cursor, end), false);
  if (end < source.length) push('…', false);
  return parts;
}
