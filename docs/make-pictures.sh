#!/usr/bin/env bash
# docs/make-pictures.sh - regenerate the pictures of docs/pictures.md from the demo corpus: ingest
# datasets/demo/*.xml.gz into a temporary store, then draw docs/demo-trend.png and
# docs/demo-network.png with `coauth plot`. The same coauth gives the same bytes.
# usage: docs/make-pictures.sh [COAUTH]   (default: build/coauth)
set -euo pipefail
cd "$(dirname "$0")/.."
coauth=${1:-build/coauth}
test -x "$coauth" || { echo "make-pictures: no coauth at '$coauth' (build it first)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$coauth" ingest -q -d "$tmp/demo.db" datasets/demo/pubmed26n*.xml.gz
"$coauth" plot trend -d "$tmp/demo.db" --country US,CN,GB,DE --years 2005-2025 \
    -o docs/demo-trend.png
"$coauth" plot network -d "$tmp/demo.db" --level country --max-countries 8 \
    -o docs/demo-network.png
echo "make-pictures: docs/demo-trend.png docs/demo-network.png"
