import { expect, test, type Page } from '@playwright/test'
import { KEY_STEP_COMMIT_MS } from '../app/(dashboard)/_components/url-state'
import { SCREENS } from './chart-kit-helpers'
import { params, shot, signIn } from './shell-helpers'

// The pages' own options (issue 15): the Agreement page's queue picker offers the queues of the
// model's reviews, and its pickers, like the Calibration page's buttons, show a choice at once.

interface MetaModel {
  model: string
  queues: string[]
}

async function metaModels(page: Page): Promise<MetaModel[]> {
  const response = await page.request.get('/api/v1/meta/filters')
  expect(response.ok()).toBe(true)
  return ((await response.json()) as { models: MetaModel[] }).models
}

const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true })
const queuesOf = (models: MetaModel[], model?: string) => [...new Set(models.filter((m) => !model || m.model === model).flatMap((m) => m.queues))].sort(byName)

async function open(page: Page, path: string) {
  await page.goto(path)
  if (/\/login/.test(page.url())) {
    await signIn(page)
    await page.goto(path)
  }
  await expect(page.locator('.query-content[data-stale="true"]')).toHaveCount(0)
}

async function agreementLoaded(page: Page) {
  await expect(page.locator('[data-kpi="agreement_rate"] .kpi-value')).toHaveText(/^\d+\.\d%$/)
  await expect(page.locator('.query-content[data-stale="true"]')).toHaveCount(0)
}

/** The options a select offers after its "All …" choice. */
const choices = (page: Page, id: string) => page.locator(`#${id} option`).evaluateAll((options) => options.slice(1).map((o) => (o as HTMLOptionElement).value))

for (const screen of SCREENS) {
  test.describe(`page options, ${screen.name}`, () => {
    test.use({ viewport: { width: screen.width, height: screen.height } })

    test('the agreement queue filter offers the queues of the model’s reviews, and a pick narrows the figures', async ({ page }, testInfo) => {
      await open(page, '/agreement')
      await agreementLoaded(page)
      const models = await metaModels(page)
      const all = queuesOf(models)
      expect(all.length, 'the demo reviews in several queues').toBeGreaterThanOrEqual(2)

      // Every model's queues without a model, the model's own with one.
      const queue = page.getByLabel('Queue', { exact: true })
      await expect(queue).toHaveJSProperty('tagName', 'SELECT')
      await expect.poll(() => choices(page, 'agreement-queue')).toEqual(all)
      const model = models.find((m) => m.queues.length > 0)!.model
      await open(page, `/agreement?model=${model}`)
      await agreementLoaded(page)
      await expect.poll(() => choices(page, 'agreement-queue')).toEqual(queuesOf(models, model))

      // A pick writes the URL at once and the figures follow (the API asked with the queue).
      const picked = queuesOf(models, model)[0]!
      const asked = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/metrics/agreement' && new URL(r.url()).searchParams.get('queue') === picked)
      await queue.selectOption(picked)
      expect(params(page).get('queue')).toBe(picked)
      await asked
      await agreementLoaded(page)
      await expect(queue).toHaveValue(picked)
      await shot(page, testInfo, `agreement-queue-${screen.name}`)

      // A reload keeps it; Clear removes it.
      await page.reload()
      await agreementLoaded(page)
      await expect(queue).toHaveValue(picked)
      await page.getByRole('button', { name: 'Clear reviewer and queue' }).click()
      await expect.poll(() => params(page).get('queue')).toBeNull()
      await expect(queue).toHaveValue('')

      // A queue from an old link that the model's reviews do not name stays, marked.
      await open(page, `/agreement?model=${model}&queue=no-such-queue`)
      await expect(queue).toHaveValue('no-such-queue')
      await expect(page.locator('#agreement-queue option[value="no-such-queue"]')).toHaveText('no-such-queue (no data)')
    })
  })
}

