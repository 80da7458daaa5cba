#!/usr/bin/env bash
# The main job on a built-in default: research the sample source shipped in examples/acme-bi
# (offline) and write its cited section into a copy of a scaffold brief, examples/out/.
# With arguments, they are passed to om-research instead (e.g. --source tableau).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
BIN="${BUILD_DIR:-$ROOT/build}/app/om-research"
if (($#)); then
  exec "$BIN" "$@"
fi
OUT="$ROOT/examples/out"
mkdir -p "$OUT"
cp "$ROOT/examples/acme-bi/CONNECTOR_CONTEXT.md" "$OUT/CONNECTOR_CONTEXT.md"
set +e
"$BIN" --source acme-bi --service-type dashboard --offline \
  --spec "$ROOT/examples/acme-bi/openapi.yaml" --docs "$ROOT/examples/acme-bi/docs" \
  --db "$OUT/knowledge.db" --context "$OUT/CONNECTOR_CONTEXT.md"
rc=$?
set -e
echo "demo: om-research exited $rc; the brief is $OUT/CONNECTOR_CONTEXT.md" >&2
awk "/<!-- om-research:begin -->/,/<!-- om-research:end -->/" "$OUT/CONNECTOR_CONTEXT.md" | head -60 || true
exit $rc
