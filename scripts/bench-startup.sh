#!/usr/bin/env bash
# Which wasm functions the lab compiles before its first frame: V8 compiles each function
# of the wasm on its first call (lazily, on the page's main thread), so the functions the
# startup calls, their number and their size, are a large part of the navigation measure
# in scripts/bench-page.sh, and unlike its wall clock they hardly change from one load to
# the next. Prints numbers; it is not a pass/fail test.
#
#   1. Builds a copy of dist/ with the whole wasm (as Trunk made it, before
#      scripts/split-wasm.js split it; the functions compiled before the frame are the
#      first part's) that keeps its function names: the same wasm-bindgen output through
#      the same wasm-opt level and flags as index.html gives Trunk, plus -g. Its
#      functions are checked to be Trunk's wasm's, body for body.
#   2. Loads it LOADS times in fresh profiles, each traced (the DevTools Protocol's
#      `v8.wasm` events), until the frame that shows the diagram (the stamp of
#      bench-page.sh; what the lab makes after that frame waits, as it waits for the later
#      part in the shipped page), and prints the functions compiled lazily before it: how many, their
#      bytes and the main thread's time compiling them; then, for the last load, the same
#      by part of the program and the largest functions.
#
# Usage: scripts/bench-startup.sh [LOADS]   (LOADS defaults to 3)
# Run `trunk build --release` (or scripts/test.sh) first. Environment: BENCH_PORT
# (default 8097), BENCH_TOP (largest functions listed, default 15).

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOADS="${1:-3}"
PORT="${BENCH_PORT:-8097}"
cd "$ROOT"

UNSPLIT="target/split-wasm/unsplit"
SHIPPED="$(find "$UNSPLIT" -maxdepth 1 -name '*_bg.wasm' 2>/dev/null | head -1)"
BINDGEN="target/wasm-bindgen/release/ec2-netlab_bg.wasm"
[ -n "$SHIPPED" ] && [ -f "$BINDGEN" ] || { echo "bench-startup: run trunk build --release first" >&2; exit 1; }
[ -d node_modules/@playwright/test ] || { echo "bench-startup: run scripts/setup.sh first (npm ci)" >&2; exit 1; }
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "bench-startup: port $PORT is in use; set BENCH_PORT" >&2
    exit 1
fi

