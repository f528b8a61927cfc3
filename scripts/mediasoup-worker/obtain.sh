#!/usr/bin/env bash
# Puts a working mediasoup-worker where the mediasoup package looks for it
# (node_modules/mediasoup/worker/out/Release/). In order: the copy already
# there, the cache outside the clone, mediasoup's prebuilt download, and a
# build from the package's sources against Debian's libraries (~8 minutes on
# 2 cores). The cache is keyed by mediasoup version, platform and distro.
set -euo pipefail
cd "$(dirname "$0")/../.."

here=scripts/mediasoup-worker
target=node_modules/mediasoup/worker/out/Release/mediasoup-worker
version=$(node -p "require('./node_modules/mediasoup/package.json').version")
platform=$(node -p 'process.platform + "-" + process.arch')
distro=$( (. /etc/os-release && echo "${ID}${VERSION_ID:-}") 2>/dev/null || echo unknown)
cache_root=${CONVENE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/convene}
# Bump the recipe when build.sh changes what it builds, so caches are rebuilt
# (2: libsrtp2 from source with OpenSSL crypto).
recipe=2
cache_dir="$cache_root/mediasoup-worker/$version-$platform-$distro-r$recipe"
cached="$cache_dir/mediasoup-worker"

# A worker run without its environment exits with 41: it loads and runs here.
runs() {
  local status=0
  [ -x "$1" ] || return 1
  env -i "$1" >/dev/null 2>&1 || status=$?
  [ "$status" -eq 41 ]
}

install_from() {
  mkdir -p "$(dirname "$target")"
  cp "$1" "$target.tmp" && mv "$target.tmp" "$target"
}

if runs "$target"; then
  echo "mediasoup-worker $version: present"
elif runs "$cached"; then
  install_from "$cached"
  echo "mediasoup-worker $version: from cache $cached"
elif node "$here/download-prebuilt.mjs" "$cached.download" && runs "$cached.download"; then
  mv "$cached.download" "$cached"
  install_from "$cached"
else
  rm -f "$cached.download"
  echo "Building mediasoup-worker $version from source against system libraries (about 8 minutes on 2 cores)..."
  tools="$cache_root/build-tools"
  if ! PYTHONPATH="$tools" "$tools/bin/meson" --version >/dev/null 2>&1; then
    python3 -m pip install --quiet --disable-pip-version-check --target "$tools" 'meson>=1.1,<2'
  fi
  if ! command -v ninja >/dev/null 2>&1 && [ ! -x "$tools/bin/ninja" ]; then
    python3 -m pip install --quiet --disable-pip-version-check --target "$tools" ninja
  fi
  log="$cache_root/mediasoup-worker-build.log"
  mkdir -p "$cache_root"
  if ! bash "$here/build.sh" node_modules/mediasoup/worker "$cached" "$tools" >"$log" 2>&1; then
    tail -30 "$log"
    echo "mediasoup-worker build failed; full log: $log" >&2
    exit 1
  fi
  runs "$cached" || { echo "the built mediasoup-worker does not run; see $log" >&2; exit 1; }
  install_from "$cached"
  echo "mediasoup-worker $version: built and cached at $cached"
fi
