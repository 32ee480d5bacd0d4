#!/usr/bin/env bash
# tests/check_tree.sh - the shape of the tree that docs/layout.md promises (issue 11):
#   1. no source file in src/, ingest/, queries/ over 1,000 lines;
#   2. the one-way flow cli -> queries | ingest -> core: queries/ includes no header of
#      ingest/ (its own *.h or coauth/ingest.h, coauth/reader.h) and ingest/ none of
#      queries/ (its own *.h or coauth/query.h, coauth/write.h, coauth/plot.h);
#   3. SQLite only in the store: no "sqlite3" outside src/store*, no SQL in queries/;
#   4. docs/layout.md names every source file of src/, ingest/ and queries/.
# usage: tests/check_tree.sh [SOURCE_DIR]   (exit 1 with one line per breach)
set -uo pipefail
cd "${1:-$(dirname "$0")/..}" || exit 2
bad=0
breach() { echo "check_tree: $*"; bad=1; }

while read -r n f; do
  [ "$f" = total ] && continue
  [ "$n" -gt 1000 ] && breach "$f has $n lines (limit 1000)"
done < <(find src ingest queries -name '*.[ch]' -print0 | xargs -0 wc -l)

hdrs() { find "$1" -maxdepth 1 -name '*.h' -printf '%f\n'; }
check_includes() { # DIR FORBIDDEN-HEADER...
  local dir=$1; shift
  for h in "$@"; do
    grep -Hn "#include [\"<]\(.*/\)\?$h[\">]" "$dir"/*.c "$dir"/*.h 2>/dev/null |
      while IFS= read -r l; do echo "check_tree: $l: $dir/ includes $h"; done
  done
}
out=$(check_includes queries $(hdrs ingest) ingest.h reader.h
      check_includes ingest $(hdrs queries) query.h write.h plot.h)
[ -n "$out" ] && { echo "$out"; bad=1; }

out=$(grep -rln "sqlite3" src ingest queries include | grep -v '^src/store' || true)
[ -n "$out" ] && breach "sqlite3 outside src/store*: $(echo $out)"
out=$(grep -rlE '"(SELECT|INSERT|UPDATE|DELETE) ' queries || true)
[ -n "$out" ] && breach "SQL text in queries/: $(echo $out)"

# names and patterns (cmd_<name>.c, write_plot*.c) of docs/layout.md, as globs
mapfile -t named < <(grep -oE '[A-Za-z0-9_<>*]+\.c\b' docs/layout.md | sed 's/<[a-z]*>/*/g' | sort -u)
while IFS= read -r f; do
  b=$(basename "$f") ok=0
  for g in "${named[@]}"; do
    # shellcheck disable=SC2053 # $g is a glob on purpose
    [[ $b == $g ]] && { ok=1; break; }
  done
  [ $ok = 1 ] || breach "docs/layout.md does not name $f"
done < <(find src ingest queries -name '*.c' | sort)

[ $bad = 0 ] && echo "check_tree: ok ($(find src ingest queries -name '*.[ch]' | wc -l) files)"
exit $bad
