const { test, expect, openLab } = require('./fixtures');
const AxeBuilder = require('@axe-core/playwright').default;

test('the lab loads with its header and diagram', async ({ page }) => {
  await openLab(page);
  await expect(page).toHaveTitle('EC2 Network Lab');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('EC2 Network Lab');
});

test('the page has no automatically detectable accessibility violations', async ({ page }) => {
  await openLab(page);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
