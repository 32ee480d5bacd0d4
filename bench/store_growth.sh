#!/usr/bin/env bash
# bench/store_growth.sh - the cost of each file as the store grows: FILES applied one
# run each, in order, into a new store, by each coauth binary given; prints a Markdown
# table of the mean CPU (user + system) and wall time per file in each window of K
# files, per binary, then the first and last window against each other. Binaries run
# one after the other, not interleaved (each builds its own store): a quiet machine.
#
# usage: bench/store_growth.sh [-k K] [-m MERGE_ROWS] [-o DIR] BIN... -- FILE...
#   -k K           files in a window (default 5)
#   -m MERGE_ROWS  meta hash_merge_rows set after the first file (schema 11 stores: the
#                  pairs of affiliation_hashes_new that make a merge; default: none set)
#   -o DIR         work directory (default /tmp/store_growth)
# bench/RESULTS.md, "The log-structured affiliation index", has the cache-scaled runs
# (binaries built with a smaller page cache) and how they were made.
set -euo pipefail
usage_end=14 # the usage: lines 2 to this one
k=5 merge='' out=/tmp/store_growth
while getopts "k:m:o:" o; do
  case $o in k) k=$OPTARG ;; m) merge=$OPTARG ;; o) out=$OPTARG ;;
    *) sed -n "2,${usage_end}p" "$0"; exit 2 ;; esac
done
shift $((OPTIND - 1))
# shellcheck source=bench/bins_files.sh
. "$(dirname "$0")/bins_files.sh"
mkdir -p "$out"
declare -A cpu wall
for ((b = 0; b < ${#bins[@]}; b++)); do
  db=$out/store$b.db
  rm -f "$db" "$db-wal" "$db-shm"
  for ((i = 0; i < ${#files[@]}; i++)); do
    /usr/bin/time -o "$out/time.tmp" -f "%e %U %S" "${bins[b]}" ingest -j 2 -d "$db" \
      "${files[i]}" >/dev/null 2>&1 || { echo "store_growth: failed: ${bins[b]} ${files[i]}" >&2; exit 1; }
    read -r w u s < <(tail -1 "$out/time.tmp")
    wall[$b,$i]=$w
    cpu[$b,$i]=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
    if [ "$i" = 0 ] && [ -n "$merge" ] &&
       [ "$(sqlite3 "$db" "SELECT count(*) FROM sqlite_schema WHERE name = 'affiliation_hashes_new'")" = 1 ]; then
      sqlite3 "$db" "INSERT OR REPLACE INTO meta(key, value) VALUES ('hash_merge_rows', '$merge')"
    fi
  done
  papers[b]=$(sqlite3 "$db" "SELECT count(*) FROM papers")
  strings[b]=$(sqlite3 "$db" "SELECT count(*) FROM affiliations")
  size[b]=$(( $(stat -c %s "$db") >> 20 ))
done
# one row per window of k files: the mean CPU and wall per file in it
n=${#files[@]}
printf '| files |'; for b in "${!bins[@]}"; do printf ' %s: CPU per file (s) | wall per file (s) |' "$(basename "${bins[b]}")"; done; echo
printf '|---|'; for b in "${!bins[@]}"; do printf -- '---|---|'; done; echo
for ((w = 0; w < n; w += k)); do
  e=$((w + k < n ? w + k : n))
  printf '| %d-%d |' $((w + 1)) "$e"
  for b in "${!bins[@]}"; do
    for ((i = w; i < e; i++)); do echo "${cpu[$b,$i]} ${wall[$b,$i]}"; done |
      awk '{c+=$1; w+=$2} END {printf " %.3f | %.3f |", c/NR, w/NR}'
  done
  echo
done
for b in "${!bins[@]}"; do
  first=$(for ((i = 0; i < k && i < n; i++)); do echo "${cpu[$b,$i]}"; done | awk '{s+=$1} END {printf "%.3f", s/NR}')
  last=$(for ((i = n - k; i < n; i++)); do [ $i -ge 0 ] && echo "${cpu[$b,$i]}"; done | awk '{s+=$1} END {printf "%.3f", s/NR}')
  total=$(for ((i = 0; i < n; i++)); do echo "${cpu[$b,$i]}"; done | awk '{s+=$1} END {printf "%.1f", s}')
  echo "$(basename "${bins[b]}"): CPU per file, first $k: $first s, last $k: $last s (x$(awk -v a="$first" -v b="$last" 'BEGIN {printf "%.2f", b/a}')); all $n files $total s; ${papers[b]} papers, ${strings[b]} strings, ${size[b]} MB"
done
