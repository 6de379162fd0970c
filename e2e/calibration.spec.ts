import { expect, test, type Page } from '@playwright/test'

/** The webServer of playwright.config.ts creates the admin with this password. */
const ADMIN = { username: 'admin', password: process.env.E2E_ADMIN_PASSWORD ?? 'e2e-admin-password' }

async function signIn(page: Page) {
  await page.getByLabel('Username', { exact: true }).fill(ADMIN.username)
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

const diagram = '[data-testid="reliability-diagram"] svg.recharts-surface'

test('the calibration page shows the reliability diagram and ECE, and keeps its options in the URL', async ({ page }) => {
  await page.goto('/calibration')
  await expect(page).toHaveURL(/\/login(\?|$)/)
  await signIn(page)
  await expect(page).toHaveURL(/\/calibration/)
  await expect(page.getByRole('heading', { level: 1, name: 'Calibration' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Calibration' })).toHaveAttribute('aria-current', 'page')

  // The reliability diagram, with its accuracy points, and an ECE figure.
  await expect(page.locator(diagram)).toBeVisible()
  await expect(page.locator(`${diagram} .recharts-line-dots circle`).first()).toBeAttached()
  await expect(page.locator('[data-kpi="ece"] .kpi-value')).toHaveText(/^\d\.\d{3}$/)
  await expect(page.locator('.kpi-card')).toHaveCount(5)
  await expect(page.getByTestId('calibration-verdict')).not.toBeEmpty()
  await expect(page.locator('[data-kpi="ece"] .kpi-detail')).toContainText('of 10 bins')

  // Changing the bins updates the URL and the figures.
  await page.getByLabel('Bins', { exact: true }).fill('15')
  await expect(page).toHaveURL(/[?&]bins=15(&|$)/)
  await expect(page.locator('[data-kpi="ece"] .kpi-detail')).toContainText('of 15 bins')
  await expect(page.getByText('Per-bin table (15 bins)')).toBeVisible()
  await expect(page.locator(diagram)).toBeVisible()

  // Group by version: one small diagram per version; the bins stay.
  await page.getByRole('button', { name: 'Version', exact: true }).click()
  await expect(page).toHaveURL(/[?&]group_by=model_version(&|$)/)
  await expect(page).toHaveURL(/[?&]bins=15(&|$)/)
  await expect(page.getByTestId('calibration-groups')).toBeVisible()
  await expect(page.locator('[data-testid="calibration-groups"] .small-multiple svg.recharts-surface').first()).toBeVisible()

  // The URL is the view: a reload keeps the options.
  await page.reload()
  await expect(page.getByLabel('Bins', { exact: true })).toHaveValue('15')
  await expect(page.getByRole('button', { name: 'Version', exact: true })).toHaveAttribute('aria-pressed', 'true')
  await expect(page.locator(diagram)).toBeVisible()
})
