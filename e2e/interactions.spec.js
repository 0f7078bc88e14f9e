// The visual lab driven as a learner would: real mouse and touch drags, real key presses,
// menus, undo and redo, share links and the autosave.
const { test, expect, openLab, drawnInstanceIds, drag, menu } = require('./fixtures');
const AxeBuilder = require('@axe-core/playwright').default;

// Tall enough that both Availability Zones of the default scenario are on screen.
test.use({ viewport: { width: 1400, height: 1100 } });

const instance = (page, id) => page.locator(`[data-testid="instance"][data-instance-id="${id}"]`);
const eni = (page, id) => page.locator(`[data-testid="eni"][data-eni-id="${id}"]`);

/** The default scenario's instances: the web server, its standby (us-east-1a), the app server (us-east-1b). */
async function startingInstances(page) {
  const [web, standby, app] = await drawnInstanceIds(page);
  return { web, standby, app };
}

/** The web server's secondary ("service") interface and its facts. */
async function serviceEni(page, web) {
  const box = instance(page, web).locator('[data-testid="eni"][data-device-index="1"]');
  await expect(box).toHaveCount(1);
  return {
    id: await box.getAttribute('data-eni-id'),
    privateIp: await box.getAttribute('data-private-ip'),
    elasticIp: await box.getAttribute('data-elastic-ip'),
    mac: await box.getAttribute('data-mac'),
  };
}

/**
 * Drags `source` with one finger and lifts it over `target`: real touch input through the
 * Chrome DevTools Protocol (the page needs a context with `hasTouch`), in small steps.
 * Returns what the page saw: the pointer types pressed, the pointercancel count, and
 * whether the page or the diagram scrolled.
 */
async function touchDrag(page, source, target) {
  await source.scrollIntoViewIfNeeded();
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  await page.evaluate(() => {
    const seen = { pointerTypes: [], cancels: 0 };
    window.touchDragSeen = seen;
    document.addEventListener('pointerdown', (e) => seen.pointerTypes.push(e.pointerType), true);
    document.addEventListener('pointercancel', () => (seen.cancels += 1), true);
  });
  const scrolled = () =>
    page.evaluate(() => [window.scrollX, window.scrollY, document.querySelector('[data-testid="diagram-wrap"]').scrollTop]);
  const before = await scrolled();
  const cdp = await page.context().newCDPSession(page);
  const touch = (type, x, y) =>
    cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: type === 'touchEnd' ? [] : [{ x, y, id: 1, radiusX: 2, radiusY: 2, force: 1 }],
    });
  const start = { x: from.x + from.width / 2, y: from.y + 10 };
  const end = { x: to.x + to.width / 2, y: to.y + 12 };
  await touch('touchStart', start.x, start.y);
  const steps = 12;
  for (let i = 1; i <= steps; i++) {
    await touch('touchMove', start.x + ((end.x - start.x) * i) / steps, start.y + ((end.y - start.y) * i) / steps);
  }
  await touch('touchEnd');
  await cdp.detach();
  const seen = await page.evaluate(() => window.touchDragSeen);
  return { ...seen, scrolled: JSON.stringify(await scrolled()) !== JSON.stringify(before) };
}

/** What the diagram shows, as text: every instance with its interfaces and addresses. */
async function drawnFacts(page) {
  return page.getByTestId('eni').evaluateAll((nodes) =>
    nodes.map((n) => {
      const owner = n.closest('[data-testid="instance"]');
      return [
        owner ? owner.getAttribute('data-instance-id') : n.closest('[data-testid="subnet"]').getAttribute('data-subnet-id'),
        n.getAttribute('data-eni-id'),
        n.getAttribute('data-device-index'),
        n.getAttribute('data-private-ip'),
        n.getAttribute('data-public-ip'),
        n.getAttribute('data-mac'),
      ].join(' ');
    }),
  );
}

