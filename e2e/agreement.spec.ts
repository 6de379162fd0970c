import fs from 'node:fs'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { shot } from './shell-helpers'

/** The webServer of playwright.config.ts creates the admin with this password. */
const ADMIN = { username: 'admin', password: process.env.E2E_ADMIN_PASSWORD ?? 'e2e-admin-password' }

async function signIn(page: Page) {
  await page.getByLabel('Username', { exact: true }).fill(ADMIN.username)
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** Signed in, on the Agreement page with `query`, its figures in (not the previous view's). */
async function openAgreement(page: Page, query = '') {
  await page.goto(`/agreement${query}`)
  if (/\/login/.test(page.url())) await signIn(page)
  await expect(page).toHaveURL(/\/agreement/)
  await loaded(page)
}

async function loaded(page: Page) {
  await expect(page.locator('[data-kpi="agreement_rate"] .kpi-value')).toHaveText(/^\d+\.\d%$/)
  await expect(page.locator('.query-content[data-stale="true"]')).toHaveCount(0)
  await expect(page.locator(`${table} tbody tr`).first()).toBeVisible()
}

const heatmap = '[data-testid="confusion-heatmap"]'
const table = '[data-testid="reviewer-table"]'
const GRACE = 'r07-grace'

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

/** A reviewer's row, and the text of one of its figure columns (1: reviews … 5: median handle). */
const reviewerRow = (page: Page, id: string) => page.locator(`${table} tbody tr[data-reviewer="${id}"]`)
const cell = (row: Locator, column: number) => row.locator(`td:nth-of-type(${column})`)

/** The reviewer ids in the table's order. */
const reviewerOrder = (page: Page) => page.locator(`${table} tbody tr`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-reviewer')))

/** Presses Tab until `target` has the focus (at most `limit` times); fails if it never does. */
async function tabTo(page: Page, target: Locator, limit = 120) {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`Tab never reached ${target}`)
}

/** The open popover's text (a toggletip), or null when none is open. */
const openTip = (page: Page) => page.locator('[popover]:popover-open')

test('the agreement page shows the confusion heatmap, the ranked confusions and a sortable reviewer table', async ({ page }, testInfo) => {
  // React reports markup the server and the browser disagree on, or that HTML does not allow (a
  // toggletip in a paragraph must be phrasing content), on the console.
  const markupErrors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' && /hydrat|cannot be a descendant|cannot contain a nested|validateDOMNesting|Minified React error #4[12]\d/i.test(message.text())) markupErrors.push(message.text())
  })
  await page.goto('/agreement')
  await expect(page).toHaveURL(/\/login(\?|$)/)
  await signIn(page)
  await expect(page).toHaveURL(/\/agreement/)
  await expect(page.getByRole('heading', { level: 1, name: 'Agreement' })).toBeVisible()
  await loaded(page)

  // KPI cards, model vs human and between reviewers.
  await expect(page.locator('[data-kpi="agreement_rate"] .kpi-detail')).toContainText('95% CI')
  await expect(page.locator('[data-kpi="krippendorff_alpha"]')).toBeVisible()
  await expect(page.locator('[data-kpi="fleiss_kappa"]')).toBeVisible()
  await expect(page.getByTestId('inter-reviewer-scope')).toHaveText(/^Over items labeled by two or more reviewers/)

  // The heatmap holds the demo's labels: all models mixed, then one model's own.
  await expect(page.locator(heatmap)).toBeVisible()
  const labels = page.locator(`${heatmap} .heatmap-col-label:not(.heatmap-total)`)
  for (const label of ['allow', 'spam', 'fraud', 'legit']) await expect(labels.filter({ hasText: new RegExp(`^${label}$`) })).toHaveCount(1)
  await page.getByLabel('Model', { exact: true }).selectOption('fraud-detector')
  await expect(page).toHaveURL(/[?&]model=fraud-detector(&|$)/)
  await expect(labels).toHaveText(['fraud', 'legit'])
  await expect(page.locator(`${heatmap} .heatmap-cell.diagonal`)).toHaveCount(2)
  await loaded(page)

  // Next to the matrix, its off-diagonal cells ranked: fraud → legit and legit → fraud, most frequent first.
  const confusions = page.getByTestId('top-confusions')
  await expect(confusions.locator('tbody tr')).toHaveCount(2)
  const ranked = await confusions.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => ({ model: r.getAttribute('data-model'), human: r.getAttribute('data-human'), count: Number(r.querySelector('td')!.textContent!.replace(/\D/g, '')) })),
  )
  expect(ranked[0].count).toBeGreaterThanOrEqual(ranked[1].count)
  for (const { model, human, count } of ranked) {
    const matrixCount = await page.locator(`${heatmap} .heatmap-cell[data-model="${model}"][data-human="${human}"] .heatmap-count`).innerText()
    expect(Number(matrixCount.replace(/\D/g, ''))).toBe(count)
  }
  const shares = await confusions.locator('tbody tr td:nth-of-type(2)').allInnerTexts()
  expect(shares.map((s) => Number(s.replace('%', ''))).reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0)

  // The reviewer table sorts by reviews (largest first) until a header is clicked.
  expect(await page.locator(`${table} tbody tr`).count()).toBeGreaterThan(1)
  expect(isSorted(await columnNumbers(page, 1), 'desc')).toBe(true)

  const reviews = page.locator(table).getByRole('columnheader', { name: /^Reviews/ })
  await reviews.getByRole('button').click()
  await expect(reviews).toHaveAttribute('aria-sort', 'ascending')
  expect(isSorted(await columnNumbers(page, 1), 'asc')).toBe(true)

  const gold = page.locator(table).getByRole('columnheader', { name: /^Gold accuracy/ })
  await gold.getByRole('button').click()
  await expect(gold).toHaveAttribute('aria-sort', 'descending')
  await expect(reviews).toHaveAttribute('aria-sort', 'none')
  expect(isSorted(await columnNumbers(page, 4), 'desc')).toBe(true)
  await shot(page, testInfo, 'agreement-1440', true)

  expect(markupErrors).toEqual([])

  // A reviewer's name narrows the page to their figures, in the URL.
  const first = page.locator(`${table} tbody tr th a`).first()
  const reviewer = (await first.innerText()).trim()
  await first.click()
  await expect(page).toHaveURL(new RegExp(`[?&]reviewer_id=${encodeURIComponent(reviewer)}(&|$)`))
  await expect(page.getByLabel('Reviewer', { exact: true })).toHaveValue(reviewer)
  await expect(page.getByTestId('agreement-scope')).toContainText(`reviewer ${reviewer}`)
})

