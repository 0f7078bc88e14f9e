// The shared test fixture: every test fails if the page logged a console error
// or threw (a Rust panic reaches the console through console_error_panic_hook).
const base = require('@playwright/test');

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

/** Opens the lab and waits until the app has drawn the diagram. */
async function openLab(page) {
  await page.goto('/');
  await base.expect(page.getByTestId('diagram')).toBeVisible();
  await base.expect(page.getByTestId('subnet').first()).toBeVisible();
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

module.exports = { test, expect: base.expect, openLab, inCidr, drawnInstanceIds };
