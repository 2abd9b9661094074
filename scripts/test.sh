#!/usr/bin/env bash
# The one test command (`npm test`): type check, unit and integration tests, the clock tests, production build,
# fault tests, browser tests.
#
# Databases: always embedded PGlite (a fresh machine needs nothing else). With TEST_DATABASE_URL (a PostgreSQL
# server URL, e.g. postgres://postgres@127.0.0.1:5432/postgres) every database-backed part runs a second time on
# fresh databases created on that server — as CI does (.ci/run). The two browser runs then go side by side, each
# with its own server, port and database: one browser run waits on one server most of the time, so two share the
# two cores well.
#
# TEST_NODE24=1 (CI): the PostgreSQL runs (unit tests and the browser run's production server) use Node.js 24 LTS,
# the production target, through scripts/with-node24.sh; the PGlite runs stay on the machine's Node.
# SKIP_BUILD=1 reuses the production build in .next.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
started=$(date +%s)
timings=()
timed() { # timed "label" command...: runs it and records how long it took (printed at the end)
  local label=$1 t0; shift
  t0=$(date +%s)
  "$@"
  timings+=("$(printf '%5d s  %s' $(($(date +%s) - t0)) "$label")")
}
summary() { printf '\n\033[1m== Timings\033[0m\n'; printf '%s\n' "${timings[@]}"; echo "total $(($(date +%s) - started)) s"; }

pg_url="${TEST_DATABASE_URL:-}"
unset TEST_DATABASE_URL
node24=()
if [ -n "$pg_url" ] && [ "${TEST_NODE24:-0}" = 1 ]; then node24=(bash scripts/with-node24.sh); fi

step "Type check"
timed "type check" npx tsc --noEmit

step "Unit and integration tests (PGlite)"
timed "unit and integration, PGlite" npx vitest run

if [ -n "$pg_url" ]; then
  step "Unit and integration tests (PostgreSQL${node24:+, Node 24})"
  timed "unit and integration, PostgreSQL${node24:+, Node 24}" env TEST_DATABASE_URL="$pg_url" "${node24[@]}" npx vitest run
fi

# The same tests under two fake clocks at the turn of the Beijing year (libfaketime; PGlite, since a PostgreSQL
# server keeps the real time). Without faketime: skipped with a warning locally, a failure in CI.
if command -v faketime >/dev/null; then
  step "Clock: unit and integration tests at the turn of the Beijing year (PGlite, libfaketime)"
  timed "clock tests (two clocks)" bash scripts/test-clock.sh
elif [ -n "${CI:-}" ]; then
  echo "faketime is not installed (apt-get install faketime): the clock tests cannot run" >&2; exit 1
else
  echo "warning: faketime is not installed (apt-get install faketime): the clock tests were skipped" >&2
fi

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  step "Production build"
  timed "production build" npx next build
fi

# After the build: test/faults/real-server.test.ts crashes the real server.ts, which serves the production build.
# The outage tests that bring their own PostgreSQL (real-server, postgres-restart) or share one between two
# processes (redis-outage, nginx-cluster: nginx in front of two server.ts, needs TEST_DATABASE_URL) run once; those that run on the suite's database (crash-under-load, slow-client) run on
# each database.
step "Fault tests: crashes, database and Redis outages, slow clients (docs/RELIABILITY.md)"
if [ -n "$pg_url" ]; then
  timed "fault tests, PostgreSQL" env TEST_DATABASE_URL="$pg_url" npx vitest run --config vitest.faults.config.mts
  timed "fault tests, PGlite" npx vitest run --config vitest.faults.config.mts test/faults/crash-under-load.test.ts test/faults/slow-client.test.ts
else
  timed "fault tests, PGlite" npx vitest run --config vitest.faults.config.mts
fi

step "End-to-end tests in Chromium${pg_url:+ (PGlite and PostgreSQL side by side)}"
e2e_dirs=()
e2e_databases=()
cleanup() {
  for url in "${e2e_databases[@]}"; do npx tsx scripts/test-db.ts drop "$url" >/dev/null 2>&1 || true; done
  for dir in "${e2e_dirs[@]}"; do rm -rf "$dir"; done
}
trap cleanup EXIT

# e2e_run NAME PORT [env...]: one Playwright run with its own server port (and port+1 for the rate-limit spec's
# server), database and output folder; its lines are prefixed with NAME when two runs share the terminal.
e2e_run() {
  local name=$1 port=$2; shift 2
  env E2E_PORT="$port" E2E_OUTPUT_DIR="test-results/$name" "$@" npx playwright test
}
t0=$(date +%s)
pglite_dir=$(mktemp -d -t minsheng-e2e-XXXXXX)
e2e_dirs+=("$pglite_dir")
if [ -z "$pg_url" ]; then
  e2e_run pglite 3100 E2E_DATA_DIR="$pglite_dir"
else
  e2e_database=$(npx tsx scripts/test-db.ts create "$pg_url")
  e2e_databases+=("$e2e_database")
  server_path="$PATH"
  if [ ${#node24[@]} -gt 0 ]; then server_path="$(bash scripts/with-node24.sh bash -c 'dirname "$(command -v node)"'):$PATH"; fi
  e2e_run pglite 3100 E2E_DATA_DIR="$pglite_dir" > >(sed -u 's/^/[pglite]   /') 2>&1 &
  pglite_pid=$!
  e2e_run postgres 3110 E2E_DATABASE_URL="$e2e_database" E2E_SERVER_PATH="$server_path" > >(sed -u 's/^/[postgres] /') 2>&1 &
  postgres_pid=$!
  status=0
  wait "$pglite_pid" || { echo "End-to-end tests on PGlite failed" >&2; status=1; }
  wait "$postgres_pid" || { echo "End-to-end tests on PostgreSQL failed" >&2; status=1; }
  [ "$status" = 0 ] || { summary; exit 1; }
fi
timings+=("$(printf '%5d s  %s' $(($(date +%s) - t0)) "end-to-end${pg_url:+, PGlite and PostgreSQL side by side}")")
summary