test('a secondary interface dragged to another instance keeps its private IP, Elastic IP and MAC', async ({ page }) => {
  await openLab(page);
  const { web, standby } = await startingInstances(page);
  const service = await serviceEni(page, web);
  expect(service.elasticIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);

  await drag(page, eni(page, service.id), instance(page, standby));

  const moved = instance(page, standby).locator(`[data-testid="eni"][data-eni-id="${service.id}"]`);
  await expect(moved).toHaveAttribute('data-device-index', '1');
  await expect(moved).toHaveAttribute('data-private-ip', service.privateIp);
  await expect(moved).toHaveAttribute('data-elastic-ip', service.elasticIp);
  await expect(moved).toHaveAttribute('data-mac', service.mac);
  await expect(moved).toContainText(`Private ${service.privateIp}`);
  await expect(moved).toContainText(`Public ${service.elasticIp}`);
  await expect(moved).toContainText('SG web');
  await expect(instance(page, web).getByTestId('eni')).toHaveCount(1);
  await expect(page.getByRole('alert')).toHaveCount(0);
  // The two steps are the AWS CLI's.
  const log = page.getByTestId('action-log').locator('li');
  await expect(log.nth(-2)).toContainText('aws ec2 detach-network-interface --attachment-id eni-attach-');
  await expect(log.last()).toContainText(
    `aws ec2 attach-network-interface --network-interface-id ${service.id} --instance-id ${standby} --device-index 1`,
  );
  // The Elastic IPs panel follows the interface to its new instance.
  await expect(page.getByTestId('eip').first().getByTestId('eip-association')).toContainText(standby);
});

test('the primary interface cannot be moved: it snaps back and EC2 says OperationNotPermitted', async ({ page }) => {
  await openLab(page);
  const { web, standby } = await startingInstances(page);
  const primary = instance(page, web).locator('[data-testid="eni"][data-device-index="0"]');
  const id = await primary.getAttribute('data-eni-id');
  const before = await drawnFacts(page);

  await drag(page, primary, instance(page, standby));

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('OperationNotPermitted');
  await expect(alert).toHaveAttribute('data-instance-id', standby);
  await expect(eni(page, id)).toHaveAttribute('data-device-index', '0');
  await expect(instance(page, web).locator(`[data-eni-id="${id}"]`)).toHaveCount(1);
  expect(await drawnFacts(page)).toEqual(before);
  // Nothing was added to the session.
  await expect(page.getByTestId('undo')).toBeDisabled();
});

test.describe('with touch', () => {
  test.use({ hasTouch: true });

  test('a secondary interface dragged by touch to another instance keeps its private IP, Elastic IP and MAC', async ({ page }) => {
    await openLab(page);
    const { web, standby } = await startingInstances(page);
    const service = await serviceEni(page, web);

    const seen = await touchDrag(page, eni(page, service.id), instance(page, standby));

    expect(seen).toEqual({ pointerTypes: ['touch'], cancels: 0, scrolled: false });
    const moved = instance(page, standby).locator(`[data-testid="eni"][data-eni-id="${service.id}"]`);
    await expect(moved).toHaveAttribute('data-device-index', '1');
    await expect(moved).toHaveAttribute('data-private-ip', service.privateIp);
    await expect(moved).toHaveAttribute('data-elastic-ip', service.elasticIp);
    await expect(moved).toHaveAttribute('data-mac', service.mac);
    await expect(instance(page, web).getByTestId('eni')).toHaveCount(1);
    await expect(page.getByRole('alert')).toHaveCount(0);
    const log = page.getByTestId('log-entry');
    await expect(log.nth(-2)).toHaveAttribute('data-op', 'detach-network-interface');
    await expect(log.nth(-2)).toHaveAttribute('data-ok', 'true');
    await expect(log.last()).toHaveAttribute('data-op', 'attach-network-interface');
    await expect(log.last()).toHaveAttribute('data-ok', 'true');
    await expect(log.last()).toContainText(`--network-interface-id ${service.id} --instance-id ${standby}`);
  });

  test('the primary interface dropped by touch snaps back and EC2 says OperationNotPermitted', async ({ page }) => {
    await openLab(page);
    const { web, standby } = await startingInstances(page);
    const primary = instance(page, web).locator('[data-testid="eni"][data-device-index="0"]');
    const id = await primary.getAttribute('data-eni-id');
    const before = await drawnFacts(page);

    const seen = await touchDrag(page, primary, instance(page, standby));

    expect(seen).toEqual({ pointerTypes: ['touch'], cancels: 0, scrolled: false });
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('OperationNotPermitted');
    await expect(alert).toHaveAttribute('data-instance-id', standby);
    await expect(instance(page, web).locator(`[data-eni-id="${id}"]`)).toHaveAttribute('data-device-index', '0');
    expect(await drawnFacts(page)).toEqual(before);
    await expect(page.getByTestId('undo')).toBeDisabled();
  });
});

