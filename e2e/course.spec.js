// The course as a learner uses it: the index and progress, a lesson's task done in its
// console or in the visual lab, and the quiz widgets, each graded by the model in the page.
const { test, expect, openPage, seriousViolations, unreachableByTab, drag, menu } = require('./fixtures');
const content = require('./content');

const STORAGE_KEY = 'ec2-netlab.progress';

test('the course lists every lesson and quiz item with its hooks', async ({ page }) => {
  await openPage(page, '#/course');
  await expect(page).toHaveTitle(/Course/);
  const lessons = page.getByTestId('lesson-link');
  await expect(lessons.first()).toBeVisible();
  expect(await lessons.count()).toBeGreaterThanOrEqual(10);
  await expect(page.locator('[data-testid="lesson-link"][data-lesson-id="eni-kinds"]')).toHaveAttribute(
    'href',
    '#/lesson/eni-kinds',
  );
  const quizzes = page.getByTestId('quiz-link');
  expect(await quizzes.count()).toBeGreaterThanOrEqual(20);
  await expect(page.locator('[data-testid="quiz-link"][data-quiz-id="eni-what-it-is"]')).toHaveAttribute(
    'href',
    '#/quiz/eni-what-it-is',
  );
  await expect(page.getByTestId('progress-summary')).toContainText('0 of');

  await page.locator('[data-testid="lesson-link"][data-lesson-id="eni-kinds"]').click();
  await expect(page.getByRole('heading', { level: 2, name: 'Network interfaces and their two kinds' })).toBeVisible();
});

test('progress shows on the course, and reset clears it', async ({ page }) => {
  await openPage(page, '#/quiz/eni-what-it-is');
  await page.getByTestId('quiz-choice').first().check();
  await page.getByTestId('quiz-submit').click();
  await expect(page.getByTestId('quiz-feedback')).toBeVisible();

  await openPage(page, '#/course');
  await expect(page.getByTestId('progress-summary')).toContainText('1 of');
  await expect(
    page.locator('[data-quiz-id="eni-what-it-is"] ~ .meta [data-testid="quiz-status"]'),
  ).not.toHaveText('Not tried yet');

  await page.getByTestId('progress-reset').click();
  await expect(page.getByTestId('progress-summary')).toContainText('0 of');
  await expect(page.getByRole('status').filter({ hasText: 'Progress cleared.' })).toBeVisible();
  expect(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY)).toBeNull();
  await page.reload();
  await expect(page.getByTestId('progress-summary')).toContainText('0 of');
});

test('corrupt stored progress is ignored with a specific message', async ({ page }) => {
  await page.goto('/#/course');
  await page.evaluate((key) => localStorage.setItem(key, '{"version":1,"steps":"all of them"}'), STORAGE_KEY);
  await page.reload();
  const error = page.getByTestId('progress-error');
  await expect(error).toContainText('could not be read');
  await expect(error).toContainText('expected fields');
  await expect(page.getByTestId('progress-summary')).toContainText('0 of');
  await page.getByTestId('progress-reset').click();
  await expect(error).toHaveCount(0);
});

test('a lesson task: a wrong attempt shows the hint, the right commands pass the check', async ({ page }) => {
  await openPage(page, '#/lesson/eni-kinds/network-card');
  const step = page.getByTestId('lesson-step');
  await expect(step).toHaveAttribute('data-step-id', 'network-card');
  // The prompt names the scenario's values, not its variables.
  await expect(page.getByTestId('task-prompt')).not.toContainText('$WEB_IP');

  // Checking before doing anything: not yet, with the hint.
  await page.getByTestId('task-check').click();
  await expect(page.getByTestId('task-feedback')).toHaveAttribute('data-success', 'false');
  await expect(page.getByTestId('task-hint')).toContainText('authorize-security-group-ingress');

  // A wrong command: still not done.
  const input = page.getByTestId('console-input');
  await input.fill('aws ec2 authorize-security-group-ingress --group-id $WEB_SG --protocol tcp --port 22 --cidr 0.0.0.0/0');
  await input.press('Enter');
  await expect(page.getByTestId('console-output')).toContainText('"Return": true');
  await page.getByTestId('task-check').click();
  await expect(page.getByTestId('task-feedback')).toHaveAttribute('data-success', 'false');

  // Undo it, then the intended command, typed and run from the keyboard.
  await page.getByTestId('console-undo').click();
  await input.focus();
  await page.keyboard.type(
    'aws ec2 authorize-security-group-ingress --group-id $WEB_SG --protocol tcp --port 80 --cidr 0.0.0.0/0',
  );
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('console-output').locator('li')).toHaveCount(3);
  await page.getByTestId('task-check').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('task-feedback')).toHaveAttribute('data-success', 'true');
  await expect(page.getByTestId('step-status')).toContainText('Step done');

  await page.getByRole('link', { name: /^Next:/ }).click();
  await expect(page.getByTestId('lesson-step')).toHaveAttribute('data-step-id', 'primary');

  await openPage(page, '#/course');
  await expect(page.locator('[data-lesson-id="eni-kinds"] ~ [data-testid="lesson-progress"]')).toHaveAttribute(
    'data-done',
    '1',
  );
});

