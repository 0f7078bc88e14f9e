#!/usr/bin/env bash
# Sets up, then serves the app at http://127.0.0.1:8080 with live rebuilds.
# Extra arguments go to `trunk serve` (for example --release).

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Sourced so that node_modules/.bin (the pinned wasm-opt) comes first on PATH.
# shellcheck source=scripts/setup.sh
source "$ROOT/scripts/setup.sh"
cd "$ROOT"

echo "[dev] serving the app at http://127.0.0.1:8080 (Ctrl-C stops)"
# Served from target/ so that dist/ only ever holds the release build the tests use.
exec trunk serve --address 127.0.0.1 --port 8080 --dist target/trunk-dev "$@"