test('a drop on an instance in another Availability Zone is refused with the model\'s code', async ({ page }) => {
  await openLab(page);
  const { web, app } = await startingInstances(page);
  const service = await serviceEni(page, web);
  await expect(instance(page, app)).toHaveAttribute('data-az', 'us-east-1b');

  await drag(page, eni(page, service.id), instance(page, app));

  const alert = page.getByRole('alert');
  await expect(alert).toHaveAttribute('data-error-code', 'InvalidParameterValue');
  await expect(alert).toContainText('same Availability Zone');
  await expect(instance(page, web).locator(`[data-eni-id="${service.id}"]`)).toHaveAttribute('data-device-index', '1');
});

test('a drop beyond the instance type\'s interface limit is refused with AttachmentLimitExceeded', async ({ page }) => {
  await openLab(page);
  const { web } = await startingInstances(page);
  const spare = page.locator('[data-testid="subnet"] > [data-testid="eni"]').first();
  await expect(spare).toHaveAttribute('data-status', 'available');
  await drag(page, spare, instance(page, web));
  await expect(page.getByRole('alert')).toContainText('AttachmentLimitExceeded');
  await expect(spare).toHaveAttribute('data-status', 'available');
});

test('the keyboard alone moves an interface, announcing each step', async ({ page }) => {
  await openLab(page);
  const { web, standby } = await startingInstances(page);
  const service = await serviceEni(page, web);
  const announcer = page.getByTestId('drag-announcer');

  await eni(page, service.id).focus();
  await page.keyboard.press('Enter');
  await expect(announcer).toContainText(`Picked up interface ${service.id} (service), eth1 from instance ${web} (web)`);
  await page.keyboard.press('ArrowDown');
  await expect(announcer).toContainText(`Drop target 1 of 2: instance ${standby} (standby)`);
  await page.keyboard.press('Tab');
  await expect(announcer).toContainText('Drop target 2 of 2');
  await page.keyboard.press('Shift+Tab');
  await expect(announcer).toContainText(`Drop target 1 of 2: instance ${standby}`);
  await expect(instance(page, standby)).toHaveClass(/d-drop-target/);
  await page.keyboard.press('Enter');

  await expect(announcer).toContainText(`Moved ${service.id} (service) to instance ${standby} (standby) at device index 1`);
  const moved = instance(page, standby).locator(`[data-eni-id="${service.id}"]`);
  await expect(moved).toHaveAttribute('data-private-ip', service.privateIp);
  // Focus stays on the moved interface.
  await expect(moved).toBeFocused();

  // Pick it up again and cancel with Escape: nothing changes.
  await page.keyboard.press('Space');
  await expect(announcer).toContainText('Picked up');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Escape');
  await expect(announcer).toContainText(`Move cancelled. ${service.id} stays on instance ${standby}.`);
  await expect(moved).toHaveAttribute('data-device-index', '1');
});

test('undo takes a move back in one step, and redo does it again', async ({ page }) => {
  await openLab(page);
  const { web, standby } = await startingInstances(page);
  const service = await serviceEni(page, web);
  await drag(page, eni(page, service.id), instance(page, standby));
  await expect(instance(page, standby).locator(`[data-eni-id="${service.id}"]`)).toHaveCount(1);

  await page.getByTestId('undo').click();
  await expect(instance(page, web).locator(`[data-eni-id="${service.id}"]`)).toHaveAttribute('data-device-index', '1');
  await expect(page.getByTestId('undo')).toBeDisabled();
  await page.getByTestId('redo').click();
  await expect(instance(page, standby).locator(`[data-eni-id="${service.id}"]`)).toHaveCount(1);

  // The same with the keyboard shortcuts.
  await page.getByTestId('diagram-wrap').focus();
  await page.keyboard.press('Control+z');
  await expect(instance(page, web).locator(`[data-eni-id="${service.id}"]`)).toHaveCount(1);
  await page.keyboard.press('Control+Shift+z');
  await expect(instance(page, standby).locator(`[data-eni-id="${service.id}"]`)).toHaveCount(1);
  await expect(page.getByTestId('redo')).toBeDisabled();
});

