#!/usr/bin/env bash
# Issue #19 item 3 benchmark: research a generated 100,000-path OpenAPI spec, then answer
# `lookup <source> all` from the cache it wrote. Bounds: research <= 10 s, lookup <= 1 s.
# Prints the median wall seconds, CPU seconds (user + sys, steadier when other processes share
# the machine) and peak RSS of RUNS runs of each (results: bench/RESULTS.md).
#   bench/bigspec_bench.sh [RUNS] [PATHS]      (needs python3 and /usr/bin/time)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-3}"
PATHS_N="${2:-100000}"
W="$ROOT/bench/work"; mkdir -p "$W"
BIN="${BIN:-$ROOT/build/app/om-research}"  # a Release build
SPEC="$W/bigspec_$PATHS_N.json"
[[ -f "$SPEC" ]] || python3 "$ROOT/bench/bigspec_gen.py" "$SPEC" "$PATHS_N"
DB="$W/bigspec.db"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# "wall cpu rss": wall seconds, user + sys seconds, peak RSS (KiB) of one run; output discarded.
timed() {
  /usr/bin/time -o "$W/time.txt" -f '%e %U %S %M' "$@" >/dev/null 2>"$W/stderr.txt" || {
    echo "failed: $*" >&2; cat "$W/stderr.txt" >&2; exit 1; }
  tail -1 "$W/time.txt" | awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}'
}

research_walls=(); research_cpus=(); research_rss=(); lookup_walls=(); lookup_cpus=(); lookup_rss=()
for ((i = 0; i < RUNS; i++)); do
  rm -f "$DB" "$DB-wal" "$DB-shm"
  read -r w c m < <(timed "$BIN" --source bigspec --spec "$SPEC" --no-context --json --db "$DB")
  research_walls+=("$w"); research_cpus+=("$c"); research_rss+=("$m")
  read -r w c m < <(timed "$BIN" lookup bigspec all --db "$DB")
  lookup_walls+=("$w"); lookup_cpus+=("$c"); lookup_rss+=("$m")
done
endpoints=$("$BIN" lookup bigspec endpoints --json --db "$DB" 2>/dev/null |
  python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d.get("endpoints", d)))' 2>/dev/null || echo "?")
rm -f "$DB" "$DB-wal" "$DB-shm"
printf 'spec: %s paths, %s bytes; endpoints in the cache: %s\n' "$PATHS_N" "$(stat -c %s "$SPEC")" "$endpoints"
report() {  # label walls cpus rss
  local -n walls="$2" cpus="$3" rss="$4"
  printf '%s: median wall %s s, CPU %s s, peak RSS %s MiB (wall of each run: %s)\n' "$1" \
    "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)" \
    "$(( $(printf '%s\n' "${rss[@]}" | median) / 1024 ))" "${walls[*]}"
}
report research research_walls research_cpus research_rss
report "lookup all" lookup_walls lookup_cpus lookup_rss
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
