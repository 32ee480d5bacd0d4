# shellcheck shell=bash
# bench/bins_files.sh - sourced by the benchmarks that run binaries on files
# (store_growth.sh, one_run.sh, threads.sh), after their options: the arguments
# "BIN... -- FILE..." into the arrays `bins` and `files`; the script's usage (lines 2
# to $usage_end of "$0", which the script sets once) and exit 2 when either is empty.
: "${usage_end:?set by the sourcing script}"
bins=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do bins+=("$1"); shift; done
[ $# -gt 0 ] && shift
files=("$@")
if [ ${#bins[@]} -lt 1 ] || [ ${#files[@]} -lt 1 ]; then
  sed -n "2,${usage_end}p" "$0"
  exit 2
fi