test('a multiple-choice item: the answer is hidden until submitted, feedback links to the lesson, retry', async ({
  page,
}) => {
  await openPage(page, '#/quiz/eni-what-it-is');
  const quiz = page.getByTestId('quiz');
  await expect(quiz).toHaveAttribute('data-quiz-id', 'eni-what-it-is');
  // Before answering, nothing on the page gives the answer away.
  expect(await page.content()).not.toContain(content.explanation('eni-what-it-is').slice(0, 60));
  await expect(page.getByTestId('quiz-feedback')).toHaveCount(0);

  // Submitting with nothing chosen asks for a choice.
  await page.getByTestId('quiz-submit').click();
  await expect(page.getByRole('alert')).toHaveText('Choose an answer first.');

  const right = content.rightAnswer('eni-what-it-is');
  const wrong = page.locator('label.choice').filter({ hasNotText: right }).first();
  await wrong.click();
  await page.getByTestId('quiz-submit').click();
  const feedback = page.getByTestId('quiz-feedback');
  await expect(feedback).toHaveAttribute('data-success', 'false');
  await expect(feedback).toContainText(right);
  await expect(feedback.getByRole('link', { name: /Review:/ })).toHaveAttribute(
    'href',
    '#/lesson/eni-kinds/network-card',
  );

  await page.getByTestId('quiz-retry').click();
  await expect(feedback).toHaveCount(0);
  await expect(page.getByTestId('quiz-choice').first()).toBeFocused();
  await page.locator('label.choice').filter({ hasText: right }).click();
  await page.getByTestId('quiz-submit').click();
  await expect(feedback).toHaveAttribute('data-success', 'true');

  // The review link opens the lesson at its step.
  await feedback.getByRole('link', { name: /Review:/ }).click();
  await expect(page.getByTestId('lesson-step')).toHaveAttribute('data-step-id', 'network-card');
  await expect(page.getByRole('heading', { level: 3, name: /Step 1 of/ })).toBeFocused();
});

test('a predict item with a typed answer is graded by running its script', async ({ page }) => {
  await openPage(page, '#/quiz/detach-primary');
  await expect(page.locator('pre.script')).toContainText('detach-network-interface');
  await page.getByTestId('quiz-answer').fill('ok');
  await page.getByTestId('quiz-submit').click();
  await expect(page.getByTestId('quiz-feedback')).toHaveAttribute('data-success', 'false');
  await page.getByTestId('quiz-retry').click();
  await page.getByTestId('quiz-answer').fill('OperationNotPermitted');
  await page.getByTestId('quiz-answer').press('Enter');
  await expect(page.getByTestId('quiz-feedback')).toHaveAttribute('data-success', 'true');
});

test('a lab task item is checked on its own session', async ({ page }) => {
  await openPage(page, '#/quiz/move-an-interface');
  await page.getByTestId('quiz-submit').click();
  await expect(page.getByTestId('quiz-feedback')).toHaveAttribute('data-success', 'false');
  await page.getByTestId('quiz-retry').click();
  for (const line of content.solution('move-an-interface').split('\n')) {
    await page.getByTestId('console-input').fill(line);
    await page.getByTestId('console-run').click();
  }
  await expect(page.getByTestId('console-output').locator('li[data-ok="true"]')).toHaveCount(2);
  await page.getByTestId('quiz-submit').click();
  await expect(page.getByTestId('quiz-feedback')).toHaveAttribute('data-success', 'true');
});

for (const [name, hash] of [
  ['course', '#/course'],
  ['lesson', '#/lesson/eni-kinds/primary'],
  ['multiple-choice quiz', '#/quiz/eni-what-it-is'],
  ['predict quiz', '#/quiz/sg-drops-unlisted-port'],
  ['lab quiz', '#/quiz/move-an-interface'],
]) {
  test(`the ${name} page has no serious accessibility violation`, async ({ page }) => {
    await openPage(page, hash);
    expect(await seriousViolations(page)).toEqual([]);
  });

  test(`every control of the ${name} page is reachable by keyboard`, async ({ page }) => {
    await openPage(page, hash);
    expect(await unreachableByTab(page)).toEqual([]);
  });
}

