// Traffic you can watch: a stream of requests from the internet to an address of the
// diagram, through a failover, as a learner would run it.
const path = require('node:path');
const { test, expect, openLab } = require('./fixtures');

const stats = (page) => page.getByTestId('traffic-stats');

/** A number attribute of the traffic counters. */
async function count(page, name) {
  return Number(await stats(page).getAttribute(`data-${name}`));
}

/** The instance drawn holding the interface that has `ip`. */
function holderOf(page, ip) {
  return page.locator(`[data-testid="instance"]:has([data-testid="eni"][data-public-ip="${ip}"])`);
}

/** Loads the failover scenario; the stream starts on its own. Returns the service IP and both instances. */
async function loadFailover(page) {
  await page.getByTestId('load-failover').click();
  await expect(page.getByTestId('instance')).toHaveCount(2);
  await expect(page.getByTestId('traffic-toggle')).toHaveAttribute('aria-pressed', 'true');
  const ip = await page.getByTestId('traffic-target').inputValue();
  const eni = page.locator(`[data-testid="eni"][data-public-ip="${ip}"]`);
  await expect(eni).toHaveAttribute('data-device-index', '1');
  const web = await holderOf(page, ip).getAttribute('data-instance-id');
  const ids = await page.getByTestId('instance').evaluateAll((nodes) => nodes.map((n) => n.dataset.instanceId));
  const standby = ids.find((id) => id !== web);
  return { ip, web, standby };
}

test('a full failover: delivered, dropped while the instance has failed, then delivered by the standby at the same IP', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 960 });
  await openLab(page);
  const { ip, web, standby } = await loadFailover(page);
  // The default address is the Elastic IP of the service interface.
  await expect(page.getByTestId('traffic-target').locator('option:checked')).toContainText('Elastic IP');

  // Delivered to the web server.
  await expect.poll(() => count(page, 'delivered')).toBeGreaterThan(2);
  await expect(stats(page)).toHaveAttribute('data-last-instance-id', web);
  await expect(stats(page)).toHaveAttribute('data-serving', 'true');
  await expect(stats(page)).toHaveAttribute('data-dropped', '0');

  // The web server fails: requests are lost, and the drop says why.
  await page.getByTestId('fail-instance').click();
  await expect(page.locator(`[data-testid="instance"][data-instance-id="${web}"]`)).toHaveAttribute('data-state', 'failed');
  await expect.poll(() => count(page, 'dropped')).toBeGreaterThan(2);
  await expect(stats(page)).toHaveAttribute('data-last-code', 'INSTANCE_IMPAIRED');
  await expect(stats(page)).toHaveAttribute('data-serving', 'false');
  await expect(page.getByTestId('traffic-drop')).toHaveAttribute('data-code', 'INSTANCE_IMPAIRED');
  await expect(page.getByTestId('traffic-drop')).toContainText('Instance impaired');
  await expect(page.getByTestId('traffic-overlay').locator('.t-drop')).toContainText('INSTANCE_IMPAIRED');
  const delivered = await count(page, 'delivered');
  await expect.poll(() => count(page, 'lost')).toBeGreaterThan(3);
  expect(await count(page, 'delivered')).toBe(delivered);
  expect(await count(page, 'downtime-ms')).toBeGreaterThan(0);
  await expect(stats(page)).toContainText('Outage now');

  // The picture of the lab mid-failover, for the README: the diagram and the traffic panel.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(__dirname, '..', 'docs', 'lab-failover.png') });

  // The service interface moves to the standby: the same address is served again.
  await page.getByTestId('move-eni-target').selectOption(standby);
  await page.getByTestId('move-eni').click();
  await expect(stats(page)).toHaveAttribute('data-last-instance-id', standby);
  await expect(stats(page)).toHaveAttribute('data-serving', 'true');
  await expect(page.getByTestId('traffic-target')).toHaveValue(ip);
  await expect(holderOf(page, ip)).toHaveAttribute('data-instance-id', standby);
  await expect.poll(() => count(page, 'delivered')).toBeGreaterThan(delivered + 1);
  await expect(stats(page)).toContainText('Last outage');

  // Every step is in the log, as AWS CLI and as PowerShell.
  const entries = page.getByTestId('log-entry');
  const fail = entries.filter({ hasText: 'netlab fail-instance' }).last();
  await expect(fail).toHaveAttribute('data-op', 'netlab fail-instance');
  await expect(fail).toHaveAttribute('data-ok', 'true');
  const detach = entries.last().locator('xpath=preceding-sibling::li[1]');
  await expect(detach).toHaveAttribute('data-op', 'detach-network-interface');
  await expect(detach.getByTestId('log-cli')).toContainText('aws ec2 detach-network-interface --attachment-id eni-attach-');
  await expect(detach.getByTestId('log-powershell')).toContainText('Dismount-EC2NetworkInterface');
  const attach = entries.last();
  await expect(attach).toHaveAttribute('data-op', 'attach-network-interface');
  await expect(attach).toHaveAttribute('data-ok', 'true');
  await expect(attach.getByTestId('log-cli')).toHaveText(
    new RegExp(`^aws ec2 attach-network-interface --network-interface-id eni-[0-9a-f]+ --instance-id ${standby} --device-index 1$`),
  );
  await expect(attach.getByTestId('log-powershell')).toContainText(`Add-EC2NetworkInterface`);
  await expect(attach.getByTestId('log-powershell')).toContainText(`-InstanceId ${standby}`);

  await page.getByTestId('traffic-toggle').click();
  await expect(page.getByTestId('traffic-toggle')).toHaveAttribute('aria-pressed', 'false');
  const settled = await count(page, 'delivered');
  await page.waitForTimeout(600);
  expect(await count(page, 'delivered')).toBe(settled);
});

