#!/usr/bin/env bash
# bench/bulk_floor.sh - what SQLite alone costs to build a store whose rows arrive in
# key order: every table of STORE copied into a new file of the same schema (its
# triggers left out), one INSERT ... SELECT a table, in one transaction, once with the
# WAL and synchronous = NORMAL (how `coauth ingest` writes) and once with no journal
# (how a bulk build of a new store, renamed into place when complete, could write).
# A floor for a bulk-load design: it leaves out parsing, resolving and sorting the rows.
#
# usage: bench/bulk_floor.sh STORE [OUTDIR]   (OUTDIR default /tmp; the copies are removed)
# Needs: sqlite3 (the CLI), /usr/bin/time.
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,10p' "$0"; exit 2; }
old=$1 out=${2:-/tmp}
new=$out/bulk_floor.$$.db
trap 'rm -f "$new" "$new-wal" "$new-shm"' EXIT
schema=$(sqlite3 "$old" .schema | sed '/^CREATE TRIGGER/,/^END;/d')
tables=$(sqlite3 "$old" "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
papers=$(sqlite3 "$old" "SELECT count(*) FROM papers")
for mode in "WAL NORMAL" "OFF OFF"; do
  read -r journal sync <<<"$mode"
  rm -f "$new" "$new-wal" "$new-shm"
  sqlite3 "$new" "PRAGMA page_size = 16384; PRAGMA journal_mode = $journal;" >/dev/null
  sqlite3 "$new" <<<"$schema"
  {
    echo "PRAGMA journal_mode = $journal; PRAGMA synchronous = $sync; PRAGMA cache_size = -65536;"
    echo "ATTACH '$old' AS o; BEGIN;"
    for t in $tables; do echo "INSERT INTO main.$t SELECT * FROM o.$t;"; done
    echo "COMMIT;"
  } > "$new.sql"
  /usr/bin/time -o "$new.time" -f "%e %U %S %M" sqlite3 "$new" < "$new.sql" >/dev/null
  read -r w u s m < "$new.time"
  rm -f "$new.sql" "$new.time"
  awk -v j="$journal" -v w="$w" -v u="$u" -v s="$s" -v m="$m" -v p="$papers" 'BEGIN {
    printf "journal %-3s: %s papers, wall %.2f s, CPU %.2f s (%.1f us a paper), peak RSS %d MB\n",
      j, p, w, u + s, (u + s) * 1e6 / p, m / 1024 }'
done
