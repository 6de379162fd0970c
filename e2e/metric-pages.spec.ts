import { expect, test, type Page } from '@playwright/test'

/** The webServer of playwright.config.ts creates the admin with this password. */
const ADMIN = { username: 'admin', password: process.env.E2E_ADMIN_PASSWORD ?? 'e2e-admin-password' }

async function signIn(page: Page) {
  await page.goto('/login')
  await page.getByLabel('Username', { exact: true }).fill(ADMIN.username)
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/overview/)
}

/** The pages built on the metric page shell (MetricPage + MetricView), by family. */
const METRIC_PAGES = [
  { family: 'overview', title: 'Overview' },
  { family: 'agreement', title: 'Agreement' },
  { family: 'calibration', title: 'Calibration' },
] as const

/** Matches the family's API requests, whatever their query. */
const metricsApi = (family: string) => (url: URL) => url.pathname === `/api/v1/metrics/${family}`

test.describe('the metric page shell', () => {
  test.beforeEach(async ({ page }) => signIn(page))

  for (const { family, title } of METRIC_PAGES) {
    test(`${family}: title and skeleton while the data loads, then the scope line and the figures`, async ({ page }, testInfo) => {
      // Hold the family's answer until the loading state has been seen.
      let release!: () => void
      const held = new Promise<void>((resolve) => (release = resolve))
      await page.route(metricsApi(family), async (route) => {
        await held
        await route.continue()
      })

      await page.goto(`/${family}`)
      await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
      // The first placeholder: the page's while it renders, then its view's while the data load.
      const loading = page.locator(`[aria-busy="true"][aria-label="Loading the ${family}"]`).first()
      await expect(loading).toBeVisible()
      await expect(loading.locator('.skeleton').first()).toBeVisible()
      await page.screenshot({ path: testInfo.outputPath(`${family}-loading.png`) })

      release()
      await expect(loading).toHaveCount(0)
      await expect(page.getByTestId(`${family}-scope`)).toContainText(/\d{4}/)
      await expect(page.locator('.kpi-card .kpi-value').first()).not.toBeEmpty()
      await expect(page.locator('.error-state')).toHaveCount(0)
      await expect(page.locator('.chart-card svg.recharts-surface').first()).toBeVisible()

      // Kept in test-results/ (and the HTML report), like the loading one, to look at after a change to the shell.
      const path = testInfo.outputPath(`${family}.png`)
      await page.screenshot({ path, fullPage: true })
      await testInfo.attach(`${family}.png`, { path, contentType: 'image/png' })
    })

    test(`${family}: a failed load shows the server's message and a retry that recovers`, async ({ page }) => {
      let fail = true
      await page.route(metricsApi(family), async (route) => {
        if (!fail) return route.continue()
        await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'store_unavailable', message: 'The store is restarting.' } }) })
      })

      await page.goto(`/${family}`)
      // The error card (Next's route announcer is a role=alert too).
      const alert = page.locator('.error-state[role="alert"]')
      await expect(alert).toContainText(`The ${family} could not be loaded`)
      await expect(alert).toContainText('The store is restarting.')
      await expect(alert).toContainText('HTTP 503 · store_unavailable')

      fail = false
      await alert.getByRole('button', { name: 'Retry' }).click()
      await expect(page.locator('.error-state')).toHaveCount(0)
      await expect(page.getByTestId(`${family}-scope`)).toContainText(/\d{4}/)
    })
  }
})
