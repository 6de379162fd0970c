import { expect, test, type Page } from '@playwright/test'

/** The webServer of playwright.config.ts creates the admin with this password. */
const ADMIN = { username: 'admin', password: process.env.E2E_ADMIN_PASSWORD ?? 'e2e-admin-password' }

async function signIn(page: Page) {
  await page.getByLabel('Username', { exact: true }).fill(ADMIN.username)
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** The figure of a KPI card as a number ("12,345" → 12345). */
async function kpiNumber(page: Page, id: string): Promise<number> {
  const text = await page.locator(`[data-kpi="${id}"] .kpi-value`).innerText()
  return Number(text.replace(/[^\d.]/g, ''))
}

async function expectOverviewWithData(page: Page) {
  const predictions = page.locator('[data-kpi="predictions"] .kpi-value')
  await expect(predictions).toHaveText(/^[\d,]+$/)
  expect(await kpiNumber(page, 'predictions')).toBeGreaterThan(0)
  await expect(page.locator('.kpi-card')).toHaveCount(8)
  // Charts render client-side once the data is in.
  await expect(page.locator('.chart-card svg.recharts-surface').nth(1)).toBeVisible()
  expect(await page.locator('.chart-card svg.recharts-surface').count()).toBeGreaterThanOrEqual(2)
}

test('sign in, filter the overview by model, share the link, sign out', async ({ page }) => {
  // Signed out: the overview sends the visitor to the login page.
  await page.goto('/overview')
  await expect(page).toHaveURL(/\/login(\?|$)/)

  await signIn(page)
  await expect(page).toHaveURL(/\/overview/)
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page')
  await expectOverviewWithData(page)

  // Narrow to one model: the filter goes to the URL and the page still has data.
  const modelSelect = page.getByLabel('Model', { exact: true })
  await expect(modelSelect).toBeEnabled()
  const models = await modelSelect.locator('option').evaluateAll((options) =>
    options.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''),
  )
  expect(models.length).toBeGreaterThan(0)
  const model = models[0]
  await modelSelect.selectOption(model)
  await expect(page).toHaveURL(new RegExp(`[?&]model=${encodeURIComponent(model)}(&|$)`))
  await expect(page.getByTestId('overview-scope')).toContainText(model)
  await expectOverviewWithData(page)

  // The URL is the view: reloading it keeps the filter.
  await page.reload()
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue(model)
  await expect(page.getByTestId('overview-scope')).toContainText(model)
  await expectOverviewWithData(page)

  // Signing out ends the session.
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/login(\?|$)/)
  await page.goto('/overview')
  await expect(page).toHaveURL(/\/login(\?|$)/)
})

for (const screen of [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const) {
  test(`the by-model table shows each model's ECE from the calibration, linked to it (${screen.name})`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width: screen.width, height: screen.height })
    await page.goto('/overview')
    await signIn(page)
    await expect(page).toHaveURL(/\/overview/)
    await expectOverviewWithData(page)
    const table = page.getByTestId('model-table')
    await expect(table.locator('th', { hasText: 'ECE' })).toBeVisible()
    await expect(table.locator('td[data-ece="pending"]')).toHaveCount(0)
    const calibration = (await (await page.request.get('/api/v1/metrics/calibration?group_by=model')).json()) as { groups: { key: string; ece: number | null }[] }
    for (const group of calibration.groups) {
      const cell = table.locator(`tr[data-model="${group.key}"] td[data-ece]`)
      await expect(cell).toHaveText(group.ece === null ? '—' : group.ece.toFixed(3))
    }
    // An ECE opens that model's calibration, same range.
    const first = calibration.groups.find((g) => g.ece !== null)!
    await table.locator(`tr[data-model="${first.key}"] td[data-ece] a`).click()
    await expect(page).toHaveURL(new RegExp(`/calibration\\?(.*&)?model=${encodeURIComponent(first.key)}(&|$)`))
    await expect(page.locator('[data-kpi="ece"] .kpi-value')).toHaveText(first.ece!.toFixed(3))
    const path = testInfo.outputPath(`overview-ece-${screen.name}.png`)
    await page.screenshot({ path, fullPage: true })
  })
}
