// @ts-check
const createNextIntlPlugin = require('next-intl/plugin');

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WASM packages must be loaded by Node, not bundled (DESIGN.md §8). chinese-days ships an ES module
  // marked as CommonJS, which Turbopack refuses to bundle; Node loads its CommonJS build instead.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'postgres', 'socket.io', 'redis', 'chinese-days', 'pdfkit'],
  // forbidden() → app/forbidden.tsx with HTTP 403.
  // Server actions carry PDF uploads (catalogue attachments, reply documents: at most 10 MB each, checked again by
  // lib/disclosure/files.ts); Next's default limit is 1 MB.
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: '11mb' } },
  // Lets several checkouts' builds (e.g. parallel test runs on one machine) live side by side; default .next.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = withNextIntl(nextConfig);
