#!/usr/bin/env bash
# tests/recipes.sh - run the two scripts of docs/workflows.md (the PubMed query subset
# and the cron job) end to end on the real PubMed samples, with stand-ins for curl and
# coauth-download that serve those samples instead of NCBI's servers.
# usage: tests/recipes.sh COAUTH SOURCE_DIR SHARED_DATA   (run by tests/test_recipes.c)
# Exit 0 when every check holds, 77 when SHARED_DATA is absent, 1 otherwise (the failed
# check on stderr).
set -euo pipefail
coauth=$1 src=$2 shared=$3
[ -d "$shared/pubmed" ] || exit 77
fail() { echo "recipes: $*" >&2; exit 1; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir "$t/bin"
ln -s "$coauth" "$t/bin/coauth"

# The sh block of docs/workflows.md whose second line starts with "# NAME:" or
# "# /some/dir/NAME:" (the script's header comment).
script_of() {
  awk -v name="$1" '
    /^```sh$/ { inblock = 1; n = 0; keep = 0; next }
    inblock && /^```$/ { inblock = 0; if (keep) exit; next }
    inblock { n++; if (n == 2 && $0 ~ ("^# ([^ ]*/)?" name ":")) keep = 1; if (keep) print }
  ' "$src/docs/workflows.md"
}

# ---- the query subset ------------------------------------------------------------
samples=$shared/pubmed/biopython
ls "$samples"/pubmed*.xml >/dev/null
# curl as the E-utilities would answer: esearch gives the count and a history key,
# efetch the records retstart.. of the samples (in name order) as one PubmedArticleSet.
cat >"$t/bin/curl" <<EOF
#!/usr/bin/python3
import glob, re, sys
args, params, url = sys.argv[1:], {}, ""
for i, a in enumerate(args):
    if a in ("-d", "--data-urlencode"):
        k, _, v = args[i + 1].partition("=")
        params[k] = v
    elif a.startswith("https://"):
        url = a
recs = []
for f in sorted(glob.glob("$samples/pubmed*.xml")):
    recs += re.findall(r"<PubmedArticle>.*?</PubmedArticle>", open(f, encoding="utf-8").read(), re.S)
if url.endswith("/esearch.fcgi"):
    assert params["db"] == "pubmed" and params["usehistory"] == "y" and params["term"], params
    print('<?xml version="1.0" encoding="UTF-8" ?>')
    print('<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">')
    print("<eSearchResult><Count>%d</Count><RetMax>0</RetMax><RetStart>0</RetStart>"
          "<QueryKey>1</QueryKey><WebEnv>MCID_stand_in</WebEnv><IdList>" % len(recs))
    print("</IdList><TranslationSet/><TranslationStack><TermSet><Term>x</Term>"
          "<Count>99</Count></TermSet></TranslationStack></eSearchResult>")
elif url.endswith("/efetch.fcgi"):
    assert params["WebEnv"] == "MCID_stand_in" and params["query_key"] == "1", params
    assert params["db"] == "pubmed" and params["retmode"] == "xml", params
    start, n = int(params["retstart"]), int(params["retmax"])
    print('<?xml version="1.0" ?>')
    print('<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">')
    print("<PubmedArticleSet>")
    for r in recs[start:start + n]:
        print(r)
    print("</PubmedArticleSet>")
else:
    sys.exit("curl stand-in: unexpected URL " + url)
EOF
chmod +x "$t/bin/curl"
# pages of 2 records, and no pause between requests (NCBI's servers are not involved)
script_of pubmed-query | sed -e 's/^page=500 /page=2 /' -e 's/^  sleep 1 /  sleep 0 /' >"$t/pubmed-query"
grep -q '^page=2 ' "$t/pubmed-query" || fail "no pubmed-query script (with page=500) in docs/workflows.md"
mkdir "$t/q"
out=$(cd "$t/q" && PATH="$t/bin:$PATH" sh "$t/pubmed-query" 2>&1) || fail "pubmed-query failed: $out"
read -r n_records want < <(/usr/bin/python3 -c '
import glob, re, sys
recs, pmids = 0, set()
for f in glob.glob(sys.argv[1] + "/pubmed*.xml"):
    text = open(f, encoding="utf-8").read()
    recs += len(re.findall(r"<PubmedArticle>", text))
    pmids |= set(re.findall(r"<MedlineCitation[^>]*>\s*<PMID[^>]*>(\d+)</PMID>", text))
print(recs, len(pmids))' "$samples")
n_pages=$(( (n_records + 1) / 2 ))
[ "$(ls "$t/q"/query-*.xml | wc -l)" = "$n_pages" ] || fail "want $n_pages query files: $(ls "$t/q")"
summary="coauth ingest: $n_pages files applied, 0 skipped, 0 failed; $n_records records"
case $out in *"$summary"*) ;; *) fail "want '$summary' in: $out" ;; esac
got=$(sqlite3 "$t/q/query.db" "SELECT count(*) FROM papers")
[ "$got" = "$want" ] || fail "query.db holds $got papers, the samples $want PMIDs"
"$coauth" intl -d "$t/q/query.db" --by year >/dev/null || fail "intl on query.db"
# run again: every file is already applied
out=$(cd "$t/q" && PATH="$t/bin:$PATH" sh "$t/pubmed-query" 2>&1) || fail "second run: $out"
case $out in *"$n_pages files already applied, skipped"*) ;; *) fail "second run: $out" ;; esac
echo "ok: query subset: $n_pages efetch pages, $n_records records, $want papers"

