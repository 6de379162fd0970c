import { chromium, defineConfig, devices, type LaunchOptions } from '@playwright/test'
import { SYSTEM_CHROMIUM_ARGS, chooseBrowser, machineFacts } from './scripts/e2e-browser.mjs'

/**
 * Port and data dir of the e2e server: its own, so it never meets a dev server or the CLI's data.
 * E2E_PORT lets two runs (in two worktrees, each with its own .data-e2e) go side by side.
 */
const PORT = Number(process.env.E2E_PORT || 3100)
const BASE_URL = `http://localhost:${PORT}`

/**
 * The browser `npm test` chose (scripts/e2e-browser.mjs): Playwright's own chromium needs no
 * options, Debian's needs its path and flags. Run directly (`npx playwright test`) on a machine
 * with neither, this config installs nothing: it says how to get one.
 */
function launchOptions(): LaunchOptions {
  let playwrightPath: string | null
  try {
    playwrightPath = chromium.executablePath() || null
  } catch {
    playwrightPath = null
  }
  const choice = chooseBrowser(machineFacts(playwrightPath))
  if (choice.action === 'use') {
    return choice.source === 'playwright' ? {} : { executablePath: choice.executablePath, args: SYSTEM_CHROMIUM_ARGS }
  }
  if (choice.action === 'install') {
    throw new Error(`No browser for the end-to-end tests. Run \`npm test\` (or \`node scripts/test.mjs browser\`), which installs Debian's chromium here.`)
  }
  throw new Error(choice.message)
}

export default defineConfig({
  testDir: 'e2e',
  // One server, one data dir, one signed-in flow at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: BASE_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 }, launchOptions: launchOptions() },
    },
  ],
  webServer: {
    // A fresh data dir each run: start.mjs builds if needed, migrates, seeds the demo and serves.
    command: 'rm -rf .data-e2e && node scripts/start.mjs',
    url: `${BASE_URL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      OVERSIGHT_DATA_DIR: '.data-e2e',
      OVERSIGHT_ADMIN_PASSWORD: 'e2e-admin-password',
      OVERSIGHT_DEMO_DAYS: '14',
      OVERSIGHT_DEMO_SCALE: '0.05',
      // The embedded stores, whatever the shell says: a shared PostgreSQL would keep an old admin.
      DATABASE_URL: '',
      CLICKHOUSE_URL: '',
    },
  },
})