test('stop and start from the menu: a new public IP, while an Elastic IP stays', async ({ page }) => {
  await openLab(page);
  const { web, standby } = await startingInstances(page);
  const standbyEni = instance(page, standby).locator('[data-testid="eni"][data-device-index="0"]');
  const oldPublic = await standbyEni.getAttribute('data-public-ip');
  expect(oldPublic).toMatch(/^\d+\.\d+\.\d+\.\d+$/);

  await menu(page, `instance-${standby}`, 'Stop');
  await expect(instance(page, standby)).toHaveAttribute('data-state', 'stopped');
  await expect(standbyEni).not.toHaveAttribute('data-public-ip', /.*/);
  await expect(standbyEni).toContainText('No public IPv4');
  // Focus returns to the menu button.
  await expect(page.locator(`[data-menu-key="instance-${standby}"]`)).toBeFocused();
  await menu(page, `instance-${standby}`, 'Start');
  await expect(instance(page, standby)).toHaveAttribute('data-state', 'running');
  await expect(standbyEni).toHaveAttribute('data-public-ip', /^\d+\.\d+\.\d+\.\d+$/);
  expect(await standbyEni.getAttribute('data-public-ip')).not.toEqual(oldPublic);

  const service = await serviceEni(page, web);
  await menu(page, `instance-${web}`, 'Stop');
  await expect(instance(page, web)).toHaveAttribute('data-state', 'stopped');
  await menu(page, `instance-${web}`, 'Start');
  await expect(instance(page, web)).toHaveAttribute('data-state', 'running');
  await expect(eni(page, service.id)).toHaveAttribute('data-elastic-ip', service.elasticIp);
  // The model's answer to the last step is shown.
  await expect(page.getByTestId('last-answer')).toContainText('StartingInstances');
});

test('a menu opens and is driven with the keyboard; a refused action shows EC2\'s code', async ({ page }) => {
  await openLab(page);
  const { web } = await startingInstances(page);
  const button = page.locator(`[data-menu-key="instance-${web}"]`);
  await button.focus();
  await page.keyboard.press('ArrowDown');
  const first = page.getByRole('menuitem').first();
  await expect(first).toBeFocused();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(button).toBeFocused();
  // Hibernation was not configured at launch: the model refuses, with its code.
  await menu(page, `instance-${web}`, 'Hibernate');
  await expect(page.getByRole('alert')).toContainText('UnsupportedHibernationConfiguration');
});

test('a form from a menu runs its step: a secondary private IPv4 address, then an Elastic IP on it', async ({ page }) => {
  await openLab(page);
  const { standby } = await startingInstances(page);
  const primary = instance(page, standby).locator('[data-testid="eni"][data-device-index="0"]');
  const id = await primary.getAttribute('data-eni-id');
  await menu(page, `eni-${id}`, 'Assign a secondary private IPv4…');
  const form = page.getByTestId('action-form');
  await expect(form.locator('#action-form-field-0')).toBeFocused();
  await expect(form.getByTestId('action-form-step')).toHaveText(
    `aws ec2 assign-private-ip-addresses --network-interface-id ${id} --secondary-private-ip-address-count 1`,
  );
  await form.getByTestId('action-form-run').click();
  await expect(form).toHaveCount(0);
  await expect(primary.getByText(/^Private /)).toHaveCount(2);

  await page.getByTestId('allocate-eip').click();
  await expect(page.getByTestId('eip')).toHaveCount(2);
  await expect(page.getByTestId('eip-quota')).toContainText('2 of 5');
  await menu(page, `eni-${id}`, 'Associate an Elastic IP…');
  const allocation = await page.getByTestId('eip').nth(1).getAttribute('data-allocation-id');
  const secondary = (await primary.getByText(/^Private /).nth(1).textContent()).replace('Private ', '');
  await form.getByLabel('Elastic IP').selectOption(allocation);
  await form.getByLabel('Private IPv4 address').selectOption(secondary);
  await form.getByTestId('action-form-run').click();
  await expect(page.getByTestId('eip').nth(1).getByTestId('eip-association')).toContainText(secondary);
});

