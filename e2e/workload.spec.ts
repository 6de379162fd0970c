import fs from 'node:fs'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { ADMIN, shot } from './shell-helpers'

// The Workload page (SPEC §3.3, issue 10 point 5) on the demo, as a team lead reads it: the
// backlog and its peak, the SLA per queue, who carries the load (a sortable reviewer table whose
// sort survives a reload), and tomorrow's staffing: not configured, then configured by an admin.
// At 1440×900, at 390×844, in dark mode and with the keyboard.

const table = '[data-testid="reviewer-table"]'

async function signIn(page: Page) {
  await page.getByLabel('Username', { exact: true }).fill(ADMIN.username)
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** Signed in, on the Workload page with `query`, its figures in (not the previous view's). */
async function openWorkload(page: Page, query = '') {
  await page.goto(`/workload${query}`)
  if (/\/login/.test(page.url())) await signIn(page)
  await expect(page).toHaveURL(/\/workload/)
  await loaded(page)
}

async function loaded(page: Page) {
  await expect(page.locator('[data-kpi="sla_attainment"] .kpi-value')).toHaveText(/^\d+\.\d%$/)
  await expect(page.locator('.query-content[data-stale="true"]')).toHaveCount(0)
  await expect(page.getByTestId('chart-backlog-hourly').locator('svg.recharts-surface')).toBeVisible()
}

/** The capacity settings through the API with the page's session (an admin's). */
async function putCapacity(page: Page, entries: unknown[]) {
  const response = await page.request.put('/api/v1/settings/capacity', { headers: { Origin: new URL(page.url()).origin }, data: { entries } })
  expect(response.status(), await response.text()).toBe(200)
}

async function workloadJson(page: Page, query = '') {
  const response = await page.request.get(`/api/v1/metrics/workload${query}`)
  expect(response.ok()).toBe(true)
  return response.json()
}

/** The figures of one column of the reviewer table ("1,234" → 1234, "2.4" → 2.4, "—" → null). */
async function columnNumbers(page: Page, column: number): Promise<(number | null)[]> {
  const texts = await page.locator(`${table} tbody tr td:nth-of-type(${column})`).allInnerTexts()
  return texts.map((t) => (/\d/.test(t) ? Number(t.replace(/[^\d.]/g, '')) : null))
}

/** "1 h 5 min" → 3900, "1 min 20 s" → 80, "6.2 s" → 6.2 (seconds); "—" → null. */
function seconds(text: string): number | null {
  const units: Record<string, number> = { h: 3600, min: 60, s: 1 }
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)\s*(h|min|s)\b/g)]
  return parts.length === 0 ? null : parts.reduce((sum, [, n, unit]) => sum + Number(n) * units[unit], 0)
}

async function columnSeconds(page: Page, column: number): Promise<(number | null)[]> {
  return (await page.locator(`${table} tbody tr td:nth-of-type(${column})`).allInnerTexts()).map(seconds)
}

function isSorted(values: (number | null)[], direction: 'asc' | 'desc'): boolean {
  const present = values.filter((v): v is number => v !== null)
  if (values.slice(present.length).some((v) => v !== null)) return false
  return present.every((v, i) => i === 0 || (direction === 'asc' ? present[i - 1] <= v : present[i - 1] >= v))
}

const reviewerOrder = (page: Page) => page.locator(`${table} tbody tr`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-reviewer')))

/** Presses Tab until `target` has the focus (at most `limit` times). */
async function tabTo(page: Page, target: Locator, limit = 200) {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`Tab never reached ${target}`)
}

const openTip = (page: Page) => page.locator('[popover]:popover-open')

/** Office hours: nobody on shift 00–06 UTC, so those hours are short whatever the demo's volume. */
const STAFFED = [0, 0, 0, 0, 0, 0, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 1, 1]

let savedCapacity: unknown[] = []

