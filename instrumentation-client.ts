// zod 4 probes for `new Function` (to compile fast parsers) the first time it parses an object; under the site's
// CSP (proxy.ts: no 'unsafe-eval') the probe is refused and reported as a violation. Parse without it in browsers.
//
// This file runs on every page, so it does not import zod: `import { config } from 'zod/v4/core'` put zod's core and
// its English messages (5.3 KB gzipped) on pages that parse nothing (issue 15 item 6, docs/BENCHMARKS.md "Page
// weight"). zod keeps its settings on globalThis.__zod_globalConfig (zod/v4/core/core.js, shared by every copy of
// zod so that they agree), which config() assigns into; test/zod-jitless.test.ts checks that zod reads it there.
const holder = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
(holder.__zod_globalConfig ??= {}).jitless = true;

export {};
