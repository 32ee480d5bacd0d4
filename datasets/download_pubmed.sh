#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck disable=SC2317  # the functions run through xargs / bash -c
# datasets/download_pubmed.sh - download PubMed baseline and/or update files from NLM
# and verify each against its .md5 file.
#
# For users with internet access; tests never run it. Read NLM's terms first:
#   https://www.nlm.nih.gov/databases/download/terms_and_conditions.html
#   https://ftp.ncbi.nlm.nih.gov/pubmed/baseline/README.txt
#
# Usage: datasets/download_pubmed.sh [-o DIR] [--baseline] [--updates] [--first N] [--jobs N]
#   -o DIR        where to put the files (default ./pubmed); baseline/ and updatefiles/ below it
#   --baseline    download the annual baseline (default when neither is given)
#   --updates     download the daily update files
#   --first N     only the first N files of each set (e.g. to try things out)
#   --jobs N      parallel downloads (default 2; NCBI asks for moderation)
# Files already present with a matching checksum are skipped, so the script can be
# re-run after an interruption or from cron to fetch new update files. Exit status 1
# if any file fails its checksum (the bad file is renamed to *.bad).
set -euo pipefail

BASE_URL=${PUBMED_URL:-https://ftp.ncbi.nlm.nih.gov/pubmed}
out=./pubmed
want_base=0
want_upd=0
first=0
jobs=2

usage() { sed -n '/^# datasets\/download_pubmed.sh/,/^set -e/{/^set/d;s/^# \{0,1\}//;p;}' "$0"; exit "${1:-2}"; }
while [ $# -gt 0 ]; do
    case $1 in
        -o) out=${2:?}; shift 2 ;;
        --baseline) want_base=1; shift ;;
        --updates) want_upd=1; shift ;;
        --first) first=${2:?}; shift 2 ;;
        --jobs) jobs=${2:?}; shift 2 ;;
        -h|--help) usage 0 ;;
        *) echo "download_pubmed.sh: unknown option '$1'" >&2; usage ;;
    esac
done
[ $want_base = 0 ] && [ $want_upd = 0 ] && want_base=1

if command -v wget >/dev/null 2>&1; then
    fetch() { wget -q -c -O "$2" "$1"; }
    fetch_stdout() { wget -q -O - "$1"; }
elif command -v curl >/dev/null 2>&1; then
    fetch() { curl -fsS -C - -o "$2" "$1"; }
    fetch_stdout() { curl -fsS "$1"; }
else
    echo "download_pubmed.sh: need wget or curl" >&2
    exit 1
fi
command -v md5sum >/dev/null 2>&1 || { echo "download_pubmed.sh: need md5sum" >&2; exit 1; }

# md5 of an NLM .md5 file: "MD5(pubmed26n0001.xml.gz)= <hex>" (or md5sum's "<hex>  name")
expected_md5() { grep -Eo '[0-9a-f]{32}' "$1" | head -n 1; }

verify() { # file -> 0 if it matches its .md5
    local f=$1 want have
    [ -s "$f" ] && [ -s "$f.md5" ] || return 1
    want=$(expected_md5 "$f.md5")
    have=$(md5sum "$f" | cut -d' ' -f1)
    [ -n "$want" ] && [ "$want" = "$have" ]
}

get_one() { # url dir name
    local url=$1 dir=$2 name=$3
    if verify "$dir/$name"; then
        return 0
    fi
    fetch "$url/$name.md5" "$dir/$name.md5.part" && mv "$dir/$name.md5.part" "$dir/$name.md5"
    fetch "$url/$name" "$dir/$name.part" && mv "$dir/$name.part" "$dir/$name"
    if verify "$dir/$name"; then
        echo "ok   $dir/$name"
    else
        mv "$dir/$name" "$dir/$name.bad"
        echo "BAD  $dir/$name (checksum mismatch, kept as $name.bad)" >&2
        return 1
    fi
}
export -f get_one verify expected_md5 fetch

get_set() { # subdir
    local dir="$out/$1" url="$BASE_URL/$1" list
    mkdir -p "$dir"
    list=$(fetch_stdout "$url/" | grep -Eo 'pubmed[0-9]{2}n[0-9]{4}\.xml\.gz' | sort -u)
    if [ -z "$list" ]; then
        echo "download_pubmed.sh: no files listed at $url/" >&2
        return 1
    fi
    [ "$first" -gt 0 ] && list=$(printf '%s\n' "$list" | head -n "$first")
    echo "$(printf '%s\n' "$list" | wc -l) files from $url/ into $dir/" >&2
    # shellcheck disable=SC2016  # $1.. expand in the child bash
    printf '%s\n' "$list" | xargs -P "$jobs" -I{} bash -c 'get_one "$1" "$2" "$3"' _ "$url" "$dir" {}
}

status=0
[ $want_base = 1 ] && { get_set baseline || status=1; }
[ $want_upd = 1 ] && { get_set updatefiles || status=1; }
exit $status
