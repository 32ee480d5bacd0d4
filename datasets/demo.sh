#!/usr/bin/env bash
# datasets/demo.sh - build coauth and run the main job on the demo corpus:
# ingest datasets/demo/*.xml.gz into a fresh store, then print the headline indicators.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
./build/coauth --version