test('answered feedback has no serious accessibility violation', async ({ page }) => {
  await openPage(page, '#/quiz/eni-what-it-is');
  await page.getByTestId('quiz-choice').first().check();
  await page.getByTestId('quiz-submit').click();
  await expect(page.getByTestId('quiz-feedback')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test("a lesson step's scenario opens in the visual lab", async ({ page }) => {
  await openPage(page, '#/lesson/eni-kinds/network-card');
  await page.getByTestId('open-in-lab').click();
  await expect(page.getByTestId('notice')).toContainText('Opened the lab from a shared link.');
  await expect(page.getByTestId('instance').first()).toBeVisible();
  await expect(page.getByTestId('diagram')).toBeVisible();
});

test("a lesson step's task done by gesture in the visual lab is checked there and counts in the lesson", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1100 });
  await openPage(page, '#/lesson/eni-move/move');
  await expect(page.getByTestId('step-status')).not.toContainText('Step done');
  await page.getByTestId('open-in-lab').click();

  const panel = page.getByTestId('lab-tasks');
  await expect(panel).toContainText('Detach, attach elsewhere');
  const task = panel.getByTestId('lab-task');
  await expect(task).toBeVisible();
  await expect(task.getByTestId('task-feedback')).toHaveCount(0);
  await expect(page).toHaveURL(/#\/lab\?lesson=eni-move&step=move$/);
  const old = page.getByTestId('instance').filter({ hasText: '(old)' });
  const next = page.getByTestId('instance').filter({ hasText: '(new)' });
  const license = old.locator('[data-testid="eni"][data-device-index="1"]');
  const eniId = await license.getAttribute('data-eni-id');
  const mac = await license.getAttribute('data-mac');
  await expect(task).toContainText(eniId);

  // A wrong attempt from a menu: the task is not done, and its hint shows.
  await menu(page, `instance-${await old.getAttribute('data-instance-id')}`, 'Stop');
  await expect(task.getByTestId('task-feedback')).toHaveAttribute('data-success', 'false');
  await expect(task.getByTestId('task-hint')).toContainText('detach-network-interface');

  // The move, by drag and drop: the task is checked, and the step announced done.
  await drag(page, license, next);
  await expect(next.locator(`[data-eni-id="${eniId}"]`)).toHaveAttribute('data-mac', mac);
  await expect(task.getByTestId('task-feedback')).toHaveAttribute('data-success', 'true');
  await expect(page.getByTestId('lab-tasks-status')).toContainText('Step done');
  expect(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY)).toContain('eni-move/move');
  expect(await seriousViolations(page)).toEqual([]);

  await panel.getByRole('link', { name: 'Back to the lesson step' }).click();
  await expect(page.getByTestId('lesson-step')).toHaveAttribute('data-step-id', 'move');
  await expect(page.getByTestId('step-status')).toContainText('Step done');
  await expect(page.locator('.step-list li.done')).toContainText('Detach, attach elsewhere');
});

test('a lab link naming a step the course does not have says so, the lab works as usual, and the plain lab has no task panel', async ({ page }) => {
  await page.goto('/#/lab?lesson=eni-move&step=nope');
  await expect(page.getByTestId('lab-tasks-message')).toContainText('has no step “nope”');
  await expect(page.getByTestId('lab-task')).toHaveCount(0);
  await page.goto('/#/lab?lesson=nope&step=move');
  await expect(page.getByTestId('lab-tasks-message')).toContainText('The course has no lesson “nope”');
  await expect(page.getByTestId('instance').first()).toBeVisible();
  await menu(page, `instance-${await page.getByTestId('instance').first().getAttribute('data-instance-id')}`, 'Stop');
  await expect(page.getByTestId('instance').first()).toHaveAttribute('data-state', 'stopped');
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Lab' }).click();
  await expect(page.getByTestId('lab-tasks')).toHaveCount(0);
});

test("a lesson step's task done in the lab's script console is checked there too", async ({ page }) => {
  await openPage(page, '#/lesson/eni-move/traffic-follows');
  await page.getByTestId('open-in-lab').click();
  const task = page.getByTestId('lab-task');
  await expect(task).toBeVisible();
  await page
    .getByTestId('script-input')
    .fill('aws ec2 detach-network-interface --attachment-id $DB_ATTACHMENT\naws ec2 attach-network-interface --network-interface-id $DB_ENI --instance-id $DB_NEW --device-index 1\n');
  await page.getByTestId('script-run').click();
  await expect(task.getByTestId('task-feedback')).toHaveAttribute('data-success', 'true');
  await expect(page.getByTestId('lab-tasks-status')).toContainText('Traffic follows the interface');
});

test('the lab fetches the course only when opened from a lesson step', async ({ page }) => {
  const fetched = [];
  page.on('request', (request) => {
    if (/\/course-[^/]*\.json$/.test(new URL(request.url()).pathname)) fetched.push(request.url());
  });
  await page.goto('/#/lab');
  await expect(page.getByTestId('instance').first()).toBeVisible();
  await expect(page.getByTestId('lab-tasks')).toHaveCount(0);
  expect(fetched).toEqual([]);
  await page.goto('/#/lab?lesson=eni-move&step=move');
  await expect(page.getByTestId('lab-task')).toHaveCount(1);
  expect(fetched).toHaveLength(1);
});
