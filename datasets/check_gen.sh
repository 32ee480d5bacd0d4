#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# datasets/check_gen.sh - self-check of the corpus generator (no network, a few seconds):
#   1. the same seed gives byte-identical files and truth, whatever --jobs is;
#   2. every file is valid gzip and well-formed XML (xmllint --nonet: the DOCTYPE is not fetched),
#      with NLM's XML declaration and DOCTYPE line;
#   3. the PMID counts (grep -o) match the records and deletions listed in truth.json;
#   4. truth.json agrees with the XML (datasets/check_truth.py re-derives it from the text);
#   5. the committed demo corpus is what the MANIFEST command generates.
# Usage: datasets/check_gen.sh [RECORDS_PER_FILE]   (default 400)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
py=${PYTHON:-/usr/bin/python3}
n=${1:-400}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "check_gen: FAIL: $*" >&2; exit 1; }

gen() { "$py" "$here/gen_pubmed.py" -q --seed 42 --baseline 2 --records-per-file "$n" --updates 2 \
        --update-records $((n / 2)) --delete-frac 0.05 --rare 5 --chunk 100 "$@"; }
gen --out "$tmp/a" --jobs 1
gen --out "$tmp/b" --jobs 2
for f in "$tmp"/a/*; do
    cmp -s "$f" "$tmp/b/$(basename "$f")" || fail "$(basename "$f") differs between two runs with the same seed"
done
nfiles=$(find "$tmp/a" -type f | wc -l)
[ "$nfiles" -eq 5 ] || fail "expected 4 data files and truth.json, found $nfiles files"
echo "check_gen: deterministic ($nfiles files identical for --jobs 1 and 2)"

doctype='<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">'
records=0
deletions=0
for f in "$tmp"/a/*.xml.gz; do
    gzip -t "$f" || fail "$f: bad gzip"
    xmllint --noout --nonet "$f" || fail "$f: not well-formed"
    [ "$(gzip -dc "$f" | sed -n 1p)" = '<?xml version="1.0" encoding="utf-8"?>' ] || fail "$f: XML declaration"
    [ "$(gzip -dc "$f" | sed -n 2p)" = "$doctype" ] || fail "$f: DOCTYPE line"
    r=$(gzip -dc "$f" | grep -o '<PubmedArticle>' | wc -l)
    p=$(gzip -dc "$f" | grep -o '<PMID Version="[0-9]*">[0-9]*</PMID>' | wc -l)
    records=$((records + r))
    deletions=$((deletions + p - r))
done
want_r=$("$py" -c 'import json,sys; t=json.load(open(sys.argv[1])); print(t["records_written"])' "$tmp/a/truth.json")
want_d=$("$py" -c 'import json,sys; t=json.load(open(sys.argv[1])); print(sum(f["deletions"] for f in t["files"]))' "$tmp/a/truth.json")
[ "$records" -eq "$want_r" ] || fail "$records PubmedArticle elements, truth.json says $want_r"
[ "$deletions" -eq "$want_d" ] || fail "$deletions deleted PMIDs, truth.json says $want_d"
[ "$records" -eq $((2 * n + 2 * (n / 2))) ] || fail "$records records, expected $((2 * n + 2 * (n / 2)))"
echo "check_gen: well-formed, $records records and $deletions DeleteCitation PMIDs as truth.json says"

"$py" "$here/check_truth.py" "$tmp/a"

# the committed demo corpus: regenerate with the MANIFEST command and compare
if [ -d "$here/demo" ]; then
    cmd=$(sed -n 's/^    \(\/usr\/bin\/python3 datasets\/gen_pubmed.py .*\)$/\1/p' "$here/MANIFEST.md" | head -n 1)
    [ -n "$cmd" ] || fail "no generator command in MANIFEST.md"
    cmd=${cmd/\/usr\/bin\/python3/$py}
    cmd=${cmd/--out datasets\/demo/--out $tmp/demo}
    (cd "$here/.." && eval "$cmd -q")
    for f in "$here"/demo/*; do
        cmp -s "$f" "$tmp/demo/$(basename "$f")" || fail "datasets/demo/$(basename "$f") is not what MANIFEST.md's command generates"
    done
    echo "check_gen: datasets/demo matches the MANIFEST command"
fi
echo "check_gen: OK"
