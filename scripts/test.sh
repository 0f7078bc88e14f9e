#!/usr/bin/env bash
# Sets up, then runs every check of ec2-netlab, failing fast:
#   formatting, clippy (-D warnings), native tests, one release build into dist/,
#   and the Playwright end-to-end tests in Chromium against dist/ served statically.
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

phase "clippy: model, native, all targets"
cargo clippy --locked -p netlab-model --all-targets -- -D warnings
phase_done

phase "clippy: app, wasm32"
cargo clippy --locked -p ec2-netlab --target wasm32-unknown-unknown -- -D warnings
phase_done

phase "native tests (workspace)"
cargo test --locked --workspace
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
npx --no-install playwright test -c e2e/playwright.config.js
phase_done

printf '\n[test] all phases passed in %s s\n' "$((SECONDS - TOTAL_STARTED))"
