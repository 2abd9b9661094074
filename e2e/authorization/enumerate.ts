import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

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

/** The HTTP methods a route.ts exports. */
function routeMethods(file: string): string[] {
  const source = read(file);
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?(?:function|const|let)\s+([A-Z]+)\b/g)) found.add(m[1]!);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(',')) found.add(part.trim().split(/\s+as\s+/).pop()!.trim());
  }
  return METHODS.filter((method) => found.has(method));
}

/**
 * Metadata files Next serves as GET routes of their own (app/sitemap.ts → /sitemap.xml): no route.ts, no
 * exported method, but reachable like one.
 */
const METADATA_ROUTES: Record<string, string> = { sitemap: 'sitemap.xml', robots: 'robots.txt', manifest: 'manifest.webmanifest' };

/** `GET /api/v1/letters/[trackingNo]`, one per HTTP method a route.ts exports, and `GET` for each metadata route. */
export function apiRoutes(): string[] {
  const out: string[] = [];
  for (const file of walk(join(ROOT, 'app'))) {
    if (/\/route\.(ts|js)$/.test(file)) for (const method of routeMethods(file)) out.push(`${method} ${urlPattern(file)}`);
    const metadata = /\/(sitemap|robots|manifest)\.(ts|tsx|js)$/.exec(file);
    if (metadata) out.push(`GET ${urlPattern(file).replace(/\/$/, '')}/${METADATA_ROUTES[metadata[1]!]}`);
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

/**
 * Functions marked 'use server' inside a component or function body (not at the top of the file): Next turns each
 * into a server action with a generated name that no row can name by its export, so they are reported as items of
 * their own — a row-less action the table must not miss (the build's manifest lists them too, see builtItems).
 */
export function inlineServerActions(): string[] {
  const out: string[] = [];
  for (const file of [...walk(join(ROOT, 'app')), ...walk(join(ROOT, 'lib'))].filter((f) => /\.(ts|tsx)$/.test(f))) {
    const source = read(file);
    const body = source.replace(/^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*['"]use server['"];?/, '');
    const count = [...body.matchAll(/(?:^|[{;]\s*)['"]use server['"]/gm)].length;
    for (let i = 0; i < count; i++) out.push(`${file}#(inline 'use server' ${i + 1})`);
  }
  return out.sort();
}

/**
 * What the production build says exists, from its manifests in `distDir` (default .next): pages and route
 * handlers from server/app-paths-manifest.json (metadata routes such as /sitemap.xml included; Next's own
 * /_not-found and /_global-error left out), server actions from server/server-reference-manifest.json (inline
 * 'use server' functions included, under their generated names). Route methods come from the route.ts source the
 * built route was made from; a built route without one is a metadata route, which answers GET.
 */
export function builtItems(distDir = process.env.NEXT_DIST_DIR ?? '.next'): { pages: string[]; apiRoutes: string[]; serverActions: string[] } {
  const server = join(resolve(ROOT, distDir), 'server');
  const appPaths = JSON.parse(readFileSync(join(server, 'app-paths-manifest.json'), 'utf8')) as Record<string, string>;
  const references = JSON.parse(readFileSync(join(server, 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  const routeSources = new Map(walk(join(ROOT, 'app')).filter((f) => /\/route\.(ts|js)$/.test(f)).map((f) => [urlPattern(f), f]));
  const pages: string[] = [];
  const routes: string[] = [];
  for (const key of Object.keys(appPaths)) {
    const m = /^(.*)\/(page|route)$/.exec(key);
    if (!m || /^\/_/.test(m[1]!)) continue;
    const url = m[1] || '/';
    if (m[2] === 'page') pages.push(url);
    else {
      const source = routeSources.get(url);
      if (source) for (const method of routeMethods(source)) routes.push(`${method} ${url}`);
      else routes.push(`GET ${url}`);
    }
  }
  const actions = Object.entries(references.node).map(([id, v]) => (v.filename && v.exportedName ? `${v.filename}#${v.exportedName}` : `(action ${id} without a source name)`));
  return { pages: pages.sort(), apiRoutes: routes.sort(), serverActions: [...new Set(actions)].sort() };
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
    // The case engine's domains name their 404 message (lib/cases/runner.ts), directly or through a constant.
    add(notfound, /notFoundMessage:\s*'([^']+)'/g);
    add(notfound, /const NOT_FOUND = '([^']+)'/g);
  }
  return { login, forbidden, notfound };
}

/**
 * Server actions whose body never calls requestActor() nor formAction() (lib/forms, which reads the actor and hands it
 * to the operation): such an action acts for nobody in particular, so it must not reach a domain operation. The
 * spec compares this list with an explicit allowlist.
 */
export function actionsWithoutActor(): string[] {
  const out: string[] = [];
  for (const action of serverActions()) {
    const [file, name] = action.split('#') as [string, string];
    const source = read(file);
    const start = source.search(new RegExp(`export\\s+(?:async\\s+)?(?:function\\s*\\*?|const|let)\\s+${name}\\b`));
    const next = source.slice(start + 1).search(/\nexport\s/);
    const body = next === -1 ? source.slice(start) : source.slice(start, start + 1 + next);
    if (!/\brequestActor\(\)|\bformAction\(/.test(body)) out.push(action);
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
