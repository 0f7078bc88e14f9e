// The example host page: embed.js turns placeholders into frames of the app, the frames
// size themselves to their content, and the host receives xAPI statements.
const { test, expect } = require('./fixtures');
const content = require('./content');

const ANSWERED = 'http://adlnet.gov/expapi/verbs/answered';

/** The statements the example page has listed, parsed. */
async function statements(page) {
  const texts = await page.getByTestId('statement-json').allTextContents();
  return texts.map((t) => JSON.parse(t));
}

async function frameHeight(page, testid) {
  return page.getByTestId(testid).locator('iframe').evaluate((f) => f.getBoundingClientRect().height);
}

async function openExample(page) {
  await page.goto('/examples/embed.html');
  for (const id of ['embed-quiz-1', 'embed-quiz-2', 'embed-lesson']) {
    const frame = page.getByTestId(id).locator('iframe');
    await expect(frame).toHaveAttribute('src', /\/#\/(quiz|lesson)\/[\w-]+\?embed=1&origin=http%3A%2F%2F127\.0\.0\.1%3A\d+$/);
    await expect(frame).toHaveAttribute('title', /EC2 Network Lab/);
  }
}

test('embedded pages show without the site chrome and size themselves to their content', async ({ page }) => {
  await openExample(page);
  const quiz = page.frameLocator('[data-testid="embed-quiz-1"] iframe');
  await expect(quiz.getByTestId('quiz')).toBeVisible();
  await expect(quiz.locator('.site-header')).toHaveCount(0);
  const lesson = page.frameLocator('[data-testid="embed-lesson"] iframe');
  await expect(lesson.getByTestId('lesson-step')).toBeVisible();
  // The lesson is much taller than the frame's starting height: the frame grew to fit.
  await expect.poll(() => frameHeight(page, 'embed-lesson')).toBeGreaterThan(600);
  const inner = await lesson.locator('main').evaluate((m) => m.getBoundingClientRect().height);
  expect(Math.abs((await frameHeight(page, 'embed-lesson')) - inner)).toBeLessThanOrEqual(2);
});

test('finishing a step of an embedded lesson reports a completion', async ({ page }) => {
  await openExample(page);
  const lesson = page.frameLocator('[data-testid="embed-lesson"] iframe');
  await lesson
    .getByTestId('console-input')
    .fill('aws ec2 authorize-security-group-ingress --group-id $WEB_SG --protocol tcp --port 80 --cidr 0.0.0.0/0');
  await lesson.getByTestId('console-run').click();
  await lesson.getByTestId('task-check').click();
  await expect(lesson.getByTestId('task-feedback')).toHaveAttribute('data-success', 'true');
  await expect(page.getByTestId('statement')).toHaveCount(1);
  const [s] = await statements(page);
  expect(s.verb.id).toBe('http://adlnet.gov/expapi/verbs/completed');
  expect(s.object.id).toMatch(/\/#\/lesson\/eni-kinds\/network-card$/);
  expect(s.result.success).toBe(true);
  expect(s.result.score.scaled).toBe(1);
});

test('a quiz answered with the mouse: the frame resizes and the host gets the statement', async ({ page }) => {
  await openExample(page);
  const quiz = page.frameLocator('[data-testid="embed-quiz-1"] iframe');
  await expect(quiz.getByTestId('quiz-choice').first()).toBeVisible();
  await expect.poll(() => frameHeight(page, 'embed-quiz-1')).toBeGreaterThan(240);
  const before = await frameHeight(page, 'embed-quiz-1');

  const right = content.rightAnswer('eni-what-it-is');
  await quiz.locator('label.choice').filter({ hasText: right }).click();
  await quiz.getByTestId('quiz-submit').click();
  await expect(quiz.getByTestId('quiz-feedback')).toHaveAttribute('data-success', 'true');
  await expect.poll(() => frameHeight(page, 'embed-quiz-1')).toBeGreaterThan(before);

  await expect(page.getByTestId('statement')).toHaveCount(1);
  const [s] = await statements(page);
  expect(s.verb.id).toBe(ANSWERED);
  expect(s.object.id).toMatch(/\/#\/quiz\/eni-what-it-is$/);
  expect(s.actor.objectType).toBe('Agent');
  expect(s.result.success).toBe(true);
  expect(s.result.score.scaled).toBe(1);
  expect(s.result.response).toBe(right);
});

test('a quiz answered with the keyboard: Tab, arrow keys, Space, Enter', async ({ page }) => {
  await openExample(page);
  const quiz = page.frameLocator('[data-testid="embed-quiz-2"] iframe');
  await expect(quiz.getByTestId('quiz-choice').first()).toBeVisible();
  const frame = page.frame({ url: /#\/quiz\/primary-created-at-launch/ });
  const focusedInFrame = () =>
    frame.evaluate(() => (document.hasFocus() ? document.activeElement.getAttribute('data-testid') : null));

  // Tab from the top of the host page until the radio group of the second quiz has focus.
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = (await focusedInFrame()) === 'quiz-choice';
  }
  expect(reached, 'Tab reaches the radio group').toBe(true);

  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  const chosen = await frame.evaluate(() => {
    const el = document.activeElement;
    return { checked: el.checked, label: el.closest('label').textContent.trim() };
  });
  expect(chosen.checked).toBe(true);
  const before = await frameHeight(page, 'embed-quiz-2');

  await page.keyboard.press('Tab');
  expect(await focusedInFrame()).toBe('quiz-submit');
  await page.keyboard.press('Enter');

  const success = chosen.label === content.rightAnswer('primary-created-at-launch');
  await expect(quiz.getByTestId('quiz-feedback')).toHaveAttribute('data-success', String(success));
  await expect.poll(() => frameHeight(page, 'embed-quiz-2')).toBeGreaterThan(before);

  await expect(page.getByTestId('statement')).toHaveCount(1);
  const [s] = await statements(page);
  expect(s.verb.id).toBe(ANSWERED);
  expect(s.object.id).toMatch(/\/#\/quiz\/primary-created-at-launch$/);
  expect(s.result.success).toBe(success);
  expect(s.result.score.scaled).toBe(success ? 1 : 0);

  // Try again, from the keyboard too.
  await expect(quiz.getByTestId('quiz-retry')).toBeVisible();
  await quiz.getByTestId('quiz-retry').focus();
  await page.keyboard.press('Enter');
  await expect(quiz.getByTestId('quiz-feedback')).toHaveCount(0);
});

test('a frame answers a well-formed ping and ignores anything else', async ({ page }) => {
  await openExample(page);
  const quiz = page.frameLocator('[data-testid="embed-quiz-1"] iframe');
  await expect(quiz.getByTestId('quiz')).toBeVisible();
  const replies = await page.evaluate(async () => {
    const holder = document.querySelector('[data-testid="embed-quiz-1"]');
    const frame = holder.querySelector('iframe').contentWindow;
    const seen = [];
    holder.addEventListener('netlab:ready', (e) => seen.push(e.detail.page));
    const wait = () => new Promise((r) => setTimeout(r, 300));
    frame.postMessage('ping', '*');
    frame.postMessage({ source: 'ec2-netlab', version: 1, type: 'ping', extra: 1 }, '*');
    frame.postMessage({ source: 'ec2-netlab', version: 2, type: 'ping' }, '*');
    await wait();
    const afterJunk = seen.length;
    frame.postMessage({ source: 'ec2-netlab', version: 1, type: 'ping' }, '*');
    await wait();
    return { afterJunk, seen };
  });
  expect(replies.afterJunk).toBe(0);
  expect(replies.seen).toEqual(['quiz/eni-what-it-is']);
});
