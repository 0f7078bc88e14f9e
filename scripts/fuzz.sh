#!/usr/bin/env bash
# Runs every cargo-fuzz target of the model (model/fuzz) for a bounded time each, on the
# installed nightly toolchain. FUZZ_SECONDS (default 30) is the time per target.
# Exits non-zero if a target finds a crash, or if cargo-fuzz or nightly is unavailable.
set -euo pipefail

CARGO_FUZZ_VERSION=0.13.2
SECONDS_PER_TARGET="${FUZZ_SECONDS:-30}"
cd "$(dirname "$0")/../model"

if ! rustup toolchain list | grep -q '^nightly'; then
    echo "fuzz.sh: no nightly toolchain is installed (cargo-fuzz needs one): rustup toolchain install nightly" >&2
    exit 1
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: installing cargo-fuzz $CARGO_FUZZ_VERSION"
    if ! cargo install cargo-fuzz --version "=$CARGO_FUZZ_VERSION" --locked; then
        echo "fuzz.sh: cargo-fuzz $CARGO_FUZZ_VERSION could not be installed from the registry; fuzzing did not run" >&2
        exit 1
    fi
fi
echo "fuzz.sh: $(cargo +nightly fuzz --version), ${SECONDS_PER_TARGET}s per target"

targets=$(cargo +nightly fuzz list)
if [ -z "$targets" ]; then
    echo "fuzz.sh: no fuzz targets found under model/fuzz" >&2
    exit 1
fi
mkdir -p fuzz/target
for target in $targets; do
    log="fuzz/target/$target.log"
    echo "fuzz.sh: running $target (libFuzzer's output in model/$log)"
    if ! cargo +nightly fuzz run "$target" -- -max_total_time="$SECONDS_PER_TARGET" \
        -print_final_stats=1 >"$log" 2>&1; then
        tail -n 60 "$log" >&2
        echo "fuzz.sh: $target failed; the input that crashed it is under model/fuzz/artifacts/$target" >&2
        exit 1
    fi
    grep -E '^Done |^stat::(number_of_executed_units|new_units_added)' "$log" | sed "s/^/fuzz.sh: $target: /"
done
echo "fuzz.sh: every target ran ${SECONDS_PER_TARGET}s without a crash: $(echo $targets | tr '\n' ' ')"
