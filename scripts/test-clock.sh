#!/usr/bin/env bash
# The unit and integration tests (vitest, embedded PGlite) under two fake clocks at the turn of the Beijing year,
# with libfaketime (Debian package `faketime`): 31 December 20:00 UTC of this Beijing year — already 1 January
# 04:00 in Beijing, still 31 December in UTC and in a UTC process's local time — and 10:00 Beijing on a working day
# in January of the next year. A test or a code path that pins a year, or takes the UTC or the process's year for
# Beijing's, fails here before it fails on New Year's Day. See docs/RELIABILITY.md, "The clock".
# PGlite only: it runs inside the faked process, so the database's now() is the faked clock too; a PostgreSQL server
# keeps the real time. Extra arguments go to vitest (e.g. a test file).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v faketime >/dev/null || { echo "test-clock: faketime is not installed (apt-get install faketime)" >&2; exit 1; }

year=$(TZ=Asia/Shanghai date +%Y)
next=$((year + 1))
# The first Monday–Friday from 7 January on: after any 元旦 holiday, long before 春节.
for d in 07 08 09; do
  january="$next-01-$d"
  [ "$(date -u -d "$january" +%u)" -le 5 ] && break
done

for clock in "$year-12-31 20:00:00 UTC" "$january 02:00:00 UTC"; do
  printf '\n\033[1m== Unit and integration tests (PGlite) with the clock at %s\033[0m\n' "$clock"
  started=$(date +%s)
  # Timers and timeouts run on the real monotonic clock; only the wall clock is moved.
  # Left to the two database passes: files whose outcome the wall clock cannot change, which are among the longest.
  # The accountability simulation sets every clock itself (each operation gets its `now`); prerequisites checks the
  # harness (a missing prerequisite fails under CI); backup compares a dump and its restore row by row, whatever
  # the rows hold; ratelimit-socket counts a flood within windows measured from its own start.
  env -u TEST_DATABASE_URL FAKETIME_DONT_FAKE_MONOTONIC=1 faketime "$clock" npx vitest run \
    --exclude test/accountability-simulation.test.ts --exclude test/prerequisites.test.ts \
    --exclude test/backup.test.ts --exclude test/ratelimit-socket.test.ts "$@"
  echo "test-clock: vitest with the clock at $clock took $(($(date +%s) - started)) s"
done
