#!/usr/bin/env bash
# bench/run.sh - ingest and query benchmarks at PubMed scale, against baselines run in
# the same invocation on the same files (gzip -dc, xmllint --stream), as ratios.
#
# usage: bench/run.sh [-r RUNS] [-n RECORDS_PER_FILE] [-b BIG_FILES] [-o OUTDIR]
#   -r RUNS   repetitions of each timed command; the table shows medians (default 3)
#   -n N      records per generated file (default 30000, like a PubMed baseline file)
#   -b K      baseline files for the large store (default 34: about 1M records)
#   -o DIR    work directory for the generated corpus and stores (default bench/out)
# Needs: the Release build (made here), /usr/bin/python3, gzip, xmllint, /usr/bin/time.
# Prints a Markdown table (wall and CPU medians, peak RSS), then each target of issue 15
# with its measured ratio; paste both into bench/RESULTS.md with the machine line.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3 n=30000 big=34 out=bench/out
while getopts "r:n:b:o:" o; do
  case $o in r) runs=$OPTARG ;; n) n=$OPTARG ;; b) big=$OPTARG ;; o) out=$OPTARG ;;
    *) sed -n '2,12p' "$0"; exit 2 ;; esac
done
mkdir -p "$out"
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DCOAUTH_TESTS=OFF -DCOAUTH_BENCH=ON >/dev/null
cmake --build build-release -j"$(nproc)" >/dev/null
coauth=$PWD/build-release/coauth

corpus=$out/corpus-n$n-b$big
if [ ! -f "$corpus/.done" ]; then
  echo "generating $big baseline files of $n records and 1 update file in $corpus ..." >&2
  rm -rf "$corpus"
  /usr/bin/python3 datasets/gen_pubmed.py --out "$corpus" --seed 42 --baseline "$big" \
    --records-per-file "$n" --updates 1 -q
  touch "$corpus/.done"
