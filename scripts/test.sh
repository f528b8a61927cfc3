#!/usr/bin/env bash
# The README's second command: every check and test tier. Needs the install
# step to have run, PostgreSQL and Redis servers (TEST_POSTGRES_URL,
# TEST_REDIS_URL; defaults are the local ones) and Chromium (installed here
# when running as root on Debian).
set -euo pipefail
cd "$(dirname "$0")/.."

export TEST_POSTGRES_URL=${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
export TEST_REDIS_URL=${TEST_REDIS_URL:-redis://127.0.0.1:6379}

step() { printf '\n==> %s\n' "$1"; }

step "Test dependencies"
bash scripts/system-packages.sh --test
node scripts/check-services.mjs

step "Type check"
npm run --silent typecheck
step "Lint"
npm run --silent lint
step "Build"
npm run --silent build
step "Unit tests"
npx vitest run --project unit
step "Integration tests"
npx vitest run --project integration
step "End-to-end tests"
npx playwright test
