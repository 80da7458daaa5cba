#!/usr/bin/env bash
# Issue 4 benchmark: om-research's whole-process extraction of the GitHub REST spec vs node's bare
# JSON.parse (JSON) and js-yaml load (YAML), in the same run. Medians of RUNS, ratios printed.
#   bench/spec_bench.sh [RUNS]     (needs node/npm, python3-yaml, /usr/bin/time; fetches the
#                                   npm package @octokit/openapi@23.0.2 once into bench/work/)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"
W="$ROOT/bench/work"; mkdir -p "$W"
SHARED="${OM_SHARED_BENCH:-$ROOT/../shared/bench}"
BIN="${BIN:-$ROOT/build-perf/app/om-research}"  # a Release build (see the README)
[[ -x "$BIN" ]] || BIN="$ROOT/build/app/om-research"
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time python3-yaml >/dev/null
python3 -c 'import yaml' 2>/dev/null || apt-get install -y -qq python3-yaml >/dev/null
if [[ ! -f "$W/octokit/package/generated/api.github.com.json" ]]; then
  (cd "$W" && { ls octokit-openapi-23.0.2.tgz >/dev/null 2>&1 || npm pack @octokit/openapi@23.0.2 >/dev/null 2>&1; } \
    && mkdir -p octokit && tar xzf octokit-openapi-23.0.2.tgz -C octokit)
fi
G="$W/octokit/package/generated"
J="$G/api.github.com.json"; JD="$G/api.github.com.deref.json"
Y="$W/api.github.com.yaml"; YD="$W/api.github.com.deref.yaml"
[[ -f "$Y" ]] || python3 "$SHARED/json_to_yaml.py" "$J" "$Y"
[[ -f "$YD" ]] || python3 "$SHARED/json_to_yaml.py" "$JD" "$YD"
if [[ ! -d "$W/node/node_modules/js-yaml" ]]; then
  (mkdir -p "$W/node" && cd "$W/node" && npm init -y >/dev/null && npm install js-yaml@4 >/dev/null 2>&1)
fi
export NODE_PATH="$W/node/node_modules"

# median wall seconds, CPU seconds (user + sys) and peak RSS (KiB) of a command over RUNS runs.
# /usr/bin/time writes to a file (-o): the command's own stderr is discarded.
measure() {
  local walls=() cpus=() rss=() out
  for ((i = 0; i < RUNS; i++)); do
    rm -f "$W/bench.db" "$W/bench.db-wal" "$W/bench.db-shm"
    /usr/bin/time -o "$W/time.txt" -f '%e %U %S %M' "$@" >/dev/null 2>/dev/null
    out=$(tail -1 "$W/time.txt")
    read -r w u s m <<<"$out"
    walls+=("$w"); cpus+=("$(echo "$u + $s" | bc -l)"); rss+=("$m")
  done
  local m
  for list in walls cpus rss; do
    local -n arr="$list"
    m=$(printf '%s\n' "${arr[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '%s ' "$m"
  done
  echo
}

ops=$("$BIN" --source bench --spec "$J" --json --no-context --offline --db "$W/gate.db" 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["endpoints"]))')
rm -f "$W/gate.db"*
echo "gate: operations found in api.github.com.json = $ops (expected 1223)"
[[ "$ops" == 1223 ]] || { echo "gate FAILED"; exit 1; }

# Wall time is what issue 4 compares; CPU time (user + sys) is shown too, as it moves less when
# other builds share the machine. RSS/input is om-research's peak RSS over the input's size.
printf '%-30s %9s %7s %7s %6s %7s %7s %6s %8s %6s\n' file bytes "om s" "base s" ratio \
  "om cpu" "bs cpu" ratio "om MiB" "/input"
row() {  # label file baseline-cmd...
  local label="$1" f="$2"; shift 2
  local ow oc orss bw bc
  read -r ow oc orss < <(measure "$BIN" --source bench --spec "$f" --json --no-context --offline --db "$W/bench.db")
  read -r bw bc _ < <(measure "$@" "$f")
  local bytes; bytes=$(stat -c %s "$f")
  printf '%-30s %9s %7.3f %7.3f %6.2f %7.3f %7.3f %6.2f %8.1f %6.2f\n' "$label" "$bytes" "$ow" "$bw" \
    "$(echo "$ow / $bw" | bc -l)" "$oc" "$bc" "$(echo "$oc / $bc" | bc -l)" \
    "$(echo "$orss / 1024" | bc -l)" "$(echo "$orss * 1024 / $bytes" | bc -l)"
}
row "json / node JSON.parse" "$J" node "$SHARED/parse_json.js"
row "deref json / JSON.parse" "$JD" node "$SHARED/parse_json.js"
row "yaml / js-yaml load" "$Y" node "$SHARED/parse_yaml.js"
row "deref yaml / js-yaml load" "$YD" node "$SHARED/parse_yaml.js"
