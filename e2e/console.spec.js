// The script console, replay, and the action log with AWS CLI and PowerShell lines.
const { test, expect, openLab, drawnInstanceIds } = require('./fixtures');

const LAUNCH = 'aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.nano';

test('a pasted script runs on the lab as a shell would, and each step is logged both ways', async ({ page }) => {
  await openLab(page);
  const before = await drawnInstanceIds(page);
  const logged = await page.getByTestId('log-entry').count();
  await page
    .getByTestId('script-input')
    .fill(`# a new instance, then stop it\nNEW=$(${LAUNCH} \\\n  --query 'Instances[0].InstanceId' --output text)\naws ec2 stop-instances --instance-ids $NEW\n`);
  await page.getByTestId('script-run').click();

  await expect(page.getByTestId('script-result')).toHaveText('Ran 2 steps; the model accepted every one.');
  await expect(page.getByTestId('instance')).toHaveCount(before.length + 1);
  const [launched] = (await drawnInstanceIds(page)).filter((id) => !before.includes(id));
  await expect(page.locator(`[data-testid="instance"][data-instance-id="${launched}"]`)).toHaveAttribute('data-state', 'stopped');

  const entries = page.getByTestId('log-entry');
  await expect(entries).toHaveCount(logged + 2);
  const run = entries.nth(logged);
  await expect(run).toHaveAttribute('data-op', 'run-instances');
  await expect(run).toHaveAttribute('data-ok', 'true');
  await expect(run.getByTestId('log-cli')).toHaveText(`NEW=$(${LAUNCH} --query 'Instances[0].InstanceId' --output text)`);
  await expect(run.getByTestId('log-powershell')).toContainText('New-EC2Instance');
  await expect(run).toContainText(`NEW = ${launched}`);
  const stop = entries.nth(logged + 1);
  await expect(stop).toHaveAttribute('data-op', 'stop-instances');
  await expect(stop.getByTestId('log-cli')).toHaveText('aws ec2 stop-instances --instance-ids ${NEW}');
  await expect(stop.getByTestId('log-powershell')).toHaveText(/^Stop-EC2Instance -InstanceId \$\{?NEW\}?$/);

  // The model's response, collapsed until opened.
  const response = stop.getByTestId('log-response');
  await expect(response.locator('pre')).toHaveCount(0);
  await response.locator('summary').click();
  await expect(response.locator('pre')).toContainText('"StoppingInstances"');
  await expect(response.locator('pre')).toContainText(launched);
});

test('a refused step is logged with the EC2 error code', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('script-input').fill('aws ec2 stop-instances --instance-ids i-0000000000000000f');
  await page.getByTestId('script-run').click();
  await expect(page.getByTestId('script-result')).toContainText('the model refused 1');
  const last = page.getByTestId('log-entry').last();
  await expect(last).toHaveAttribute('data-op', 'stop-instances');
  await expect(last).toHaveAttribute('data-ok', 'false');
  await expect(last.getByTestId('log-error')).toContainText('InvalidInstanceID.NotFound');
  await expect(page.getByTestId('error-alert')).toHaveAttribute('data-error-code', 'InvalidInstanceID.NotFound');
});

test('a long pasted script is logged step by step, its newest step in view and the first still there', async ({ page }) => {
  await openLab(page);
  const logged = await page.getByTestId('log-entry').count();
  const steps = Array.from({ length: 600 }, (_, i) => `aws ec2 describe-vpcs --vpc-ids vpc-${String(i).padStart(17, '0')}`);
  steps.push('aws ec2 describe-vpcs');
  await page.getByTestId('script-input').fill(steps.join('\n'));
  await page.getByTestId('script-run').click();

  await expect(page.getByTestId('script-result')).toContainText('the model refused 600');
  const entries = page.getByTestId('log-entry');
  await expect(entries).toHaveCount(logged + 601);
  // The log is scrolled from its end: the newest step is in view, and it can be read.
  const last = entries.last();
  await expect(last).toBeInViewport();
  await expect(last).toHaveAttribute('data-ok', 'true');
  await expect(last.getByTestId('log-cli')).toHaveText('aws ec2 describe-vpcs');
  // The oldest of them, scrolled to, is drawn and readable too.
  const first = entries.nth(logged);
  await first.scrollIntoViewIfNeeded();
  await expect(first).toBeInViewport();
  await expect(first.getByTestId('log-error')).toContainText('InvalidVpcID.NotFound');
});

test('a pasted script that would outgrow the lab is refused, and nothing runs', async ({ page }) => {
  await openLab(page);
  const before = await drawnInstanceIds(page);
  const logged = await page.getByTestId('log-entry').count();
  await page.getByTestId('script-input').fill(`aws ec2 describe-vpcs\n${LAUNCH} --count 400`);
  await page.getByTestId('script-run').click();

  const alert = page.getByTestId('error-alert');
  await expect(alert).toHaveAttribute('data-error-code', 'LabLimitExceeded');
  await expect(alert).toContainText('line 2 would take the lab past the 300 instances');
  await expect(page.getByTestId('log-entry')).toHaveCount(logged);
  expect(await drawnInstanceIds(page)).toEqual(before);
});

