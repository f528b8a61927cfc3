#!/usr/bin/env bash
# The README's second command: every check and test tier. Needs the install
# step to have run. Chromium is installed here (as root on Debian), and the
# PostgreSQL and Redis servers the integration tests need are the configured
# ones (TEST_POSTGRES_URL, TEST_REDIS_URL), the local ones, or private ones
# started for this run and removed at its end (scripts/test-services.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$1"; }

step "Test dependencies"
bash scripts/system-packages.sh --test
step "Test services"
source scripts/test-services.sh

step "Type check and lint"
# Side by side: each is single-threaded, and the machines have two cores.
npm run --silent typecheck & typecheck=$!
npm run --silent lint & lint=$!
wait "$typecheck"
wait "$lint"
step "Build"
npm run --silent build
step "Unit tests"
npx vitest run --project unit
step "Integration tests"
npx vitest run --project integration --project integration-alone
step "End-to-end tests"
npx playwright test