test.beforeAll(async ({ browser, baseURL }) => {
  const page = await browser.newPage({ baseURL })
  await page.goto('/login')
  await signIn(page)
  await expect(page).toHaveURL(/\/overview/)
  savedCapacity = (await (await page.request.get('/api/v1/settings/capacity')).json()).entries
  await page.close()
})

test.afterAll(async ({ browser, baseURL }) => {
  // Leave the capacity as the demo seeded it, for the other specs.
  const page = await browser.newPage({ baseURL })
  await page.goto('/login')
  await signIn(page)
  await expect(page).toHaveURL(/\/overview/)
  await putCapacity(page, savedCapacity)
  await page.close()
})

test('a lead reads the backlog, the SLA, the reviewers and tomorrow’s staffing on the demo', async ({ page }, testInfo) => {
  await page.goto('/workload')
  await expect(page).toHaveURL(/\/login(\?|$)/)
  await signIn(page)
  await expect(page).toHaveURL(/\/workload/)
  await putCapacity(page, [])
  await page.reload()
  await loaded(page)
  await expect(page.getByRole('heading', { level: 1, name: 'Workload' })).toBeVisible()
  const api = await workloadJson(page)

  // KPIs: the backlog now and at its peak, the SLA, waits and handle times.
  await expect(page.locator('[data-kpi="backlog"] .kpi-value')).toHaveText(api.backlog.toLocaleString('en-US'))
  const peak = Math.max(...api.hourly.map((h: { backlog: number | null }) => h.backlog ?? 0))
  expect(peak).toBeGreaterThan(20)
  await expect(page.locator('[data-kpi="peak_backlog"] .kpi-value')).toHaveText(peak.toLocaleString('en-US'))
  await expect(page.locator('[data-kpi="peak_backlog"] .kpi-detail')).toHaveText(/^at [A-Z][a-z]{2} \d+, \d\d:00 UTC$/)
  await expect(page.locator('[data-kpi="sla_attainment"] .kpi-value')).toHaveText(`${(api.sla_attainment * 100).toFixed(1)}%`)
  await expect(page.locator('[data-kpi="wait_p50"] .kpi-detail')).toContainText('p90')
  await expect(page.locator('[data-kpi="staffing"] .kpi-value')).toHaveText('Not configured')

  // The backlog: its story names the peak and when; the hourly chart marks it, the daily one its day.
  const story = page.getByTestId('backlog-story')
  await expect(story).toContainText(`The backlog peaked at ${peak.toLocaleString('en-US')} open items on`)
  await expect(story).toContainText('items arrived in')
  const hourly = page.getByTestId('chart-backlog-hourly')
  await expect(hourly.locator('svg.recharts-surface')).toContainText(`peak ${peak}`)
  await expect(page.getByTestId('chart-backlog-daily').locator('svg.recharts-surface')).toContainText('backlog peak')
  // The close-up around the peak: hours either side, the peak still marked.
  // Whole range: a tick per day; the close-up: every six hours.
  await expect(hourly.locator('svg.recharts-surface')).not.toContainText('12:00')
  await hourly.getByRole('button', { name: /^Peak ±\d+ h$/ }).click()
  await expect(hourly.getByRole('button', { name: /^Peak ±\d+ h$/ })).toHaveAttribute('aria-pressed', 'true')
  await expect(hourly.locator('svg.recharts-surface')).toContainText(`peak ${peak}`)
  await expect(hourly.locator('svg.recharts-surface')).toContainText('12:00')

  // Waits and the SLA: percentiles written out, the SLA per queue with each queue's SLA.
  await expect(page.getByTestId('sla-story')).toContainText('of items started review within their SLA')
  const strip = page.getByTestId('percentile-strip')
  for (const p of ['p50', 'p90', 'p99']) await expect(strip.locator(`[data-measure="wait"] [data-percentile="${p}"] dd`)).toHaveText(/\d/)
  await expect(strip.locator('[data-measure="wait"]')).toContainText('SLA')
  const queues = page.getByTestId('queue-table')
  await expect(queues.locator('tbody tr')).toHaveCount(api.queues.length)
  for (const q of api.queues as { model: string; queue: string; sla_minutes: number; sla_attainment: number | null }[]) {
    const row = queues.locator(`tbody tr[data-model="${q.model}"][data-queue="${q.queue}"]`)
    await expect(row).toContainText(q.sla_minutes === 60 ? '1 h' : q.sla_minutes === 240 ? '4 h' : /\d/)
    if (q.sla_attainment !== null) await expect(row.locator('[data-attainment]')).toContainText(`${(q.sla_attainment * 100).toFixed(1)}%`)
  }

  // Reviewers: most reviews first; sorting by pace writes the URL and survives a reload.
  expect(await page.locator(`${table} tbody tr`).count()).toBe(api.reviewers.length)
  expect(isSorted(await columnNumbers(page, 1), 'desc')).toBe(true)
  await expect(page.getByTestId('reviewer-summary')).toContainText('Busiest:')
  const pace = page.locator(`${table} th[data-sort-key="reviews_per_active_hour"]`)
  await pace.getByRole('button').click()
  await expect(pace).toHaveAttribute('aria-sort', 'descending')
  await expect(page).toHaveURL(/[?&]sort=reviews_per_active_hour(&|$)/)
  await pace.getByRole('button').click()
  await expect(page).toHaveURL(/[?&]sort=reviews_per_active_hour&dir=asc(&|$)/)
  await expect(pace).toHaveAttribute('aria-sort', 'ascending')
  await expect.poll(async () => isSorted(await columnNumbers(page, 2), 'asc')).toBe(true)
  const order = await reviewerOrder(page)
  await page.reload()
  await loaded(page)
  await expect(pace).toHaveAttribute('aria-sort', 'ascending')
  expect(await reviewerOrder(page)).toEqual(order)

  // Fatigue: handle time and agreement by hour into the shift, in words too.
  await expect(page.getByTestId('chart-fatigue').locator('svg.recharts-surface')).toBeVisible()
  await expect(page.getByTestId('fatigue-summary')).toHaveText(/^In hours \d+–\d+ of a shift, reviews take .* on average against .* in hours 1–2/)

  // Staffing without capacity: says so, and where to set it.
  const panel = page.getByTestId('staffing-panel')
  await expect(panel.getByTestId('staffing-not-configured')).toContainText('Capacity is not configured')
  await expect(panel.getByRole('link', { name: 'Settings → Capacity' })).toHaveAttribute('href', '/settings#capacity-title')
  await shot(page, testInfo, 'workload-1440', true)

  // CSV of the reviewer table, in the table's order, unformatted.
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV of Reviewers' }).click()])
  expect(file.suggestedFilename()).toMatch(/^workload-reviewers-all-models-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/)
  const lines = fs.readFileSync((await file.path())!, 'utf8').trimEnd().split('\r\n')
  expect(lines[0]).toBe('reviewer_id,reviews,reviews_per_active_hour,active_hours,handle_ms_p50,handle_ms_p90,shift_share')
  expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(order)
  expect(lines[1]).toMatch(/^[\w-]+,\d+,\d+(\.\d+)?,\d+,\d+(\.\d+)?,\d+(\.\d+)?,(0\.\d+|1|)$/)

  // An admin saves capacity (through the API with this session): tomorrow's plan per hour, short hours marked, a total.
  await putCapacity(page, [{ queue: '', model: null, sla_minutes: 240, sla_target: 0.9, target_occupancy: 0.85, staffed: STAFFED }])
  await page.reload()
  await loaded(page)
  const staffing = (await workloadJson(page)).staffing
  expect(staffing).not.toBeNull()
  expect(staffing.short_hours).toBeGreaterThan(0)
  await expect(panel.getByTestId('staffing-not-configured')).toHaveCount(0)
  await expect(panel.getByRole('heading', { name: /^Staffing (tomorrow|on )/ })).toBeVisible()
  const headline = panel.getByTestId('staffing-headline')
  await expect(headline).toContainText(`${staffing.reviewers_needed_total} reviewer-hours needed against ${staffing.reviewers_staffed_total} staffed`)
  await expect(headline).toContainText(`short in ${staffing.short_hours} hour`)
  await expect(headline).toContainText('00:00–')
  await expect(panel.getByTestId('staffing-totals').locator('[data-fact="needed_total"] dd')).toHaveText(`${staffing.reviewers_needed_total} reviewer-hours`)
  await expect(panel.locator('svg.recharts-surface')).toBeVisible()
  await expect(page.locator('[data-kpi="staffing"] .kpi-value')).toHaveText(`${staffing.reviewers_needed_total} h`)
  await panel.getByText('Hour by hour').click()
  const hours = panel.getByTestId('staffing-table')
  await expect(hours.locator('tbody tr')).toHaveCount(24)
  await expect(hours.locator('tbody tr[data-short="true"]')).toHaveCount(staffing.short_hours)
  await expect(hours.locator('tbody tr[data-hour="0"]')).toHaveAttribute('data-short', 'true')
  await expect(hours.locator('tfoot')).toContainText(String(staffing.reviewers_needed_total))
  await panel.scrollIntoViewIfNeeded()
  await shot(page, testInfo, 'workload-staffing-1440')

  // A reviewer's name narrows the page to the items they first reviewed: the table is theirs alone.
  const reviewer = order[0]!
  await page.locator(`${table} tbody tr[data-reviewer="${reviewer}"] th a`).click()
  await expect(page).toHaveURL(new RegExp(`[?&]reviewer_id=${reviewer}(&|$)`))
  await loaded(page)
  await expect(page.getByTestId('workload-scope')).toContainText(`reviewer ${reviewer}`)
  await expect(page.getByLabel('Reviewer', { exact: true })).toHaveValue(reviewer)
  await expect(page.locator(`${table} tbody tr`)).toHaveCount(1)
  await expect(page.locator(`${table} tbody tr`)).toHaveAttribute('data-reviewer', reviewer)
  // The picker still offers the whole team, and the queue picker the demo's queues.
  await expect(page.getByLabel('Reviewer', { exact: true }).locator('option')).toHaveCount(api.reviewers.length + 1)
  await page.getByLabel('Queue', { exact: true }).selectOption(api.queues[0].queue)
  await expect(page).toHaveURL(new RegExp(`[?&]queue=${api.queues[0].queue}(&|$)`))
  await loaded(page)
  await expect(page.getByTestId('queue-table').locator('tbody tr')).toHaveCount(1)
  await page.getByRole('button', { name: 'Clear reviewer and queue' }).click()
  await expect(page).not.toHaveURL(/reviewer_id=|queue=/)
  await loaded(page)
  await expect(page.locator(`${table} tbody tr`)).toHaveCount(api.reviewers.length)
})

