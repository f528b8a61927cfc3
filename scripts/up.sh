#!/usr/bin/env bash
# The README's first command: install (see install.sh), then start the
# platform. Migrations are applied by the server as it starts.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
printf '\n==> Starting on http://localhost:%s (Ctrl+C stops it)\n' "${PORT:-3000}"
# Which address browsers send media to, chosen as the server will choose it
# (RTC_ANNOUNCED_IP, else this machine's primary address). A bad variable is
# left to the server, which names it.
node --input-type=module -e '
  const { loadConfig } = await import("./dist/server/server/config.js");
  const { describeAnnouncedAddress } = await import("./dist/server/server/media/announcedAddress.js");
  try { console.log(describeAnnouncedAddress(loadConfig().rtc.announced).message); } catch {}
' || true
exec node dist/server/server/index.js
