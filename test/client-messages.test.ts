import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_MESSAGES, clientNamespaces, pickClientMessages, type ClientRoute } from '@/lib/i18n/client-messages';
import en from '@/lib/i18n/messages/en.json';
import zh from '@/lib/i18n/messages/zh-CN.json';

/**
 * Pages hand the browser only the catalogue namespaces their client components use (lib/i18n/client-messages). A
 * client component whose namespace is not listed for its folder shows message keys instead of text: these checks
 * read every client component, and every file that imports one, and fail on such a gap before a browser would.
 */
const ROOT = path.join(__dirname, '..');
const APP = path.join(ROOT, 'app');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full);
    return /\.(tsx?|mts)$/.test(name) ? [full] : [];
  });
}

const files = filesUnder(APP);
const source = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
const isClient = (f: string) => /^\s*['"]use client['"]/.test(source.get(f)!);

/** Top-level namespaces a client file translates with: useTranslations('ns.sub') → ns; useTranslations() → t('ns.key'). */
function namespacesOf(text: string): string[] {
  const found = new Set<string>();
  for (const [, arg] of text.matchAll(/useTranslations\(\s*(?:'([^']*)'|"([^"]*)")?\s*\)/g)) if (arg) found.add(arg.split('.')[0]!);
  if (/useTranslations\(\s*\)/.test(text)) {
    for (const [, key] of text.matchAll(/\bt\(\s*[`'"]([A-Za-z]+)\./g)) found.add(key!);
  }
  return [...found];
}

/** The folder key of lib/i18n/client-messages whose layout provides a file's messages (the longest matching one). */
function routeOf(file: string): ClientRoute {
  const dir = path.relative(APP, path.dirname(file)).split(path.sep).join('/');
  const keys = Object.keys(CLIENT_MESSAGES) as ClientRoute[];
  return keys.filter((k) => k === '' || dir === k || dir.startsWith(`${k}/`)).sort((a, b) => b.length - a.length)[0]!;
}

function resolveImport(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith('@/')) base = path.join(ROOT, spec.slice(2));
  else if (spec.startsWith('.')) base = path.resolve(path.dirname(from), spec);
  else return null;
  for (const candidate of [base, `${base}.tsx`, `${base}.ts`, path.join(base, 'index.tsx'), path.join(base, 'index.ts')]) {
    if (source.has(candidate)) return candidate;
  }
  return null;
}

const clientFiles = files.filter(isClient);
const used = new Map(clientFiles.map((f) => [f, namespacesOf(source.get(f)!)]));
const rel = (f: string) => path.relative(ROOT, f);

describe('messages handed to the browser', () => {
  it('finds the client components and their namespaces', () => {
    expect(clientFiles.length).toBeGreaterThan(30);
    expect([...used.values()].flat()).toEqual(expect.arrayContaining(['interviewsStaff', 'auth', 'workspace']));
  });

  it.each(clientFiles.map(rel))('%s finds its namespaces in its folder’s messages', (file) => {
    const full = path.join(ROOT, file);
    const route = routeOf(full);
    expect({ file, route, missing: used.get(full)!.filter((ns) => !clientNamespaces(route).includes(ns)) }).toEqual({ file, route, missing: [] });
  });

  it('every file hands the client components it renders, directly or through other files, their namespaces', () => {
    // Transitive: a staff page may render a server component of another folder that renders a client form.
    const reached = new Map<string, Map<string, string>>(); // file → namespace → the client component that needs it
    const reach = (file: string, seen = new Set<string>()): Map<string, string> => {
      const known = reached.get(file);
      if (known) return known;
      const found = new Map<string, string>();
      seen.add(file);
      for (const ns of used.get(file) ?? []) found.set(ns, file);
      for (const [, spec] of source.get(file)!.matchAll(/from\s*'([^']+)'/g)) {
        const target = resolveImport(file, spec!);
        if (!target || seen.has(target)) continue;
        for (const [ns, by] of reach(target, seen)) if (!found.has(ns)) found.set(ns, by);
      }
      reached.set(file, found);
      return found;
    };
    const gaps: string[] = [];
    for (const file of files) {
      const allowed = clientNamespaces(routeOf(file));
      for (const [ns, by] of reach(file)) if (!allowed.includes(ns)) gaps.push(`${rel(file)} renders ${rel(by)}: ${ns}`);
    }
    expect(gaps).toEqual([]);
  });

  it.each(Object.keys(CLIENT_MESSAGES).filter((k) => k !== ''))('app/%s/layout.tsx provides its messages', (route) => {
    const layout = path.join(APP, route, 'layout.tsx');
    expect(existsSync(layout)).toBe(true);
    expect(readFileSync(layout, 'utf8')).toContain(`<ClientMessages route="${route}">`);
  });

  it('the root layout hands the browser no catalogue (next-intl stays off pages without translating client components), and nothing hands it the whole catalogue', () => {
    expect(CLIENT_MESSAGES['']).toEqual([]);
    expect(source.get(path.join(APP, 'layout.tsx'))).not.toMatch(/<ClientMessages|<NextIntlClientProvider/);
    const rootClients = clientFiles.filter((f) => routeOf(f) === '' && /from 'next-intl'/.test(source.get(f)!));
    expect(rootClients.map(rel)).toEqual([]);
    const whole = files.filter((f) => /<NextIntlClientProvider(?![^>]*messages=)/.test(source.get(f)!));
    expect(whole.map(rel)).toEqual([]);
  });

  it('every listed namespace exists in both catalogues, and a page gets only its own', () => {
    for (const ns of Object.values(CLIENT_MESSAGES).flat()) {
      expect(zh).toHaveProperty([ns]);
      expect(en).toHaveProperty([ns]);
    }
    const publicPage = pickClientMessages(zh as Record<string, unknown>, 'interviews');
    expect(Object.keys(publicPage).sort()).toEqual(['interviews']);
    expect(JSON.stringify(publicPage).length).toBeLessThan(JSON.stringify(zh).length / 5);
  });
});
