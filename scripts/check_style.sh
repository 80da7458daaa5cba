#!/usr/bin/env bash
# STYLE.md 2.2 and 2.12 checks over tracked C++ files: file length (.cpp > 600 lines is an error,
# > 400 a warning; headers > 200 a warning), function length (> 60 lines a warning; a rough
# heuristic: top-level definitions from their first line to the closing '}' in column 0), and
# the layering rule: a module's files include only their own module and core/ (app/ and tests
# may include everything). Exits 1 on any error. Usage: scripts/check_style.sh [files...]
# `--self-test` checks that the checks catch what they should (ctest style/check_style).
set -euo pipefail
SELF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"

if [[ ${1:-} == --self-test ]]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/extract" "$tmp/app" "$tmp/tests"
  expect() {  # expect <rc> <output pattern> <files...>
    local want=$1 pattern=$2 out rc=0
    shift 2
    out=$(OM_STYLE_ROOT="$tmp" bash "$SELF" "$@") || rc=$?
    if [[ $rc != "$want" || $out != *$pattern* ]]; then
      echo "self-test FAILED for $*: rc=$rc (want $want), output:"; echo "$out"; exit 1
    fi
  }
  printf '#include "store/store.h"\n' >"$tmp/extract/sibling.cpp"
  printf '#include "store/store.h"\n#include "extract/extract.h"\n' >"$tmp/app/wiring.cpp"
  printf '#include "store/store.h"\n' >"$tmp/extract/reader_test.cpp"
  { printf '#include "core/types.h"\nint f(int a) {\n'; for _ in $(seq 70); do echo '  a++;'; done
    printf '  return a;\n}\n'; } >"$tmp/extract/long_function.cpp"
  for _ in $(seq 601); do echo '// filler'; done >"$tmp/extract/long_file.cpp"
  expect 1 'includes "store/store.h"' extract/sibling.cpp
  expect 0 '0 error(s), 0 warning(s)' app/wiring.cpp extract/reader_test.cpp
  expect 0 'function int f is 73 lines' extract/long_function.cpp
  expect 1 '601 lines (> 600' extract/long_file.cpp
  echo "check_style self-test: 4 passed, 0 failed"
  exit 0
fi
ROOT="${OM_STYLE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"  # OM_STYLE_ROOT: for its self-test
cd "$ROOT"

MODULES=(core config crawler extract store report app)
errors=0
warnings=0
error() { echo "error: $*"; errors=$((errors + 1)); }
warn() { echo "warning: $*"; warnings=$((warnings + 1)); }

is_test() {  # unit tests beside the code, and everything under tests/ and bench/
  [[ $1 == *_test.cpp || $1 == */test_support.h || $1 == *_test_*.h || $1 == tests/* ||
     $1 == bench/* ]]
}

if (($#)); then
  files=("$@")
else
  mapfile -t files < <(git ls-files '*.cpp' '*.h')
fi

for f in "${files[@]}"; do
  [[ -f $f ]] || continue
  lines=$(wc -l <"$f")
  # File length. Test files are long tables of cases: over 600 lines they only warn.
  case $f in
    *.cpp)
      if ((lines > 600)); then
        if is_test "$f"; then warn "$f: $lines lines (> 600; split the test file)"
        else error "$f: $lines lines (> 600, STYLE.md 2.12)"; fi
      elif ((lines > 400)) && ! is_test "$f"; then
        warn "$f: $lines lines (> 400)"
      fi
      ;;
    *.h)
      if ((lines > 200)) && ! is_test "$f"; then warn "$f: $lines lines (header > 200)"; fi
      ;;
  esac

  # Function length (warning only): a definition starts at a column-0 line with '(' that is not
  # a declaration, a preprocessor line, a comment or a type; it ends at a '}' in column 0.
  if [[ $f == *.cpp ]] && ! is_test "$f"; then
    while IFS= read -r msg; do
      [[ -n $msg ]] && warn "$msg"
    done < <(awk -v file="$f" -v max=60 '
      function reset() { start = 0; opened = 0 }
      BEGIN { reset() }
      {
        if (!start) {
          if ($0 ~ /^[A-Za-z_~][^;]*\(/ && $0 !~ /^(namespace|class|struct|enum|union|extern|using|typedef|template|return|if|for|while|switch|static_assert)[ (<{]/ && $0 !~ /;[ \t]*$/) {
            start = NR; name = $0; opened = ($0 ~ /\{[ \t]*$/)
            if ($0 ~ /\}[ \t]*$/ && $0 ~ /\{/) { reset() }  # one-line definition
          }
          next
        }
        if (!opened) {
          if ($0 ~ /;[ \t]*$/) { reset(); next }
          if ($0 ~ /\{[ \t]*$/) { opened = 1 }
          next
        }
        if ($0 ~ /^\}/) {
          n = NR - start + 1
          if (n > max) {
            sub(/\(.*/, "", name)
            printf "%s:%d: function %s is %d lines (> %d, STYLE.md 2.12)\n", file, start, name, n, max
          }
          reset()
        }
      }' "$f")
  fi

  # Layering (STYLE.md 2.2): core includes only core; other modules only themselves and core.
  module=${f%%/*}
  if [[ " ${MODULES[*]} " == *" $module "* && $module != app ]] && ! is_test "$f"; then
    while IFS= read -r inc; do
      [[ -z $inc ]] && continue
      target=${inc%%/*}
      if [[ $target != "$module" && $target != core && " ${MODULES[*]} " == *" $target "* ]] ||
         [[ $target == tests ]]; then
        error "$f: includes \"$inc\": $module/ may include only $module/ and core/ (STYLE.md 2.2)"
      fi
    done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
  fi
done

echo "check_style: ${#files[@]} file(s), $errors error(s), $warnings warning(s)"
((errors == 0))
