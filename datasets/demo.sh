#!/usr/bin/env bash
# datasets/demo.sh - build coauth and run the main job on the demo corpus: ingest
# datasets/demo/*.xml.gz into a fresh store, then print the headline indicators.
# usage: datasets/demo.sh [STORE]   (default: a temporary file, removed at the end)
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" 2>&1 | grep -E '(error|warning):' || true
coauth=./build/coauth
test -x "$coauth" || { echo "demo: build failed" >&2; exit 1; }
tmp=
if [ $# -ge 1 ]; then db=$1; else tmp=$(mktemp -d); db=$tmp/demo.db; fi
trap '[ -n "$tmp" ] && rm -rf "$tmp"' EXIT
rm -f "$db" "$db-wal" "$db-shm"
export COAUTH_DB=$db

echo "== coauth ingest datasets/demo/*.xml.gz   (2 baseline files + 1 update file)"
$coauth ingest datasets/demo/pubmed26n*.xml.gz
echo
echo "== coauth stats"
$coauth stats
echo
echo "== coauth intl --by country   (top 10 countries by papers)"
$coauth intl --by country | { IFS= read -r h; echo "$h"; sort -t, -k2,2nr -k1,1 | head -10; }
echo
echo "== coauth pair US CN --by year   (US-China co-authored papers per year)"
$coauth pair US CN --by year
echo
echo "== coauth centrality --level country --top 10   (sorted by strength)"
$coauth centrality --level country --top 10