test('on a phone and in dark mode: readable, nothing wider than the screen, tables keep their first column', async ({ browser, baseURL }, testInfo) => {
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, colorScheme, hasTouch: true, isMobile: true })
    const page = await context.newPage()
    await openWorkload(page)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await shot(page, testInfo, `workload-390-${colorScheme}`, true)

    // A tap opens an explanation, a tap on its close button shuts it.
    const explain = page.getByTestId('chart-backlog-hourly').getByRole('button', { name: /^How it’s counted/ })
    await explain.tap()
    await expect(openTip(page)).toBeVisible()
    await expect(openTip(page)).toContainText('Open at end of hour')
    await openTip(page).getByRole('button', { name: 'Close' }).tap()
    await expect(openTip(page)).toHaveCount(0)

    // The reviewer table scrolls sideways inside its card with the names in place.
    const scroller = page.locator(`${table}`).locator('xpath=..')
    await scroller.scrollIntoViewIfNeeded()
    const nameCell = page.locator(`${table} tbody tr`).first().locator('th')
    const before = await nameCell.boundingBox()
    await scroller.evaluate((el) => el.scrollBy({ left: 400 }))
    await expect.poll(() => scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0)
    const after = await nameCell.boundingBox()
    expect(Math.round(after!.x)).toBe(Math.round(before!.x))
    await shot(page, testInfo, `workload-390-${colorScheme}-reviewers`)
    await page.getByTestId('chart-percentiles').scrollIntoViewIfNeeded()
    await shot(page, testInfo, `workload-390-${colorScheme}-percentiles`)
    await context.close()
  }
  // Dark mode on a wide screen too.
  const wide = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, colorScheme: 'dark' })
  const page = await wide.newPage()
  await openWorkload(page)
  await shot(page, testInfo, 'workload-1440-dark', true)
  await wide.close()
})