test('the reviewer table’s sort is kept in the URL: it survives a reload and adds no history entries', async ({ page }) => {
  await openAgreement(page)
  const entries = await page.evaluate(() => history.length)
  const withModel = page.locator(table).getByRole('columnheader', { name: /^Agreement with model/ })
  await withModel.getByRole('button').click()
  await expect(page).toHaveURL(/[?&]sort=agreement_with_model(&|$)/)
  await withModel.getByRole('button').click()
  await expect(page).toHaveURL(/[?&]sort=agreement_with_model&dir=asc(&|$)/)
  await expect(withModel).toHaveAttribute('aria-sort', 'ascending')
  const order = await reviewerOrder(page)
  expect(isSorted(await columnNumbers(page, 2), 'asc')).toBe(true)

  await page.reload()
  await loaded(page)
  await expect(withModel).toHaveAttribute('aria-sort', 'ascending')
  expect(await reviewerOrder(page)).toEqual(order)

  // A sort replaces the history entry: Back does not step through sorts.
  expect(await page.evaluate(() => history.length)).toBe(entries)

  // The default sort writes nothing.
  await openAgreement(page, '?sort=reviews&dir=asc')
  await page.locator(table).getByRole('columnheader', { name: /^Reviews/ }).getByRole('button').click()
  await expect(page).not.toHaveURL(/sort=/)
})

test('a reviewer filter keeps r07-grace’s figures and shows the between-reviewer figures over her items', async ({ page }, testInfo) => {
  await openAgreement(page)
  const everyone = reviewerRow(page, GRACE)
  await expect(everyone).toBeVisible()
  const row = { reviews: await cell(everyone, 1).innerText(), withModel: await cell(everyone, 2).innerText(), withMajority: await cell(everyone, 3).innerText() }
  expect(row.withMajority).toMatch(/^\d+\.\d%$/)
  const units = Number((await page.locator('[data-kpi="units"] .kpi-value').innerText()).replace(/\D/g, ''))

  await page.getByLabel('Reviewer', { exact: true }).selectOption(GRACE)
  await expect(page).toHaveURL(new RegExp(`[?&]reviewer_id=${GRACE}(&|$)`))
  await expect(page.getByTestId('agreement-scope')).toContainText(`reviewer ${GRACE}`)
  await loaded(page)

  // Her own row, as in the team's table: "with majority" still against the other reviewers of her items.
  const alone = reviewerRow(page, GRACE)
  await expect(page.locator(`${table} tbody tr`)).toHaveCount(1)
  await expect(cell(alone, 1)).toHaveText(row.reviews)
  await expect(cell(alone, 2)).toHaveText(row.withModel)
  await expect(cell(alone, 3)).toHaveText(row.withMajority)
  await expect(page.locator('[data-kpi="reviewed"] .kpi-value')).toHaveText(row.reviews)

  // Between reviewers: figures over the items she took part in, and the page says so.
  await expect(page.getByTestId('inter-reviewer-scope')).toContainText(`Over the items ${GRACE} took part in`)
  await expect(page.getByTestId('inter-reviewer-scope')).toContainText('with all of their reviewers')
  await expect(page.locator('[data-kpi="krippendorff_alpha"] .kpi-value')).toHaveText(/^-?\d\.\d{3}$/)
  await expect(page.locator('[data-kpi="gwet_ac1"] .kpi-value')).toHaveText(/^-?\d\.\d{3}$/)
  await expect(page.locator('[data-kpi="pairwise_agreement"] .kpi-value')).toHaveText(/^\d+\.\d%$/)
  await expect(page.locator('[data-kpi="units"] .kpi-detail')).toHaveText(`items ${GRACE} shared`)
  await expect(page.locator('.kpi-detail', { hasText: 'no item has 2+ reviewers' })).toHaveCount(0)
  const herUnits = Number((await page.locator('[data-kpi="units"] .kpi-value').innerText()).replace(/\D/g, ''))
  expect(herUnits).toBeGreaterThan(0)
  expect(herUnits).toBeLessThan(units)
  // The API says the same.
  const api = await page.request.get(`/api/v1/metrics/agreement?reviewer_id=${GRACE}`)
  const body = (await api.json()) as { inter_reviewer: { units: number; units_with_reviewer?: string } }
  expect(body.inter_reviewer).toMatchObject({ units: herUnits, units_with_reviewer: GRACE })
  await shot(page, testInfo, 'agreement-grace-1440', true)
})

