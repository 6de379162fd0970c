import { expect, test, type Locator, type Page } from '@playwright/test'
import { shot, signIn } from './shell-helpers'
import { downloadCsv, expectTicksApart, hover, latestPrediction, SCREENS, yTickValues } from './chart-kit-helpers'

/** The chart kit (ChartCard/TableCard CSV, toggling legends, stacked totals, the partial last day, round ticks, the sticky first column), on the Overview. */

interface OverviewDay {
  date: string
  predictions: number
  escalated: number
  audited: number
  escalation_rate: number | null
}
interface OverviewAnswer {
  filters: { from: string; to: string }
  series: OverviewDay[]
  models: { model: string; predictions: number }[]
}

async function overviewLoaded(page: Page) {
  await expect(page.locator('[data-kpi="predictions"] .kpi-value')).toHaveText(/^[\d,]+$/)
  await expect(page.locator('.query-content[data-stale="true"]')).toHaveCount(0)
  await expect(page.getByTestId('chart-volume').locator('svg.recharts-surface')).toBeVisible()
}

const volume = (page: Page) => page.getByTestId('chart-volume')
const bars = (chart: Locator) => chart.locator('.recharts-bar-rectangle')
const tooltip = (page: Page) => page.getByTestId('chart-tooltip')

/** The figures of a tooltip row ("Auto 1,234"). */
async function tooltipRows(page: Page): Promise<Map<string, string>> {
  const dts = await tooltip(page).locator('dt').allInnerTexts()
  const dds = await tooltip(page).locator('dd').allInnerTexts()
  return new Map(dts.map((dt, i) => [dt.trim(), dds[i]?.trim() ?? '']))
}

const count = (text: string) => Number(text.replace(/[^\d]/g, ''))

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
/** "2026-11-25" → "Nov 25", as the charts label a day. */
const dayLabel = (day: string) => `${MONTHS[Number(day.slice(5, 7)) - 1]} ${Number(day.slice(8, 10))}`

