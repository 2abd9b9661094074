/**
 * `node --max-old-space-size=8192 --import tsx scripts/bench/heap-summary.ts <after.heapsnapshot> [viewers]
 * [--base <before.heapsnapshot>]` — what a heap snapshot (BENCH_PROFILE=heap) holds: self size and count by kind
 * of object. With --base, what the second snapshot holds more than the first (the viewers' share), and with
 * `viewers` that difference per viewer.
 */
import fs from 'node:fs';

const args = process.argv.slice(2);
const baseAt = args.indexOf('--base');
const baseFile = baseAt >= 0 ? args[baseAt + 1] : undefined;
const [file, viewersArg] = args.filter((_, i) => baseAt < 0 || (i !== baseAt && i !== baseAt + 1));
if (!file) {
  console.error('usage: tsx scripts/bench/heap-summary.ts <after.heapsnapshot> [viewers] [--base <before.heapsnapshot>]');
  process.exit(2);
}

type Groups = Map<string, { count: number; size: number }>;

function groupsOf(path: string): { groups: Groups; total: number; objects: number } {
  const snapshot = JSON.parse(fs.readFileSync(path, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const iType = fields.indexOf('type');
  const iName = fields.indexOf('name');
  const iSize = fields.indexOf('self_size');
  const groups: Groups = new Map();
  let total = 0;
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + iType]!]!;
    let name = snapshot.strings[snapshot.nodes[i + iName]!]!;
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string') name = '(strings)';
    else if (type === 'code') name = '(code)';
    else if (type === 'hidden' || type === 'array' || type === 'number') name = `(${type}) ${name.slice(0, 40)}`;
    else if (type === 'closure') name = `(closure) ${name.slice(0, 40)}`;
    const g = groups.get(name) ?? { count: 0, size: 0 };
    g.count++;
    g.size += snapshot.nodes[i + iSize]!;
    groups.set(name, g);
    total += snapshot.nodes[i + iSize]!;
  }
  return { groups, total, objects: snapshot.nodes.length / width };
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(1).padStart(7)} MiB`;
const after = groupsOf(file);
console.log(`${file}: heap ${mib(after.total)} in ${after.objects.toLocaleString('en')} objects`);
let groups = after.groups;
if (baseFile) {
  const before = groupsOf(baseFile);
  console.log(`${baseFile}: heap ${mib(before.total)} in ${before.objects.toLocaleString('en')} objects`);
  console.log(`difference: ${mib(after.total - before.total)} in ${(after.objects - before.objects).toLocaleString('en')} objects`);
  groups = new Map([...after.groups].map(([k, g]) => [k, { count: g.count - (before.groups.get(k)?.count ?? 0), size: g.size - (before.groups.get(k)?.size ?? 0) }]));
}
console.log(`\nlargest${baseFile ? ' growth' : ''} by self size:`);
for (const [k, g] of [...groups].sort((a, b) => b[1].size - a[1].size).slice(0, 30)) console.log(`  ${mib(g.size)}  ${String(g.count).padStart(9)}  ${k}`);
const viewers = Number(viewersArg);
if (viewers > 0) {
  const grown = [...groups].filter(([, g]) => g.size > 0).sort((a, b) => b[1].size - a[1].size);
  const sum = grown.reduce((n, [, g]) => n + g.size, 0);
  console.log(`\nper viewer (${viewers}): ${(sum / viewers / 1024).toFixed(1)} KiB of heap in all grown kinds; the largest:`);
  for (const [k, g] of grown.slice(0, 30)) console.log(`  ${(g.size / viewers).toFixed(0).padStart(6)} B  ×${(g.count / viewers).toFixed(1).padStart(5)}  ${k}`);
}
