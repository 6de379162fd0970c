import { expect, type Page, type TestInfo } from '@playwright/test'

/** The webServer of playwright.config.ts creates the admin with this password. */
export const ADMIN = { username: 'admin', password: process.env.E2E_ADMIN_PASSWORD ?? 'e2e-admin-password' }

export async function signIn(page: Page) {
  await page.goto('/login')
  await page.getByLabel('Username', { exact: true }).fill(ADMIN.username)
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/overview/)
}

/** First and last UTC day with data, over all models, from GET /api/v1/meta/filters (the page's session). */
export async function dataDays(page: Page): Promise<{ first: string; last: string; models: string[] }> {
  const response = await page.request.get('/api/v1/meta/filters')
  expect(response.ok()).toBe(true)
  const body = (await response.json()) as { models: { model: string; first_ts: string | null; last_ts: string | null }[] }
  const firsts = body.models.map((m) => m.first_ts).filter((t): t is string => !!t)
  const lasts = body.models.map((m) => m.last_ts).filter((t): t is string => !!t)
  return {
    first: firsts.sort()[0]!.slice(0, 10),
    last: lasts.sort().at(-1)!.slice(0, 10),
    models: body.models.map((m) => m.model).sort(),
  }
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

/** "2026-11-20" → "11202026": the keys a person types into a month-first date field. */
export function monthFirstDigits(day: string): string {
  return `${day.slice(5, 7)}${day.slice(8, 10)}${day.slice(0, 4)}`
}

/** "Nov 20, 2026", as the dashboard labels a day (lib/format.ts formatDay). */
export function dayLabel(day: string): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
  return `${months[Number(day.slice(5, 7)) - 1]} ${Number(day.slice(8, 10))}, ${day.slice(0, 4)}`
}

/** The URL's query parameters. */
export function params(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams
}

/** Counts the requests of one metric family from now on, sent and answered. */
export function countMetricRequests(page: Page, family: string): { count: () => number; answered: () => number; urls: string[] } {
  const urls: string[] = []
  let answered = 0
  const ours = (requestUrl: string) => new URL(requestUrl).pathname === `/api/v1/metrics/${family}`
  page.on('request', (request) => {
    if (ours(request.url())) urls.push(new URL(request.url()).search)
  })
  page.on('requestfinished', (request) => {
    if (ours(request.url())) answered++
  })
  return { count: () => urls.length, answered: () => answered, urls }
}

export async function overviewLoaded(page: Page) {
  await expect(page.locator('[data-kpi="predictions"] .kpi-value')).toHaveText(/^[\d,]+$/)
  await expect(page.locator('.chart-card svg.recharts-surface').first()).toBeVisible()
  await expect(page.locator('.query-content[data-stale="true"]')).toHaveCount(0)
}

/** A screenshot kept with the test's results (and in the HTML report), to look at after a change. */
export async function shot(page: Page, testInfo: TestInfo, name: string, fullPage = false) {
  const path = testInfo.outputPath(`${name}.png`)
  await page.screenshot({ path, fullPage })
  await testInfo.attach(name, { path, contentType: 'image/png' })
}