test('the interface moved with the script console serves the same address from the standby', async ({ page }) => {
  await openLab(page);
  const { ip, standby } = await loadFailover(page);
  await page.getByTestId('fail-instance').click();
  await expect(stats(page)).toHaveAttribute('data-last-code', 'INSTANCE_IMPAIRED');
  // The scenario's shell variables are still set: the console runs on the lab's state.
  await page
    .getByTestId('script-input')
    .fill(
      'aws ec2 detach-network-interface --attachment-id $ATTACHMENT --force\n' +
        'aws ec2 attach-network-interface --network-interface-id $SERVICE --instance-id $STANDBY --device-index 1\n',
    );
  await page.getByTestId('script-run').click();
  await expect(page.getByTestId('script-result')).toContainText('Ran 2 steps');
  await expect(stats(page)).toHaveAttribute('data-last-instance-id', standby);
  await expect(stats(page)).toHaveAttribute('data-serving', 'true');
  await expect(page.getByTestId('traffic-target')).toHaveValue(ip);
});

test('a step leaves the traffic panel\'s controls as the learner left them: the focus on the button pressed, the target chosen', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 960 });
  await openLab(page);
  const { ip, web } = await loadFailover(page);
  const subnet = await page.locator(`[data-testid="instance"][data-instance-id="${web}"]`).getAttribute('data-subnet-id');
  await page.getByTestId('script-input').fill([1, 2].map(() => `aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.micro --subnet-id ${subnet}`).join('\n'));
  await page.getByTestId('script-run').click();
  await expect(page.getByTestId('instance')).toHaveCount(4);
  const target = page.getByTestId('move-eni-target');
  const candidates = await target.locator('option').evaluateAll((options) => options.map((o) => o.value));
  expect(candidates).toHaveLength(3);
  const chosen = candidates[2];
  await target.selectOption(chosen);

  // Failed from the keyboard: the button keeps the focus (the same element), and the
  // choice of target stays.
  const fail = page.getByTestId('fail-instance');
  await fail.evaluate((button) => { button.pressedBefore = true; });
  await fail.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator(`[data-testid="instance"][data-instance-id="${web}"]`)).toHaveAttribute('data-state', 'failed');
  expect(await page.evaluate(() => document.activeElement.id === 'fail-instance' && document.activeElement.pressedBefore === true)).toBe(true);
  await expect(target).toHaveValue(chosen);

  await page.getByTestId('move-eni').click();
  await expect(holderOf(page, ip)).toHaveAttribute('data-instance-id', chosen);
});

test('stop and start: the public IP is released and a new one appears; requests to the old one find nothing', async ({ page }) => {
  await openLab(page);
  const target = page.getByTestId('traffic-target');
  // The standby's auto-assigned address (the default target is the service's Elastic IP).
  const standby = page.getByTestId('instance').nth(1);
  const ip = await standby.locator('[data-testid="eni"][data-device-index="0"]').getAttribute('data-public-ip');
  expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  await target.selectOption(ip);
  await expect(target).toHaveValue(ip);
  const instance = await holderOf(page, ip).getAttribute('data-instance-id');
  await page.getByTestId('traffic-toggle').click();
  await expect.poll(() => count(page, 'delivered') .then(async (d) => d + (await count(page, 'dropped')))).toBeGreaterThan(0);

  await page.getByTestId('stop-instance').click();
  await expect(page.locator(`[data-testid="instance"][data-instance-id="${instance}"]`)).toHaveAttribute('data-state', 'stopped');
  await expect(page.getByTestId('address-toast').first()).toContainText(`${ip} was released`);
  await expect(page.getByTestId('address-change')).toHaveCount(1);
  await expect(page.getByTestId('address-change').locator('.t-addr-old')).toHaveText(ip);
  // The learner's stream still goes to the released address, which no interface holds.
  await expect(target).toHaveValue(ip);
  await expect(target.locator('option:checked')).toContainText('no longer in the diagram');
  await expect(stats(page)).toHaveAttribute('data-last-code', 'NO_MATCHING_ADDRESS');

  await page.locator(`[data-testid="instance-row"][data-instance-id="${instance}"]`).waitFor();
  await page.getByTestId('script-input').fill(`aws ec2 start-instances --instance-ids ${instance}`);
  await page.getByTestId('script-run').click();
  const eni = page.locator(`[data-testid="instance"][data-instance-id="${instance}"] [data-testid="eni"]`);
  await expect(eni).toHaveAttribute('data-public-ip', /^\d+\.\d+\.\d+\.\d+$/);
  const fresh = await eni.getAttribute('data-public-ip');
  expect(fresh).not.toBe(ip);
  await expect(page.getByTestId('address-toast').filter({ hasText: fresh })).toContainText("new public IPv4");
});

