#!/usr/bin/env bash
# tests/check_install.sh - install into a scratch prefix and check what lands there:
# a stripped coauth, coauth-download, bash completion that offers the commands, and
# a man page for coauth and for every command `coauth --help` lists, naming every
# option that command's --help names.
# usage: tests/check_install.sh BUILD_DIR
set -euo pipefail
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
fail() { echo "check_install: $*" >&2; exit 1; }
bin=$prefix/bin/coauth
[ -x "$bin" ] || fail "no bin/coauth"
readelf -S "$bin" | grep -q '\.symtab' && fail "bin/coauth is not stripped"
"$bin" --version | grep -q '^coauth ' || fail "installed coauth does not run"
[ -x "$prefix/bin/coauth-download" ] || fail "no bin/coauth-download"
comp=$prefix/share/bash-completion/completions/coauth
[ -f "$comp" ] || fail "no bash completion"
got=$(PATH=$prefix/bin:$PATH bash -c "source '$comp'; COMP_WORDS=(coauth ''); COMP_CWORD=1; _coauth; echo \${COMPREPLY[*]}")
cmds=$("$bin" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
[ -n "$cmds" ] || fail "coauth --help lists no command"
man=$prefix/share/man/man1
[ -f "$man/coauth.1" ] || fail "no coauth.1"
n=0
for c in $cmds; do
  [[ " $got " == *" $c "* ]] || fail "completion does not offer '$c' (offers: $got)"
  page=$man/coauth-$c.1
  [ -f "$page" ] || fail "no man page coauth-$c.1"
  grep -q '^\.SH NAME' "$page" || fail "coauth-$c.1 has no NAME section"
  for o in $("$bin" "$c" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    grep -qF -- "$(printf '%s' "$o" | sed 's/-/\\-/g')" "$page" || fail "coauth-$c.1 does not name $o"
  done
  n=$((n + 1))
done
echo "check_install: coauth, coauth-download, completion and $((n + 1)) man pages installed"
