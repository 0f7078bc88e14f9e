// The shared test fixture: every test fails if the page logged a console error
// or threw (a Rust panic reaches the console through console_error_panic_hook).
const base = require('@playwright/test');
const AxeBuilder = require('@axe-core/playwright').default;

const test = base.test.extend({
  consoleProblems: [
    async ({ page }, use) => {
      const problems = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') {
          problems.push(`console.error: ${msg.text()}`);
        }
      });
      page.on('pageerror', (err) => {
        problems.push(`page error: ${err.message}`);
      });
      await use(problems);
      base.expect(problems, 'the page logged errors').toEqual([]);
    },
    { auto: true },
  ],
});

/**
 * Opens the lab and waits until the app has drawn the diagram, and the panels drawn after
 * the first frame (the action log is the last of them).
 */
async function openLab(page) {
  await page.goto('/');
  await base.expect(page.getByTestId('diagram')).toBeVisible();
  await base.expect(page.getByTestId('subnet').first()).toBeVisible();
  await base.expect(page.getByTestId('action-log')).toBeAttached();
}

/** Opens a page of the app by its hash (`#/course`) and waits for its main content. */
async function openPage(page, hash) {
  await page.goto(`/${hash}`);
  await base.expect(page.locator('main .page')).toBeVisible();
}

/** The serious and critical accessibility violations axe finds on the page. */
async function seriousViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Presses Tab through the whole page and returns the controls that never got focus
 * (each named by its tag, test id and text).
 */
async function unreachableByTab(page) {
  const controls = await page.evaluate(() => {
    const all = document.querySelectorAll(
      'a[href], button, input, textarea, select, summary, [tabindex]:not([tabindex="-1"])',
    );
    let n = 0;
    for (const el of all) {
      const visible = el.getClientRects().length > 0 && !el.disabled;
      // Of a radio group, only one radio is a Tab stop; arrow keys reach the others.
      const otherRadio = el.type === 'radio' && el !== document.querySelector(`input[name="${el.name}"]`);
      if (visible && !otherRadio) el.dataset.tabProbe = String(n++);
    }
    return n;
  });
  if (controls === 0) return ['(the page has no controls at all)'];
  const seen = new Set();
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  for (let i = 0; i < controls * 2 + 10 && seen.size < controls; i++) {
    await page.keyboard.press('Tab');
    const probe = await page.evaluate(() => {
      const el = document.activeElement;
      if (el && el.type === 'radio') {
        return document.querySelector(`input[name="${el.name}"]`).dataset.tabProbe;
      }
      return el ? el.dataset.tabProbe : undefined;
    });
    if (probe !== undefined) seen.add(probe);
  }
  return page.evaluate(
    (seenList) =>
      [...document.querySelectorAll('[data-tab-probe]')]
        .filter((el) => !seenList.includes(el.dataset.tabProbe))
        .map((el) => `${el.tagName.toLowerCase()} ${el.dataset.testid || ''} "${el.textContent.trim().slice(0, 40)}"`),
    [...seen],
  );
}

/** Whether a dotted IPv4 address lies inside a CIDR block such as 172.31.0.0/20. */
function inCidr(address, cidr) {
  const toInt = (a) => a.split('.').reduce((n, part) => n * 256 + Number(part), 0);
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = toInt(base);
  const value = toInt(address);
  return value >= start && value < start + size;
}

/** The ids of the instances drawn in the diagram, in order. */
async function drawnInstanceIds(page) {
  return page
    .getByTestId('instance')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-instance-id')));
}

/** Drags `source` with the mouse and drops it on `target`, in small real steps. */
async function drag(page, source, target) {
  await source.scrollIntoViewIfNeeded();
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + 10);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 12, from.y + 18, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + 12, { steps: 10 });
  await page.mouse.up();
}

/** Opens an object's menu and chooses an item. */
async function menu(page, key, item) {
  await page.locator(`[data-menu-key="${key}"]`).click();
  const opened = page.getByRole('menu');
  await base.expect(opened).toBeVisible();
  await opened.getByRole('menuitem', { name: item, exact: true }).click();
  await base.expect(page.getByRole('menu')).toHaveCount(0);
}

module.exports = {
  test,
  expect: base.expect,
  openLab,
  openPage,
  seriousViolations,
  unreachableByTab,
  inCidr,
  drawnInstanceIds,
  drag,
  menu,
};
