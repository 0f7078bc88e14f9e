#!/usr/bin/env bash
# The model's benchmarks, briefly (the machine is shared): criterion's attach/detach cycle,
# 10,000-step script and /16 allocation, then the heap of a world of 10,000 instances with
# 30,000 network interfaces. Extra arguments go to criterion (e.g. a benchmark name filter).
# Built with the native profile (opt-level 3), as the netlab command is; BENCHMARKS.md gives
# the release profile's figures (opt-level "z", what the wasm ships) beside them.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo bench --profile native -p netlab-model --bench model -- --warm-up-time 1 --measurement-time 3 "$@" \
    | grep -E '^[A-Za-z0-9_]+/[A-Za-z0-9_]+|time:|thrpt:' | grep -v '%\|^Benchmarking'
cargo run --profile native -q -p netlab-model --example world_memory
