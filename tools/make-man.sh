#!/usr/bin/env bash
# tools/make-man.sh - man pages from the --help texts: coauth(1) and coauth-CMD(1) for
# every command that `coauth --help` lists (so a new command gets its page).
# usage: tools/make-man.sh COAUTH OUTDIR VERSION
set -euo pipefail
bin=$1 out=$2 version=$3
mkdir -p "$out"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$(dirname "$0")" log -1 --format=%ct 2>/dev/null || echo 0)}
h2m() { help2man --no-info --no-discard-stderr --version-string="$version" "$@"; }
h2m -n "country and institution co-authorship indicators from PubMed/MEDLINE XML" \
    -o "$out/coauth.1" "$bin"
"$bin" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print } on && /^$/ { exit }' |
while read -r cmd desc; do
  h2m -n "$desc" -o "$out/coauth-$cmd.1" "$bin $cmd"
done