# ---- the cron job ----------------------------------------------------------------
pm=$shared/pubmed/pmparser
baseline=$pm/data_baseline_pubmed20n1015.4856ff43.xml.gz
u1=$pm/pubmed_sample_updatefiles_pubmed20n1016.59b84235.xml.gz
u2=$pm/pubmed_sample_updatefiles_pubmed20n1016.dc9d71c7.xml.gz
u3=$pm/pubmed_sample_updatefiles_pubmed26n1335.a6fbf3fb.xml.gz
for f in "$baseline" "$u1" "$u2" "$u3"; do [ -f "$f" ] || fail "no sample $f"; done
# coauth-download as NLM's server would answer on a given day: the update files in
# $t/day/ (real samples under the names of update files 1335-1337)
cat >"$t/bin/coauth-download" <<'EOF'
#!/bin/sh
set -eu
[ "$1" = -o ] && [ "$3" = --updates ] || { echo "coauth-download stand-in: $*" >&2; exit 2; }
mkdir -p "$2/updatefiles"
for f in "$DAY"/*; do [ -e "$2/updatefiles/${f##*/}" ] || cp "$f" "$2/updatefiles/"; done
EOF
chmod +x "$t/bin/coauth-download"
script_of pubmed-update >"$t/cron.in"
grep -q '^export PATH=' "$t/cron.in" || fail "no pubmed-update script in docs/workflows.md"

# Each store in its own /data: the script's paths moved below $1, its PATH ahead of ours.
setup() {
  mkdir -p "$1/data/pubmed/baseline" "$1/data/coauth" "$1/day"
  sed -e "s|/data/|$1/data/|g" -e "s|^export PATH=.*|export PATH=\"$t/bin:\$PATH\"|" \
    "$t/cron.in" >"$1/pubmed-update"
}
day() { # ROOT FILE... : the update files NLM has published by that day, then the cron run
  local root=$1; shift
  for f in "$@"; do cp "$f" "$root/day/"; done
  out=$(DAY=$root/day sh "$root/pubmed-update" 2>&1) || fail "pubmed-update failed: $out"
  [ -z "$out" ] || fail "pubmed-update is not silent: $out"
}
# Every table, row ids replaced by what they stand for (as tests/test_precedence.c).
content() {
  sqlite3 "$1" "
    SELECT f.name, f.size, f.checksum, f.records, f.deletions, f.skipped, f.place, f.md5 FROM files f ORDER BY f.name;
    SELECT p.pmid, p.version, p.year, p.n_authors, f.name, p.research, p.aff_layout, p.title, p.doi, p.pmc,
           j.nlm_id, j.journal_iso, j.journal_title, p.place, p.place_record
      FROM papers p JOIN files f ON f.id = p.file_id LEFT JOIN paper_journals j ON j.pmid = p.pmid ORDER BY p.pmid;
    SELECT d.pmid, f.name, d.place, d.place_record FROM deletions d JOIN files f ON f.id = d.file_id ORDER BY d.pmid;
    SELECT a.pmid, a.position, a.seq, af.text FROM authorships a JOIN affiliations af ON af.id = a.affiliation_id ORDER BY 1, 2, 3;
    SELECT text, hash, n_parts FROM affiliations ORDER BY text;
    SELECT af.text, ap.part, ap.country, i.name, ap.rule FROM affiliation_parts ap
      JOIN affiliations af ON af.id = ap.affiliation_id LEFT JOIN institutions i ON i.id = ap.institution_id ORDER BY 1, 2;
    SELECT name FROM institutions ORDER BY name;
    SELECT * FROM paper_types ORDER BY 1, 2;
    SELECT * FROM paper_issns ORDER BY 1, 2;
    SELECT * FROM paper_languages ORDER BY 1, 2;
    SELECT * FROM paper_mesh ORDER BY 1, 2;
    SELECT * FROM paper_grants ORDER BY 1, 2;
    SELECT * FROM authors ORDER BY 1, 2;
    SELECT * FROM affiliation_identifiers ORDER BY 1, 2, 3, 4;
    SELECT key, value FROM meta WHERE key NOT LIKE '%\_at' ESCAPE '\' ORDER BY key;"
}

