#!/usr/bin/env bash
# The one test command (`npm test`): type check, unit and integration tests, fault tests, production build,
# browser tests.
# Default database: embedded PGlite. With TEST_DATABASE_URL (a PostgreSQL server URL, e.g.
# postgres://postgres@127.0.0.1:5432/postgres) every part runs on fresh databases created on that server.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Type check"
npx tsc --noEmit

step "Unit and integration tests (${TEST_DATABASE_URL:+PostgreSQL}${TEST_DATABASE_URL:-PGlite})"
npx vitest run

step "Fault tests: crashes, database and Redis outages, slow clients (docs/RELIABILITY.md)"
npx vitest run --config vitest.faults.config.mts

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  step "Production build"
  npx next build
fi

step "End-to-end tests in Chromium"
cleanup() {
  if [ -n "${E2E_DATABASE_URL:-}" ]; then npx tsx scripts/test-db.ts drop "$E2E_DATABASE_URL" || true; fi
  if [ -n "${E2E_DATA_DIR:-}" ]; then rm -rf "$E2E_DATA_DIR"; fi
}
trap cleanup EXIT
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  E2E_DATABASE_URL=$(npx tsx scripts/test-db.ts create "$TEST_DATABASE_URL")
  export E2E_DATABASE_URL
else
  E2E_DATA_DIR=$(mktemp -d -t minsheng-e2e-XXXXXX)
  export E2E_DATA_DIR
fi
npx playwright test
