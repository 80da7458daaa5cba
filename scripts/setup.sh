#!/usr/bin/env bash
# Installs the Debian packages om-research needs (only those missing), then configures and builds
# BUILD_DIR (default build/, Release). Safe to run again: it does only what is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
BUILD_TYPE="${BUILD_TYPE:-Release}"

PACKAGES=(cmake ninja-build g++ pkg-config git python3
  libcurl4-openssl-dev libboost-dev libsqlite3-dev doctest-dev libcli11-dev
  libarchive-dev libfyaml-dev libgumbo-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libre2-dev
  libssl-dev ${OM_EXTRA_PACKAGES:-})

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" ${OM_CMAKE_ARGS:-} >&2
fi
cmake --build "$BUILD_DIR" -j"$(nproc)" >&2
