#!/usr/bin/env bash
# Installs the Debian packages the platform needs that this machine lacks:
# the libraries and tools to build the mediasoup worker, ffmpeg for
# recording, and (with --test) Chromium for the end-to-end tests. As root it
# installs them; otherwise it prints the exact command and fails.
set -euo pipefail

packages=(build-essential pkg-config python3 python3-pip ninja-build
  libuv1-dev libssl-dev libsrtp2-dev libabsl-dev nlohmann-json3-dev libusrsctp-dev ffmpeg)
if [ "${1:-}" = "--test" ]; then
  packages=(chromium ffmpeg)
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
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