test('an Elastic IP stays through stop and start', async ({ page }) => {
  await openLab(page);
  const { ip, web } = await loadFailover(page);
  await page.getByTestId('stop-instance').click();
  await expect(page.getByTestId('address-toast').filter({ hasText: 'stays' })).toContainText(ip);
  await expect(stats(page)).toHaveAttribute('data-last-code', 'INSTANCE_NOT_RUNNING');
  await page.getByTestId('start-instance').click();
  await expect(page.locator(`[data-testid="instance"][data-instance-id="${web}"]`)).toHaveAttribute('data-state', 'running');
  await expect(holderOf(page, ip)).toHaveAttribute('data-instance-id', web);
  await expect(stats(page)).toHaveAttribute('data-serving', 'true');
});

test.describe('with reduced motion', () => {
  test.use({ reducedMotion: 'reduce' });

  test('each request is drawn in one step where it ended, without moving packets', async ({ page }) => {
    await openLab(page);
    const { web } = await loadFailover(page);
    const overlay = page.getByTestId('traffic-overlay');
    await expect(overlay).toHaveAttribute('data-motion', 'reduced');
    const marker = overlay.getByTestId('traffic-step');
    await expect(marker).toHaveClass(/packet-arrived/);
    const first = Number(await marker.getAttribute('data-seq'));
    await expect.poll(async () => Number(await marker.getAttribute('data-seq'))).toBeGreaterThan(first);
    await expect(stats(page)).toHaveAttribute('data-last-instance-id', web);
    // No packet travels: the animation layer stays empty.
    expect(await overlay.locator('.packets circle').count()).toBe(0);

    await page.getByTestId('fail-instance').click();
    await expect(marker).toHaveClass(/packet-dropped/);
    await expect(overlay.locator('.t-drop')).toContainText('INSTANCE_IMPAIRED');
    expect(await overlay.locator('.packets circle').count()).toBe(0);
  });
});

test('with motion, packets travel on animation frames between requests', async ({ page }) => {
  await openLab(page);
  await loadFailover(page);
  const overlay = page.getByTestId('traffic-overlay');
  await expect(overlay).toHaveAttribute('data-motion', 'animated');
  const dot = overlay.locator('.packets circle').first();
  await expect(dot).toHaveAttribute('transform', /translate/);
  // Positions change between frames, while requests come only four times a second.
  const positions = await page.evaluate(async () => {
    const seen = new Set();
    for (let i = 0; i < 8; i += 1) {
      await new Promise((r) => requestAnimationFrame(r));
      const c = document.querySelector('.packets circle:not(.packet-idle)');
      if (c) seen.add(c.getAttribute('transform'));
    }
    return seen.size;
  });
  expect(positions).toBeGreaterThan(2);
});

test('at 360 px wide, why a packet was dropped is written inside the diagram, not cut off at its edge', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await openLab(page);
  const { web } = await loadFailover(page);
  await page.getByTestId('fail-instance').click();
  await expect(page.locator(`[data-testid="instance"][data-instance-id="${web}"]`)).toHaveAttribute('data-state', 'failed');
  const label = page.getByTestId('traffic-overlay').locator('.t-drop');
  await expect(label).toContainText('INSTANCE_IMPAIRED');
  const inside = await label.evaluate((text) => {
    const svg = text.ownerSVGElement.getBoundingClientRect();
    const box = text.getBoundingClientRect();
    return { left: box.left - svg.left, right: svg.right - box.right, width: box.width, room: svg.width };
  });
  expect(inside.left, JSON.stringify(inside)).toBeGreaterThanOrEqual(0);
  expect(inside.right, JSON.stringify(inside)).toBeGreaterThanOrEqual(0);
});