test('arrow keys in the agreement queue picker show each queue at once, then one request and one history entry', async ({ page }) => {
  await open(page, '/agreement')
  await agreementLoaded(page)
  const all = queuesOf(await metaModels(page))
  const queue = page.getByLabel('Queue', { exact: true })
  await expect.poll(() => choices(page, 'agreement-queue')).toEqual(all)
  const requests: string[] = []
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/v1/metrics/agreement') requests.push(r.url())
  })
  const historyBefore = await page.evaluate(() => history.length)

  await queue.evaluate((select: HTMLSelectElement) => {
    const w = window as unknown as { shown: string[]; keyTimes: number[] }
    w.shown = []
    w.keyTimes = []
    select.addEventListener('keydown', () => {
      w.keyTimes.push(performance.now())
      requestAnimationFrame(() => w.shown.push(select.value))
    })
  })
  await queue.focus()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await expect.poll(() => page.evaluate(() => (window as unknown as { shown: string[] }).shown)).toEqual(all.slice(0, 2))
  await expect.poll(() => params(page).get('queue')).toBe(all[1])
  // The figures for it asked and in (the page re-renders for the new URL a moment after it is written).
  await expect.poll(() => requests.some((url) => new URL(url).searchParams.get('queue') === all[1])).toBe(true)
  await agreementLoaded(page)
  // As in the filter bar: keys closer than KEY_STEP_COMMIT_MS are one choice (a busy machine's pause is its own).
  const keyTimes = await page.evaluate(() => (window as unknown as { keyTimes: number[] }).keyTimes)
  const pauses = keyTimes.slice(1).filter((t, i) => t - keyTimes[i]! >= KEY_STEP_COMMIT_MS).length
  expect(requests.length).toBe(1 + pauses)
  expect(await page.evaluate(() => history.length)).toBe(historyBefore + 1)

  // Back: the view before the picker was touched.
  await page.goBack()
  await expect.poll(() => params(page).get('queue')).toBeNull()
  await expect(queue).toHaveValue('')
})

test('with 400 ms of latency the calibration options show the choice at once and mark the old figures as updating', async ({ page }, testInfo) => {
  await open(page, '/calibration')
  await expect(page.locator('[data-testid="reliability-diagram"] svg.recharts-surface')).toBeVisible()
  await page.route(
    (url) => url.pathname.startsWith('/api/'),
    async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 400))
      await route.continue()
    },
  )
  const historyBefore = await page.evaluate(() => history.length)
  // Every frame from the click on: which buttons are pressed, whether the view is marked as behind.
  await page.evaluate(() => {
    type Frame = { t: number; pressed: string[]; pending: boolean; toast: string }
    const w = window as unknown as { frames: Frame[]; clickedAt: number | null }
    w.frames = []
    w.clickedAt = null
    document.addEventListener('click', () => (w.clickedAt ??= performance.now()), { capture: true })
    const tick = () => {
      if (w.clickedAt !== null) {
        w.frames.push({
          t: Math.round(performance.now() - w.clickedAt),
          pressed: [...document.querySelectorAll('[aria-label="Calibration options"] [aria-pressed="true"]')].map((b) => b.textContent ?? ''),
          pending: document.documentElement.hasAttribute('data-view-pending'),
          toast: document.querySelector('[data-testid="updating-toast"]')!.textContent ?? '',
        })
      }
      if (w.frames.length < 300) requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })
  await page.getByRole('button', { name: 'Equal mass', exact: true }).click()
  expect(params(page).get('strategy')).toBe('quantile')
  await expect(page.getByTestId('updating-toast')).toHaveText('Updating the figures…')
  await expect(page.locator('[aria-label^="Equal-mass reliability diagram"]').first()).toBeVisible()
  await expect(page.getByTestId('updating-toast')).toHaveText('')

  type Frame = { t: number; pressed: string[]; pending: boolean; toast: string }
  const frames = await page.evaluate(() => (window as unknown as { frames: Frame[] }).frames)
  const changes: string[] = []
  for (const f of frames) {
    const line = `${f.pressed.join('/')} pending=${f.pending} note=${f.toast !== ''}`
    if (!changes.at(-1)?.endsWith(line)) changes.push(`${f.t} ms: ${line}`)
  }
  await testInfo.attach('frames after the click', { body: changes.join('\n'), contentType: 'text/plain' })
  // Pressed from the first frame on, never springing back; the note from the first frames.
  expect(frames.length).toBeGreaterThan(0)
  expect(frames.every((f) => f.pressed.includes('Equal mass') && !f.pressed.includes('Equal width'))).toBe(true)
  expect(frames[0]!.toast).toBe('Updating the figures…')
  // One history entry for the click.
  expect(await page.evaluate(() => history.length)).toBe(historyBefore + 1)

  // The other options the same way: group by, trend per.
  await page.getByRole('button', { name: 'Model', exact: true }).click()
  await expect(page.getByRole('button', { name: 'Model', exact: true })).toHaveAttribute('aria-pressed', 'true')
  expect(params(page).get('group_by')).toBe('model')
  await page.getByRole('button', { name: 'Week', exact: true }).click()
  await expect(page.getByRole('button', { name: 'Week', exact: true })).toHaveAttribute('aria-pressed', 'true')
  expect(params(page).get('interval')).toBe('week')
  await expect(page.getByTestId('calibration-groups')).toBeVisible()
  await page.goBack()
  await expect.poll(() => params(page).get('interval')).toBeNull()
  await expect(page.getByRole('button', { name: 'Day', exact: true })).toHaveAttribute('aria-pressed', 'true')
})
