// The release build's wasm in two parts and the default lab's first picture
// (scripts/split-wasm.js, src/split/later.js, src/lab/first_picture.rs): the lab draws
// its diagram from the first part alone and the build's picture, the later part follows
// its first frame and the panels below the fold (and the model) follow it, a gesture
// that comes first waits for it (the page's own dispatches load it there and then), and
// the other pages start with both; the page says that it is loading until the app has
// started, and why it could not if it cannot.
const base = require('@playwright/test');
const { test, expect, drawnInstanceIds, drag } = require('./fixtures');
const { browse } = require('../scripts/bench-page-lib.js');

const LATER = /_later\.wasm$/;
const FIRST = /_bg\.wasm$/;

/** Records the page's requests for the later part, by kind (`fetch`, `xhr`). */
function laterRequests(page) {
  const kinds = [];
  page.on('request', (request) => {
    if (LATER.test(request.url())) kinds.push(request.resourceType());
  });
  return kinds;
}

/** Runs, from the console, a step whose code the lab's start never called. */
async function runAStepTheStartNeverCalled(page) {
  await page.getByTestId('script-input').fill('aws ec2 create-vpc --cidr-block 10.1.0.0/16');
  await page.getByTestId('script-run').click();
  await expect(page.getByTestId('script-result')).toHaveText('Ran 1 step; the model accepted every one.');
}

/**
 * Holds the page's requests for `part` (by default the later part), all but a synchronous
 * read of it, until `release` is called.
 */
async function holdRequests(page, part = LATER) {
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  await page.route(part, async (route) => {
    if (route.request().resourceType() !== 'xhr') await released;
    await route.continue();
  });
  return release;
}

test('the lab draws its diagram from the first part alone; the panels below follow the later part', async ({ page }) => {
  const kinds = laterRequests(page);
  const release = await holdRequests(page);
  await page.goto('/');
  await expect(page.getByTestId('instance').first()).toBeVisible();
  await expect(page.getByTestId('traffic-toggle')).toBeVisible();
  await expect.poll(() => kinds).toEqual(['fetch']);
  await page.waitForTimeout(300);
  await expect(page.getByTestId('action-log')).toHaveCount(0);
  // The build's picture of the default lab: the model has not run.
  await expect(page.getByTestId('diagram')).toHaveAttribute('data-drawn-from', 'picture');
  release();
  await expect(page.getByTestId('action-log')).toBeAttached();
  await expect(page.getByTestId('diagram')).toHaveAttribute('data-drawn-from', 'model');
  // From the part already in, without loading it again.
  await runAStepTheStartNeverCalled(page);
  expect(kinds).toEqual(['fetch']);
});

/** The diagram as drawn: its size, label and boxes. */
const drawnDiagram = (page) => page.getByTestId('diagram').evaluate((d) => ({
  style: d.getAttribute('style'),
  label: d.getAttribute('aria-label'),
  boxes: d.querySelector('[data-part="boxes"]').innerHTML,
}));

for (const width of [360, 1280, 2400]) {
  test(`the build's picture of the default lab is what the model draws, ${width} px wide`, async ({ page }) => {
    await page.setViewportSize({ width, height: 720 });
    const release = await holdRequests(page);
    await page.goto('/');
    await expect(page.getByTestId('diagram')).toHaveAttribute('data-drawn-from', 'picture');
    const picture = await drawnDiagram(page);
    release();
    await expect(page.getByTestId('diagram')).toHaveAttribute('data-drawn-from', 'model');
    expect(await drawnDiagram(page)).toEqual(picture);
    await expect(page.getByTestId('instance')).toHaveCount(3);
  });
}

/** Checks that the page answers at once while a gesture waits, and says that it waits. */
async function waitsWithoutFreezing(page) {
  await expect(page.getByTestId('later-wait')).toBeVisible();
  await expect(page.getByTestId('later-wait')).toHaveAttribute('role', 'status');
  const started = Date.now();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  expect(Date.now() - started).toBeLessThan(5000);
}

