// @ts-check
const createNextIntlPlugin = require('next-intl/plugin');

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

// Ahead-of-time ICU messages (lib/i18n/precompile.ts): next-intl's format-only formatter instead of intl-messageformat
// and its parser, in the browser and on the server; the catalogue is compiled when the request config loads it.
// MINSHENG_ICU_RUNTIME=1 at build time keeps the runtime parser (the code adapts to either).
const FORMAT_ONLY = './node_modules/use-intl/dist/esm/production/format-message/format-only.js';
const precompile = process.env.MINSHENG_ICU_RUNTIME !== '1';

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WASM packages must be loaded by Node, not bundled (DESIGN.md §8). chinese-days ships an ES module
  // marked as CommonJS, which Turbopack refuses to bundle; Node loads its CommonJS build instead.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'postgres', 'socket.io', 'redis', 'chinese-days', 'pdfkit'],
  // forbidden() → app/forbidden.tsx with HTTP 403.
  // Server actions carry uploads: PDFs of the disclosure column (10 MB, lib/disclosure/files.ts) and up to five
  // attachments of 10 MB on a letter's follow-up (lib/letters/attachments.ts, which checks again); Next's default
  // limit is 1 MB. proxy.ts buffers a request's body for the handler up to proxyClientMaxBodySize (default 10 MB,
  // past which the body is cut short): the same limit, so a 5-file upload reaches its route whole.
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: '51mb' }, proxyClientMaxBodySize: '51mb' },
  // Lets several checkouts' builds (e.g. parallel test runs on one machine) live side by side; default .next.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // Metadata is rendered in <head> before the page streams, for every reader: Next otherwise streams it into <body>
  // for browsers, where it lands in <head> or in a hidden boundary depending on which finished first, so the page
  // cache kept whichever shape the first reader caused; and share-preview fetchers Next does not know (WeChat's,
  // Weibo's) read <head> only. Measured: no page heavier, render time the same (docs/BENCHMARKS.md).
  htmlLimitedBots: /.*/,
  reactStrictMode: true,
  // Turbopack only (next build and the dev server's default); under webpack the runtime parser stays, consistently.
  ...(precompile && { turbopack: { resolveAlias: { 'use-intl/format-message': FORMAT_ONLY } } }),
};

module.exports = withNextIntl(nextConfig);
