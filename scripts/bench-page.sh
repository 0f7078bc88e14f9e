#!/usr/bin/env bash
# Page benchmarks of the release build in dist/, in headless Chromium (Playwright).
# They print numbers; they are not pass/fail tests.
#
#   1. Navigation: from navigation start to a drawn, interactive diagram, in N fresh
#      browser profiles (median, min, max).
#   2. Failover animation with 100 instances on screen: frame times from
#      requestAnimationFrame timestamps while traffic flows, the instance fails and the
#      interface moves to the standby (median, p95, max, and how many display frames
#      were missed), the page served cross-origin isolated for a clock that reads to 5 µs.
#
# Usage: scripts/bench-page.sh [LOADS] [DIR...]   (LOADS defaults to 15)
#   With no DIR: both benchmarks of dist/.
#   With DIRs (builds to compare, e.g. a copy of dist/ before a change): the navigation
#   only, interleaved (one fresh load of each directory in turn, each round starting
#   with the next directory, LOADS rounds), with the median of each and the median of
#   its round-by-round difference from the first. A page counts as drawn once it shows
#   an element with data-testid="instance" and a data-testid="traffic-toggle" button
#   that sets aria-pressed="true" when clicked.
#   Then the same measure's main-thread CPU time: further loads, each traced (the
#   DevTools Protocol's top-level tasks of the page's main thread, their thread time
#   summed from navigation start to the same frame). Wall-clock time on this 2-core
#   machine moves with whatever else runs; the CPU the page itself spends does not, so
#   it tells two builds apart where the wall clock cannot.
# Environment: BENCH_PORT (default 8093; DIRs use consecutive ports from it),
# BENCH_SECONDS (animation, default 8), BENCH_TRACED (traced loads per build, default 10),
# BENCH_NETWORK="KBIT LATENCY_MS" (the navigation over a throttled connection, e.g.
# "1600 150" for a slow mobile link; the files are sent as the static server sends them,
# uncompressed; then also the time until the last panel, the action log, is in the page,
# and a click on Share link 300 ms after the diagram is drawn: the longest the page's
# main thread stopped until the link showed, and when it showed).
# Run scripts/test.sh (or trunk build --release) first: it reads dist/ as it is.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOADS="${1:-15}"
shift || true
PORT="${BENCH_PORT:-8093}"
SECONDS_ANIMATED="${BENCH_SECONDS:-8}"
DIRS=("$@")
ANIMATION=0
if [ "${#DIRS[@]}" -eq 0 ]; then
    DIRS=("$ROOT/dist")
    ANIMATION=1
fi

