const { test, expect, openLab, inCidr, drawnInstanceIds } = require('./fixtures');

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f'];

test('the default VPC is drawn with its six subnets, one per Availability Zone', async ({ page }) => {
  await openLab(page);
  await expect(page.getByTestId('region')).toHaveAttribute('data-region', 'us-east-1');
  const vpc = page.getByTestId('vpc');
  await expect(vpc).toHaveCount(1);
  await expect(vpc).toHaveAttribute('data-default', 'true');
  await expect(vpc).toHaveAttribute('data-cidr', '172.31.0.0/16');
  await expect(vpc.getByText('172.31.0.0/16')).toBeVisible();

  const subnets = page.getByTestId('subnet');
  await expect(subnets).toHaveCount(6);
  const zones = await subnets.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-az')));
  expect(zones).toEqual(ZONES);
  for (let i = 0; i < 6; i += 1) {
    const subnet = subnets.nth(i);
    const cidr = await subnet.getAttribute('data-cidr');
    expect(inCidr(cidr.split('/')[0], '172.31.0.0/16')).toBe(true);
    await expect(subnet.getByText(cidr, { exact: true })).toBeVisible();
    await expect(subnet.getByText('Auto-assign public IPv4: yes')).toBeVisible();
  }
});

test('the starting instances each show their primary interface inside their subnet', async ({ page }) => {
  await openLab(page);
  const instances = page.getByTestId('instance');
  await expect(instances).toHaveCount(3);
  for (let i = 0; i < 3; i += 1) {
    const instance = instances.nth(i);
    await expect(instance).toHaveAttribute('data-state', 'running');
    const subnetId = await instance.getAttribute('data-subnet-id');
    const cidr = await page
      .locator(`[data-testid="subnet"][data-subnet-id="${subnetId}"]`)
      .getAttribute('data-cidr');
    const eni = instance.locator('[data-testid="eni"][data-device-index="0"]');
    await expect(eni).toHaveCount(1);
    expect(inCidr(await eni.getAttribute('data-private-ip'), cidr)).toBe(true);
  }
});

test('launching from the form draws the instance with a private IP in its subnet and a public IP', async ({ page }) => {
  await openLab(page);
  const before = await drawnInstanceIds(page);
  const subnet = page.locator('[data-testid="subnet"][data-az="us-east-1c"]');
  const subnetId = await subnet.getAttribute('data-subnet-id');
  const cidr = await subnet.getAttribute('data-cidr');

  await page.getByTestId('launch-instance-type').selectOption('t3.small');
  await page.getByTestId('launch-subnet').selectOption(subnetId);
  await page.getByTestId('launch-public-ip').selectOption('default');
  await page.getByTestId('launch-button').click();

  await expect(page.getByTestId('instance')).toHaveCount(before.length + 1);
  await expect(page.getByTestId('error-alert')).toHaveCount(0);
  const after = await drawnInstanceIds(page);
  const [launched] = after.filter((id) => !before.includes(id));
  const instance = page.locator(`[data-testid="instance"][data-instance-id="${launched}"]`);
  await expect(instance).toHaveAttribute('data-state', 'running');
  await expect(instance).toHaveAttribute('data-instance-type', 't3.small');
  await expect(instance).toHaveAttribute('data-subnet-id', subnetId);
  // It is drawn inside the subnet's box.
  await expect(subnet.locator(`[data-instance-id="${launched}"]`)).toHaveCount(1);

  const eni = instance.getByTestId('eni');
  await expect(eni).toHaveAttribute('data-device-index', '0');
  // The primary interface is marked as fixed to its instance.
  await expect(eni).toContainText('eth0 · primary');
  const privateIp = await eni.getAttribute('data-private-ip');
  expect(inCidr(privateIp, cidr)).toBe(true);
  const publicIp = await eni.getAttribute('data-public-ip');
  expect(publicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  expect(inCidr(publicIp, '172.31.0.0/16')).toBe(false);
  await expect(eni.getByText(`Private ${privateIp}`)).toBeVisible();
  await expect(eni.getByText(`Public ${publicIp}`)).toBeVisible();

  // The step is logged as the AWS CLI command it is.
  await expect(page.getByTestId('action-log').locator('li').last()).toContainText(
    `aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.small --subnet-id ${subnetId}`,
  );
});

test('launching with "No public IP" gives the interface no public address', async ({ page }) => {
  await openLab(page);
  const before = await drawnInstanceIds(page);
  await page.getByTestId('launch-public-ip').selectOption('no');
  await page.getByTestId('launch-button').click();
  await expect(page.getByTestId('instance')).toHaveCount(before.length + 1);
  const [launched] = (await drawnInstanceIds(page)).filter((id) => !before.includes(id));
  const eni = page.locator(`[data-instance-id="${launched}"] [data-testid="eni"]`);
  await expect(eni).toHaveAttribute('data-private-ip', /^172\.31\./);
  await expect(eni).not.toHaveAttribute('data-public-ip', /.*/);
  await expect(eni.getByText('No public IPv4')).toBeVisible();
});

test('terminating an instance releases its interface and marks it terminated', async ({ page }) => {
  await openLab(page);
  const row = page.getByTestId('instance-row').nth(1);
  const id = await row.getAttribute('data-instance-id');
  await expect(page.locator(`[data-testid="instance"][data-instance-id="${id}"] [data-testid="eni"]`)).toHaveCount(1);

  await row.getByTestId('terminate-button').click();

  const instance = page.locator(`[data-testid="instance"][data-instance-id="${id}"]`);
  await expect(instance).toHaveAttribute('data-state', 'terminated');
  await expect(instance.getByTestId('eni')).toHaveCount(0);
  await expect(page.getByTestId('terminated-instances').locator(`[data-instance-id="${id}"]`)).toHaveCount(1);
  const newRow = page.locator(`[data-testid="instance-row"][data-instance-id="${id}"]`);
  await expect(newRow).toHaveAttribute('data-state', 'terminated');
  await expect(newRow.getByTestId('terminate-button')).toHaveCount(0);
  await expect(page.getByTestId('instance')).toHaveCount(3);
});

test('a refused launch shows the EC2 error code in an alert and changes nothing', async ({ page }) => {
  await openLab(page);
  const before = await drawnInstanceIds(page);
  const subnet = page.locator('[data-testid="subnet"][data-az="us-east-1a"]');
  await page.getByTestId('launch-subnet').selectOption(await subnet.getAttribute('data-subnet-id'));
  await page.getByTestId('launch-private-ip').fill('10.9.9.9');
  await page.getByTestId('launch-button').click();

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('InvalidParameterValue');
  await expect(alert).toContainText('10.9.9.9');
  await expect(page.getByTestId('error-alert')).toHaveAttribute('data-error-code', 'InvalidParameterValue');
  expect(await drawnInstanceIds(page)).toEqual(before);

  await page.getByTestId('dismiss-error').click();
  await expect(page.getByRole('alert')).toHaveCount(0);
});
