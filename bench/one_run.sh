#!/usr/bin/env bash
# bench/one_run.sh - the whole-baseline shape: FILES applied in ONE `ingest -j 2` run
# into a new store, by each coauth binary given, R rounds interleaved (bin1, bin2, bin1,
# bin2, ...: the machine drifts). Prints a Markdown table of the wall time per file in
# each window of K files (from the --progress lines, one a second: use K >= 5), then
# per run the total wall, CPU (user + system) and peak RSS, the stored rows (which must
# be equal for every binary and round), and the extrapolation of the last window to
# 1,300 files (a floor: the cost per file still grows when the run ends).
#
# usage: bench/one_run.sh [-k K] [-r R] [-o DIR] BIN... -- FILE...
#   -k K    files in a window (default 10)
#   -r R    rounds (default 1)
#   -o DIR  work directory (default /tmp/one_run; each store is removed after its run)
# bench/RESULTS.md, "A Bloom filter for the strings of a run", has a run on 93 files.
set -euo pipefail
usage_end=14 # the usage: lines 2 to this one
k=10 rounds=1 out=/tmp/one_run
while getopts "k:r:o:" o; do
  case $o in k) k=$OPTARG ;; r) rounds=$OPTARG ;; o) out=$OPTARG ;;
    *) sed -n "2,${usage_end}p" "$0"; exit 2 ;; esac
done
shift $((OPTIND - 1))
# shellcheck source=bench/bins_files.sh
. "$(dirname "$0")/bins_files.sh"
n=${#files[@]}
mkdir -p "$out"
runs=()
for ((r = 1; r <= rounds; r++)); do
  for ((b = 0; b < ${#bins[@]}; b++)); do
    tag=b$b.r$r db=$out/b$b.r$r.db
    rm -f "$db" "$db-wal" "$db-shm"
    /usr/bin/time -o "$out/$tag.time" -f "%e %U %S %M" "${bins[b]}" ingest -j 2 --progress \
      -d "$db" "${files[@]}" >/dev/null 2>"$out/$tag.err" ||
      { echo "one_run: failed: ${bins[b]} (see $out/$tag.err)" >&2; exit 1; }
    # seconds since the start at which each file count was first reported
    grep -o '[0-9][0-9]:[0-9][0-9]:[0-9][0-9] [0-9]*/' "$out/$tag.err" |
      awk '{split($1, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3]; sub("/", "", $2);
            if (NR == 1) s0 = s; if ($2 != last) { print $2, s - s0; last = $2 } }' \
        >"$out/$tag.pf"
    sqlite3 "$db" "SELECT (SELECT count(*) FROM papers) || ' papers, ' ||
      (SELECT count(*) FROM affiliations) || ' strings, ' ||
      (SELECT count(*) FROM authorships) || ' authorships, ' ||
      (SELECT count(*) FROM affiliation_parts) || ' parts, check ' ||
      (SELECT sum(length(text)) FROM affiliations) || '/' ||
      (SELECT sum(affiliation_id) FROM authorships)" >"$out/$tag.rows"
    echo "$(( $(stat -c %s "$db") >> 20 ))" >"$out/$tag.size"
    rm -f "$db" "$db-wal" "$db-shm"
    runs+=("$tag")
  done
done
name() { echo "${bins[${1#b}]}"; }
printf '| files |'; for t in "${runs[@]}"; do printf ' %s round %s: wall per file (s) |' "$(name "${t%%.*}")" "${t#*.r}"; done; echo
printf '|---|'; for t in "${runs[@]}"; do printf -- '---|'; done; echo
for ((w = k; w <= n; w += k)); do
  printf '| %d-%d |' $((w - k + 1)) "$w"
  for t in "${runs[@]}"; do
    awk -v a=$((w - k)) -v e="$w" -v k="$k" '{ at[$1] = $2 }
      END { s = (a == 0) ? 0 : at[a]; if ((e in at) && (a == 0 || (a in at)))
              printf " %.2f |", (at[e] - s) / k; else printf " - |" }' "$out/$t.pf"
  done
  echo
done
echo
for t in "${runs[@]}"; do
  read -r wall u s rss <"$out/$t.time"
  last=$(awk -v a=$(( (n / k) * k - k )) -v e=$(( (n / k) * k )) -v k="$k" '{ at[$1] = $2 }
    END { if ((e in at) && (a in at)) printf "%.2f", (at[e] - at[a]) / k; else print "-" }' "$out/$t.pf")
  echo "$(name "${t%%.*}") round ${t#*.r}: $n files, wall $wall s, CPU $(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.1f", u + s }') s, peak RSS $((rss / 1024)) MB, store $(cat "$out/$t.size") MB; $(cat "$out/$t.rows")"
  [ "$last" = - ] || echo "  last window $last s a file: 1,300 files at that rate $(awk -v l="$last" 'BEGIN { printf "%.0f", l * 1300 / 60 }') minutes (a floor)"
done
sort -u "$out"/b*.r*.rows | awk 'END { if (NR != 1) { print "one_run: the binaries stored different rows" > "/dev/stderr"; exit 1 } }'
