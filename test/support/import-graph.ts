import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';

/**
 * The import graph of the server's TypeScript (lib/ and server.ts), read from the source text: every `import … from`,
 * `export … from` and `import('…')` of a relative or `@/` path, with whether it is type-only (erased at build).
 * Used by test/realtime-contract.test.ts to keep lib/realtime out of import circles.
 */
export const ROOT = join(__dirname, '..', '..');

export interface ImportEdge {
  to: string;
  typeOnly: boolean;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = posix.join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) walk(path, out);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function resolveSpecifier(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith('@/')) base = specifier.slice(2);
  else if (specifier.startsWith('.')) base = posix.normalize(posix.join(posix.dirname(from), specifier));
  else return null; // a package
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    const full = join(ROOT, candidate);
    if (existsSync(full) && statSync(full).isFile()) return relative(ROOT, full).split(sep).join('/');
  }
  return null;
}

const STATIC = /(^|\n)\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/g;
const DYNAMIC = /import\(\s*['"]([^'"]+)['"]\s*\)/g;
/** `import '…'` for its side effects. */
const BARE = /(^|\n)\s*import\s*['"]([^'"]+)['"]/g;

/** Every source file's imports, by path relative to the repository. */
export function importGraph(dirs: string[] = ['lib'], files: string[] = ['server.ts']): Map<string, ImportEdge[]> {
  const graph = new Map<string, ImportEdge[]>();
  for (const file of [...dirs.flatMap((d) => walk(d)), ...files]) {
    const source = readFileSync(join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
    const edges: ImportEdge[] = [];
    for (const m of source.matchAll(STATIC)) {
      const to = resolveSpecifier(file, m[5]!);
      // `import type {…}`, or every named binding marked `type` (`import { type A, type B }`).
      const clause = m[4]!.trim();
      const allTypes = /^\{[\s\S]*\}$/.test(clause) && clause.slice(1, -1).split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '));
      if (to) edges.push({ to, typeOnly: Boolean(m[3]) || allTypes });
    }
    for (const m of source.matchAll(BARE)) {
      const to = resolveSpecifier(file, m[2]!);
      if (to) edges.push({ to, typeOnly: false });
    }
    for (const m of source.matchAll(DYNAMIC)) {
      const to = resolveSpecifier(file, m[1]!);
      if (to) edges.push({ to, typeOnly: false });
    }
    graph.set(file, edges);
  }
  return graph;
}

/** Every module reachable from `start` (itself excluded unless in a circle), following type-only edges too unless told. */
export function reachable(graph: Map<string, ImportEdge[]>, start: string[], { types = true } = {}): Set<string> {
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length) {
    const file = stack.pop()!;
    for (const edge of graph.get(file) ?? []) {
      if ((!types && edge.typeOnly) || seen.has(edge.to)) continue;
      seen.add(edge.to);
      stack.push(edge.to);
    }
  }
  return seen;
}

/** The strongly connected components with more than one module (import circles), Tarjan's algorithm. */
export function circles(graph: Map<string, ImportEdge[]>, { types = true } = {}): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const edge of graph.get(v) ?? []) {
      if (!types && edge.typeOnly) continue;
      const w = edge.to;
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
      }
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return out;
}
