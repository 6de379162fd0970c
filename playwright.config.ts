import fs from 'node:fs'
import { chromium, defineConfig, devices, type LaunchOptions } from '@playwright/test'

/** Port and data dir of the e2e server: its own, so it never meets a dev server or the CLI's data. */
const PORT = 3100
const BASE_URL = `http://localhost:${PORT}`
const SYSTEM_CHROMIUM = '/usr/bin/chromium'
/** Flags that keep Debian's chromium quiet and working as root in a container. */
const SYSTEM_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

/** Playwright's own chromium when it is downloaded, else the system one, else a clear error. */
function launchOptions(): LaunchOptions {
  let bundled: string | undefined
  try {
    bundled = chromium.executablePath()
  } catch {
    bundled = undefined
  }
  if (bundled && fs.existsSync(bundled)) return {}
  if (fs.existsSync(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM, args: SYSTEM_CHROMIUM_ARGS }
  throw new Error(
    `No browser for the end-to-end tests: Playwright's chromium is not downloaded and ${SYSTEM_CHROMIUM} does not exist. ` +
      'Install one with `apt-get update && apt-get install -y chromium` (as root), or `npx playwright install chromium`.',
  )
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
