/**
 * `tsx scripts/bench/profile-summary.ts <file.cpuprofile> [top]` — where a V8 CPU profile (BENCH_PROFILE=cpu)
 * spent its time: self time by package (node_modules/<name>, the app's compiled bundles, Node internals, GC, idle)
 * and the top functions.
 */
import fs from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function bucket(url: string, name: string): string {
  if (name === '(garbage collector)' || name === '(idle)' || name === '(program)') return name;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) {
    // Next bundles vendor code into its own chunks: name the package inside .next when the path shows it.
    return nm[1]!;
  }
  if (url.includes('/.next/')) return 'app (.next bundles)';
  if (url.startsWith('node:') || url === '') return name.startsWith('(') ? name : 'node internals';
  return url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '');
}

const [file, topArg] = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && all[i - 1] !== "--callers");
if (!file) {
  console.error('usage: tsx scripts/bench/profile-summary.ts <file.cpuprofile> [top]');
  process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = profile.endTime - profile.startTime;

const packages = new Map<string, number>();
const functions = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  const { functionName, url, lineNumber } = node.callFrame;
  const pkg = bucket(url, functionName);
  packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  const key = `${functionName || '(anonymous)'}  ${url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '')}:${lineNumber + 1}`;
  functions.set(key, (functions.get(key) ?? 0) + us);
}
const busy = total - (packages.get('(idle)') ?? 0);
const pct = (us: number, of: number) => `${((us / of) * 100).toFixed(1).padStart(5)}%`;
console.log(`profile ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (${pct(busy, total)})\n\nself time by package (share of busy time):`);
for (const [k, v] of [...packages].sort((a, b) => b[1] - a[1]).slice(0, 25)) if (k !== '(idle)') console.log(`  ${pct(v, busy)}  ${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`);
console.log('\ntop functions by self time:');
for (const [k, v] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 30))) if (!k.startsWith('(idle)')) console.log(`  ${pct(v, busy)}  ${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`);

// `--callers <functionName>`: the call paths (up to 6 frames) that lead to a function's self time.
const callersOf = process.argv.indexOf('--callers');
if (callersOf > 0) {
  const target = process.argv[callersOf + 1];
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const paths = new Map<string, number>();
  for (const [id, us] of selfUs) {
    if (byId.get(id)!.callFrame.functionName !== target) continue;
    const frames: string[] = [];
    for (let p = parent.get(id); p !== undefined && frames.length < (Number(process.env.DEPTH) || 14); p = parent.get(p)) {
      const f = byId.get(p)!.callFrame;
      frames.push(`${f.functionName || '(anon)'}@${bucket(f.url, f.functionName)}`);
    }
    const key = frames.join(' < ');
    paths.set(key, (paths.get(key) ?? 0) + us);
  }
  console.log(`\ncallers of ${target}:`);
  for (const [k, v] of [...paths].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`);
}

// `--inclusive`: total time (self and callees) of the app's own functions (lib/, server.ts).
if (process.argv.includes('--inclusive')) {
  const inclusive = new Map<string, number>();
  const walk = (id: number, stack: Set<string>): number => {
    const node = byId.get(id)!;
    let total = selfUs.get(id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'}  ${url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '')}:${lineNumber + 1}`;
    const own = /\/(lib|scripts)\/|server\.ts/.test(url) && !url.includes('node_modules') && !stack.has(key);
    if (own) stack.add(key);
    for (const c of node.children ?? []) total += walk(c, stack);
    if (own) {
      stack.delete(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + total);
    }
    return total;
  };
  const root = profile.nodes[0]!.id;
  walk(root, new Set());
  console.log('\napp functions by inclusive time:');
  for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`);
}
