import fs from 'node:fs';
import path from 'node:path';

/**
 * Request paths → the route they belong to, as Next's folder notation (`/letters/[trackingNo]`), so metrics and
 * logs group requests by route and never carry raw ids: a label per tracking number would grow without bound.
 * The table is read from the app/ folder at start (page and route files), so new routes need no change here.
 */
interface RouteNode {
  statics: Map<string, RouteNode>;
  param?: { name: string; node: RouteNode };
  catchAll?: { name: string; optional: boolean; route: string };
  route?: string;
}

const newNode = (): RouteNode => ({ statics: new Map() });

/** Parameters whose value is a secret (invitation and reset links): replaced in logged paths. */
const SECRET_PARAM = /token|secret|password|key/i;
export const UNMATCHED = '(unmatched)';

export interface RouteTable {
  /** The route template of a path (no query string), `(unmatched)` when no route has it. */
  routeOf(pathname: string): string;
  /** The path with secret segments (e.g. `[token]`) replaced by `[token]` — for logs. */
  redact(pathname: string): string;
}

/** Adds a route given as its URL segments (`['letters', '[trackingNo]']`). */
function add(root: RouteNode, segments: string[]): void {
  let node = root;
  const template = '/' + segments.join('/');
  for (const segment of segments) {
    const catchAll = /^\[(\[)?\.\.\.([^\]]+)\]\]?$/.exec(segment);
    if (catchAll) {
      node.catchAll = { name: catchAll[2]!, optional: Boolean(catchAll[1]), route: template };
      return;
    }
    const param = /^\[([^\]]+)\]$/.exec(segment);
    if (param) {
      node.param ??= { name: param[1]!, node: newNode() };
      node = node.param.node;
    } else {
      let next = node.statics.get(segment);
      if (!next) node.statics.set(segment, (next = newNode()));
      node = next;
    }
  }
  node.route = template === '/' ? '/' : template;
}

/** The app/ folder's routes: folders holding page or route files; (groups), @slots and _private folders as Next. */
export function scanAppRoutes(appDir: string): string[][] {
  const found: string[][] = [];
  const walk = (dir: string, segments: string[]) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && /^(page|route)\.(tsx?|jsx?|mdx)$/.test(e.name))) found.push(segments);
    // Metadata files at any level (Next's file conventions): sitemap.ts → /sitemap.xml and so on.
    for (const e of entries) {
      if (!e.isFile()) continue;
      if (/^sitemap\.(ts|js|xml)$/.test(e.name)) found.push([...segments, 'sitemap.xml']);
      if (/^robots\.(ts|js|txt)$/.test(e.name)) found.push([...segments, 'robots.txt']);
      if (/^manifest\.(ts|js|json|webmanifest)$/.test(e.name)) found.push([...segments, 'manifest.webmanifest']);
      if (e.name === 'favicon.ico') found.push([...segments, 'favicon.ico']);
    }
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith('_') || e.name.startsWith('.') || e.name === 'node_modules') continue;
      const invisible = /^\(.*\)$/.test(e.name) || e.name.startsWith('@');
      walk(path.join(dir, e.name), invisible ? segments : [...segments, e.name]);
    }
  };
  walk(appDir, []);
  return found;
}

/** Walks the tree as Next matches: a static segment first, then a [param], then a [...catchAll]. */
function match(node: RouteNode, parts: string[], i: number, params: string[]): { route: string; params: string[] } | null {
  if (i === parts.length) {
    if (node.route) return { route: node.route, params };
    if (node.catchAll?.optional) return { route: node.catchAll.route, params };
    return null;
  }
  const part = parts[i]!;
  const exact = node.statics.get(part);
  if (exact) {
    const found = match(exact, parts, i + 1, params);
    if (found) return found;
  }
  if (node.param) {
    const found = match(node.param.node, parts, i + 1, [...params, node.param.name]);
    if (found) return found;
  }
  if (node.catchAll) return { route: node.catchAll.route, params: [...params, ...parts.slice(i).map(() => node.catchAll!.name)] };
  return null;
}

function splitPath(pathname: string): string[] {
  let p = pathname.split('?')[0]!.split('#')[0]!;
  try {
    p = decodeURI(p);
  } catch {
    // keep it encoded
  }
  return p.split('/').filter(Boolean);
}

export function buildRouteTable(routes: string[][]): RouteTable {
  const root = newNode();
  for (const segments of routes) add(root, segments);
  const lookup = (pathname: string) => {
    const parts = splitPath(pathname);
    if (parts[0] === '_next') return { route: parts[1] === 'static' || parts[1] === 'image' ? `/_next/${parts[1]}` : '/_next', params: [] as string[] };
    if (parts.length === 1 && parts[0] === 'metrics') return { route: '/metrics', params: [] };
    return match(root, parts, 0, []);
  };
  return {
    routeOf(pathname) {
      return lookup(pathname)?.route ?? UNMATCHED;
    },
    redact(pathname) {
      const bare = pathname.split('?')[0]!.split('#')[0]!;
      const found = lookup(bare);
      const clipped = bare.length > 300 ? `${bare.slice(0, 300)}…` : bare;
      if (!found || !found.params.some((name) => SECRET_PARAM.test(name))) return clipped;
      // Dynamic segments in order: re-walk the path and replace the values of secret parameters.
      const parts = bare.split('/').filter(Boolean);
      const segments = found.route.split('/').filter(Boolean);
      return '/' + parts.map((part, i) => {
        const seg = segments[Math.min(i, segments.length - 1)] ?? '';
        const name = /^\[+(?:\.\.\.)?([^\]]+)\]+$/.exec(seg)?.[1];
        return name && SECRET_PARAM.test(name) ? `[${name}]` : part;
      }).join('/');
    },
  };
}

const holder = globalThis as unknown as { __minshengRoutes?: RouteTable };

/** The running app's route table (app/ under the working directory), built once. */
export function appRoutes(): RouteTable {
  return (holder.__minshengRoutes ??= buildRouteTable(scanAppRoutes(path.join(process.cwd(), 'app'))));
}
