#!/usr/bin/env bash
# The page benchmarks' calibration: builds bench/leptos-counter (a minimal Leptos app,
# two elements, with the lab's release settings) and loads it beside the lab in dist/
# with the navigation measure of scripts/bench-page.sh, interleaved, so that the lab's
# figure reads against this machine's floor for a Leptos page. The navigation budget
# (150 ms) was set where such a counter took about 130 ms (BENCHMARKS.md,
# "Calibration"). Prints numbers; it is not a pass/fail test.
#
# Usage: scripts/bench-counter.sh [LOADS]   (LOADS defaults to 40)
# Run scripts/test.sh (or trunk build --release) first: it reads dist/ as it is. The
# counter is built into target/leptos-counter/dist/ (its dependencies are the lab's, so
# they come from the lab's wasm build). Environment: as scripts/bench-page.sh's.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOADS="${1:-40}"
COUNTER="$ROOT/target/leptos-counter/dist"

[ -f "$ROOT/dist/index.html" ] || { echo "bench-counter: no dist/index.html; build first (trunk build --release)" >&2; exit 1; }
# The pinned tools on PATH, and the wasm build's flags (the lab's dependencies are reused).
# shellcheck source=scripts/setup.sh
source "$ROOT/scripts/setup.sh" >/dev/null
# The counter calibrates the lab only with the lab's own Leptos and wasm-bindgen.
for crate in leptos tachys reactive_graph wasm-bindgen; do
    lab="$(locked_version "$crate")"
    counter="$(locked_version "$crate" "$ROOT/bench/leptos-counter/Cargo.lock")"
    [ "$lab" = "$counter" ] || {
        echo "bench-counter: $crate is $counter in bench/leptos-counter/Cargo.lock but $lab in Cargo.lock; update the counter's lock" >&2
        exit 1
    }
done
(cd "$ROOT/bench/leptos-counter" && CARGO_TARGET_DIR="$ROOT/target" trunk build --release --dist "$COUNTER")
"$ROOT/scripts/bench-page.sh" "$LOADS" "$ROOT/dist" "$COUNTER"
