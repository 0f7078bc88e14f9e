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

/** Opens the lab and waits until the app has rendered. */
async function openLab(page) {
  await page.goto('/');
  await base.expect(page.getByTestId('diagram')).toBeVisible();
}

module.exports = { test, expect: base.expect, openLab };
