#!/usr/bin/env bash
# tests/golden/run.sh - run every coauth command on the hand-written fixtures of
# tests/data and compare what it prints, byte for byte, with tests/golden/CASE.out
# (standard output), CASE.err (standard error; no file = nothing expected) and, for
# `plot`, CASE.svg (the picture). The expected exit status of each case is written
# below, by hand. On a mismatch it prints a unified diff and exits 1.
#
# usage: tests/golden/run.sh COAUTH            check (ctest runs this)
#        tests/golden/run.sh COAUTH --regen    rewrite the expected files (intended changes;
#                                              see tests/golden/README before committing)
#
# Each query runs on its own copy of a store made from the fixtures (fresh per case).
# Normalised before comparing: the temporary directory (@TMP@), the fixture directory
# (@DATA@), this coauth's version in the coauth_version row of `stats` (@VERSION@), and
# in pictures the <defs> block (glyph outlines of the system font; the glyph positions
# are kept). An expected file that no case produces is an error too.
set -uo pipefail
[ $# -ge 1 ] || { echo "usage: $0 COAUTH [--regen]" >&2; exit 2; }
coauth=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
mode=${2:-check}
here=$(cd "$(dirname "$0")" && pwd)
data=$(cd "$here/../data" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC
unset COAUTH_DB COAUTH_BUSY_TIMEOUT
[ -x "$coauth" ] || { echo "golden: '$coauth' is not executable" >&2; exit 2; }
version=$("$coauth" --version | sed -n '1s/^coauth //p')
[ -n "$version" ] || { echo "golden: '$coauth --version' names no version" >&2; exit 2; }
if [ "$mode" = --regen ]; then
    rm -f "$here"/*.out "$here"/*.err "$here"/*.svg
fi

fails=0 cases=0 names=" "
normalise() { # FILE: rewrite in place
    sed -i -e "s|$tmp|@TMP@|g" -e "s|$data|@DATA@|g" \
        -e "s|^coauth_version,$version\$|coauth_version,@VERSION@|" "$1"
}
compare() { # EXPECTED ACTUAL CASE
    if [ "$mode" = --regen ]; then
        [ -s "$2" ] && cp "$2" "$1"
        return 0
    fi
    local want=$1
    [ -e "$want" ] || want=/dev/null
    if ! cmp -s "$want" "$2"; then
        echo "golden: $3: $(basename "$1") differs:"
        diff -u --label "expected $(basename "$1")" --label "actual" "$want" "$2" | head -200
        return 1
    fi
}

# golden CASE STATUS [STORE|-] [--stdin FILE] [--picture] -- ARGS...
#   In ARGS, @DB@ is this case's store: a fresh copy of the store STORE made earlier by
#   make_store, or with - a file that does not exist yet. Runs in tests/data, so
#   fixtures are named relative to it. --picture: ARGS write @OUT@.svg, compared too.
golden() {
    local name=$1 want_rc=$2 store=$3 stdin=/dev/null picture=0
    shift 3
    while [ "$1" != -- ]; do
        case $1 in
        --stdin) stdin=$2; shift 2 ;;
        --picture) picture=1; shift ;;
        *) echo "golden: bad case '$name'" >&2; exit 2 ;;
        esac
    done
    shift
    cases=$((cases + 1))
    names+="$name "
    local dir=$tmp/$name
    mkdir -p "$dir"
    [ "$store" = - ] || cp "$tmp/store-$store.db" "$dir/store.db"
    local args=() a
    for a in "$@"; do
        a=${a//@DB@/$dir/store.db}
        args+=("${a//@OUT@/$dir/picture}")
    done
    (cd "$data" && exec "$coauth" "${args[@]}") <"$stdin" >"$dir/out" 2>"$dir/err"
    local rc=$?
    normalise "$dir/out"
    normalise "$dir/err"
    local bad=0
    if [ "$rc" != "$want_rc" ]; then
        echo "golden: $name: exit status $rc, expected $want_rc (stderr: $(head -c 300 "$dir/err"))"
        bad=1
    fi
    compare "$here/$name.out" "$dir/out" "$name" || bad=1
    compare "$here/$name.err" "$dir/err" "$name" || bad=1
    if [ $picture = 1 ]; then
        if [ -f "$dir/picture.svg" ]; then
            sed -i '/^<defs>$/,/^<\/defs>$/d' "$dir/picture.svg"
        else
            : >"$dir/picture.svg"
        fi
        compare "$here/$name.svg" "$dir/picture.svg" "$name" || bad=1
    fi
    [ $bad = 0 ] || fails=$((fails + 1))
}

# make_store NAME FILE...: ingest the fixtures into the store NAME (must succeed).
make_store() {
    local name=$1
    shift
    (cd "$data" && "$coauth" ingest -q -d "$tmp/store-$name.db" "$@" 2>/dev/null) ||
        { echo "golden: could not make store '$name' from $*" >&2; exit 1; }
}

make_store base ingest_base.xml ingest_update.xml
make_store pop pubmed_population.xml
make_store meta pubmed_metadata.xml
# v1: the schema-1 store of tests/data/store_v1.sql (made by an older coauth); v1m: migrated
sqlite3 "$tmp/store-v1.db" <"$data/store_v1.sql" || { echo "golden: sqlite3 failed" >&2; exit 1; }
cp "$tmp/store-v1.db" "$tmp/store-v1m.db"
"$coauth" migrate -d "$tmp/store-v1m.db" >/dev/null 2>&1 || { echo "golden: migrate failed" >&2; exit 1; }
# escaped: pop with institution names that CSV, XML, Pajek and JSON must escape
cp "$tmp/store-pop.db" "$tmp/store-escaped.db"
"$coauth" reresolve -q -d "$tmp/store-escaped.db" --thesaurus "$here/thesaurus_escape.tsv" ||
    { echo "golden: reresolve failed" >&2; exit 1; }
# gzip inputs, made here with gzip -n (no name, no time stamp): whole, truncated, a
# flipped CRC-32 byte, a flipped ISIZE bit, a damaged deflate block (the same message
# with zlib's and ISA-L's inflate, -DCOAUTH_ISAL).
mkdir "$tmp/gz"
gzip -n -c "$data/pubmed_population.xml" >"$tmp/gz/pop.xml.gz" || { echo "golden: gzip failed" >&2; exit 1; }
head -c 500 "$tmp/gz/pop.xml.gz" >"$tmp/gz/truncated.xml.gz"
flip() { # SRC DST OFFSET(from the end if negative) MASK
    /usr/bin/python3 -c "import sys; d = bytearray(open(sys.argv[1], 'rb').read()); d[int(sys.argv[3])] ^= int(sys.argv[4]); open(sys.argv[2], 'wb').write(d)" "$@"
}
flip "$tmp/gz/pop.xml.gz" "$tmp/gz/bad_crc.xml.gz" -8 255
flip "$tmp/gz/pop.xml.gz" "$tmp/gz/bad_size.xml.gz" -1 1
flip "$tmp/gz/pop.xml.gz" "$tmp/gz/bad_block.xml.gz" 12 255
# quoted: pop, as if written by a coauth whose version string needs CSV quoting
cp "$tmp/store-pop.db" "$tmp/store-quoted.db"
sqlite3 "$tmp/store-quoted.db" "UPDATE meta SET value = '0.0.9,\"dev\"' WHERE key = 'coauth_version'" ||
    { echo "golden: sqlite3 failed" >&2; exit 1; }

# ---- ingest: summary lines, warnings, errors --------------------------------------
golden ingest_base_update 0 - -- ingest -d @DB@ ingest_base.xml ingest_update.xml
golden ingest_update_base 0 - -- ingest -d @DB@ ingest_update.xml ingest_base.xml
golden ingest_population 0 - -- ingest -d @DB@ pubmed_population.xml
golden ingest_again 0 base -- ingest -d @DB@ ingest_base.xml
golden ingest_force 0 base -- ingest -d @DB@ --force ingest_update.xml
golden ingest_bad 1 - -- ingest -d @DB@ ingest_bad.xml
for f in bomb empty malformed mismatch notxml nul root trailing_nul undeclared utf8 xxe; do
    golden "ingest_bad_$f" 1 - -- ingest -d @DB@ "pubmed_bad_$f.xml"
done
golden ingest_missing 1 - -- ingest -d @DB@ no_such_file.xml
golden ingest_gz 0 - -- ingest -d @DB@ "$tmp/gz/pop.xml.gz"
for f in truncated bad_crc bad_size bad_block; do
    golden "ingest_gz_$f" 1 - -- ingest -d @DB@ "$tmp/gz/$f.xml.gz"
done
golden ingest_gz_stdin 0 - --stdin "$tmp/gz/pop.xml.gz" -- ingest -d @DB@ -
golden ingest_stdin 0 - --stdin "$data/pubmed_population.xml" -- ingest -d @DB@ -

# ---- stats --------------------------------------------------------------------
golden stats_base 0 base -- stats -d @DB@
golden stats_population 0 pop -- stats -d @DB@
golden stats_metadata 0 meta -- stats -d @DB@
golden stats_quoted 0 quoted -- stats -d @DB@

# ---- resolve --------------------------------------------------------------------
golden resolve 0 - --stdin "$here/resolve.in" -- resolve
golden resolve_thesaurus 0 - --stdin "$here/resolve.in" -- resolve --thesaurus "$here/thesaurus.tsv"
golden resolve_bad_option 2 - -- resolve --no-such-option

# ---- reresolve, migrate ---------------------------------------------------------
golden reresolve 0 pop -- reresolve -d @DB@
golden reresolve_thesaurus 0 pop -- reresolve -d @DB@ --thesaurus "$here/thesaurus.tsv"
golden migrate_current 0 pop -- migrate -d @DB@
golden migrate_v1 0 v1 -- migrate -d @DB@
golden stats_migrated_v1 0 v1m -- stats -d @DB@
golden intl_migrated_v1 0 v1m -- intl -d @DB@ --types all
golden intl_migrated_v1_language 0 v1m -- intl -d @DB@ --language eng

# ---- intl ----------------------------------------------------------------------
golden intl_base 0 base -- intl -d @DB@
golden intl 0 pop -- intl -d @DB@
golden intl_all 0 pop -- intl -d @DB@ --types all
golden intl_by_country 0 pop -- intl -d @DB@ --by country
golden intl_by_year 0 pop -- intl -d @DB@ --by year
golden intl_by_country_year 0 pop -- intl -d @DB@ --by country,year
golden intl_by_country_year_all 0 pop -- intl -d @DB@ --by country,year --types all
golden intl_country 0 pop -- intl -d @DB@ --country us,DE,zw
golden intl_years 0 pop -- intl -d @DB@ --years 2019-2020 --types all
golden intl_fold 0 pop -- intl -d @DB@ --fold-hk-mo --types all
golden intl_metadata 0 meta -- intl -d @DB@ --types all
golden intl_bad_by 2 pop -- intl -d @DB@ --by journal

# ---- pair -----------------------------------------------------------------------
golden pair 0 pop -- pair -d @DB@ US CN
golden pair_total 0 pop -- pair -d @DB@ cn us --by total
golden pair_years 0 pop -- pair -d @DB@ US CN --years 2017-2022 --types all
golden pair_none 0 pop -- pair -d @DB@ US ZW --by total

# ---- network ----------------------------------------------------------------------
for level in country institution; do
    for fmt in csv graphml pajek vosviewer; do
        golden "network_${level}_$fmt" 0 pop -- network -d @DB@ --level $level --format $fmt
    done
    golden "network_${level}_fractional_graphml" 0 pop -- network -d @DB@ --level $level --format graphml --counting fractional
done
golden network_country_all 0 pop -- network -d @DB@ --level country --types all
golden network_country_min_weight 0 pop -- network -d @DB@ --level country --min-weight 2
golden network_institution_min_papers 0 pop -- network -d @DB@ --level institution --min-papers 2 --types all
for fmt in csv graphml pajek vosviewer; do
    golden "network_escaped_$fmt" 0 escaped -- network -d @DB@ --level institution --format $fmt
done
golden centrality_escaped 0 escaped -- centrality -d @DB@ --level institution
golden network_base_pajek 0 base -- network -d @DB@ --level institution --format pajek

# ---- centrality -------------------------------------------------------------------
golden centrality_country 0 pop -- centrality -d @DB@ --level country
golden centrality_country_all 0 pop -- centrality -d @DB@ --level country --types all
golden centrality_institution 0 pop -- centrality -d @DB@ --level institution
golden centrality_institution_fractional 0 pop -- centrality -d @DB@ --level institution --counting fractional
golden centrality_sort_papers_top 0 pop -- centrality -d @DB@ --level country --sort papers --top 3 --types all

# ---- plot (SVG; <defs> normalised) ----------------------------------------------
golden plot_trend 0 pop --picture -- plot trend -d @DB@ -o @OUT@.svg --types all
golden plot_trend_pair 0 pop --picture -- plot trend -d @DB@ --pair US CN -o @OUT@.svg --types all
golden plot_network 0 pop --picture -- plot network -d @DB@ -o @OUT@.svg --types all
golden plot_network_institution 0 pop --picture -- plot network -d @DB@ --level institution -o @OUT@.svg

if [ "$mode" = --regen ]; then
    if [ $fails -gt 0 ]; then
        echo "golden: $fails cases exited with another status than run.sh expects (edit run.sh if intended)"
        exit 1
    fi
    echo "golden: $cases cases written to $here"
    exit 0
fi
for f in "$here"/*.out "$here"/*.err "$here"/*.svg; do
    [ -e "$f" ] || continue
    n=$(basename "$f")
    n=${n%.*}
    if [[ "$names" != *" $n "* ]]; then
        echo "golden: $(basename "$f") belongs to no case"
        fails=$((fails + 1))
    fi
done
if [ $fails -gt 0 ]; then
    echo "golden: $fails of $cases cases differ (tests/golden/run.sh COAUTH --regen rewrites them)"
    exit 1
fi
echo "golden: all $cases cases match"