[ -d "$ROOT/node_modules/@playwright/test" ] || { echo "bench-page: run scripts/setup.sh first (npm ci)" >&2; exit 1; }
SERVERS=()
trap 'for s in "${SERVERS[@]}"; do kill "$s" 2>/dev/null || true; done' EXIT
URLS=()
for i in "${!DIRS[@]}"; do
    dir="${DIRS[$i]}"
    port=$((PORT + i))
    [ -f "$dir/index.html" ] || { echo "bench-page: no $dir/index.html; build first (trunk build --release)" >&2; exit 1; }
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "bench-page: port $port is in use; set BENCH_PORT" >&2
        exit 1
    fi
    python3 -m http.server "$port" --bind 127.0.0.1 --directory "$dir" >/dev/null 2>&1 &
    SERVERS+=("$!")
    for _ in $(seq 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
        sleep 0.1
    done
    URLS+=("http://127.0.0.1:$port/")
done
cd "$ROOT"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(chromium --version 2>/dev/null | head -1)"

BENCH_URLS="${URLS[*]}" BENCH_NAMES="${DIRS[*]}" BENCH_LOADS="$LOADS" BENCH_SECONDS="$SECONDS_ANIMATED" \
    BENCH_ANIMATION="$ANIMATION" BENCH_TRACED="${BENCH_TRACED:-10}" BENCH_NETWORK="${BENCH_NETWORK:-}" node - <<'EOF'
const { launchChromium, drawnPage, startTrace, loadSpan } = require('./scripts/bench-page-lib.js');

const URLS = process.env.BENCH_URLS.split(' ');
const NAMES = process.env.BENCH_NAMES.split(' ');
const LOADS = Number(process.env.BENCH_LOADS);
const SECONDS = Number(process.env.BENCH_SECONDS);
const ANIMATION = process.env.BENCH_ANIMATION === '1';
const TRACED = Number(process.env.BENCH_TRACED);
// A throttled connection for the navigation: [kbit/s down, latency in ms], or null.
const NETWORK = process.env.BENCH_NETWORK ? process.env.BENCH_NETWORK.split(' ').map(Number) : null;

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const ms = (x, digits = 1) => `${x.toFixed(digits)} ms`;

// The thread time of the page's main thread from its navigation start to the drawn mark:
// the outermost of its task events (a task, or a microtask checkpoint run on its own).
const TASKS = new Set(['RunTask', 'ThreadControllerImpl::RunTask', 'BlinkScheduler_PerformMicrotaskCheckpoint']);
const mainThreadCpu = (events) => {
  const { start, drawn } = loadSpan(events);
  const tasks = events
    .filter((e) => e.ph === 'X' && e.pid === start.pid && e.tid === start.tid && TASKS.has(e.name) && e.ts >= start.ts && e.ts <= drawn.ts)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  let cpu = 0;
  let end = -Infinity;
  for (const task of tasks) {
    if (task.ts >= end) {
      cpu += task.tdur || 0;
      end = task.ts + task.dur;
    }
  }
  return cpu / 1000;
};

(async () => {
  const browser = await launchChromium();

  // With NETWORK, the page's connection is throttled (the DevTools Protocol's network
  // emulation), and the time the action log, the last panel the lab makes, enters the
  // page is posted like the drawn time.
  const PANELS = 'bench: panels at ';
  const throttled = async (context, page, panels) => {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const bytesPerSecond = (NETWORK[0] * 1000) / 8;
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: NETWORK[1], downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond,
    });
    if (!panels) return null;
    await page.addInitScript((message) => {
      new MutationObserver((_, observer) => {
        if (document.querySelector('[data-testid="action-log"]')) {
          observer.disconnect();
          console.debug(message + performance.now());
        }
      }).observe(document, { childList: true, subtree: true });
    }, PANELS);
    // Wrapped, so that awaiting this function does not wait for the panels.
    return {
      panelsIn: page
        .waitForEvent('console', { predicate: (m) => m.text().startsWith(PANELS), timeout: 120000 })
        .then((m) => Number(m.text().slice(PANELS.length))),
    };
  };

  // 1. Navigation to a drawn, interactive diagram, each load in a fresh profile; with
  // several builds, one load of each in turn.
  // With `traced`, the main thread's CPU time to the drawn frame instead of the wall clock;
  // with `panels` (and NETWORK), the time until the action log is in the page.
  const navigate = async (url, traced, panels) => {
    const { context, page, drawn } = await drawnPage(browser);
    const trace = traced ? await startTrace(context, page, ['toplevel']) : null;
    const network = NETWORK && !traced ? await throttled(context, page, panels) : null;
    await page.goto(url, { waitUntil: 'commit' });
    let t = await drawn;
    if (trace) t = mainThreadCpu(await trace.stop());
    if (network) t = await network.panelsIn;
    // Interactive: a click reaches the app and changes the page.
    const pressed = await page.evaluate(async () => {
      const button = document.querySelector('[data-testid="traffic-toggle"]');
      button.click();
      await new Promise((r) => setTimeout(r, 0));
      return button.getAttribute('aria-pressed') === 'true';
    });
    await context.close();
    return pressed ? t : NaN;
  };
  // With NETWORK: a click on *Share link* 300 ms after the diagram is drawn, before the
  // wasm's later part is in (its code runs the model, which is in the later part): the
  // longest the page's main thread stopped (the longest gap of a 20 ms interval timer from
  // the click until the link shows) and when the link showed, both in ms.
  const earlyClick = async (url) => {
    const { context, page, drawn } = await drawnPage(browser);
    await throttled(context, page, false);
    await page.addInitScript(() => {
      let last = performance.now();
      window.benchGap = 0;
      setInterval(() => {
        const now = performance.now();
        if (window.benchClicked) window.benchGap = Math.max(window.benchGap, now - last);
        last = now;
      }, 20);
    });
    await page.goto(url, { waitUntil: 'commit' });
    await drawn;
    await page.waitForTimeout(300);
    await page.evaluate(() => { window.benchClicked = true; });
    const clicked = Date.now();
    await page.getByTestId('share').click();
    await page.waitForFunction(() => /#\/lab\?s=/.test(document.querySelector('[data-testid="share-link"]')?.value || ''),
      null, { timeout: 120000, polling: 20 });
    const shown = Date.now() - clicked;
    const gap = await page.evaluate(() => window.benchGap);
    await context.close();
    return { "the page's longest stop": gap, 'the link shown': shown };
  };
  // Runs `load` on each build, `rounds` times, each round starting with the next build
  // so that none is always first, and prints the median of what it gives (a number, or
  // numbers by name) for each build, paired with the first build's.
  const measure = async (rounds, label, load, kind = 'fresh') => {
    const results = URLS.map(() => []);
    for (let i = 0; i < rounds; i += 1) {
      for (let j = 0; j < URLS.length; j += 1) {
        const k = (i + j) % URLS.length;
        results[k][i] = await load(URLS[k]);
      }
    }
    const names = typeof results[0][0] === 'object' ? Object.keys(results[0][0]) : [null];
    for (const name of names) {
      const loads = results.map((r) => r.map((x) => (name === null ? x : x[name])));
      for (const [k, times] of loads.entries()) {
        const what = URLS.length > 1 ? `${NAMES[k]}: ` : '';
        // Against the first build, round by round: the machine's load drifts less within a
        // round than over the run.
        const paired = k > 0 ? `; paired with ${NAMES[0]}: median difference ${ms(quantile(times.map((t, i) => t - loads[0][i]), 0.5))}` : '';
        console.log(`${what}${label}${name === null ? '' : `, ${name}`} (${rounds} ${kind} loads): median ${ms(quantile(times, 0.5))}, min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))}${paired}`);
      }
    }
  };
  const over = NETWORK ? ` over ${NETWORK[0]} kbit/s with ${NETWORK[1]} ms of latency` : '';
  await measure(LOADS, `navigation to a drawn, interactive diagram${over}`, (url) => navigate(url, false, false));
  if (NETWORK) {
    await measure(LOADS, `  the action log, the lab's last panel, in the page${over}`, (url) => navigate(url, false, true));
    await measure(LOADS, `  a click on Share link 300 ms after the diagram${over}`, earlyClick);
  }
  if (TRACED > 0) await measure(TRACED, "  the main thread's CPU time to that frame", (url) => navigate(url, true, false), 'traced');
  if (!ANIMATION) {
    await browser.close();
    return;
  }
  const PAGE_URL = URLS[0];

  // 2. The failover animation with 100 instances on screen.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  // Served cross-origin isolated (COOP and COEP headers), the page's clock reads to 5 µs;
  // otherwise it reads to 100 µs with added jitter, and frames of one display interval
  // (16.67 ms at 60 Hz) read anywhere from 16.6 to 16.8 ms.
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({
      response,
      headers: { ...response.headers(), 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' },
    });
  });
  await page.goto(PAGE_URL);
  if (!(await page.evaluate(() => crossOriginIsolated))) throw new Error('the animation page is not cross-origin isolated');
  await page.getByTestId('load-failover').click();
  const subnets = await page.getByTestId('subnet').evaluateAll((n) => n.map((s) => s.dataset.subnetId));
  const more = [];
  for (let i = 0; more.length < 98; i += 1) {
    more.push(`aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.micro --subnet-id ${subnets[i % subnets.length]}`);
  }
  await page.getByTestId('script-input').fill(more.join('\n'));
  await page.getByTestId('script-run').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="instance"]').length === 100);
  const standby = await page.evaluate(() => {
    const ids = [...document.querySelectorAll('[data-testid="instance"]')].map((n) => n.dataset.instanceId);
    return ids[1];
  });
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="traffic-stats"]').dataset.delivered) > 2);
  const frames = page.evaluate((seconds) => new Promise((resolve) => {
    const stamps = [];
    const end = performance.now() + seconds * 1000;
    const frame = (t) => {
      stamps.push(t);
      if (t < end) requestAnimationFrame(frame); else resolve(stamps);
    };
    requestAnimationFrame(frame);
  }), SECONDS);
  await page.waitForTimeout((SECONDS * 1000) / 4);
  await page.getByTestId('fail-instance').click();
  await page.waitForTimeout((SECONDS * 1000) / 4);
  await page.getByTestId('move-eni-target').selectOption(standby);
  await page.getByTestId('move-eni').click();
  const stamps = await frames;
  const deltas = stamps.slice(1).map((t, i) => t - stamps[i]);
  const stats = await page.getByTestId('traffic-stats').evaluate((n) => ({ ...n.dataset }));
  const interval = quantile(deltas, 0.5);
  // A frame that took k display intervals missed k - 1 of them.
  const missed = deltas.reduce((n, d) => n + Math.max(0, Math.round(d / interval) - 1), 0);
  console.log(`failover animation, 100 instances, ${SECONDS} s, ${deltas.length} frames: median ${ms(interval, 2)}, p95 ${ms(quantile(deltas, 0.95), 2)}, max ${ms(Math.max(...deltas))}; ${missed} display frames missed`);
  console.log(`  during it: ${stats.delivered} delivered, ${stats.dropped} dropped (${stats.lastCode || 'none'}), last served by ${stats.lastInstanceId}`);
  await browser.close();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
EOF