test('every table and chart offers its data as CSV', async ({ page }) => {
  await openAgreement(page, '?model=fraud-detector')
  const buttons = page.getByRole('button', { name: /^Download CSV of / })
  await expect(buttons).toHaveCount(4)

  const download = async (name: string) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Download CSV of ${name}` }).click()])
    return { name: file.suggestedFilename(), lines: fs.readFileSync((await file.path())!, 'utf8').trimEnd().split('\r\n') }
  }
  const reviewers = await download('Reviewers')
  expect(reviewers.name).toMatch(/^agreement-reviewers-fraud-detector-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/)
  expect(reviewers.lines[0]).toBe('reviewer_id,reviews,agreement_with_model,agreement_with_majority,gold_accuracy,median_handle_ms,flags')
  // In the table's order, figures unformatted.
  const order = await reviewerOrder(page)
  expect(reviewers.lines.slice(1).map((l) => l.split(',')[0])).toEqual(order)
  expect(reviewers.lines.find((l) => l.startsWith(`${GRACE},`))).toMatch(new RegExp(`^${GRACE},\\d+,(0\\.\\d+|1),`))

  const matrix = await download('Confusion matrix')
  expect(matrix.lines).toEqual([
    'model_label,human_label,reviews,share_of_model_label',
    expect.stringMatching(/^fraud,fraud,\d+,/),
    expect.stringMatching(/^fraud,legit,\d+,/),
    expect.stringMatching(/^legit,fraud,\d+,/),
    expect.stringMatching(/^legit,legit,\d+,/),
  ])
  const confusions = await download('Most frequent confusions')
  expect(confusions.lines[0]).toBe('model_label,human_label,reviews,share_of_disagreements,share_of_model_label')
  expect(confusions.lines).toHaveLength(3)
  const series = await download('Agreement over time')
  expect(series.lines[0]).toBe('date,reviewed,agreement_rate,cohen_kappa')
  expect(series.lines.length).toBeGreaterThan(7)
})

test('with the keyboard alone: the flag rules, a flag’s reason and a sort', async ({ page }, testInfo) => {
  await openAgreement(page)
  // "How are reviewers flagged?" is a button in the Tab order; Enter opens the rules, Escape closes them.
  const rules = page.getByRole('button', { name: 'How are reviewers flagged?' })
  await page.locator('h1').click()
  await tabTo(page, rules)
  await page.keyboard.press('Enter')
  await expect(openTip(page)).toBeVisible()
  await expect(openTip(page)).toContainText('Possible rubber-stamping: agreement with the model ≥ 98%')
  await expect(openTip(page)).toContainText('With majority:')
  await shot(page, testInfo, 'agreement-rules-1440')
  await page.keyboard.press('Escape')
  await expect(openTip(page)).toHaveCount(0)

  // On to r07-grace's flag: Space opens its reason, with her figures.
  const flag = reviewerRow(page, GRACE).getByRole('button', { name: 'possible rubber-stamping' })
  await tabTo(page, flag)
  await page.keyboard.press(' ')
  await expect(openTip(page)).toContainText(/Agrees with the model on \d+\.\d% of reviews .* median handle time of [\d.]+ s/)
  await shot(page, testInfo, 'agreement-flag-1440')
  await page.keyboard.press('Escape')
  await expect(openTip(page)).toHaveCount(0)
  await expect(flag).toBeFocused()

  // A header sorts with Enter, and keeps the focus.
  const goldButton = page.locator(table).getByRole('columnheader', { name: /^Gold accuracy/ }).getByRole('button')
  await goldButton.focus()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/[?&]sort=gold_accuracy(&|$)/)
  await expect(goldButton).toBeFocused()
})