test('an interface moved with the keyboard on the picture, before the later part is in, moves once it is in', async ({ page }) => {
  const kinds = laterRequests(page);
  const release = await holdRequests(page);
  await page.goto('/');
  await expect(page.getByTestId('diagram')).toHaveAttribute('data-drawn-from', 'picture');
  // The service interface, the one attached as eth1 at the start.
  const service = page.locator('[data-testid="eni"][data-device-index="1"]');
  const id = await service.getAttribute('data-eni-id');
  await service.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await waitsWithoutFreezing(page);
  await expect(page.getByTestId('drag-announcer')).toHaveText('');
  // Tab chooses the target in a keyboard move: the focus stays on the interface.
  await expect(service).toBeFocused();
  expect(kinds).toEqual(['fetch']);
  release();
  await expect(page.getByTestId('drag-announcer')).toContainText(`Moved ${id}`);
  await expect(page.getByTestId('later-wait')).toHaveCount(0);
  expect(kinds).toEqual(['fetch']);
  await expect(page.getByTestId('diagram')).toHaveAttribute('data-drawn-from', 'model');
  await expect(page.getByTestId('action-log')).toBeAttached();
  await expect(page.getByTestId('log-entry').last()).toHaveAttribute('data-op', 'attach-network-interface');
});

test('an interface dragged on the picture, before the later part is in, keeps its addresses on the standby', async ({ page }) => {
  const kinds = laterRequests(page);
  const release = await holdRequests(page);
  await page.goto('/');
  await expect(page.getByTestId('diagram')).toHaveAttribute('data-drawn-from', 'picture');
  const [web, standby] = await drawnInstanceIds(page);
  const service = page.locator(`[data-instance-id="${web}"] [data-testid="eni"][data-device-index="1"]`);
  const id = await service.getAttribute('data-eni-id');
  const facts = await service.evaluate((e) => [e.dataset.privateIp, e.dataset.elasticIp, e.dataset.mac]);
  await drag(page, service, page.locator(`[data-testid="instance"][data-instance-id="${standby}"]`));
  await waitsWithoutFreezing(page);
  expect(kinds).toEqual(['fetch']);
  release();
  const moved = page.locator(`[data-instance-id="${standby}"] [data-testid="eni"][data-eni-id="${id}"]`);
  await expect(moved).toHaveAttribute('data-device-index', '1');
  expect(await moved.evaluate((e) => [e.dataset.privateIp, e.dataset.elasticIp, e.dataset.mac])).toEqual(facts);
  expect(kinds).toEqual(['fetch']);
});

test('pointer, focus, scroll and a resize before the later part is in never read it; the picture follows the window', async ({ page }) => {
  const kinds = laterRequests(page);
  const release = await holdRequests(page);
  await page.goto('/');
  await expect(page.getByTestId('diagram')).toHaveAttribute('data-drawn-from', 'picture');
  const wide = await drawnDiagram(page);
  await browse(page);
  await expect(page.getByTestId('diagram-wrap')).toHaveAttribute('data-columns', '1');
  const narrow = await drawnDiagram(page);
  expect(narrow.style).not.toEqual(wide.style);
  await page.waitForTimeout(300);
  await expect(page.getByTestId('diagram')).toHaveAttribute('data-drawn-from', 'picture');
  expect(kinds).toEqual(['fetch']);
  release();
  await expect(page.getByTestId('diagram')).toHaveAttribute('data-drawn-from', 'model');
  expect(await drawnDiagram(page)).toEqual(narrow);
  expect(kinds).toEqual(['fetch']);
});

