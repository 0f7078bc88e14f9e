const { test, expect, openLab } = require('./fixtures');
const AxeBuilder = require('@axe-core/playwright').default;

test('the lab loads with its header and diagram', async ({ page }) => {
  await openLab(page);
  await expect(page).toHaveTitle('EC2 Network Lab');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('EC2 Network Lab');
});

for (const colorScheme of ['light', 'dark']) {
  test(`the lab has no detectable accessibility violations (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await openLab(page);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  });
}

test('index.html lays out in advance every font the lab draws text in', async ({ page }) => {
  await openLab(page);
  const missing = await page.evaluate(() => {
    const font = (el) => {
      const style = getComputedStyle(el);
      return `${style.fontFamily} ${style.fontSize} ${style.fontWeight} ${style.fontStyle}`;
    };
    const warm = new Set([...document.querySelectorAll('.font-warmup span')].map(font));
    const used = new Set();
    const texts = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
    for (let text = texts.nextNode(); text; text = texts.nextNode()) {
      if (text.textContent.trim()) used.add(font(text.parentElement));
    }
    for (const control of document.querySelectorAll('main input, main select, main button')) {
      used.add(font(control));
    }
    return [...used].filter((f) => !warm.has(f));
  });
  expect(missing).toEqual([]);
});

test('a 360 px wide screen shows the diagram without scrolling the page sideways', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await openLab(page);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  const box = await page.getByTestId('diagram').boundingBox();
  expect(box.width).toBeLessThanOrEqual(360);
  // One Availability Zone per row: the zones are stacked.
  const zones = page.getByTestId('availability-zone');
  const first = await zones.nth(0).boundingBox();
  const second = await zones.nth(1).boundingBox();
  expect(second.y).toBeGreaterThan(first.y + first.height - 1);
});
