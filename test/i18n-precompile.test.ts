import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import compile from 'icu-minify/compile';
import { _createCache, _createIntlFormatters } from 'use-intl/core';
import runtimeFormat from 'use-intl/format-message';
import formatOnly from 'use-intl/format-message/format-only';
import { describe, expect, it } from 'vitest';
import { forFormatter, PRECOMPILED, rawMessage } from '@/lib/i18n/precompile';
import en from '@/lib/i18n/messages/en.json';
import zh from '@/lib/i18n/messages/zh-CN.json';

/**
 * The app formats messages ahead of time (lib/i18n/precompile.ts, next.config.js): next-intl's format-only formatter
 * over icu-minify's compiled messages, instead of intl-messageformat parsing each string. This checks, for every
 * message of both catalogues, that the two give the same text — with each argument filled in, each plural tried
 * with 0, 1 and 5, each select with each of its options, dates and numbers, and tags as functions.
 */

type Tree = { [key: string]: string | Tree };
const entries = (tree: Tree, prefix = ''): Array<[string, string]> =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : entries(v, `${prefix}${k}.`)));

type Arg = { kind: 'plain' | 'number' | 'date' | 'plural' | 'tag' } | { kind: 'select'; options: string[] };

function argsOf(elements: MessageFormatElement[], found = new Map<string, Arg>()): Map<string, Arg> {
  for (const el of elements) {
    if (el.type === TYPE.argument) found.set(el.value, found.get(el.value) ?? { kind: 'plain' });
    else if (el.type === TYPE.number) found.set(el.value, { kind: 'number' });
    else if (el.type === TYPE.date || el.type === TYPE.time) found.set(el.value, { kind: 'date' });
    else if (el.type === TYPE.select) {
      found.set(el.value, { kind: 'select', options: Object.keys(el.options) });
      for (const o of Object.values(el.options)) argsOf(o.value, found);
    } else if (el.type === TYPE.plural) {
      found.set(el.value, { kind: 'plural' });
      for (const o of Object.values(el.options)) argsOf(o.value, found);
    } else if (el.type === TYPE.tag) {
      found.set(el.value, { kind: 'tag' });
      argsOf(el.children, found);
    }
  }
  return found;
}

/** Sets of values that walk every plural form and select option of a message. */
function valueSets(message: string): Array<Record<string, unknown>> {
  const args = argsOf(parse(message));
  const variants = Math.max(3, ...[...args.values()].map((a) => (a.kind === 'select' ? a.options.length : 0)));
  return Array.from({ length: variants }, (_, i) => {
    const values: Record<string, unknown> = {};
    for (const [name, arg] of args) {
      if (arg.kind === 'plain') values[name] = `«${name}»`;
      else if (arg.kind === 'number') values[name] = 1234.5 + i;
      else if (arg.kind === 'date') values[name] = new Date(Date.UTC(2026, 2, 4, 5, 6, 7));
      else if (arg.kind === 'plural') values[name] = [0, 1, 5][i % 3];
      else if (arg.kind === 'tag') values[name] = (chunks: unknown[]) => `<${name}>${chunks.join('')}</${name}>`;
      else if (arg.kind === 'select') values[name] = arg.options[i % arg.options.length];
    }
    return values;
  });
}

const text = (result: unknown) => (Array.isArray(result) ? result.join('') : String(result));

describe('precompiled messages', () => {
  for (const [locale, catalogue] of [['zh-CN', zh], ['en', en]] as const) {
    it(`format the same as the runtime parser (${locale})`, () => {
      const cache = _createCache();
      const options = { cache, formatters: _createIntlFormatters(cache), locale, timeZone: 'Asia/Shanghai', globalFormats: undefined, formats: undefined };
      const all = entries(catalogue as unknown as Tree);
      expect(all.length).toBeGreaterThan(1000);
      const differences: string[] = [];
      for (const [key, message] of all) {
        for (const values of valueSets(message)) {
          const hasValues = Object.keys(values).length > 0;
          const expected = text(runtimeFormat(key, message, (hasValues ? values : undefined) as never, options as never));
          const actual = text(formatOnly(key, compile(message), (hasValues ? values : undefined) as never, options as never));
          if (actual !== expected) differences.push(`${key} ${JSON.stringify(values)}: ${JSON.stringify(expected)} ≠ ${JSON.stringify(actual)}`);
        }
      }
      expect(differences).toEqual([]);
    });
  }

  it('leave catalogues as they are outside the app bundles, and keep the raw templates readable', () => {
    // vitest does not apply next.config.js's alias: the runtime parser is active here.
    expect(PRECOMPILED).toBe(false);
    expect(forFormatter(zh)).toBe(zh);
    expect(rawMessage(zh, 'letterUi.page.insertTemplateFor')).toBe('{label}：插入模板');
    expect(() => rawMessage(zh, 'letterUi.page')).toThrow(/No message/);
  });
});
