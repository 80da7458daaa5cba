#!/usr/bin/env bash
# Installs the Debian packages om-research needs (only those missing), then configures and builds
# BUILD_DIR (default build/, Release). Safe to run again: it does only what is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
BUILD_TYPE="${BUILD_TYPE:-Release}"

PACKAGES=(cmake ninja-build g++ pkg-config git python3
  libcurl4-openssl-dev libboost-dev libsqlite3-dev doctest-dev libcli11-dev
  libarchive-dev libfyaml-dev libxml2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libre2-dev
  libssl-dev ${OM_EXTRA_PACKAGES:-})

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm (the MCP SDK client test) by command: an image may ship them in its own nodejs
# package (npm inside), which Debian's npm package would conflict with.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
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

# The official MCP TypeScript SDK, pinned, for tests/e2e/mcp_sdk_test.mjs (a real MCP client).
# Installed under the build folder only when missing; without npm or the registry the test is
# skipped with a message, and the set-up goes on.
MCP_SDK_VERSION="${OM_MCP_SDK_VERSION:-1.32.2}"
MCP_SDK_DIR="$BUILD_DIR/mcp-sdk"
if [[ ! -f "$MCP_SDK_DIR/node_modules/@modelcontextprotocol/sdk/package.json" ]]; then
  if command -v npm >/dev/null 2>&1 && mkdir -p "$MCP_SDK_DIR" &&
    (cd "$MCP_SDK_DIR" && npm_config_registry="${npm_config_registry:-https://registry.npmjs.org}" \
      timeout 300 npm install --save-exact --no-audit --no-fund --loglevel=error \
      "@modelcontextprotocol/sdk@$MCP_SDK_VERSION") >&2; then
    echo "setup: installed @modelcontextprotocol/sdk@$MCP_SDK_VERSION in $MCP_SDK_DIR" >&2
  else
    echo "setup: npm or its registry is unreachable: @modelcontextprotocol/sdk is not installed;" \
      "the e2e/mcp_sdk test will be skipped" >&2
  fi
fi
