import { config } from 'zod/v4/core';

// zod 4 probes for `new Function` (to compile fast parsers) the first time it parses an object; under the site's
// CSP (proxy.ts: no 'unsafe-eval') the probe is refused and reported as a violation. Parse without it in browsers.
config({ jitless: true });
