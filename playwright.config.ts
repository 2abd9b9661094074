import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive Debian's Chromium (never a downloaded browser) against the production build served by
 * server.ts. scripts/test.sh prepares the database: E2E_DATABASE_URL (a fresh PostgreSQL database) or
 * E2E_DATA_DIR (a fresh PGlite folder).
 */
const port = Number(process.env.E2E_PORT ?? 3100);
// Debian's headless shell (package chromium-headless-shell, the same Chromium build without the desktop browser's
// GPU and display processes) when installed, as Playwright itself prefers for headless runs; else Debian's chromium.
const chromium = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((p) => existsSync(p)) ?? '/usr/bin/chromium';
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  // A safety net for a whole test; each step waits at most 10 s (expect). Long multi-party flows set their own.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  // scripts/test.sh runs PGlite and PostgreSQL side by side: each run keeps its traces in its own folder.
  outputDir: process.env.E2E_OUTPUT_DIR ?? 'test-results',
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // A failed test keeps its trace (DOM snapshots of every step); the screencast is left out unless asked for
    // (E2E_TRACE_SCREENSHOTS=1), since it is recorded for every test, passing or not. With the headless shell this
    // took three specs from 232 s to 147 s of wall time and from 128 s to 71 s of CPU (README, "Tests").
    // Under CI no trace is recorded (E2E_TRACE=1 records them): CI keeps the run's log, not its test-results folder,
    // and recording every test's trace cost ~12 % of a browser run's CPU (five specs: 575 -> 508 CPU-seconds).
    trace: process.env.CI && process.env.E2E_TRACE !== '1'
      ? 'off'
      : { mode: 'retain-on-failure', screenshots: process.env.E2E_TRACE_SCREENSHOTS === '1', snapshots: true, sources: true },
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
  webServer: {
    command: 'npx tsx server.ts',
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    // In production the server writes a JSON line per request to stdout (docs/OPERATIONS.md "Logs"): not echoed here.
    // Warnings and errors (and 5xx request lines) go to stderr, which is.
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'production',
      PORT: String(port),
      NEXTAUTH_URL: baseURL,
      SEED_DEMO: '1',
      // Every staff queue starts longer than a page: a spec that finds its letter by position fails every time.
      SEED_DEMO_BACKLOG: '25',
      NEXT_TELEMETRY_DISABLED: '1',
      // scripts/test.sh (TEST_NODE24=1) serves the PostgreSQL run from Node 24, the production target.
      ...(process.env.E2E_SERVER_PATH ? { PATH: process.env.E2E_SERVER_PATH } : {}),
      RATE_LIMIT_FACTOR: '50', // every spec comes from one address and a few demo accounts (lib/ratelimit)
      ...(process.env.E2E_DATABASE_URL
        ? { DATABASE_URL: process.env.E2E_DATABASE_URL, NEXTAUTH_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123' }
        : { DATA_DIR: process.env.E2E_DATA_DIR ?? './data/e2e' }),
    },
  },
});
