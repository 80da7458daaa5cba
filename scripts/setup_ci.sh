#!/usr/bin/env bash
# The extra Debian packages .ci/run needs on a fresh machine besides scripts/setup.sh's: clang
# with its sanitizer and libFuzzer runtimes, clang-format and clang-tidy (version 14, Debian 12).
# Installs only what is missing; builds nothing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The build's own packages too (CI configures before ./scripts/demo.sh runs setup.sh): read from
# setup.sh's PACKAGES list, so that list stays the one place that names them.
eval "$(sed -n '/^PACKAGES=(/,/)$/p' "$ROOT/scripts/setup.sh" | sed 's/^PACKAGES=/BUILD_PACKAGES=/')"
PACKAGES=("${BUILD_PACKAGES[@]}" clang-14 clang clang-format-14 clang-format clang-tidy-14 clang-tidy libclang-rt-14-dev
  python3 git util-linux)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup_ci: installing ${missing[*]}" >&2
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >&2
fi
