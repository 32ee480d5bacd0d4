#!/usr/bin/env bash
# tests/golden/regen.sh - rewrite the expected outputs in tests/golden/ after an
# intended change of output; then review `git diff tests/golden` line by line and
# hand-check what changed against the fixture (tests/golden/README).
# usage: tests/golden/regen.sh [COAUTH]   (default: build/coauth)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
exec bash "$root/tests/golden/run.sh" "${1:-$root/build/coauth}" --regen
