#!/usr/bin/env bash
# Prints the raw and gzip sizes of every file in dist/, the first-load total (wasm + js +
# css + html, gzip: what the lab loads before its first frame, index.html counted since it
# carries the stylesheet, the build's picture of the default lab and, in a release build,
# the glue script (scripts/split-wasm.js); embed.js and examples/, which the
# app never loads, the course-*.json that only course pages fetch, and the wasm's later
# part, which the lab fetches after its first frame, left out), and the same with the
# later part: what the lab has loaded once it has all of its code. Run after
# `trunk build --release`.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="${1:-$ROOT/dist}"

[ -d "$DIST" ] || { echo "bundle-size: no $DIST; run trunk build --release first" >&2; exit 1; }

gz_size() { gzip -9 -c "$1" | wc -c; }

printf '%-48s %12s %12s\n' "file" "raw bytes" "gzip bytes"
first_raw=0
first_gz=0
later_raw=0
later_gz=0
while IFS= read -r -d '' f; do
    raw=$(wc -c <"$f")
    gz=$(gz_size "$f")
    printf '%-48s %12d %12d\n' "${f#"$DIST"/}" "$raw" "$gz"
    case "$f" in
        # For host pages, not loaded by the app.
        "$DIST"/embed.js | "$DIST"/examples/*) ;;
        # The wasm's later part (scripts/split-wasm.js), fetched after the first frame.
        *_later.wasm)
            later_raw=$((later_raw + raw))
            later_gz=$((later_gz + gz))
            ;;
        *.wasm | *.js | *.css | "$DIST"/index.html)
            first_raw=$((first_raw + raw))
            first_gz=$((first_gz + gz))
            ;;
    esac
done < <(find "$DIST" -type f -print0 | sort -z)
printf '%-48s %12d %12d\n' "first load (wasm + js + css + html)" "$first_raw" "$first_gz"
printf '%-48s %12d %12d\n' "with the wasm's later part" "$((first_raw + later_raw))" "$((first_gz + later_gz))"
