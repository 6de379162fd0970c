import { expect, test, type Page } from '@playwright/test'
import { shot } from './shell-helpers'
import { downloadCsv, expectTicksApart, SCREENS, xTickLabels } from './chart-kit-helpers'

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

// ---------------------------------------------------------------------------------------------
// Comparisons, roll-outs and charts that read well (issue 15, points 4, 6 and 8), on both screens.

interface Group {
  key: string
  first_seen: string | null
  last_seen: string | null
  ece: number | null
  predictions: number
  series: { period: string; ece: number | null }[]
}
interface Answer {
  filters: { from: string; to: string }
  reliability: { bin: number; lower: number; upper: number; count: number; labeled: number; mean_confidence: number | null; accuracy: number | null; accuracy_ci: { lower: number; upper: number } | null }[]
  histogram: { bin: number; lower: number; upper: number; count: number; labeled: number }[]
  series: { period: string }[]
  groups?: Group[]
}

async function api(page: Page, query: string): Promise<Answer> {
  const response = await page.request.get(`/api/v1/metrics/calibration?${query}`)
  expect(response.ok()).toBe(true)
  return (await response.json()) as Answer
}

async function openCalibration(page: Page, query: string) {
  await page.goto(`/calibration${query ? `?${query}` : ''}`)
  if (/\/login/.test(page.url())) await signIn(page)
  await expect(page).toHaveURL(/\/calibration/)
  await expect(page.locator('[data-kpi="ece"] .kpi-value')).toHaveText(/^(\d\.\d{3}|—)$/)
  await expect(page.locator('.query-content[data-stale="true"]')).toHaveCount(0)
  await expect(page.locator(diagram)).toBeVisible()
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const dayLabel = (day: string) => `${MONTHS[Number(day.slice(5, 7)) - 1]} ${Number(day.slice(8, 10))}`
const edgeLabel = (value: number) => (Math.abs(value * 100 - Math.round(value * 100)) < 1e-6 ? value.toFixed(2) : value.toFixed(3))

for (const screen of SCREENS) {
  test.describe(`calibration comparisons and charts, ${screen.name}`, () => {
    test.use({ viewport: { width: screen.width, height: screen.height } })

    test('group by model: every model side by side, with its ECE as the API gives it', async ({ page }, testInfo) => {
      await openCalibration(page, '')
      await page.getByRole('button', { name: 'Model', exact: true }).click()
      await expect(page).toHaveURL(/[?&]group_by=model(&|$)/)
      const answer = await api(page, 'group_by=model')
      const groups = page.getByTestId('calibration-groups')
      await expect(groups.locator('.small-multiple')).toHaveCount(answer.groups!.length)
      expect(answer.groups!.length).toBeGreaterThanOrEqual(2)
      for (const group of answer.groups!) {
        const card = groups.locator(`.small-multiple[data-group="${group.key}"]`)
        await expect(card.locator('h3')).toHaveText(group.key)
        await expect(card).toContainText(`ECE ${group.ece === null ? '—' : group.ece.toFixed(3)}`)
        await expect(card.locator('svg.recharts-surface')).toBeVisible()
      }
      // The trend: one ECE line per model, each a legend toggle.
      const trend = page.getByTestId('calibration-trend')
      await expect(trend.getByRole('heading')).toHaveText(/ECE per day by model/)
      for (const group of answer.groups!) await expect(trend.getByRole('button', { name: group.key, exact: true })).toHaveAttribute('aria-pressed', 'true')
      // The table's CSV: the groups with when they were seen, figures unformatted.
      const csv = await downloadCsv(page, page.locator('section.table-card', { has: page.getByTestId('calibration-groups-table') }))
      expect(csv.header).toEqual(['model', 'first_seen', 'last_seen', 'predictions', 'labeled', 'ece', 'mce', 'brier'])
      expect(csv.rows.map((r) => [r[0], r[1], r[2], r[5]])).toEqual(
        [...answer.groups!].sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true })).map((g) => [g.key, g.first_seen, g.last_seen, String(g.ece ?? '')]),
      )
      await shot(page, testInfo, `calibration-by-model-${screen.name}`, true)
    })

    test('a version roll-out: first and last seen on the cards, a marker on the trend, the ECE split by version', async ({ page }, testInfo) => {
      await openCalibration(page, 'model=fraud-detector&group_by=model_version')
      const answer = await api(page, 'model=fraud-detector&group_by=model_version')
      const groups = answer.groups!
      const dataFirst = groups.map((g) => g.first_seen!).sort()[0]
      const rolledOut = groups.filter((g) => g.first_seen! > dataFirst)
      expect(rolledOut.length, 'the demo rolls a version out mid-range').toBeGreaterThan(0)

      for (const g of groups) {
        const seen = page.locator(`.small-multiple[data-group="${g.key}"]`).getByTestId('group-seen')
        if (g.first_seen! > dataFirst) await expect(seen).toContainText(`first seen ${dayLabel(g.first_seen!)}`)
        else await expect(seen).toContainText('seen from the start')
      }
      const table = page.getByTestId('calibration-groups-table')
      for (const g of groups) {
        const row = table.locator('tbody tr', { has: page.getByRole('rowheader', { name: new RegExp(`^${g.key.replace('.', '\\.')}`) }) })
        await expect(row.locator('td').nth(0)).toHaveText(dayLabel(g.first_seen!))
        await expect(row.locator('td').nth(1)).toHaveText(dayLabel(g.last_seen!))
      }

      const trend = page.getByTestId('calibration-trend')
      await expect(trend.getByRole('heading')).toHaveText(/ECE per day by version/)
      await expect(trend.locator('.version-marker')).toHaveCount(new Set(rolledOut.map((g) => g.first_seen)).size)
      for (const g of rolledOut) {
        await expect(trend.getByTestId('version-markers')).toContainText(`${g.key} first seen ${dayLabel(g.first_seen!)}`)
        await expect(trend.locator('svg text', { hasText: `▸ ${g.key}` })).toHaveCount(1)
      }
      // One line per version and the overall one, dashed.
      for (const g of groups) await expect(trend.getByRole('button', { name: g.key, exact: true })).toBeVisible()
      await expect(trend.getByRole('button', { name: 'All versions' })).toBeVisible()
      // The trend's CSV, long form: a row per version and day.
      const csv = await downloadCsv(page, trend)
      expect(csv.header).toEqual(['model_version', 'period', 'ece', 'brier', 'predictions', 'labeled'])
      expect(csv.rows).toHaveLength(groups.length * answer.series.length)
      await shot(page, testInfo, `calibration-rollout-${screen.name}`, true)

      // Without grouping the marker stays: the page asks for the versions' first days itself.
      await openCalibration(page, 'model=fraud-detector')
      await expect(page.getByTestId('calibration-trend').locator('.version-marker')).toHaveCount(new Set(rolledOut.map((g) => g.first_seen)).size)
      await expect(page.getByTestId('calibration-trend').getByTestId('version-markers')).toContainText(`${rolledOut[0].key} first seen`)
    })

    test('equal-mass bins are plotted by bin index, labeled by their edges, and can be read', async ({ page }, testInfo) => {
      await openCalibration(page, 'strategy=quantile')
      const answer = await api(page, 'strategy=quantile')
      const chart = page.getByTestId('reliability-diagram')
      await expect(chart.getByTestId('quantile-diagram')).toBeVisible()
      const labels = await xTickLabels(chart).allTextContents()
      const edges = [...answer.reliability.map((b) => edgeLabel(b.lower)), '1.00']
      expect(labels.length).toBeGreaterThanOrEqual(3)
      for (const label of labels) expect(edges).toContain(label)
      await expectTicksApart(chart)
      // The labeled bins' points spread over the width: no two closer than half a slot.
      const dots = await chart.locator('.recharts-line-dots').last().locator('circle').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().x).sort((a, b) => a - b))
      const plot = await chart.locator('.recharts-cartesian-grid').boundingBox()
      const slot = plot!.width / answer.reliability.length
      expect(dots.length).toBe(answer.reliability.filter((b) => b.accuracy !== null).length)
      for (let i = 1; i < dots.length; i++) expect(dots[i] - dots[i - 1]).toBeGreaterThan(slot / 2)
      // Its CSV: the API's reliability table, numbers unformatted.
      const csv = await downloadCsv(page, chart)
      expect(csv.fileName).toMatch(/^calibration-reliability-quantile-all-models-/)
      expect(csv.rows).toEqual(
        answer.reliability.map((b) => [b.bin, b.lower, b.upper, b.count, b.labeled, b.mean_confidence, b.accuracy, b.accuracy_ci?.lower, b.accuracy_ci?.upper].map((v) => (v === null || v === undefined ? '' : String(v)))),
      )
      await shot(page, testInfo, `calibration-quantile-${screen.name}`, true)
    })

    test('the histogram fits its axis to the data at round ticks; every chart’s tick labels stay apart', async ({ page }, testInfo) => {
      await openCalibration(page, '')
      const answer = await api(page, '')
      const histogram = page.getByTestId('confidence-histogram')
      const ticks = (await xTickLabels(histogram).allTextContents()).map((t) => Number(t.replace('%', '')))
      const lowest = Math.min(...answer.histogram.filter((b) => b.count > 0).map((b) => b.lower))
      expect(ticks[0]).toBeGreaterThanOrEqual(Math.floor(lowest * 10) * 10)
      expect(ticks[0]).toBeGreaterThan(0)
      expect(ticks.at(-1)).toBe(100)
      for (const t of ticks) expect(t % 5).toBe(0)
      for (const id of ['reliability-diagram', 'confidence-histogram', 'calibration-trend']) await expectTicksApart(page.getByTestId(id))
      // Stacked bars total in the tooltip; the legend toggles the labeled part.
      await histogram.getByRole('button', { name: 'Not labeled' }).click()
      await expect(histogram.getByRole('button', { name: 'Not labeled' })).toHaveAttribute('aria-pressed', 'false')
      await page.keyboard.press('Space')
      await expect(histogram.getByRole('button', { name: 'Not labeled' })).toHaveAttribute('aria-pressed', 'true')
      const csv = await downloadCsv(page, histogram)
      expect(csv.rows).toEqual(answer.histogram.map((b) => [b.bin, b.lower, b.upper, b.count, b.labeled].map(String)))
      // Subtitles wrap rather than end in "…".
      const subtitle = histogram.locator('header p')
      expect(await subtitle.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && getComputedStyle(el).whiteSpace !== 'nowrap')).toBe(true)
      for (const detail of await page.locator('.kpi-detail').all()) expect(await detail.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true)
      await shot(page, testInfo, `calibration-charts-${screen.name}`, true)
    })
  })
}