fi
mapfile -t base < <(ls "$corpus"/*.xml.gz | grep -v -i update | sort)
mapfile -t upd < <(ls "$corpus"/*.xml.gz | grep -i update | sort)
[ ${#upd[@]} -ge 1 ] || { upd=("${base[-1]}"); unset 'base[-1]'; }
f1=${base[0]} f2=${base[1]}
# one more baseline-like file of new PMIDs (a name outside NLM's, placed after the
# corpus): the cost of a file into a fresh store against onto the large store
extra=$out/extra-n$n
if [ ! -f "$extra/.done" ]; then
  rm -rf "$extra"
  /usr/bin/python3 datasets/gen_pubmed.py --out "$extra" --seed 43 --baseline 1 \
    --records-per-file "$n" --start-pmid 30000001 --prefix extra -q
  touch "$extra/.done"
fi
fx=$(ls "$extra"/*.xml.gz | head -1)

# time_cmd NAME CMD...: run CMD $runs times, record "wall_s maxrss_kb cpu_s" per run
# (bench/rusage.py: to the microsecond; GNU time's hundredths are too coarse for a query).
declare -A med_wall med_rss med_cpu
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
time_cmd() {
  local name=$1; shift
  local walls=() rsss=() cpus=()
  for ((i = 0; i < runs; i++)); do
    [ -n "${PREP:-}" ] && eval "$PREP"
    local w m c
    /usr/bin/python3 bench/rusage.py "$out/time.tmp" "$@" >/dev/null 2>&1 || {
      echo "bench: failed: $*" >&2; exit 1; }
    read -r w m c < "$out/time.tmp"
    walls+=("$w"); rsss+=("$m"); cpus+=("$c")
  done
  med_wall[$name]=$(printf "%s\n" "${walls[@]}" | median)
  med_rss[$name]=$(printf "%s\n" "${rsss[@]}" | median)
  med_cpu[$name]=$(printf "%s\n" "${cpus[@]}" | median)
  echo "  $name: ${walls[*]} s (median ${med_wall[$name]} s, CPU ${med_cpu[$name]} s, peak RSS ${med_rss[$name]} KB)" >&2
}

db=$out/bench.db
echo "timing ($runs runs each) ..." >&2
PREP= time_cmd gzip sh -c "gzip -dc '$f1' > /dev/null"
PREP= time_cmd gzip_2files sh -c "gzip -dc '$f1' '$f2' > /dev/null"
PREP= time_cmd xmllint xmllint --stream --noout --nonet "$f1"
PREP="rm -f $db $db-wal $db-shm" time_cmd ingest_j1 "$coauth" ingest -q -j 1 -d "$db" "$f1"
PREP="rm -f $db $db-wal $db-shm" time_cmd ingest_j1_2files "$coauth" ingest -q -j 1 -d "$db" "$f1" "$f2"
PREP="rm -f $db $db-wal $db-shm" time_cmd ingest_j2_2files "$coauth" ingest -q -j 2 -d "$db" "$f1" "$f2"

# The large store: all baseline files once (timed once), then the update file.
bigdb=$out/big.db
if [ ! -f "$out/big.done" ] || [ "$(cat "$out/big.done")" != "$corpus" ]; then
  rm -f "$bigdb" "$bigdb-wal" "$bigdb-shm"
  echo "building the large store (${#base[@]} files) ..." >&2
  /usr/bin/time -o "$out/time.tmp" -f "%e %M" "$coauth" ingest -q -d "$bigdb" "${base[@]}" \
    >/dev/null 2>&1 || { echo "bench: building the large store failed" >&2; exit 1; }
  t=$(tail -1 "$out/time.tmp")
  echo "$corpus" > "$out/big.done"
  echo "${t% *} ${t#* }" > "$out/big.time"
fi
read -r big_wall big_rss < "$out/big.time"
papers=$("$coauth" stats -d "$bigdb" | awk -F, '$1=="papers"{print $2}')
cp "$bigdb" "$out/upd.db"
PREP="cp '$bigdb' '$out/upd.db'; rm -f '$out/upd.db-wal' '$out/upd.db-shm'" \
  time_cmd update "$coauth" ingest -q -d "$out/upd.db" "${upd[0]}"
PREP="rm -f $db $db-wal $db-shm" time_cmd extra_fresh "$coauth" ingest -q -d "$db" "$fx"
PREP="cp '$bigdb' '$out/grow.db'; rm -f '$out/grow.db-wal' '$out/grow.db-shm'" \
  time_cmd extra_big "$coauth" ingest -q -d "$out/grow.db" "$fx"
rm -f "$out/grow.db" "$out/grow.db-wal" "$out/grow.db-shm"
PREP= time_cmd q_intl "$coauth" intl -d "$bigdb" --by country,year
PREP= time_cmd q_intl_all "$coauth" intl -d "$bigdb" --by country,year --types all
PREP= time_cmd q_intl_nih "$coauth" intl -d "$bigdb" --by country,year --grant-agency '*NIH*'
PREP= time_cmd q_intl_mesh "$coauth" intl -d "$bigdb" --by country,year --mesh D009369
PREP= time_cmd q_intl_lang "$coauth" intl -d "$bigdb" --by country,year --language eng
# the NLM id of the first record's journal in the seed-42 corpus (1,335 of the 1.02M papers)
PREP= time_cmd q_intl_jour "$coauth" intl -d "$bigdb" --by country,year --journal 8361514
PREP= time_cmd q_intl_maxc "$coauth" intl -d "$bigdb" --by country,year --max-countries 5
PREP= time_cmd q_pair "$coauth" pair -d "$bigdb" US CN --by year
PREP= time_cmd q_cent_country "$coauth" centrality -d "$bigdb" --level country
PREP= time_cmd q_cent_inst "$coauth" centrality -d "$bigdb" --level institution --min-papers 50
# the first query after the update file (upd.db is the large store plus the update)
PREP= time_cmd q_intl_upd "$coauth" intl -d "$out/upd.db" --by country,year
# The same country queries on a small store (the first 2 baseline files): the large
# store's time less this one's, over the papers between them, is the cost of a paper,
# without what every query pays whatever the store: loading the shared libraries (the
# `--version` row), opening the store, writing the table.
smalldb=$out/small.db
rm -f "$smalldb" "$smalldb-wal" "$smalldb-shm"
"$coauth" ingest -q -d "$smalldb" "$f1" "$f2" >/dev/null
small_papers=$("$coauth" stats -d "$smalldb" | awk -F, '$1=="papers"{print $2}')
PREP= time_cmd s_intl "$coauth" intl -d "$smalldb" --by country,year
PREP= time_cmd s_pair "$coauth" pair -d "$smalldb" US CN --by year
PREP= time_cmd s_cent_country "$coauth" centrality -d "$smalldb" --level country
PREP= time_cmd version "$coauth" --version

# Correctness against the generator's ground truth (truth.json describes the state after
# every file, baseline and update, i.e. upd.db after the timed update runs).
truth=$corpus/truth.json
tp=$(/usr/bin/python3 -c "import json,sys; t=json.load(open(sys.argv[1])); print(t['papers'], t['papers_with_country'], t['us_cn_total'], t['deleted'])" "$truth")
read -r t_papers t_with t_uscn t_deleted <<<"$tp"
g_papers=$("$coauth" stats -d "$out/upd.db" | awk -F, '$1=="papers"{print $2}')
g_with=$("$coauth" stats -d "$out/upd.db" | awk -F, '$1=="papers_with_country"{print $2}')
g_uscn=$("$coauth" pair -d "$out/upd.db" US CN --by total --types all | awk -F, 'NR==2{print $3}')
[ "$g_papers" = "$t_papers" ] || { echo "bench: papers after the update: $g_papers, truth.json says $t_papers" >&2; exit 1; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
g=${med_wall[gzip]} x=${med_wall[xmllint]}
echo
echo "| what | median wall (s) | median CPU (s) | peak RSS (MB) | ratio |"
echo "|---|---|---|---|---|"
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
row() { printf "| %s | %s | %s | %s | %s |\n" "$1" "${med_wall[$2]}" "${med_cpu[$2]}" "$(mb "${med_rss[$2]}")" "$3"; }
row "gzip -dc, 1 file ($n records)" gzip "1.00 (baseline)"
row "xmllint --stream --noout, same file" xmllint "$(ratio "$x" "$g") x gzip"
row "coauth ingest -j 1, same file, fresh store" ingest_j1 "$(ratio "${med_wall[ingest_j1]}" "$g") x gzip, $(ratio "${med_wall[ingest_j1]}" "$x") x xmllint"
row "coauth ingest -j 1, 2 files" ingest_j1_2files "1.00"
row "coauth ingest -j 2, same 2 files" ingest_j2_2files "$(ratio "${med_wall[ingest_j1_2files]}" "${med_wall[ingest_j2_2files]}") x speed-up over -j 1"
printf "| coauth ingest, %s files into the large store (once) | %s | - | %s | %s papers |\n" "${#base[@]}" "$big_wall" "$(mb "$big_rss")" "$papers"
row "coauth ingest of 1 new baseline-like file ($n records), fresh store" extra_fresh "1.00"
row "the same file onto the large store" extra_big "$(ratio "${med_cpu[extra_big]}" "${med_cpu[extra_fresh]}") x the CPU into a fresh store"
row "coauth ingest of 1 update file onto the large store" update "$(ratio "${med_wall[update]}" "$g") x gzip of a baseline file"
row "intl --by country,year (large store)" q_intl "-"
row "intl --by country,year --types all (large store)" q_intl_all "$(ratio "${med_wall[q_intl_all]}" "${med_wall[q_intl]}") x the default population"
row "intl --by country,year --grant-agency '*NIH*' (large store)" q_intl_nih "$(ratio "${med_wall[q_intl_nih]}" "${med_wall[q_intl]}") x unfiltered"
row "intl --by country,year --mesh D009369 (large store)" q_intl_mesh "$(ratio "${med_wall[q_intl_mesh]}" "${med_wall[q_intl]}") x unfiltered"
row "intl --by country,year --language eng (large store)" q_intl_lang "$(ratio "${med_wall[q_intl_lang]}" "${med_wall[q_intl]}") x unfiltered"
row "intl --by country,year --journal 8361514 (large store)" q_intl_jour "$(ratio "${med_wall[q_intl_jour]}" "${med_wall[q_intl]}") x unfiltered"
row "intl --by country,year --max-countries 5 (large store)" q_intl_maxc "$(ratio "${med_wall[q_intl_maxc]}" "${med_wall[q_intl]}") x unfiltered"
row "pair US CN --by year (large store)" q_pair "-"
row "centrality --level country (large store)" q_cent_country "-"
row "centrality --level institution --min-papers 50 (large store)" q_cent_inst "-"
row "intl --by country,year, first query after the update" q_intl_upd "$(ratio "${med_wall[q_intl_upd]}" "${med_wall[q_intl]}") x before the update"
row "intl --by country,year (small store, $small_papers papers)" s_intl "-"
row "pair US CN --by year (small store)" s_pair "-"
row "centrality --level country (small store)" s_cent_country "-"
row "coauth --version (the start of any command)" version "-"

# Issue 15's targets, each with its measured ratio (<= 1.00 meets it). Per-1M-paper
# figures scale the large store's time by 1M / papers; "wall" and "CPU" both given,
# as the machine may be shared.
store_bytes=$(stat -c %s "$bigdb")
per_m() { awk -v t="$1" -v p="$papers" 'BEGIN { printf "%.3f", t * 1000000 / p }'; }
target() { # NAME LIMIT MEASURED UNIT
  awk -v n="$1" -v l="$2" -v m="$3" -v u="$4" 'BEGIN {
    printf "| %s | <= %s %s | %s %s | %.2f | %s |\n", n, l, u, m, u, m / l, (m <= l ? "met" : "missed") }'
}
echo
echo "| target (issue 15) | limit | measured | ratio | |"
echo "|---|---|---|---|---|"
target "ingest -j 2 of 2 files / gzip -dc of the same files (wall)" 0.9 "$(ratio "${med_wall[ingest_j2_2files]}" "${med_wall[gzip_2files]}")" "x"
target "ingest peak RSS (${#base[@]} files into the large store)" 256 "$(mb "$big_rss")" "MB"
# Three readings of "0.1 s per 1M papers" for each default-population query: the whole
# time over the large store's papers (fixed costs included, so it overstates the cost
# at 36M); the marginal cost of a paper (large less small store); and the time at 36M
# papers extrapolated from the two (the small store's time plus the marginal cost of
# the papers up to 36M) against 36 x 0.1 s.
marg_m() { awk -v a="$1" -v b="$2" -v p="$papers" -v q="$small_papers" 'BEGIN {
  printf "%.3f", (a - b) * 1000000 / (p - q) }'; }
at_36m() { awk -v a="$1" -v b="$2" -v p="$papers" -v q="$small_papers" 'BEGIN {
  printf "%.2f", b + (a - b) * (36000000 - q) / (p - q) }'; }
for q in intl:"intl --by country,year" pair:"pair US CN --by year" cent_country:"centrality --level country"; do
  k=${q%%:*}; d=${q#*:}
  target "$d, default population, wall per 1M papers" 0.1 "$(per_m "${med_wall[q_$k]}")" "s"
  target "$d, default population, CPU per 1M papers" 0.1 "$(per_m "${med_cpu[q_$k]}")" "s"
  target "$d, marginal wall per 1M papers (large - small store)" 0.1 "$(marg_m "${med_wall[q_$k]}" "${med_wall[s_$k]}")" "s"
  target "$d, marginal CPU per 1M papers (large - small store)" 0.1 "$(marg_m "${med_cpu[q_$k]}" "${med_cpu[s_$k]}")" "s"
  target "$d, wall at 36M papers (extrapolated from the two stores)" 3.6 "$(at_36m "${med_wall[q_$k]}" "${med_wall[s_$k]}")" "s"
done
for q in q_intl_all:"--types all" q_intl_nih:"--grant-agency '*NIH*'" q_intl_mesh:"--mesh D009369" q_intl_lang:"--language eng" q_intl_jour:"--journal 8361514" q_intl_maxc:"--max-countries 5"; do
  k=${q%%:*}; d=${q#*:}
  target "intl with $d, wall per 1M papers" 0.5 "$(per_m "${med_wall[$k]}")" "s"
  target "intl with $d, CPU per 1M papers" 0.5 "$(per_m "${med_cpu[$k]}")" "s"
done
target "first query after the update / the same query before (wall)" 1.5 "$(ratio "${med_wall[q_intl_upd]}" "${med_wall[q_intl]}")" "x"
target "first query after the update / the same query before (CPU)" 1.5 "$(ratio "${med_cpu[q_intl_upd]}" "${med_cpu[q_intl]}")" "x"
# the chunks of the country sets (store schema 8) are packed before each commit: none
# may be left dirty in the stores the queries read
dirty=$(/usr/bin/python3 -c "import sqlite3,sys; print(sum(sqlite3.connect('file:'+p+'?mode=ro', uri=True).execute('SELECT count(*) FROM paper_country_dirty').fetchone()[0] for p in sys.argv[1:]))" "$bigdb" "$out/upd.db")
[ "$dirty" = 0 ] || { echo "bench: $dirty country set chunks left dirty after ingest" >&2; exit 1; }
target "store size per paper (large store)" 1024 "$(awk -v b="$store_bytes" -v p="$papers" 'BEGIN { printf "%.0f", b / p }')" "bytes"
echo
echo "Correctness after the update (truth.json assumes a perfect resolver that counts only"
echo "stated locations; coauth also resolves known organisations without a place):"
echo "papers $g_papers (truth $t_papers, must be equal); papers with a country $g_with (truth $t_with);"
echo "US-CN papers $g_uscn (truth $t_uscn)"
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $runs runs, medians"
