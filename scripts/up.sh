#!/usr/bin/env bash
# The README's first command: install (see install.sh), then start the
# platform. Migrations are applied by the server as it starts.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
printf '\n==> Starting on http://localhost:%s (Ctrl+C stops it)\n' "${PORT:-3000}"
exec node dist/server/server/index.js