test('the lab\'s own starts never read the later part synchronously: default, reopened, embedded', async ({ page, browser }) => {
  const kinds = laterRequests(page);
  await page.goto('/');
  await expect(page.getByTestId('action-log')).toBeAttached();
  await page.reload();
  await expect(page.getByTestId('action-log')).toBeAttached();
  expect(kinds).toEqual(['fetch', 'fetch']);

  const context = await browser.newContext();
  const embedded = await context.newPage();
  const embeddedKinds = laterRequests(embedded);
  await embedded.goto('/#/lab?embed=1&origin=http%3A%2F%2F127.0.0.1');
  await expect(embedded.getByTestId('action-log')).toBeAttached();
  expect(embeddedKinds).toEqual(['fetch']);
  await context.close();
});

test('a share link waits for the later part, which its steps may need, before the lab starts', async ({ page, browser }) => {
  await page.goto('/');
  await expect(page.getByTestId('action-log')).toBeAttached();
  await runAStepTheStartNeverCalled(page);
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();

  const context = await browser.newContext();
  const shared = await context.newPage();
  const kinds = laterRequests(shared);
  const release = await holdRequests(shared);
  await shared.goto(link);
  await expect.poll(() => kinds).toEqual(['fetch']);
  await shared.waitForTimeout(300);
  await expect(shared.getByTestId('instance')).toHaveCount(0);
  release();
  await expect(shared.getByTestId('log-entry').last()).toHaveAttribute('data-op', 'create-vpc');
  expect(kinds).toEqual(['fetch']);
  await context.close();
});

test('a lab reopened from its autosave loads the later part before it starts; the default lab saves nothing', async ({ page }) => {
  const kinds = laterRequests(page);
  await page.goto('/');
  await expect(page.getByTestId('action-log')).toBeAttached();
  expect(await page.evaluate(() => localStorage.getItem('ec2-netlab.lab.v1'))).toBeNull();
  await runAStepTheStartNeverCalled(page);
  expect(await page.evaluate(() => localStorage.getItem('ec2-netlab.lab.v1'))).toContain('create-vpc');

  const release = await holdRequests(page);
  await page.reload();
  await expect.poll(() => kinds).toEqual(['fetch', 'fetch']);
  await page.waitForTimeout(300);
  await expect(page.getByTestId('instance')).toHaveCount(0);
  release();
  await expect(page.getByTestId('log-entry').last()).toHaveAttribute('data-op', 'create-vpc');
  await expect(page.getByTestId('vpc')).toHaveCount(2);
  await expect(page.getByTestId('diagram')).toHaveAttribute('data-drawn-from', 'model');
  expect(kinds).toEqual(['fetch', 'fetch']);

  // Back to the default scenario: nothing saved, and the next visit draws the picture.
  await page.getByTestId('reset').click();
  await expect.poll(() => page.evaluate(() => localStorage.getItem('ec2-netlab.lab.v1'))).toBeNull();
  await page.reload();
  await expect(page.getByTestId('diagram')).toHaveAttribute('data-drawn-from', 'picture');
});