# A: the baseline, then the update files on three days in order
a=$t/a
setup "$a"
cp "$baseline" "$a/data/pubmed/baseline/pubmed26n1334.xml.gz"
"$coauth" ingest -q -d "$a/data/coauth/pubmed.db" "$a/data/pubmed/baseline/pubmed26n1334.xml.gz"
cp "$u1" "$t/pubmed26n1335.xml.gz"
cp "$u2" "$t/pubmed26n1336.xml.gz"
cp "$u3" "$t/pubmed26n1337.xml.gz"
day "$a" "$t/pubmed26n1335.xml.gz"
day "$a" "$t/pubmed26n1336.xml.gz"
day "$a" "$t/pubmed26n1337.xml.gz"
db=$a/data/coauth/pubmed.db
[ "$(sqlite3 "$db" "SELECT count(*) FROM files")" = 4 ] || fail "A: not 4 files"
exports=$a/data/coauth/exports
for f in intl_country_year.csv us_cn.csv centrality_country.csv; do
  [ -s "$exports/$f" ] || fail "A: no export $f"
done
# the 2 baseline PMIDs that update 1335 deletes, counted in the samples
deleted=$(/usr/bin/python3 -c '
import gzip, re, sys
base = set(re.findall(r"<MedlineCitation[^>]*>\s*<PMID[^>]*>(\d+)</PMID>", gzip.open(sys.argv[1]).read().decode()))
dels = set()
for d in re.findall(r"<DeleteCitation>(.*?)</DeleteCitation>", gzip.open(sys.argv[2]).read().decode(), re.S):
    dels |= set(re.findall(r"<PMID[^>]*>(\d+)</PMID>", d))
print(",".join(sorted(base & dels)))' "$baseline" "$u1")
[ -n "$deleted" ] || fail "the samples no longer delete baseline papers"
[ "$(sqlite3 "$db" "SELECT count(*) FROM papers WHERE pmid IN ($deleted)")" = 0 ] ||
  fail "A: deleted baseline papers $deleted are in the store"
before=$(content "$db")
cp -r "$exports" "$t/exports.before"
# the same day again: nothing changes
day "$a"
[ "$(content "$db")" = "$before" ] || fail "A: a second run of the same day changed the store"
diff -r "$t/exports.before" "$exports" >/dev/null || fail "A: a second run changed the exports"
echo "ok: cron: silent, 4 files, the same day twice changes nothing"

# B: the update files on three days in reverse order, then the baseline applied late
# (re-downloaded after a failure): the same store as A
b=$t/b
setup "$b"
day "$b" "$t/pubmed26n1337.xml.gz"
day "$b" "$t/pubmed26n1336.xml.gz"
day "$b" "$t/pubmed26n1335.xml.gz"
cp "$baseline" "$b/data/pubmed/baseline/pubmed26n1334.xml.gz"
"$coauth" ingest -q -d "$b/data/coauth/pubmed.db" "$b/data/pubmed/baseline/pubmed26n1334.xml.gz"
day "$b" # the next day's run refreshes the exports
[ "$(content "$b/data/coauth/pubmed.db")" = "$before" ] ||
  fail "B: out of order, the store differs: $(diff <(echo "$before") <(content "$b/data/coauth/pubmed.db") | head -5)"
diff -r "$t/exports.before" "$b/data/coauth/exports" >/dev/null || fail "B: the exports differ"
echo "ok: cron: update files in reverse order and the baseline last give the same store"
