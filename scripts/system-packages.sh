#!/usr/bin/env bash
# Installs the Debian packages the platform needs that this machine lacks:
# the libraries and tools to build the mediasoup worker, ffmpeg for
# recording, (with --test) Chromium and Firefox ESR for the end-to-end tests, and (with
# --services) the PostgreSQL and Redis servers scripts/test-services.sh starts
# for a test run. As root it installs them, waiting while another apt-get or
# dpkg runs; otherwise it prints the exact command and fails.
set -euo pipefail

packages=(build-essential pkg-config python3 python3-pip ninja-build
  libuv1-dev libssl-dev libsrtp2-dev libabsl-dev nlohmann-json3-dev libusrsctp-dev ffmpeg)
if [ "${1:-}" = "--test" ]; then
  packages=(chromium firefox-esr ffmpeg)
fi
if [ "${1:-}" = "--services" ]; then
  packages=(postgresql redis-server)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian-like system: install the equivalents of ${packages[*]} yourself if anything below fails."
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages. Run as root, then try again:" >&2
  echo "  sudo sh -c '$command'" >&2
  exit 1
fi
# Waits (up to 10 minutes) while another apt-get or dpkg holds a lock. apt
# waits for dpkg's lock itself (DPkg::Lock::Timeout), but apt 2.6 gives up at
# once on the package lists' lock (`update`) and the download cache's, so a
# run that failed on a lock is tried again.
apt_get() {
  local deadline=$((SECONDS + 600)) output told=""
  until output=$(apt-get -o DPkg::Lock::Timeout=600 "$@" 2>&1); do
    if [[ $output != *"Could not get lock"* ]] || ((SECONDS >= deadline)); then
      printf '%s\n' "$output" >&2
      return 1
    fi
    [ -n "$told" ] || echo "apt is busy (another apt-get or dpkg holds a lock): waiting for it" >&2
    told=1
    sleep 5
  done
}

echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt_get update -qq
apt_get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
