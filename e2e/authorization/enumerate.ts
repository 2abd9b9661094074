import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Everything a request can reach, read from the source tree at test time — so a new page, route handler method,
 * server action or socket event shows up here, and the authorisation table must get a row for it.
 */

const ROOT = join(__dirname, '..', '..');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(relative(ROOT, path).split(sep).join('/'));
  }
  return out;
}

const sources = new Map<string, string>();
/** A source file's text (read once per process). */
function read(file: string): string {
  let text = sources.get(file);
  if (text === undefined) sources.set(file, (text = readFileSync(join(ROOT, file), 'utf8')));
  return text;
}

/** app/(group)/letters/[trackingNo]/page.tsx → /letters/[trackingNo]: route groups vanish, dynamic segments stay. */
export function urlPattern(file: string): string {
  const segments = file.split('/').slice(1, -1).filter((s) => !(s.startsWith('(') && s.endsWith(')')) && !s.startsWith('@'));
  return `/${segments.join('/')}`;
}

export function pages(): string[] {
  return walk(join(ROOT, 'app')).filter((f) => /\/page\.(tsx|ts|jsx|js)$/.test(f)).map(urlPattern).sort();
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** `GET /api/v1/letters/[trackingNo]`, one per HTTP method the route.ts exports. */
export function apiRoutes(): string[] {
  const out: string[] = [];
  for (const file of walk(join(ROOT, 'app')).filter((f) => /\/route\.(ts|js)$/.test(f))) {
    const source = read(file);
    const found = new Set<string>();
    for (const m of source.matchAll(/export\s+(?:async\s+)?(?:function|const|let)\s+([A-Z]+)\b/g)) found.add(m[1]!);
    for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
      for (const part of m[1]!.split(',')) found.add(part.trim().split(/\s+as\s+/).pop()!.trim());
    }
    for (const method of METHODS) if (found.has(method)) out.push(`${method} ${urlPattern(file)}`);
  }
  return out.sort();
}

/** `app/letters/actions.ts#letterActionForm` for every exported function of a 'use server' file. */
export function serverActions(): string[] {
  const out: string[] = [];
  for (const file of [...walk(join(ROOT, 'app')), ...walk(join(ROOT, 'lib'))].filter((f) => /\.(ts|tsx)$/.test(f))) {
    const source = read(file);
    if (!/^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*['"]use server['"]/.test(source)) continue;
    for (const m of source.matchAll(/export\s+(?:async\s+)?(?:function\s*\*?|const|let)\s+([A-Za-z_$][\w$]*)/g)) out.push(`${file}#${m[1]}`);
    for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
      for (const part of m[1]!.split(',')) if (part.trim() && !part.trim().startsWith('type ')) out.push(`${file}#${part.trim().split(/\s+as\s+/).pop()!.trim()}`);
    }
  }
  return out.sort();
}

/** Socket.IO event names registered with onEvent(socket, '…') or socket.on('…') in lib/**\/socket.ts and lib/realtime/server.ts. */
export function socketEvents(): string[] {
  const files = walk(join(ROOT, 'lib')).filter((f) => /\/socket\.ts$/.test(f) || f === 'lib/realtime/server.ts');
  const out = new Set<string>();
  for (const file of files) {
    const source = read(file);
    for (const m of source.matchAll(/(?:onEvent\(\s*socket\s*,\s*|socket\.on\(\s*)['"`]([^'"`]+)['"`]/g)) out.add(m[1]!);
  }
  return [...out].sort();
}

/** Missing rows and rows without an item, as messages naming them. */
export function compare(kind: string, enumerated: string[], rows: string[]): string[] {
  const problems: string[] = [];
  const rowSet = new Set(rows);
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r)) problems.push(`${kind}: duplicate row "${r}"`);
    seen.add(r);
  }
  for (const item of enumerated) if (!rowSet.has(item)) problems.push(`${kind}: no row for "${item}" — add it to e2e/authorization/table.ts`);
  const itemSet = new Set(enumerated);
  for (const r of rows) if (!itemSet.has(r)) problems.push(`${kind}: row "${r}" matches nothing in the source tree — remove or rename it`);
  return problems;
}

/**
 * The messages the domain answers 403 and 404 with, read from lib/ — server actions return an AppError's message
 * (not its status) as form state, so the action matrix tells a refusal from a validation error by its message.
 */
export function refusalMessages(): { login: Set<string>; forbidden: Set<string>; notfound: Set<string> } {
  const login = new Set<string>();
  const forbidden = new Set<string>();
  const notfound = new Set<string>();
  for (const file of walk(join(ROOT, 'lib')).filter((f) => f.endsWith('.ts'))) {
    const source = read(file);
    const add = (set: Set<string>, re: RegExp) => { for (const m of source.matchAll(re)) set.add(m[1]!); };
    add(login, /AppError\(\s*'unauthenticated',\s*'([^']+)'/g);
    add(login, /unauthenticated = \(\) => new AppError\('unauthenticated', '([^']+)'/g);
    add(forbidden, /AppError\(\s*'forbidden',\s*'([^']+)'/g);
    add(forbidden, /\bforbidden\(\s*'([^']+)'/g);
    add(forbidden, /forbidden = \(message = '([^']+)'/g);
    add(forbidden, /status:\s*403,\s*message:\s*'([^']+)'/g);
    add(notfound, /AppError\(\s*'not_found',\s*'([^']+)'/g);
    add(notfound, /\bnotFound\(\s*'([^']+)'/g);
    add(notfound, /notFound = \(message = '([^']+)'/g);
  }
  return { login, forbidden, notfound };
}

/**
 * Server actions whose body never calls requestActor(): such an action acts for nobody in particular, so it must
 * not reach a domain operation. The spec compares this list with an explicit allowlist.
 */
export function actionsWithoutActor(): string[] {
  const out: string[] = [];
  for (const action of serverActions()) {
    const [file, name] = action.split('#') as [string, string];
    const source = read(file);
    const start = source.search(new RegExp(`export\\s+(?:async\\s+)?(?:function\\s*\\*?|const|let)\\s+${name}\\b`));
    const next = source.slice(start + 1).search(/\nexport\s/);
    const body = next === -1 ? source.slice(start) : source.slice(start, start + 1 + next);
    if (!/\brequestActor\(\)/.test(body)) out.push(action);
  }
  return out.sort();
}

/** A pattern's dynamic segment names in order ([...nextauth] → nextauth). */
export function segmentNames(pattern: string): string[] {
  return [...pattern.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((m) => m[1]!);
}

/** Fills a pattern's dynamic segments with (already URL-encoded) values. */
export function fillPattern(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for [${name}] in ${pattern}`);
    return value;
  });
}
