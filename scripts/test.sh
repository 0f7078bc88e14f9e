#!/usr/bin/env bash
# Sets up, then runs every check of ec2-netlab, failing fast:
#   formatting, clippy (-D warnings), native tests, one release build into dist/,
#   the Playwright end-to-end tests in Chromium against dist/ served statically,
#   and a bounded run of the parser fuzz targets (scripts/fuzz.sh).
# Prints each phase's name and duration.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PHASE="(none)"
PHASE_STARTED=$SECONDS
TOTAL_STARTED=$SECONDS

on_exit() {
    local code=$?
    if [ "$code" -ne 0 ]; then
        printf '\n[test] FAILED in phase "%s" (exit %s) after %s s\n' "$PHASE" "$code" "$((SECONDS - PHASE_STARTED))" >&2
    fi
}
trap on_exit EXIT

phase() {
    PHASE="$1"
    PHASE_STARTED=$SECONDS
    printf '\n[test] ==> %s\n' "$PHASE"
}

phase_done() {
    printf '[test] <== %s: ok in %s s\n' "$PHASE" "$((SECONDS - PHASE_STARTED))"
}

# Nothing below reads standard input.
exec </dev/null

phase "setup"
# Sourced so that node_modules/.bin (the pinned wasm-opt) comes first on PATH.
# shellcheck source=scripts/setup.sh
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
phase_done

phase "format (cargo fmt --check)"
cargo fmt --all --check
phase_done

phase "clippy: library crates (model, course), native, all targets"
cargo clippy --locked --workspace --exclude ec2-netlab --all-targets -- -D warnings
phase_done

phase "clippy: app, wasm32"
cargo clippy --locked -p ec2-netlab --target wasm32-unknown-unknown -- -D warnings
phase_done

phase "native tests (workspace)"
NATIVE_LOG="$(mktemp)"
cargo test --locked --workspace 2>&1 | tee "$NATIVE_LOG"
NATIVE_PASSED=$(awk '/^test result: ok\./ { n += $4 } END { print n + 0 }' "$NATIVE_LOG")
rm -f "$NATIVE_LOG"
phase_done

phase "release build (trunk build --release)"
rm -rf dist
trunk build --release
ls dist/*.wasm >/dev/null
phase_done

phase "bundle sizes"
"$ROOT/scripts/bundle-size.sh"
phase_done

phase "end-to-end tests (Playwright, Chromium, dist/ served statically)"
E2E_PORT="${E2E_PORT:-8090}"
export E2E_PORT
if (exec 3<>"/dev/tcp/127.0.0.1/$E2E_PORT") 2>/dev/null; then
    echo "[test] port $E2E_PORT on 127.0.0.1 is already in use: stop what listens there, or set E2E_PORT to a free port" >&2
    false
fi
npx --no-install playwright test -c e2e/playwright.config.js
E2E_PASSED=$(node -e 'const r = require(process.argv[1]); console.log(r.stats.expected)' "$ROOT/e2e/test-results/report.json")
phase_done

phase "fuzzing (bounded: FUZZ_SECONDS per target)"
FUZZ_SECONDS="${FUZZ_SECONDS:-20}" "$ROOT/scripts/fuzz.sh"
phase_done

printf '\n[test] all phases passed in %s s\n' "$((SECONDS - TOTAL_STARTED))"
printf 'native tests: %s passed, 0 failed\n' "$NATIVE_PASSED"
printf 'e2e tests: %s passed, 0 failed\n' "$E2E_PASSED"
printf '%s passed, 0 failed\n' "$((NATIVE_PASSED + E2E_PASSED))"
