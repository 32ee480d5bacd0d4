#!/usr/bin/env bash
# bench/threads.sh - where one `coauth ingest` run spends its CPU, thread by role: the
# writer (the main thread, "coauth"), the parsers ("coauth-parse") and their read-ahead
# inflaters ("coauth-inflate"), from perf's task-clock samples (999 a second) grouped
# by thread name. Prints a Markdown table: CPU seconds, share of the run's CPU, and the
# records per CPU second each role sustains -- the writer's is the ceiling of any number
# of cores, as there is one writer.
#
# usage: bench/threads.sh [-j JOBS] [-d STORE] BIN -- FILE...
#   -j JOBS   parser threads (default 2)
#   -d STORE  the store to apply the files to (default: a new one in /tmp, removed after)
# Needs: perf (Debian linux-perf), /usr/bin/python3.
set -euo pipefail
usage_end=12 # the usage: lines 2 to this one
jobs=2 store=
while getopts "j:d:" o; do
  case $o in j) jobs=$OPTARG ;; d) store=$OPTARG ;; *) sed -n "2,${usage_end}p" "$0"; exit 2 ;; esac
done
shift $((OPTIND - 1))
# shellcheck source=bench/bins_files.sh
. "$(dirname "$0")/bins_files.sh"
[ ${#bins[@]} -eq 1 ] || { echo "threads.sh: one BIN" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=${store:-$tmp/s.db}
perf record -q -F 999 -e task-clock -o "$tmp/perf.data" \
  /usr/bin/python3 "$(dirname "$0")/rusage.py" "$tmp/time" \
  "${bins[0]}" ingest -j "$jobs" -d "$db" "${files[@]}" 2> "$tmp/err" >/dev/null ||
  { cat "$tmp/err" >&2; exit 1; }
records=$(sed -n 's/.* \([0-9][0-9]*\) records,.*/\1/p' "$tmp/err" | tail -1)
read -r wall rss cpu < "$tmp/time"
perf report -i "$tmp/perf.data" --sort comm --stdio -F sample,comm 2>/dev/null |
  /usr/bin/python3 -c '
import sys
records, wall, cpu = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
rows = [l.split() for l in sys.stdin if l.strip() and not l.startswith("#")]
rows = [(int(n), c) for n, c in rows if c.startswith("coauth")]
total = sum(n for n, _ in rows)
print("| thread | CPU (s) | share | records per CPU second |")
print("|---|---|---|---|")
for n, c in sorted(rows, reverse=True):
    s = n / 999
    role = {"coauth": "writer (coauth)"}.get(c, c)
    print("| %s | %.2f | %.0f %% | %s |" % (role, s, 100 * n / total, format(int(records / s), ",")))
print()
print("%s records: wall %.2f s, CPU %.2f s (%.2f cores), peak RSS %d MB" % (
    format(records, ","), wall, cpu, cpu / wall, int(sys.argv[4]) // 1024))
' "$records" "$wall" "$cpu" "$rss"
