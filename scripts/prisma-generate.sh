#!/usr/bin/env bash
# Generates the Prisma client into server/db/generated (gitignored).
#
# `prisma generate` does not need Prisma's native schema engine, yet the CLI
# insists on locating one and, when it is missing, downloads it from Prisma's
# binary host. Offline (and whenever install scripts were skipped, so the
# engine was never fetched) that download fails and takes `generate` down
# with it. Pointing PRISMA_SCHEMA_ENGINE_BINARY at a harmless executable
# satisfies the check. We only do so when the caller has not chosen an engine
# and none is installed, so machines with a real engine keep using it.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

has_native_schema_engine() {
  local candidate
  # Where @prisma/engines' postinstall puts the binary (hoisted or nested).
  for candidate in \
    node_modules/@prisma/engines/schema-engine-* \
    node_modules/prisma/node_modules/@prisma/engines/schema-engine-*; do
    case "$candidate" in
      *.gz | *.sha256 | *.sig) continue ;;
    esac
    if [ -f "$candidate" ] && [ -x "$candidate" ]; then
      return 0
    fi
  done
  return 1
}

if [ -z "${PRISMA_SCHEMA_ENGINE_BINARY:-}" ] && ! has_native_schema_engine; then
  # `type -P` skips the shell builtin and finds the real program on PATH.
  PRISMA_SCHEMA_ENGINE_BINARY="$(type -P true)"
  export PRISMA_SCHEMA_ENGINE_BINARY
fi

exec "$repo_root/node_modules/.bin/prisma" generate "$@"
