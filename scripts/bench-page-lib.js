// What the page benchmarks (bench-page.sh, bench-startup.sh) and the wasm's split
// (split-wasm.js, whose first part covers the lab up to the same frame) share: when a
// load counts as drawn, the browser they load pages in, a light DevTools-Protocol trace
// of one load, and what a learner does before acting (which the split profiles and
// e2e/split.spec.js repeats).

// The console message a page posts once it is drawn, followed by the time.
const DRAWN = 'bench: drawn at ';
// The performance mark set at the same moment, for traces.
const DRAWN_MARK = 'bench-drawn';

// Runs in the page: calls `then` once the diagram shows its instances and the first
// button, not when they enter the DOM but once the frame that shows them has been
// produced (a task queued from that frame's animation-frame callback runs after its
// style, layout and paint).
const onceDrawn = (then) => {
  let seen = false;
  new MutationObserver(() => {
    if (seen) return;
    if (document.querySelector('[data-testid="instance"]') && document.querySelector('[data-testid="traffic-toggle"]')) {
      seen = true;
      requestAnimationFrame(() => setTimeout(then, 0));
    }
  }).observe(document, { childList: true, subtree: true });
};

// An init script (Playwright's addInitScript) that calls `then(arg)` in the page once it
// is drawn; `then` has no free variables, and `arg` is JSON.
const whenDrawnScript = (then, arg) => ({ content: `(${onceDrawn})(() => (${then})(${JSON.stringify(arg)}));` });

// Marks the drawn moment for traces and posts its time as a console message, so that
// nothing of Playwright's runs in the page while it loads (waiting in the page would
// inject Playwright's script, a 30 ms compile, in the middle of the measured span).
const postDrawn = ([message, mark]) => {
  performance.mark(mark);
  console.debug(message + performance.now());
};

// Opens a fresh page that reports when it is drawn; `drawn` resolves to that time (ms
// from navigation start) once `goto` has been called.
const drawnPage = async (browser) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(whenDrawnScript(postDrawn, [DRAWN, DRAWN_MARK]));
  const drawn = page
    .waitForEvent('console', { predicate: (m) => m.text().startsWith(DRAWN), timeout: 60000 })
    .then((m) => Number(m.text().slice(DRAWN.length)));
  return { context, page, drawn };
};

// Headless Debian Chromium, as the end-to-end tests run it (e2e/playwright.config.js).
const launchChromium = () => require('@playwright/test').chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});

// Starts tracing `page` with the given categories (and the page's marks); `stop` ends it
// and gives the events.
const startTrace = async (context, page, categories) => {
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: [...categories, 'blink.user_timing', '__metadata'], excludedCategories: ['*'] },
  });
  return { stop: async () => { await cdp.send('Tracing.end'); await complete; return events; } };
};

// The traced page's navigation start and its drawn mark (events with pid, tid and ts).
const loadSpan = (events) => {
  const navs = events.filter((e) => e.name === 'navigationStart' && (e.args?.data?.documentLoaderURL || '').startsWith('http'));
  const start = navs[navs.length - 1];
  const drawn = events.find((e) => e.name === DRAWN_MARK && e.pid === start.pid);
  return { start, drawn };
};

// What a learner does on the lab before acting: the pointer moved over the diagram and
// onto an interface, the focus moved through the page with Tab, the page scrolled, the
// window resized (a phone turned: the picture drawn in another number of columns).
// split-wasm.js profiles it on the default lab, so that none of it waits for the wasm's
// later part; e2e/split.spec.js checks that.
const browse = async (page) => {
  const box = await page.getByTestId('diagram').boundingBox();
  await page.mouse.move(box.x + 20, box.y + 20);
  await page.mouse.move(box.x + box.width - 20, box.y + box.height - 20, { steps: 12 });
  const eni = await page.getByTestId('eni').first().boundingBox();
  await page.mouse.move(eni.x + eni.width / 2, eni.y + eni.height / 2, { steps: 4 });
  for (let i = 0; i < 12; i += 1) await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  await page.mouse.wheel(0, 400);
  await page.setViewportSize({ width: 360, height: 720 });
};

module.exports = { launchChromium, drawnPage, startTrace, loadSpan, whenDrawnScript, browse };
