import { expect, test, type Page } from '@playwright/test'

/** The webServer of playwright.config.ts creates the admin with this password. */
const ADMIN = { username: 'admin', password: process.env.E2E_ADMIN_PASSWORD ?? 'e2e-admin-password' }

async function signIn(page: Page) {
  await page.getByLabel('Username', { exact: true }).fill(ADMIN.username)
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

const heatmap = '[data-testid="confusion-heatmap"]'
const table = '[data-testid="reviewer-table"]'

/** The figures of one column of the reviewer table ("1,234" → 1234, "95.0%" → 95, "—" → null). */
async function columnNumbers(page: Page, column: number): Promise<(number | null)[]> {
  const texts = await page.locator(`${table} tbody tr td:nth-of-type(${column})`).allInnerTexts()
  return texts.map((t) => (/\d/.test(t) ? Number(t.replace(/[^\d.]/g, '')) : null))
}

function isSorted(values: (number | null)[], direction: 'asc' | 'desc'): boolean {
  const present = values.filter((v): v is number => v !== null)
  // Missing figures come last.
  if (values.slice(present.length).some((v) => v !== null)) return false
  return present.every((v, i) => i === 0 || (direction === 'asc' ? present[i - 1] <= v : present[i - 1] >= v))
}

test('the agreement page shows the confusion heatmap and a sortable reviewer table', async ({ page }) => {
  await page.goto('/agreement')
  await expect(page).toHaveURL(/\/login(\?|$)/)
  await signIn(page)
  await expect(page).toHaveURL(/\/agreement/)
  await expect(page.getByRole('heading', { level: 1, name: 'Agreement' })).toBeVisible()

  // KPI cards, model vs human and between reviewers.
  await expect(page.locator('[data-kpi="agreement_rate"] .kpi-value')).toHaveText(/^\d+\.\d%$/)
  await expect(page.locator('[data-kpi="agreement_rate"] .kpi-detail')).toContainText('95% CI')
  await expect(page.locator('[data-kpi="krippendorff_alpha"]')).toBeVisible()
  await expect(page.locator('[data-kpi="fleiss_kappa"]')).toBeVisible()

  // The heatmap holds the demo's labels: all models mixed, then one model's own.
  await expect(page.locator(heatmap)).toBeVisible()
  const labels = page.locator(`${heatmap} .heatmap-col-label:not(.heatmap-total)`)
  for (const label of ['allow', 'spam', 'fraud', 'legit']) await expect(labels.filter({ hasText: new RegExp(`^${label}$`) })).toHaveCount(1)
  await page.getByLabel('Model', { exact: true }).selectOption('fraud-detector')
  await expect(page).toHaveURL(/[?&]model=fraud-detector(&|$)/)
  await expect(labels).toHaveText(['fraud', 'legit'])
  await expect(page.locator(`${heatmap} .heatmap-cell.diagonal`)).toHaveCount(2)

  // The reviewer table sorts by reviews (largest first) until a header is clicked.
  await expect(page.locator(`${table} tbody tr`).first()).toBeVisible()
  expect(await page.locator(`${table} tbody tr`).count()).toBeGreaterThan(1)
  expect(isSorted(await columnNumbers(page, 1), 'desc')).toBe(true)

  const reviews = page.getByRole('columnheader', { name: /^Reviews/ })
  await reviews.getByRole('button').click()
  await expect(reviews).toHaveAttribute('aria-sort', 'ascending')
  expect(isSorted(await columnNumbers(page, 1), 'asc')).toBe(true)

  const gold = page.getByRole('columnheader', { name: /^Gold accuracy/ })
  await gold.getByRole('button').click()
  await expect(gold).toHaveAttribute('aria-sort', 'descending')
  await expect(reviews).toHaveAttribute('aria-sort', 'none')
  expect(isSorted(await columnNumbers(page, 4), 'desc')).toBe(true)

  // A reviewer's name narrows the page to their reviews, in the URL.
  const first = page.locator(`${table} tbody tr th a`).first()
  const reviewer = (await first.innerText()).trim()
  await first.click()
  await expect(page).toHaveURL(new RegExp(`[?&]reviewer_id=${encodeURIComponent(reviewer)}(&|$)`))
  await expect(page.getByLabel('Reviewer', { exact: true })).toHaveValue(reviewer)
  await expect(page.getByTestId('agreement-scope')).toContainText(`reviewer ${reviewer}`)
})
