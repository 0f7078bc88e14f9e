// Playwright runs the end-to-end tests in Debian's Chromium against the release
// bundle in dist/, served statically (the build that ships, not `trunk serve`).
const path = require('node:path');
const { defineConfig } = require('@playwright/test');

// The static server's port; E2E_PORT overrides it when 8090 is taken.
const PORT = Number(process.env.E2E_PORT || 8090);

module.exports = defineConfig({
  testDir: __dirname,
  testMatch: '**/*.spec.js',
  outputDir: path.join(__dirname, 'test-results'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  // The JSON report lets scripts/test.sh print one closing count for the whole run.
  reporter: [['list'], ['json', { outputFile: path.join(__dirname, 'test-results', 'report.json') }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    headless: true,
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      // Root in CI needs --no-sandbox; the rest keeps Chromium off the network.
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: `python3 -m http.server ${PORT} --bind 127.0.0.1 --directory dist`,
    cwd: path.join(__dirname, '..'),
    url: `http://127.0.0.1:${PORT}/index.html`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'ignore',
  },
});