test('a share link reopened in a fresh browser shows the same diagram', async ({ page, browser }) => {
  await openLab(page);
  const { web, standby } = await startingInstances(page);
  const service = await serviceEni(page, web);
  await drag(page, eni(page, service.id), instance(page, standby));
  await expect(instance(page, standby).locator(`[data-eni-id="${service.id}"]`)).toHaveCount(1);
  const facts = await drawnFacts(page);

  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toMatch(/#\/lab\?s=[A-Za-z0-9_-]+$/);
  expect(link.length).toBeLessThan(600);

  const context = await browser.newContext({ viewport: { width: 1400, height: 1100 } });
  const fresh = await context.newPage();
  const errors = [];
  fresh.on('pageerror', (e) => errors.push(e.message));
  fresh.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await fresh.goto(link);
  await expect(fresh.getByTestId('diagram')).toBeVisible();
  await expect(fresh.getByTestId('notice')).toContainText('Opened the lab from a shared link.');
  await expect(fresh.getByTestId('eni')).toHaveCount(facts.length);
  expect(await drawnFacts(fresh)).toEqual(facts);
  // Undo still knows the gesture.
  await fresh.getByTestId('undo').click();
  await expect(instance(fresh, web).locator(`[data-eni-id="${service.id}"]`)).toHaveCount(1);
  expect(errors).toEqual([]);
  await context.close();
});

test('a move redraws only the boxes it changes, and the diagram then reads as a fresh page draws it', async ({ page, browser }) => {
  await openLab(page);
  const { web, standby, app } = await startingInstances(page);
  const service = await serviceEni(page, web);
  // A mark on each drawn element that only the element itself carries (not an attribute,
  // which the redraw would take off): an element the redraw replaced has lost it.
  await page.locator('[data-part="boxes"] *').evaluateAll((nodes) => nodes.forEach((n) => { n.drawnBefore = true; }));
  const kept = (locator) => locator.evaluate((n) => n.drawnBefore === true);

  await drag(page, eni(page, service.id), instance(page, standby));
  await expect(instance(page, standby).locator(`[data-eni-id="${service.id}"]`)).toHaveCount(1);
  // The app server in the other zone, the zones and their subnets, and both instances'
  // primary interfaces are the elements drawn before the move.
  expect(await kept(instance(page, app))).toBe(true);
  expect(await kept(page.getByTestId('availability-zone').nth(1))).toBe(true);
  for (const id of [web, standby]) {
    expect(await kept(instance(page, id))).toBe(true);
    expect(await kept(instance(page, id).locator('[data-device-index="0"]'))).toBe(true);
  }

  // What the page holds is what a page opened on the same lab draws, marks aside.
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  const boxes = (p) => p.locator('[data-part="boxes"]').evaluate((el) => el.innerHTML
    .replace(/ d-(selected|lifted|drop-target)/g, ''));
  const context = await browser.newContext({ viewport: { width: 1400, height: 1100 } });
  const fresh = await context.newPage();
  await fresh.goto(link);
  await expect(fresh.getByTestId('notice')).toContainText('Opened the lab from a shared link.');
  expect(await boxes(fresh)).toEqual(await boxes(page));
  await context.close();
});

test('a box taken out of the diagram behind the lab\'s back is drawn again at the next step', async ({ page }) => {
  await openLab(page);
  const { web, standby, app } = await startingInstances(page);
  const service = await serviceEni(page, web);
  // The next step does not change the app server's box, which the diagram then writes as
  // "keep what the page holds": the page no longer holds it.
  await instance(page, app).evaluate((box) => box.remove());
  await expect(instance(page, app)).toHaveCount(0);
  await drag(page, eni(page, service.id), instance(page, standby));
  await expect(instance(page, standby).locator(`[data-eni-id="${service.id}"]`)).toHaveCount(1);
  await expect(instance(page, app)).toHaveCount(1);
  await expect(instance(page, app).locator('[data-testid="eni"][data-device-index="0"]')).toHaveCount(1);
  await expect(page.locator('kept-node')).toHaveCount(0);
});

/** A share-link payload that carries `text` uncompressed (literal runs only). */
function literalPayload(text) {
  const bytes = [1];
  const data = Buffer.from(text, 'utf8');
  for (let i = 0; i < data.length; i += 128) {
    const run = data.subarray(i, i + 128);
    bytes.push(run.length - 1, ...run);
  }
  return Buffer.from(bytes).toString('base64url');
}

test('a corrupt share link shows what is wrong and the default scenario', async ({ page }) => {
  await page.goto('/#/lab?s=not*base64');
  await expect(page.getByTestId('notice')).toHaveText(
    /The shared link could not be read: character 4 is not base64url\. The default scenario was loaded instead\./,
  );
  await expect(page.getByTestId('instance')).toHaveCount(3);

  const script = 'aws ec2 describe-vpcs\naws ec2 describe-vpcs | grep vpc\n';
  await page.goto(`/#/lab?s=${literalPayload(script)}`);
  await page.reload();
  await expect(page.getByTestId('notice')).toContainText('The shared link could not be read: line 2, column');
  await expect(page.getByTestId('instance')).toHaveCount(3);

  const hostile = '<img src=x onerror=alert(1)>';
  await page.goto(`/#/lab?s=${literalPayload(hostile)}`);
  await page.reload();
  await expect(page.getByTestId('notice')).toContainText('The shared link could not be read: line 1');
  await expect(page.locator('img')).toHaveCount(0);
});

test('names and descriptions from a share link are drawn as text, never as markup', async ({ page }) => {
  const group = 'web<img src=x onerror="window.pwned=1">';
  const description = '<b onmouseover="window.pwned=2">spare</b>';
  const script = [
    `SG=$(aws ec2 create-security-group --group-name '${group}' --description 'hostile' --query GroupId --output text)`,
    "SUBNET=$(aws ec2 describe-subnets --query 'Subnets[0].SubnetId' --output text)",
    `aws ec2 create-network-interface --subnet-id $SUBNET --groups $SG --description '${description}'`,
    '',
  ].join('\n');
  await page.goto(`/#/lab?s=${literalPayload(script)}`);
  await page.reload();
  const drawn = page.getByTestId('eni');
  await expect(drawn).toHaveCount(1);
  await expect(drawn).toContainText(group);
  await drawn.click();
  await expect(page.getByTestId('inspector')).toContainText(description);
  await page.getByTestId('menu-button').last().click();
  await expect(page.getByRole('menu')).toBeVisible();
  await expect(page.locator('img, b')).toHaveCount(0);
  expect(await page.evaluate(() => window.pwned)).toBeUndefined();
});

test('the lab is saved as it changes and restored after a reload', async ({ page }) => {
  await openLab(page);
  const { web, standby } = await startingInstances(page);
  const service = await serviceEni(page, web);
  await drag(page, eni(page, service.id), instance(page, standby));
  await expect(instance(page, standby).locator(`[data-eni-id="${service.id}"]`)).toHaveCount(1);
  const facts = await drawnFacts(page);

  await page.reload();
  await expect(page.getByTestId('diagram')).toBeVisible();
  expect(await drawnFacts(page)).toEqual(facts);
  await expect(page.getByTestId('undo')).toBeEnabled();

  // Reset brings the default scenario back.
  await page.getByTestId('reset').click();
  await expect(instance(page, web).locator(`[data-eni-id="${service.id}"]`)).toHaveCount(1);
  await page.reload();
  await expect(instance(page, web).locator(`[data-eni-id="${service.id}"]`)).toHaveCount(1);
});

test('a saved lab that cannot be read is named, and the default scenario loads', async ({ page }) => {
  await openLab(page);
  await page.evaluate(() => localStorage.setItem('ec2-netlab.lab.v1', 'aws ec2 describe-vpcs &&'));
  await page.reload();
  await expect(page.getByTestId('notice')).toContainText('The saved lab could not be restored: line 1, column');
  await expect(page.getByTestId('instance')).toHaveCount(3);
});

test('export downloads the session as session.sh', async ({ page }) => {
  await openLab(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  expect(download.suggestedFilename()).toBe('session.sh');
  const text = require('node:fs').readFileSync(await download.path(), 'utf8');
  expect(text.startsWith('#!/bin/bash\n')).toBe(true);
  expect(text).toContain('aws ec2 attach-network-interface --network-interface-id $SERVICE');
});

const seriousOrCritical = (results) =>
  results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);

for (const colorScheme of ['light', 'dark']) {
  test(`no serious accessibility violation with a menu open, or the inspector open (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await openLab(page);
    const { web } = await startingInstances(page);
    await page.locator(`[data-menu-key="instance-${web}"]`).click();
    await expect(page.getByRole('menu')).toBeVisible();
    expect(seriousOrCritical(await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze())).toEqual([]);

    await page.getByRole('menuitem', { name: 'Inspect', exact: true }).click();
    await expect(page.getByTestId('inspector-title')).toContainText(`Instance ${web} (web)`);
    const service = await serviceEni(page, web);
    await eni(page, service.id).click();
    await expect(page.getByTestId('inspector-title')).toContainText(`Network interface ${service.id} (service)`);
    await expect(page.getByTestId('inspector')).toContainText(service.mac);
    expect(seriousOrCritical(await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze())).toEqual([]);
  });
}

test('an instance launched with hibernation configured hibernates from its menu, then fails and recovers', async ({ page }) => {
  await openLab(page);
  const before = await drawnInstanceIds(page);
  await page.getByTestId('launch-hibernation').check();
  await page.getByTestId('launch-button').click();
  await expect(page.getByTestId('instance')).toHaveCount(before.length + 1);
  const [launched] = (await drawnInstanceIds(page)).filter((id) => !before.includes(id));
  await menu(page, `instance-${launched}`, 'Hibernate');
  await expect(instance(page, launched)).toHaveAttribute('data-state', 'hibernated');
  await menu(page, `instance-${launched}`, 'Start');
  await menu(page, `instance-${launched}`, 'Fail (simulate a hardware failure)');
  await expect(instance(page, launched)).toHaveAttribute('data-state', 'failed');
  await menu(page, `instance-${launched}`, 'Recover');
  await expect(instance(page, launched)).toHaveAttribute('data-state', 'running');
});

test('Escape during a pointer drag, or a drop outside any instance, snaps the interface back', async ({ page }) => {
  await openLab(page);
  const { web, standby } = await startingInstances(page);
  const service = await serviceEni(page, web);
  const from = await eni(page, service.id).boundingBox();
  const to = await instance(page, standby).boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + 10);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + 12, { steps: 8 });
  await expect(page.getByTestId('drag-ghost')).toBeVisible();
  await expect(instance(page, standby)).toHaveClass(/d-drop-target/);
  await page.keyboard.press('Escape');
  await page.mouse.up();
  await expect(page.getByTestId('drag-ghost')).toHaveCount(0);
  await expect(instance(page, web).locator(`[data-eni-id="${service.id}"]`)).toHaveAttribute('data-device-index', '1');

  // Dropped on the Region's empty space: nothing happens.
  const region = await page.getByTestId('internet').boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + 10);
  await page.mouse.down();
  await page.mouse.move(region.x + 20, region.y + 10, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByTestId('drag-announcer')).toContainText('snapped back');
  await expect(instance(page, web).locator(`[data-eni-id="${service.id}"]`)).toHaveCount(1);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('undo')).toBeDisabled();
});

test.describe('on a 360 px phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('an open menu fits the screen and the page does not scroll sideways', async ({ page }) => {
    await openLab(page);
    const { web } = await startingInstances(page);
    const service = await serviceEni(page, web);
    const button = page.locator(`[data-menu-key="eni-${service.id}"]`);
    await button.scrollIntoViewIfNeeded();
    await button.click();
    const box = await page.getByRole('menu').boundingBox();
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

test('the model\'s answer keeps each line of its JSON whole in the narrow side panel', async ({ page }) => {
  await openLab(page);
  await page.getByRole('button', { name: /^Fail i-/ }).click();
  const response = page.getByTestId('last-answer').getByLabel('Response');
  await expect(response).toContainText('"Impaired": true');
  // Each line of the JSON is drawn on one line of the panel: an id is never broken at
  // its hyphen (a line longer than the panel scrolls instead).
  const broken = await response.evaluate((pre) => {
    const text = pre.firstChild.firstChild;
    const lines = text.textContent.split('\n');
    let at = 0;
    const out = [];
    for (const line of lines) {
      if (line.trim()) {
        const range = document.createRange();
        range.setStart(text, at + line.length - line.trimStart().length);
        range.setEnd(text, at + line.length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) out.push(line);
      }
      at += line.length + 1;
    }
    return out;
  });
  expect(broken).toEqual([]);
});