for (const screen of SCREENS) {
  test.describe(`chart kit on the overview, ${screen.name}`, () => {
    test.use({ viewport: { width: screen.width, height: screen.height } })

    test.beforeEach(async ({ page }) => {
      await signIn(page)
      await overviewLoaded(page)
    })

    test('every chart and the table download their data as CSV, figures unformatted', async ({ page }, testInfo) => {
      const api = (await (await page.request.get('/api/v1/metrics/overview')).json()) as OverviewAnswer
      const csv = await downloadCsv(page, volume(page))
      expect(csv.fileName).toMatch(/^overview-predictions-per-day-all-models-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/)
      expect(csv.text.endsWith('\r\n')).toBe(true)
      expect(csv.header).toEqual(['date', 'predictions', 'escalated', 'audited'])
      expect(csv.rows).toEqual([...api.series].sort((a, b) => a.date.localeCompare(b.date)).map((d) => [d.date, String(d.predictions), String(d.escalated), String(d.audited)]))

      // Rates as the API's fractions, not "11.4%".
      const rates = await downloadCsv(page, page.getByTestId('chart-rates'))
      expect(rates.header).toEqual(['date', 'predictions', 'escalated', 'escalation_rate', 'automation_rate'])
      const withRate = api.series.find((d) => d.escalation_rate !== null)!
      expect(rates.rows.find((r) => r[0] === withRate.date)![3]).toBe(String(withRate.escalation_rate))

      for (const id of ['chart-reviews', 'chart-agreement']) expect((await downloadCsv(page, page.getByTestId(id))).rows.length).toBe(api.series.length)

      // The model table, with ECE per model once the calibration answer is in.
      const tableCard = page.locator('section.table-card', { has: page.getByTestId('model-table') })
      await expect(page.locator('[data-testid="model-table"] td[data-ece="pending"]')).toHaveCount(0)
      const models = await downloadCsv(page, tableCard)
      expect(models.fileName).toMatch(/^overview-models-all-models-/)
      expect(models.header[0]).toBe('model')
      expect(models.header.at(-1)).toBe('ece')
      expect(models.rows.map((r) => r[0]).sort()).toEqual(api.models.map((m) => m.model).sort())
      const calibration = (await (await page.request.get('/api/v1/metrics/calibration?group_by=model')).json()) as { groups: { key: string; ece: number | null }[] }
      for (const row of models.rows) expect(row.at(-1)).toBe(String(calibration.groups.find((g) => g.key === row[0])!.ece ?? ''))
      await shot(page, testInfo, `overview-csv-${screen.name}`)
    })

    test('legend entries hide and show their series, by click and by keyboard; stacked bars total the routes shown', async ({ page }, testInfo) => {
      const chart = volume(page)
      const legend = chart.getByTestId('series-legend')
      const review = legend.getByRole('button', { name: 'Review' })
      await expect(review).toHaveAttribute('aria-pressed', 'true')
      const all = await bars(chart).count()
      expect(all).toBeGreaterThan(0)

      // A whole day's bar (the one before the last): its tooltip lists the three routes and their total, that day's predictions.
      const api = (await (await page.request.get('/api/v1/metrics/overview')).json()) as OverviewAnswer
      const autoBars = chart.locator('.recharts-bar').first().locator('.recharts-bar-rectangle')
      const index = (await autoBars.count()) - 2
      await hover(page, autoBars.nth(index))
      await expect(tooltip(page)).toBeVisible()
      const title = (await tooltip(page).locator('.chart-tooltip-title').innerText()).trim()
      const day = api.series.find((d) => dayLabel(d.date) === title)!
      expect(day, `a day labeled ${title}`).toBeDefined()
      let rows = await tooltipRows(page)
      expect([...rows.keys()]).toEqual(['Auto', 'Review', 'Audit', 'Predictions'])
      expect(count(rows.get('Predictions')!)).toBe(day.predictions)
      expect(count(rows.get('Auto')!) + count(rows.get('Review')!) + count(rows.get('Audit')!)).toBe(day.predictions)
      expect(count(rows.get('Review')!) + count(rows.get('Audit')!)).toBe(day.escalated)
      await shot(page, testInfo, `overview-tooltip-total-${screen.name}`)

      // Click: Review goes, and the total is of what is shown.
      await review.click()
      await expect(review).toHaveAttribute('aria-pressed', 'false')
      await expect.poll(() => bars(chart).count()).toBeLessThan(all)
      await hover(page, autoBars.nth(index))
      rows = await tooltipRows(page)
      expect([...rows.keys()]).toEqual(['Auto', 'Audit', 'Predictions (shown)'])
      expect(count(rows.get('Predictions (shown)')!)).toBe(count(rows.get('Auto')!) + count(rows.get('Audit')!))
      await shot(page, testInfo, `overview-legend-hidden-${screen.name}`)

      // Keyboard: Space brings Review back, Enter hides Audit.
      await review.focus()
      await page.keyboard.press('Space')
      await expect(review).toHaveAttribute('aria-pressed', 'true')
      await expect.poll(() => bars(chart).count()).toBe(all)
      await page.keyboard.press('Tab')
      const audit = legend.getByRole('button', { name: 'Audit' })
      await expect(audit).toBeFocused()
      await page.keyboard.press('Enter')
      await expect(audit).toHaveAttribute('aria-pressed', 'false')

      // Lines too: the rates chart drops its escalation line.
      const rates = page.getByTestId('chart-rates')
      const lines = rates.locator('.recharts-line-curve')
      const before = await lines.count()
      await rates.getByRole('button', { name: 'Escalation rate' }).click()
      await expect.poll(() => lines.count()).toBeLessThan(before)
    })

    test('the partial last day is marked as partial, not drawn as a drop', async ({ page }, testInfo) => {
      const api = (await (await page.request.get('/api/v1/metrics/overview')).json()) as OverviewAnswer
      const latest = await latestPrediction(page)
      const lastDay = new Date(Date.parse(api.filters.to) - 1).toISOString().slice(0, 10)
      const dayEnd = Date.parse(`${lastDay}T00:00:00Z`) + 86_400_000
      // The default range ends with the newest prediction's day; the seed runs up to now.
      const partial = Math.min(latest, Date.parse(api.filters.to)) < dayEnd - 30 * 60_000
      const note = page.getByTestId('partial-period-note')
      if (!partial) {
        await expect(note).toHaveCount(0)
        return
      }
      const until = new Date(latest).toISOString().slice(11, 16)
      await expect(note).toContainText(`is a partial day (data up to ${until} UTC`)
      for (const id of ['chart-volume', 'chart-rates', 'chart-reviews', 'chart-agreement']) {
        await expect(page.getByTestId(id).locator('.partial-period')).toHaveCount(1)
      }
      // The lines run dashed into the day, to a hollow point.
      await expect(page.getByTestId('chart-rates').locator('.partial-dot')).toHaveCount(2)
      // Its tooltip says how far the data go.
      const lastBar = volume(page).locator('.recharts-bar').first().locator('.recharts-bar-rectangle').last()
      await hover(page, lastBar)
      await expect(tooltip(page).getByTestId('partial-note')).toContainText(`partial day: data up to ${until} UTC`)
      await shot(page, testInfo, `overview-partial-day-${screen.name}`, true)
    })

    test('axes tick at round numbers and their labels never run together', async ({ page }, testInfo) => {
      for (const id of ['chart-volume', 'chart-rates', 'chart-reviews', 'chart-agreement']) await expectTicksApart(page.getByTestId(id))
      expect(await yTickValues(page.getByTestId('chart-rates'))).toEqual([0, 25, 50, 75, 100])
      const agreement = await yTickValues(page.getByTestId('chart-agreement'))
      expect(agreement.length).toBeGreaterThanOrEqual(3)
      for (const tick of agreement) expect(tick % 10).toBe(0)
      await shot(page, testInfo, `overview-axes-${screen.name}`, true)
    })

    test('a figure’s explanation opens by tap and by keyboard, not only on hover', async ({ page }, testInfo) => {
      const card = page.locator('[data-kpi="escalation_rate"]')
      const button = card.getByRole('button', { name: 'What Escalation rate counts' })
      const tip = card.getByTestId('kpi-explanation')
      await expect(tip).toBeHidden()
      await button.click()
      await expect(tip).toBeVisible()
      await expect(tip).toContainText('Share of predictions sent to a human')
      expect(await tip.evaluate((el) => el.getBoundingClientRect().right <= window.innerWidth && el.getBoundingClientRect().left >= 0)).toBe(true)
      await shot(page, testInfo, `kpi-explanation-${screen.name}`)
      await page.keyboard.press('Escape')
      await expect(tip).toBeHidden()
      // From the keyboard: focus the "i", Enter opens, the close button closes.
      await button.focus()
      await page.keyboard.press('Enter')
      await expect(tip).toBeVisible()
      await tip.getByRole('button', { name: 'Close' }).click()
      await expect(tip).toBeHidden()
    })

    test('a wide table keeps its first column in place, opaque, when it scrolls sideways', async ({ page }, testInfo) => {
      const table = page.getByTestId('model-table')
      const scroller = page.locator('.table-scroll', { has: table })
      const overflows = await scroller.evaluate((el) => el.scrollWidth > el.clientWidth + 1)
      const first = table.locator('tbody tr').first().locator('th')
      expect(await first.evaluate((el) => getComputedStyle(el).position)).toBe('sticky')
      if (screen.name === 'desktop' && !overflows) {
        // The table fits a desktop screen: nothing scrolls, the first column is simply first.
        await scroller.scrollIntoViewIfNeeded()
        await shot(page, testInfo, `overview-table-${screen.name}`)
        return
      }
      expect(overflows).toBe(true)
      const before = await first.boundingBox()
      await scroller.evaluate((el) => el.scrollTo({ left: el.scrollWidth }))
      await expect.poll(() => scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0)
      const after = await first.boundingBox()
      expect(Math.abs(after!.x - before!.x)).toBeLessThan(1)
      // Painted: nothing scrolls through under it.
      const background = await first.evaluate((el) => getComputedStyle(el).backgroundColor)
      expect(background).not.toMatch(/rgba\(0, 0, 0, 0\)|transparent/)
      // The header cell stays too.
      const head = table.locator('thead th').first()
      expect(Math.abs((await head.boundingBox())!.x - before!.x)).toBeLessThan(1)
      await scroller.scrollIntoViewIfNeeded()
      await shot(page, testInfo, `overview-sticky-column-${screen.name}`)
    })
  })
}