COPY="$(mktemp -d)"
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$COPY"' EXIT
cp -r dist/. "$UNSPLIT/." "$COPY/"
LEVEL="$(sed -n 's/.*data-wasm-opt="\([^"]*\)".*/\1/p' index.html)"
PARAMS="$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' index.html)"
# shellcheck disable=SC2086 # the flags are words
PATH="$ROOT/node_modules/.bin:$PATH" wasm-opt "-O$LEVEL" --enable-reference-types $PARAMS -g \
    "$BINDGEN" -o "$COPY/$(basename "$SHIPPED")"
# The named wasm is not the one the page's integrity attributes name.
sed -i 's/ integrity="[^"]*"//g' "$COPY/index.html"

python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$COPY" >/dev/null 2>&1 &
SERVER=$!
for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.1
done

BENCH_URL="http://127.0.0.1:$PORT/" BENCH_LOADS="$LOADS" BENCH_TOP="${BENCH_TOP:-15}" \
    BENCH_SHIPPED="$SHIPPED" BENCH_NAMED="$COPY/$(basename "$SHIPPED")" node - <<'EOF'
const fs = require('fs');
const { launchChromium, drawnPage, startTrace, loadSpan } = require('./scripts/bench-page-lib.js');
const { readLeb, sections } = require('./scripts/wasm-binary.js');

// The wasm's function bodies (their sizes, by function index) and its name section.
const readWasm = (path) => {
  const buf = fs.readFileSync(path);
  let p = 0;
  const leb = () => {
    const { value, next } = readLeb(buf, p);
    p = next;
    return value;
  };
  const name = () => {
    const n = leb();
    const s = buf.toString('utf8', p, p + n);
    p += n;
    return s;
  };
  let imported = 0;
  const sizes = [];
  const names = new Map();
  for (const { id, start, end } of sections(buf)) {
    p = start;
    if (id === 2) {
      // Imports: only the count of imported functions matters (they come first).
      for (let n = leb(), i = 0; i < n; i += 1) {
        name();
        name();
        const kind = buf[p++];
        if (kind === 0) { leb(); imported += 1; }
        else if (kind === 1) { p += 1; if (leb() & 1) { leb(); leb(); } else leb(); }
        else if (kind === 2) { if (leb() & 1) { leb(); leb(); } else leb(); }
        else if (kind === 3) p += 2;
        else if (kind === 4) { p += 1; leb(); }
      }
    } else if (id === 10) {
      for (let n = leb(), i = 0; i < n; i += 1) {
        const body = leb();
        sizes[imported + i] = body;
        p += body;
      }
    } else if (id === 0 && name() === 'name') {
      while (p < end) {
        const sub = buf[p++];
        const length = leb();
        const subEnd = p + length;
        if (sub === 1) {
          for (let n = leb(), i = 0; i < n; i += 1) {
            const index = leb();
            names.set(index, name().replace(/::h[0-9a-f]{16}$/, ''));
          }
        }
        p = subEnd;
      }
    }
  }
  return { sizes, names };
};

const shipped = readWasm(process.env.BENCH_SHIPPED);
const named = readWasm(process.env.BENCH_NAMED);
if (shipped.sizes.length !== named.sizes.length || shipped.sizes.some((s, i) => s !== named.sizes[i])) {
  console.error('bench-startup: the named wasm differs from the one Trunk built (rebuild with trunk build --release)');
  process.exit(1);
}

// The part of the program a function belongs to, by the first crate its name mentions.
const PARTS = [
  ['model', /netlab_model|netlab_course/],
  ['app', /ec2_netlab/],
  ['tachys (views)', /tachys/],
  ['reactive_graph, leptos', /reactive_graph|leptos|any_spawner|or_poisoned/],
  ['serde, serde_json', /serde/],
  ['hashbrown, indexmap', /hashbrown|indexmap/],
  ['wasm-bindgen, js-sys, web-sys', /wasm_bindgen|js_sys|web_sys/],
  ['core, alloc, std, dlmalloc', /^<?(core|alloc|std|dlmalloc)|<(core|alloc|std)::/],
];
const partOf = (name) => {
  let best = null;
  for (const [part, re] of PARTS) {
    const m = re.exec(name);
    if (m && (best === null || m.index < best.index)) best = { part, index: m.index };
  }
  return best ? best.part : 'other';
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length / 2) - 1];
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

(async () => {
  const browser = await launchChromium();
  const loads = [];
  for (let i = 0; i < Number(process.env.BENCH_LOADS); i += 1) {
    const { context, page, drawn } = await drawnPage(browser);
    // As in the shipped page, what the lab makes after its first frame waits for the
    // later part (src/lab/after_paint.rs); here it never comes, the whole wasm being in.
    await page.addInitScript(() => { window.netlabLaterPart = new Promise(() => {}); });
    const trace = await startTrace(context, page, ['v8.wasm']);
    await page.goto(process.env.BENCH_URL, { waitUntil: 'commit' });
    await drawn;
    const events = await trace.stop();
    await context.close();
    const span = loadSpan(events);
    const compiled = events.filter((e) => e.name === 'wasm.CompileLazy' && e.pid === span.start.pid
      && e.tid === span.start.tid && e.ts >= span.start.ts && e.ts <= span.drawn.ts);
    loads.push(compiled.map((e) => ({ index: e.args.func_index, ms: (e.tdur || 0) / 1000 })));
  }
  await browser.close();

  const total = (fns) => ({
    count: fns.length,
    bytes: fns.reduce((a, f) => a + shipped.sizes[f.index], 0),
    ms: fns.reduce((a, f) => a + f.ms, 0),
  });
  const totals = loads.map(total);
  const all = total(shipped.sizes.map((_, index) => ({ index, ms: 0 })).filter((f) => shipped.sizes[f.index] !== undefined));
  console.log(`wasm functions compiled lazily before the diagram's frame (${loads.length} traced loads, median): `
    + `${median(totals.map((t) => t.count))} of ${all.count} functions, `
    + `${kb(median(totals.map((t) => t.bytes)))} of ${kb(all.bytes)} of code, `
    + `${median(totals.map((t) => t.ms)).toFixed(1)} ms of the main thread's time compiling them`);

  const last = loads[loads.length - 1];
  const parts = new Map();
  for (const f of last) {
    const part = partOf(named.names.get(f.index) || '');
    const t = parts.get(part) || { count: 0, bytes: 0, ms: 0 };
    t.count += 1;
    t.bytes += shipped.sizes[f.index];
    t.ms += f.ms;
    parts.set(part, t);
  }
  console.log('  by part (the last load):');
  for (const [part, t] of [...parts].sort((a, b) => b[1].bytes - a[1].bytes)) {
    console.log(`    ${part.padEnd(32)} ${String(t.count).padStart(5)} functions ${kb(t.bytes).padStart(9)} ${t.ms.toFixed(1).padStart(6)} ms`);
  }
  console.log('  the largest (the last load):');
  for (const f of [...last].sort((a, b) => shipped.sizes[b.index] - shipped.sizes[a.index]).slice(0, Number(process.env.BENCH_TOP))) {
    console.log(`    ${String(shipped.sizes[f.index]).padStart(7)} bytes  ${(named.names.get(f.index) || `function ${f.index}`).slice(0, 110)}`);
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
EOF