test('a malformed script is refused with its line and column, and nothing runs', async ({ page }) => {
  await openLab(page);
  const before = await drawnInstanceIds(page);
  const logged = await page.getByTestId('log-entry').count();
  await page.getByTestId('script-input').fill(`${LAUNCH}\naws ec2 describe-instances | grep running\n`);
  await page.getByTestId('script-run').click();

  const alert = page.getByRole('alert');
  await expect(alert).toHaveCount(1);
  await expect(alert).toContainText('ScriptSyntax');
  // The pipe is the error: line 2, the column of the `|`.
  const column = 'aws ec2 describe-instances | grep running'.indexOf('|') + 1;
  await expect(alert).toContainText(`line 2, column ${column}: pipes are not supported`);
  await expect(alert).toContainText('Nothing was run.');
  await expect(page.getByTestId('script-error')).toHaveAttribute('data-line', '2');
  await expect(page.getByTestId('script-error')).toHaveAttribute('data-column', String(column));
  expect(await drawnInstanceIds(page)).toEqual(before);
  await expect(page.getByTestId('log-entry')).toHaveCount(logged);
  // The caret sits where the error is.
  const caret = await page.getByTestId('script-input').evaluate((t) => t.selectionStart);
  expect(caret).toBe(LAUNCH.length + 1 + column - 1);

  // Fixed, it runs, and the alert goes.
  await page.getByTestId('script-input').fill(LAUNCH);
  await page.getByTestId('script-run').click();
  await expect(page.getByTestId('script-error')).toHaveCount(0);
  await expect(page.getByTestId('instance')).toHaveCount(before.length + 1);
});

test('replay plays a script step by step, with step, play, pause and speed', async ({ page }) => {
  await openLab(page);
  const before = await drawnInstanceIds(page);
  await page
    .getByTestId('script-input')
    .fill(
      `A=$(${LAUNCH} --query 'Instances[0].InstanceId' --output text)\n` +
        `B=$(${LAUNCH} --query 'Instances[0].InstanceId' --output text)\n` +
        'aws ec2 stop-instances --instance-ids $A\n' +
        'netlab fail-instance --instance-id $B\n',
    );
  await page.getByTestId('script-replay').click();
  const replay = page.getByTestId('replay');
  await expect(replay).toHaveAttribute('data-total', '4');
  await expect(replay).toHaveAttribute('data-played', '0');
  expect(await drawnInstanceIds(page)).toEqual(before);

  // One step: the diagram shows its effect, and only its effect.
  await page.getByTestId('replay-step').click();
  await expect(replay).toHaveAttribute('data-played', '1');
  await expect(page.getByTestId('instance')).toHaveCount(before.length + 1);
  await expect(replay.locator('[aria-current="step"]')).toContainText('B=$(aws ec2 run-instances');

  // Play slowly, then pause.
  await page.getByTestId('replay-speed').selectOption('0.5');
  await page.getByTestId('replay-play').click();
  await expect(replay).toHaveAttribute('data-state', 'playing');
  await page.getByTestId('replay-pause').click();
  await expect(replay).toHaveAttribute('data-state', 'paused');
  const paused = Number(await replay.getAttribute('data-played'));
  await page.waitForTimeout(700);
  await expect(replay).toHaveAttribute('data-played', String(paused));

  // Play fast to the end.
  await page.getByTestId('replay-speed').selectOption('4');
  await page.getByTestId('replay-play').click();
  await expect(replay).toHaveAttribute('data-state', 'done');
  await expect(replay).toHaveAttribute('data-played', '4');
  const launched = (await drawnInstanceIds(page)).filter((id) => !before.includes(id));
  expect(launched).toHaveLength(2);
  // A was stopped and B failed: the log's captures say which is which.
  const capture = await page.getByTestId('log-entry').filter({ hasText: 'A = i-' }).last().textContent();
  const a = capture.match(/A = (i-[0-9a-f]+)/)[1];
  const b = launched.find((id) => id !== a);
  await expect(page.locator(`[data-testid="instance"][data-instance-id="${a}"]`)).toHaveAttribute('data-state', 'stopped');
  await expect(page.locator(`[data-testid="instance"][data-instance-id="${b}"]`)).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('log-entry').last()).toHaveAttribute('data-op', 'netlab fail-instance');
  await expect(page.getByTestId('replay-play')).toBeDisabled();
});

test('a malformed script is not loaded for replay', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('script-input').fill('aws ec2 describe-vpcs && aws ec2 describe-subnets');
  await page.getByTestId('script-replay').click();
  await expect(page.getByRole('alert')).toContainText('ScriptSyntax');
  await expect(page.getByRole('alert')).toContainText('line 1, column');
  await expect(page.getByTestId('replay')).toHaveCount(0);
});

test('the copy buttons put the command on the clipboard', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openLab(page);
  const entry = page.getByTestId('log-entry').last();
  const cli = await entry.getByTestId('log-cli').textContent();
  await entry.getByTestId('log-cli').locator('xpath=following-sibling::button').click();
  await expect(entry.getByTestId('log-cli').locator('xpath=following-sibling::button')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(cli);

  const ps = await entry.getByTestId('log-powershell').textContent();
  await entry.getByTestId('log-powershell').locator('xpath=following-sibling::button').click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ps);
});

test('without the Clipboard API, copying selects the command instead', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
  });
  await openLab(page);
  const entry = page.getByTestId('log-entry').last();
  const cli = await entry.getByTestId('log-cli').textContent();
  const button = entry.getByTestId('log-cli').locator('xpath=following-sibling::button');
  await button.click();
  await expect(button).toContainText('press Ctrl+C');
  expect(await page.evaluate(() => window.getSelection().toString())).toBe(cli);
});
