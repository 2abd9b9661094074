import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive Debian's Chromium (never a downloaded browser) against the production build served by
 * server.ts. scripts/test.sh prepares the database: E2E_DATABASE_URL (a fresh PostgreSQL database) or
 * E2E_DATA_DIR (a fresh PGlite folder).
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
  webServer: {
    command: 'npx tsx server.ts',
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'production',
      PORT: String(port),
      NEXTAUTH_URL: baseURL,
      SEED_DEMO: '1',
      NEXT_TELEMETRY_DISABLED: '1',
      RATE_LIMIT_FACTOR: '50', // every spec comes from one address and a few demo accounts (lib/ratelimit)
      ...(process.env.E2E_DATABASE_URL
        ? { DATABASE_URL: process.env.E2E_DATABASE_URL, NEXTAUTH_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123' }
        : { DATA_DIR: process.env.E2E_DATA_DIR ?? './data/e2e' }),
    },
  },
});