test('a gesture before the later part has arrived waits for it without freezing the page, then takes effect', async ({ page }) => {
  const kinds = laterRequests(page);
  const release = await holdRequests(page);
  await page.goto('/');
  await expect(page.getByTestId('instance').first()).toBeVisible();
  await page.getByTestId('share').click();
  await waitsWithoutFreezing(page);
  await expect(page.getByTestId('share-link')).toHaveCount(0);
  release();
  await expect(page.getByTestId('share-link')).toHaveValue(/#\/lab\?s=/);
  expect(kinds).toEqual(['fetch']);
  // With the later part in, the panels below the fold are made too.
  await expect(page.getByTestId('action-log')).toBeAttached();
});

test('a link to another page followed before the later part has arrived opens the page once it is in', async ({ page }) => {
  const kinds = laterRequests(page);
  const release = await holdRequests(page);
  await page.goto('/');
  await expect(page.getByTestId('instance').first()).toBeVisible();
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Course' }).click();
  await waitsWithoutFreezing(page);
  expect(new URL(page.url()).hash).toBe('');
  release();
  await expect(page).toHaveURL(/#\/course$/);
  await expect(page.getByTestId('progress')).toBeVisible();
  expect(kinds).toEqual(['fetch']);
});

test('what the page dispatches itself before the later part has arrived reads it there and then', async ({ page }) => {
  const kinds = laterRequests(page);
  await holdRequests(page);
  await page.goto('/');
  await expect(page.getByTestId('instance').first()).toBeVisible();
  await page.getByTestId('share').evaluate((button) => button.click());
  await expect(page.getByTestId('share-link')).toHaveValue(/#\/lab\?s=/);
  expect(kinds).toEqual(['fetch', 'xhr']);
  await expect(page.getByTestId('later-wait')).toHaveCount(0);
});

test('a later part served as plain bytes, not as wasm, is compiled in the background all the same', async ({ page }) => {
  const kinds = laterRequests(page);
  await page.route(LATER, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
  });
  await page.goto('/');
  await expect(page.getByTestId('action-log')).toBeAttached();
  await runAStepTheStartNeverCalled(page);
  expect(kinds).toEqual(['fetch']);
});

test('a quiz page waits for the later part before it starts', async ({ page }) => {
  const kinds = laterRequests(page);
  const release = await holdRequests(page);
  await page.goto('/#/quiz/eni-what-it-is');
  await expect.poll(() => kinds).toEqual(['fetch']);
  await page.waitForTimeout(300);
  await expect(page.locator('main .page')).toHaveCount(0);
  release();
  await expect(page.locator('main .page')).toBeVisible();
  await expect(page.getByTestId('quiz')).toBeVisible();
  expect(kinds).toEqual(['fetch']);
});

// Console errors are expected here (the step that needed the code throws), so the
// shared fixture that fails on them is not used.
base.test('when the later part cannot be loaded, the page says so and how to recover', async ({ page }) => {
  await page.route(LATER, (route) => route.abort());
  await page.goto('/');
  await base.expect(page.getByTestId('instance').first()).toBeVisible();
  const alert = page.getByTestId('split-alert');
  await base.expect(alert).toBeVisible();
  await base.expect(alert).toHaveAttribute('role', 'alert');
  await base.expect(alert).toContainText('The lab could not load the rest of its code');
  await base.expect(alert).toContainText('Reload the page to try again');
});

base.test('a gesture that waits for a later part which then cannot be loaded ends in the same alert', async ({ page }) => {
  let fail;
  const failed = new Promise((resolve) => { fail = resolve; });
  await page.route(LATER, async (route) => {
    if (route.request().resourceType() === 'fetch') await failed;
    await route.abort();
  });
  await page.goto('/');
  await base.expect(page.getByTestId('instance').first()).toBeVisible();
  await page.getByTestId('share').click();
  await base.expect(page.getByTestId('later-wait')).toBeVisible();
  fail();
  await base.expect(page.getByTestId('split-alert')).toContainText('The lab could not load the rest of its code');
  await base.expect(page.getByTestId('later-wait')).toHaveCount(0);
});

test('the page says that the lab is loading until the app has started', async ({ page }) => {
  const release = await holdRequests(page, FIRST);
  await page.goto('/');
  const note = page.locator('#page-loading');
  await expect(note).toBeVisible();
  await expect(note).toHaveText('Loading EC2 Network Lab…');
  await expect(note).toHaveAttribute('role', 'status');
  release();
  await expect(page.getByTestId('instance').first()).toBeVisible();
  await expect(note).toHaveCount(0);
});

// The failed start logs its error, which the shared fixture would fail on.
base.test('when the app cannot start, the page says so and how to recover', async ({ page }) => {
  await page.route(FIRST, (route) => route.abort());
  await page.goto('/');
  const alert = page.getByTestId('start-alert');
  await base.expect(alert).toBeVisible();
  await base.expect(alert).toHaveAttribute('role', 'alert');
  await base.expect(alert).toContainText('The lab could not start');
  await base.expect(alert).toContainText('Reload the page to try again');
  await base.expect(page.locator('#page-loading')).toHaveCount(0);
  await base.expect(page.getByTestId('lab')).toHaveCount(0);
});
