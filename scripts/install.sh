#!/usr/bin/env bash
# The README's install step: takes a fresh clone to a built platform.
# System packages (when root), npm packages, the mediasoup worker, the Prisma
# client, and the server and client builds. Safe to run again: finished steps
# are skipped or fast.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node.js 20.19 or newer is required (found "+process.version+")"); process.exit(1) }'

step() { printf '\n==> %s\n' "$1"; }

step "System packages"
bash scripts/system-packages.sh

step "npm packages"
# mediasoup's own postinstall would download or build the worker and fail the
# whole install without internet; obtain.sh does that job instead.
export MEDIASOUP_WORKER_BIN=/dev/null/skip-mediasoup-postinstall
stamp=node_modules/.convene-install-stamp
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ]; then
  echo "up to date"
else
  # `npm install` rather than `npm ci`: it installs the locked versions too,
  # and tolerates lockfiles written by npm versions that omit other
  # platforms' optional packages (which `npm ci` refuses).
  npm install --no-audit --no-fund --loglevel=error
  echo "$lock_hash" >"$stamp"
fi
unset MEDIASOUP_WORKER_BIN

step "mediasoup worker"
bash scripts/mediasoup-worker/obtain.sh

step "Prisma client"
bash scripts/prisma-generate.sh

step "Build"
npm run --silent build

printf '\nInstalled in %ss.\n' "$((SECONDS - started))"
