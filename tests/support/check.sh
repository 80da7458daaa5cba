# Shared by the shell tests (sourced): a temp dir $T removed on exit, with the processes listed in
# PIDS stopped first; check() runs one assertion; finish() prints the counts and fails on any
# failure.
set -uo pipefail
T="$(mktemp -d)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  rm -rf "$T"
}
trap cleanup EXIT
pass=0
fail=0
check() {  # description, command...
  local what="$1"
  shift
  if "$@" >"$T/check.out" 2>&1; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: $what"
    sed 's/^/  /' "$T/check.out" | head -20
  fi
}
finish() {  # [label]
  echo "${1:+$1: }$pass passed, $fail failed"
  test "$fail" = 0
}
