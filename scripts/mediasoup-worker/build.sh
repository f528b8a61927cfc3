#!/usr/bin/env bash
# Builds mediasoup-worker from the sources inside the mediasoup npm package,
# against the system's libraries instead of the meson subprojects the package
# would download (they cannot be fetched on a machine without internet);
# libsrtp2 is the exception, built from source when its tarball can be had.
#
# Usage: build.sh WORKER_SRC_DIR OUTPUT_BINARY TOOLS_DIR
#
# Each subproject the worker's meson.build asks for is replaced by a small
# shim project that exposes the variables it reads, backed by pkg-config.
# Libraries the worker passes to `link_whole` become empty static libraries:
# the real code comes in through the shared system library in the *_dep.
set -euo pipefail

src=$1
out=$2
tools=$3

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$src" "$work/worker"
sub="$work/worker/subprojects"

# shim DIR DEP_DECLARATIONS EMPTY_LIBS OPTIONS
#   DEP_DECLARATIONS: meson statements defining the *_dep variables
#   EMPTY_LIBS: names of the empty static libraries to define
#   OPTIONS: meson_options.txt lines for options the worker passes
shim() {
  local dir="$sub/$1" deps=$2 libs=$3 opts=$4
  mkdir -p "$dir"
  echo 'int mediasoup_worker_shim_unused;' >"$dir/shim.c"
  {
    echo "project('$1-shim', 'c')"
    echo "$deps"
    for lib in $libs; do
      echo "$lib = static_library('shim_$lib', 'shim.c')"
    done
  } >"$dir/meson.build"
  printf '%s\n' "$opts" >"$dir/meson_options.txt"
}

wrap_dir() { sed -n 's/^directory *= *//p' "$sub/$1.wrap"; }

shim "$(wrap_dir openssl)" \
  "openssl_dep = dependency('openssl')" \
  "libcrypto_lib libssl_lib" ""

shim "$(wrap_dir nlohmann_json)" \
  "nlohmann_json_dep = dependency('nlohmann_json')" \
  "" ""

shim "$(wrap_dir libuv)" \
  "libuv_dep = dependency('libuv')" \
  "libuv" \
  "option('build_tests', type: 'boolean', value: false)
option('build_benchmarks', type: 'boolean', value: false)"

# libsrtp2 encrypts every packet the worker forwards, so its crypto decides
# how many viewers a worker serves. Debian's libsrtp2 is built on NSS; the
# real library built here with OpenSSL's crypto (AES-NI), as mediasoup's own
# builds do, costs about half the CPU per packet (measured with
# bench/sfu-fanout). Its source is the tarball mediasoup's wrap names, checked
# against the wrap's sha256: from the wrap's URL, or from Debian's archive,
# which serves the same upstream tarball where GitHub is out of reach. If
# neither answers, the worker links Debian's library (slower, still correct).
fetch_libsrtp2() {
  local dir version hash url file
  dir=$(wrap_dir libsrtp2)
  version=${dir#libsrtp-}
  hash=$(sed -n 's/^source_hash *= *//p' "$sub/libsrtp2.wrap")
  file="$work/libsrtp2.tar.gz"
  for url in \
    "$(sed -n 's/^source_url *= *//p' "$sub/libsrtp2.wrap")" \
    "http://deb.debian.org/debian/pool/main/libs/libsrtp2/libsrtp2_$version.orig.tar.gz"; do
    # Node's fetch: Node is there on every machine that gets this far, curl may not be.
    if node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(60000) })
        .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(String(r.status)))))
        .then((b) => require("node:fs").writeFileSync(process.argv[2], Buffer.from(b)))
        .catch(() => process.exit(1))' "$url" "$file" 2>/dev/null &&
      [ "$(sha256sum "$file" | cut -d' ' -f1)" = "$hash" ]; then
      tar -xzf "$file" -C "$sub"
      [ -f "$sub/$dir/meson.build" ] && echo "libsrtp2 $version: source from $url" && return 0
    fi
  done
  return 1
}

if ! fetch_libsrtp2; then
  echo "libsrtp2: source unavailable; linking the system library (NSS crypto, slower)"
  # Debian installs libsrtp2's headers in <includedir>/srtp2 and its .pc file
  # does not say so; the worker includes <srtp.h>.
  shim "$(wrap_dir libsrtp2)" \
    "srtp = dependency('libsrtp2')
libsrtp2_dep = declare_dependency(dependencies: srtp,
  compile_args: ['-I' + srtp.get_variable(pkgconfig: 'includedir') + '/srtp2'])" \
    "libsrtp2" \
    "option('crypto-library', type: 'string', value: 'openssl')
option('crypto-library-kdf', type: 'string', value: 'disabled')
option('tests', type: 'string', value: 'disabled')"
fi

shim "$(wrap_dir usrsctp)" \
  "usrsctp_dep = dependency('usrsctp')" \
  "usrsctp" \
  "option('sctp_build_programs', type: 'boolean', value: false)"

shim "$(wrap_dir abseil-cpp)" \
  "absl_container_dep = declare_dependency(dependencies: [
  dependency('absl_flat_hash_map'), dependency('absl_flat_hash_set'),
  dependency('absl_btree'), dependency('absl_inlined_vector'),
  dependency('absl_memory')])
absl_strings_dep = dependency('absl_strings')
absl_types_dep = dependency('absl_optional')" \
  "absl_container_lib" ""

# catch2 is only used by the worker's own test binary, which is not built.
shim "$(wrap_dir catch2)" "catch2_dep = declare_dependency()" "" ""

export PYTHONPATH="$tools${PYTHONPATH:+:$PYTHONPATH}"
meson="$tools/bin/meson"
ninja_bin=$(command -v ninja || echo "$tools/bin/ninja")
export NINJA="$ninja_bin"

cd "$work/worker"
"$meson" setup --wrap-mode=nodownload --buildtype=release -Db_ndebug=true \
  -Db_pie=true build
"$ninja_bin" -C build mediasoup-worker

mkdir -p "$(dirname "$out")"
cp build/mediasoup-worker "$out.tmp"
mv "$out.tmp" "$out"