test('with the keyboard and the mouse: a reviewer picked with the arrows applies once, a sort with Enter, explanations open and close', async ({ page }, testInfo) => {
  test.setTimeout(120_000)
  await openWorkload(page)
  const requests: string[] = []
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/v1/metrics/workload') requests.push(new URL(r.url()).search)
  })

  // Tab to the reviewer picker, step two reviewers down: one request, for the last one.
  const picker = page.getByLabel('Reviewer', { exact: true })
  await page.locator('h1').click()
  await tabTo(page, picker)
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  const chosen = await picker.inputValue()
  await expect(page).toHaveURL(new RegExp(`[?&]reviewer_id=${chosen}(&|$)`))
  await expect(page.locator(`${table} tbody tr`)).toHaveCount(1)
  await loaded(page)
  expect(requests.filter((q) => q.includes('reviewer_id='))).toEqual([expect.stringContaining(`reviewer_id=${chosen}`)])
  await page.goBack()
  await expect(page).not.toHaveURL(/reviewer_id=/)
  await loaded(page)

  // A sort from the keyboard: Tab from one column's button to the next, Enter.
  const handle = page.locator(`${table} th[data-sort-key="handle_p90"]`).getByRole('button')
  await page.locator(`${table} th[data-sort-key="handle_p50"]`).getByRole('button').focus()
  await page.keyboard.press('Tab')
  await expect(handle).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/[?&]sort=handle_p90(&|$)/)
  await expect(page.locator(`${table} th[data-sort-key="handle_p90"]`)).toHaveAttribute('aria-sort', 'descending')
  await expect.poll(async () => isSorted(await columnSeconds(page, 5), 'desc')).toBe(true)

  // An explanation: Enter opens it, Escape closes it and focus stays on its button.
  const explain = page.getByTestId('kpi-explain')
  await page.getByLabel('Queue', { exact: true }).focus()
  await tabTo(page, explain, 5)
  await page.keyboard.press('Enter')
  await expect(openTip(page)).toBeVisible()
  await expect(openTip(page)).toContainText('SLA attainment')
  await shot(page, testInfo, 'workload-explain-1440')
  await page.keyboard.press('Escape')
  await expect(openTip(page)).toHaveCount(0)
  await expect(explain).toBeFocused()

  // The mouse: hovering opens a chart's explanation, leaving closes it; a click keeps it open.
  const chartExplain = page.getByTestId('chart-sla-daily').getByRole('button', { name: /^How it’s counted/ })
  await chartExplain.hover()
  await expect(openTip(page)).toContainText('Breached')
  await page.mouse.move(5, 5)
  await expect(openTip(page)).toHaveCount(0)
  await chartExplain.hover()
  await chartExplain.click()
  await page.mouse.move(5, 5)
  await page.waitForTimeout(400)
  await expect(openTip(page)).toContainText('Breached')
})
