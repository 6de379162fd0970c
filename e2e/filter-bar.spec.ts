import { expect, test, type Page } from '@playwright/test'
import { KEY_STEP_COMMIT_MS } from '../app/(dashboard)/_components/url-state'
import { addDays, countMetricRequests, dataDays, dayLabel, monthFirstDigits, overviewLoaded, params, shot, signIn } from './shell-helpers'

/** What a person's typing looks like: one key every 180 ms. */
const PERSON_KEY_DELAY_MS = 180

/** The URL after every keystroke: the filter bar must leave it alone until the day is whole. */
async function typeWatchingUrl(page: Page, text: string): Promise<string[]> {
  const seen: string[] = []
  for (const key of text) {
    await page.keyboard.type(key)
    await page.waitForTimeout(PERSON_KEY_DELAY_MS)
    seen.push(new URL(page.url()).search)
  }
  return seen
}

test.describe('the filter bar at 1440×900', () => {
  test.beforeEach(async ({ page }) => signIn(page))

  test('typing 11202026-style into From at a person’s pace applies once, at the last key, and To stays', async ({ page }, testInfo) => {
    const { last } = await dataDays(page)
    const from = addDays(last, -20)
    const to = addDays(last, -1)
    const typed = addDays(last, -6)
    await page.goto(`/overview?from=${from}&to=${to}`)
    await overviewLoaded(page)
    const requests = countMetricRequests(page, 'overview')

    const fromField = page.getByLabel('From', { exact: true })
    await fromField.click()
    // The click selects the day, so typing replaces it as in a date picker.
    expect(await fromField.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd])).toEqual([0, 10])
    const urls = await typeWatchingUrl(page, monthFirstDigits(typed))

    // Seven keys on the way: the URL never moved. The eighth applies the day.
    for (const search of urls.slice(0, -1)) expect(new URLSearchParams(search).get('from')).toBe(from)
    await expect.poll(() => params(page).get('from')).toBe(typed)
    expect(params(page).get('to')).toBe(to)
    await expect(fromField).toHaveValue(typed)
    await expect(page.getByLabel('To (incl.)', { exact: true })).toHaveValue(to)
    await overviewLoaded(page)
    expect(requests.count()).toBe(1)
    expect(requests.urls[0]).toContain(`from=${typed}T00%3A00%3A00.000Z`)
    await expect(page.locator('.filter-error')).toHaveCount(0)
    await shot(page, testInfo, 'date-typed')
  })

  test('from the default range, typing From pins To as it was shown', async ({ page }) => {
    const { last } = await dataDays(page)
    await overviewLoaded(page)
    const toField = page.getByLabel('To (incl.)', { exact: true })
    await expect(toField).toHaveValue(last)
    const typed = addDays(last, -9)
    await page.getByLabel('From', { exact: true }).click()
    await typeWatchingUrl(page, monthFirstDigits(typed))
    await expect.poll(() => params(page).get('from')).toBe(typed)
    expect(params(page).get('to')).toBe(last)
    await expect(toField).toHaveValue(last)
  })

  test('a shorter form applies on Enter and on leaving the field; the keyboard alone does it, one Tab stop a date', async ({ page }) => {
    const { last } = await dataDays(page)
    const to = last
    const monthStart = `${to.slice(0, 8)}1` // YYYY-MM-1: could still become YYYY-MM-1x, so it waits
    await page.goto(`/overview?from=${addDays(last, -10)}&to=${to}`)
    await overviewLoaded(page)

    const fromField = page.getByLabel('From', { exact: true })
    await fromField.focus()
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.type(monthStart, { delay: PERSON_KEY_DELAY_MS })
    await page.waitForTimeout(300)
    expect(params(page).get('from')).toBe(addDays(last, -10))
    await page.keyboard.press('Enter')
    await expect.poll(() => params(page).get('from')).toBe(`${to.slice(0, 8)}01`)
    await expect(fromField).toHaveValue(`${to.slice(0, 8)}01`)

    // Leaving the field applies too; the next Tab stop after From is To (one stop per date).
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.type(`${addDays(last, -3).slice(0, 8)}${Number(addDays(last, -3).slice(8))}`, { delay: 60 })
    await page.keyboard.press('Tab')
    await expect(page.getByLabel('To (incl.)', { exact: true })).toBeFocused()
    await expect.poll(() => params(page).get('from')).toBe(addDays(last, -3))
    expect(params(page).get('to')).toBe(to)

    // To: type over it (Tab selected it), Enter; From stays.
    await page.keyboard.type(monthFirstDigits(addDays(last, -1)), { delay: 60 })
    await expect.poll(() => params(page).get('to')).toBe(addDays(last, -1))
    expect(params(page).get('from')).toBe(addDays(last, -3))
    await page.keyboard.press('Tab')
    await expect(page.getByRole('button', { name: '7d' })).toBeFocused()
  })

  test('an invalid day or an end past the other is refused with the reason, nothing moves, Escape puts it back', async ({ page }, testInfo) => {
    const { last } = await dataDays(page)
    const from = addDays(last, -10)
    const to = addDays(last, -2)
    await page.goto(`/overview?from=${from}&to=${to}`)
    await overviewLoaded(page)
    const fromField = page.getByLabel('From', { exact: true })
    const error = page.locator('#filter-date-error')

    await fromField.click()
    await page.keyboard.type(`${from.slice(0, 4)}-02-30`, { delay: 40 })
    await page.keyboard.press('Enter')
    await expect(error).toContainText('is not a day')
    await expect(fromField).toHaveAttribute('aria-invalid', 'true')
    await expect(fromField).toHaveAttribute('aria-describedby', /filter-date-error/)
    expect(params(page).get('from')).toBe(from)

    // Past To: refused as soon as it is whole, To not dragged along.
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.type(monthFirstDigits(addDays(to, 3)), { delay: 40 })
    await expect(error).toHaveText(`From must be on or before To (${to}).`)
    await page.waitForTimeout(200)
    expect(params(page).get('from')).toBe(from)
    expect(params(page).get('to')).toBe(to)
    await shot(page, testInfo, 'date-refused')

    // Half a day, then leaving: says it is not whole; Escape puts the applied day back.
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.type('1120', { delay: 40 })
    await page.keyboard.press('Enter')
    await expect(error).toContainText('not a whole day yet')
    await page.keyboard.press('Escape')
    await expect(fromField).toHaveValue(from)
    await expect(error).toHaveCount(0)
    await expect(fromField).toHaveAttribute('aria-invalid', 'false')

    // Too long a range (the API takes 400 days).
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.type(addDays(to, -420), { delay: 20 })
    await expect(error).toContainText('at most 400 days')
    expect(params(page).get('from')).toBe(from)
  })

  test('a pick on the calendar applies that day', async ({ page }) => {
    const { last } = await dataDays(page)
    await page.goto(`/overview?from=${addDays(last, -10)}&to=${last}`)
    await overviewLoaded(page)
    await page.locator('#filter-from-picker').fill(addDays(last, -4))
    await expect.poll(() => params(page).get('from')).toBe(addDays(last, -4))
    expect(params(page).get('to')).toBe(last)
  })

  test('arrow keys in the model picker show each model at once, then one request and one history entry', async ({ page }) => {
    const { models } = await dataDays(page)
    expect(models.length).toBeGreaterThanOrEqual(3)
    await overviewLoaded(page)
    const requests = countMetricRequests(page, 'overview')
    const historyBefore = await page.evaluate(() => history.length)

    const model = page.getByLabel('Model', { exact: true })
    // What the picker shows in the frame after each key.
    await model.evaluate((select: HTMLSelectElement) => {
      const w = window as unknown as { shown: string[]; keyTimes: number[] }
      w.shown = []
      w.keyTimes = []
      select.addEventListener('keydown', () => {
        w.keyTimes.push(performance.now())
        requestAnimationFrame(() => w.shown.push(select.value))
      })
    })
    await model.focus()
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown')
    await expect.poll(() => page.evaluate(() => (window as unknown as { shown: string[] }).shown)).toEqual(models.slice(0, 3))
    await expect.poll(() => params(page).get('model')).toBe(models[2])
    await overviewLoaded(page)
    // Steps closer together than KEY_STEP_COMMIT_MS apply once; a busy machine may space two keys
    // further apart than that, and then each pause is its own entry, as it would be for a person.
    const keyTimes = await page.evaluate(() => (window as unknown as { keyTimes: number[] }).keyTimes)
    const pauses = keyTimes.slice(1).filter((t, i) => t - keyTimes[i] >= KEY_STEP_COMMIT_MS).length
    expect(requests.count()).toBe(1 + pauses)
    expect(await page.evaluate(() => history.length)).toBe(historyBefore + 1 + pauses)

    // Steps after a pause go on replacing that entry; Enter applies at once.
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('Enter')
    await expect.poll(() => params(page).get('model')).toBe(models[1])
    expect(await page.evaluate(() => history.length)).toBe(historyBefore + 1 + pauses)

    // Back: the view before the picker was touched.
    for (let i = 0; i <= pauses; i++) await page.goBack()
    await expect.poll(() => params(page).get('model')).toBeNull()
    await expect(model).toHaveValue('')

    // A pick with the mouse is one entry of its own.
    await model.selectOption(models[0]!)
    await expect.poll(() => params(page).get('model')).toBe(models[0])
    await page.goBack()
    await expect.poll(() => params(page).get('model')).toBeNull()
  })

  test('with 400 ms of latency the picker shows the choice at once and the old figures are marked as updating', async ({ page }, testInfo) => {
    const { models } = await dataDays(page)
    await overviewLoaded(page)
    await page.route(
      (url) => url.pathname.startsWith('/api/'),
      async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 400))
        await route.continue()
      },
    )
    // Every frame from the pick on: what the picker shows, whether the figures are marked, the note.
    await page.evaluate(() => {
      const w = window as unknown as { frames: Frame[]; pickedAt: number | null }
      type Frame = { t: number; picker: string; busy: boolean; dim: number; toast: string; header: string }
      w.frames = []
      w.pickedAt = null
      document.addEventListener('change', () => (w.pickedAt ??= performance.now()), { capture: true })
      const tick = () => {
        if (w.pickedAt !== null) {
          const content = document.querySelector('.query-content')!
          w.frames.push({
            t: Math.round(performance.now() - w.pickedAt),
            picker: (document.getElementById('filter-model') as HTMLSelectElement).value,
            busy: content.getAttribute('aria-busy') === 'true',
            dim: Number(getComputedStyle(content).opacity),
            toast: document.querySelector('[data-testid="updating-toast"]')!.textContent ?? '',
            header: document.querySelector('[data-testid="updated-at"]')!.textContent ?? '',
          })
        }
        if (w.frames.length < 400) requestAnimationFrame(tick)
      }
      requestAnimationFrame(tick)
    })
    const model = page.getByLabel('Model', { exact: true })
    const toast = page.getByTestId('updating-toast')
    await model.selectOption(models[1]!)
    expect(params(page).get('model')).toBe(models[1])
    await expect(toast).toHaveAttribute('role', 'status')
    await expect(toast).toHaveText('Updating the figures…')
    await expect(page.locator('.filter-progress')).toHaveAttribute('data-active', 'true')
    await expect(page.getByTestId('overview-scope')).toContainText(models[1]!)
    await expect(toast).toHaveText('')
    await expect(page.getByTestId('updated-at')).toHaveText(/^Updated \d\d:\d\d:\d\d UTC$/)

    type Frame = { t: number; picker: string; busy: boolean; dim: number; toast: string; header: string }
    const frames = await page.evaluate(() => (window as unknown as { frames: Frame[] }).frames)
    // The frames where something changed, kept with the results.
    const changes: string[] = []
    for (const f of frames) {
      const line = `${f.picker} busy=${f.busy} dim=${f.dim.toFixed(2)} note=${f.toast !== ''} header=${f.header}`
      if (!changes.at(-1)?.endsWith(line)) changes.push(`${f.t} ms: ${line}`)
    }
    await testInfo.attach('frames after the pick', { body: changes.join('\n'), contentType: 'text/plain' })
    // The picker shows the choice from the first frame after the pick, and never snaps back.
    expect(frames[0]!.picker).toBe(models[1])
    expect(frames.every((f) => f.picker === models[1])).toBe(true)
    // From the first frames until the new figures are in, the old ones are marked: the note, the
    // header, the dimming (after its 120 ms beat), and aria-busy once the page has re-rendered.
    const marked = frames.filter((f) => f.toast !== '')
    expect(marked.length).toBeGreaterThan(0)
    const markedFrom = marked[0]!.t
    const markedUntil = marked.at(-1)!.t
    expect(markedFrom).toBeLessThan(50)
    expect(markedUntil - markedFrom).toBeGreaterThan(300)
    expect(frames.filter((f) => f.t >= markedFrom && f.t <= markedUntil).every((f) => f.toast === 'Updating the figures…' && f.header === 'Updating…')).toBe(true)
    const dimmedFrom = frames.find((f) => f.dim < 0.5)?.t
    expect(dimmedFrom).toBeDefined()
    // About 300 ms on an idle machine (the dimming waits 120 ms so a fast answer does not flicker);
    // later only when the page's re-render holds the main thread.
    expect(dimmedFrom!).toBeLessThan(markedUntil)
    expect(frames.some((f) => f.busy)).toBe(true)
    const last = frames.at(-1)!
    expect(last).toMatchObject({ busy: false, dim: 1, toast: '' })
    testInfo.annotations.push({
      type: 'timeline (ms after the pick)',
      description: `picker shows the choice: ${frames[0]!.t}; note from ${markedFrom} to ${markedUntil}; figures dimmed below 50% from ${dimmedFrom}`,
    })
    console.log(`pick → picker shows it: ${frames[0]!.t} ms; note ${markedFrom}–${markedUntil} ms; dimmed from ${dimmedFrom} ms`)

    // As it looks: the next answer held until the picture is taken.
    await page.unrouteAll({ behavior: 'wait' })
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    await page.route(
      (url) => url.pathname === '/api/v1/metrics/overview',
      async (route) => {
        await held
        await route.continue()
      },
    )
    await model.selectOption(models[2]!)
    await expect(toast).toHaveText('Updating the figures…')
    await page.waitForTimeout(500)
    await shot(page, testInfo, 'updating-held')
    release()
    await expect(toast).toHaveText('')
  })

  test('Copy link copies the view with its filters', async ({ page, context, baseURL }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL })
    const { last, models } = await dataDays(page)
    await page.goto(`/overview?model=${models[0]}&from=${addDays(last, -6)}&to=${last}`)
    await overviewLoaded(page)
    await page.getByRole('button', { name: 'Copy link' }).click()
    await expect(page.getByRole('button', { name: 'Link copied' })).toBeVisible()
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    expect(copied).toBe(page.url())
    expect(new URL(copied).searchParams.get('model')).toBe(models[0])
    await expect(page.getByRole('status').filter({ hasText: 'Link to this view copied' })).toHaveCount(1)
  })

  test('last updated, Refresh, and an auto-refresh kept in the URL and in the sidebar links', async ({ page }) => {
    await page.clock.install()
    await page.goto('/overview')
    await overviewLoaded(page)
    await expect(page.getByTestId('updated-at')).toHaveText(/^Updated \d\d:\d\d:\d\d UTC$/)
    const requests = countMetricRequests(page, 'overview')

    const updated = page.getByTestId('updated-at')
    await page.getByRole('button', { name: 'Refresh the figures' }).click()
    await expect.poll(() => requests.answered()).toBe(1)
    await expect(updated).toHaveText(/^Updated /)

    const auto = page.getByLabel('Auto-refresh')
    await expect(auto).toHaveValue('')
    await auto.selectOption('1m')
    await expect.poll(() => params(page).get('refresh')).toBe('1m')
    await expect(page.getByRole('link', { name: 'Calibration' })).toHaveAttribute('href', /refresh=1m/)
    // A tick of the fake clock starts a fetch; the next tick waits for it to land (no overlap).
    await page.clock.runFor(61_000)
    await expect.poll(() => requests.answered()).toBe(2)
    await expect(updated).toHaveText(/^Updated /)
    await page.clock.runFor(61_000)
    await expect.poll(() => requests.answered()).toBe(3)
    await expect(updated).toHaveText(/^Updated /)

    await auto.selectOption('')
    await expect.poll(() => params(page).get('refresh')).toBeNull()
    await page.clock.runFor(125_000)
    await page.waitForTimeout(200)
    // No overlap: at most one fetch in flight (a busy machine may start the next tick's fetch already).
    expect(requests.count() - requests.answered()).toBeLessThanOrEqual(1)
  })

  test('skip links lead past the sidebar to the filters and to the content; the focus ring is clear', async ({ page }, testInfo) => {
    await overviewLoaded(page)
    await page.locator('body').press('Tab')
    const skipFilters = page.getByRole('link', { name: 'Skip to filters' })
    await expect(skipFilters).toBeFocused()
    await expect(skipFilters).toBeInViewport()
    await shot(page, testInfo, 'skip-link')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    await expect(page.getByLabel('Model', { exact: true })).toBeFocused()
    expect(new URL(page.url()).hash).toBe('')

    // A solid 2px ring in the focus colour (6.7:1 on white), not a pale shadow.
    const ring = await page.getByLabel('Model', { exact: true }).evaluate((el) => {
      const style = getComputedStyle(el)
      return { style: style.outlineStyle, width: style.outlineWidth, color: style.outlineColor }
    })
    expect(ring).toEqual({ style: 'solid', width: '2px', color: 'rgb(29, 78, 216)' })
    await shot(page, testInfo, 'focus-ring-select')

    // Reloaded, the second Tab stop is Skip to content.
    await page.reload()
    await overviewLoaded(page)
    await page.locator('body').press('Tab')
    await page.keyboard.press('Tab')
    const skipContent = page.getByRole('link', { name: 'Skip to content' })
    await expect(skipContent).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(page.locator('main#content')).toBeFocused()
    await page.keyboard.press('Tab')
    const inMain = await page.evaluate(() => !!document.activeElement?.closest('main'))
    expect(inMain).toBe(true)

    // The focus ring on a preset toggle sits inside the group and is not clipped.
    await page.getByRole('button', { name: '14d' }).focus()
    await page.keyboard.press('ArrowRight') // no-op for buttons; keeps focus-visible from the keyboard
    const toggleRing = await page.getByRole('button', { name: '14d' }).evaluate((el) => getComputedStyle(el).outlineStyle)
    expect(toggleRing).toBe('solid')
    await shot(page, testInfo, 'focus-ring-toggle')
  })

  test('hovering the selected range toggle keeps it selected', async ({ page }) => {
    await overviewLoaded(page)
    const selected = page.getByRole('button', { name: '30d' })
    await expect(selected).toHaveAttribute('aria-pressed', 'true')
    const look = () => selected.evaluate((el) => ({ bg: getComputedStyle(el).backgroundColor, color: getComputedStyle(el).color }))
    const before = await look()
    await selected.hover()
    expect(await look()).toEqual(before)
    const other = page.getByRole('button', { name: '7d' })
    const otherBefore = await other.evaluate((el) => getComputedStyle(el).backgroundColor)
    await other.hover()
    expect(await other.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(otherBefore)
  })

  test('the range says UTC', async ({ page }) => {
    await overviewLoaded(page)
    const tz = page.locator('#filter-tz-note')
    await expect(tz).toHaveText('UTC')
    await expect(page.getByLabel('From', { exact: true })).toHaveAttribute('aria-describedby', /filter-tz-note/)
  })

  test('a range after the data names the latest day with data and leads back to it', async ({ page }, testInfo) => {
    const { last } = await dataDays(page)
    await page.goto(`/overview?from=${addDays(last, 7)}&to=${addDays(last, 14)}`)
    const empty = page.locator('.empty-state')
    await expect(empty).toContainText(`No data after ${dayLabel(last)}: the latest day with data for all models is ${dayLabel(last)}`)
    await shot(page, testInfo, 'future-range')
    await empty.getByRole('button', { name: /the last 30 days with data/ }).click()
    await expect.poll(() => params(page).get('to')).toBe(last)
    expect(params(page).get('from')).toBe(addDays(last, -29))
    await overviewLoaded(page)
  })

  test('an empty view’s README hint is a link to how data gets in', async ({ page }, testInfo) => {
    await page.goto('/overview?model=no-such-model')
    const empty = page.locator('.empty-state')
    await expect(empty).toContainText('see README')
    const readme = empty.getByRole('button', { name: 'README' })
    await expect(readme).toHaveAttribute('aria-expanded', 'false')
    await readme.focus()
    await page.keyboard.press('Enter')
    await expect(readme).toHaveAttribute('aria-expanded', 'true')
    await expect(empty.getByText('From the README: getting data in')).toBeVisible()
    await expect(empty.getByRole('link', { name: 'Settings → API keys' })).toHaveAttribute('href', '/settings')
    await shot(page, testInfo, 'readme-hint')
  })
})

test.describe('dark mode', () => {
  test.use({ colorScheme: 'dark' })

  test('follows the system setting, charts included', async ({ page }, testInfo) => {
    await signIn(page)
    await overviewLoaded(page)
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    expect(bg).toBe('rgb(13, 17, 23)')
    const card = await page.locator('.kpi-card').first().evaluate((el) => getComputedStyle(el).backgroundColor)
    expect(card).toBe('rgb(22, 27, 34)')
    // The auto bars take the dark theme's blue.
    const bar = page.locator('.chart-card .recharts-bar-rectangle path').first()
    await expect(bar).toBeVisible()
    expect(await bar.evaluate((el) => getComputedStyle(el).fill)).toBe('rgb(96, 165, 250)')
    const tick = page.locator('.chart-card .recharts-cartesian-axis-tick-value').first()
    expect(await tick.evaluate((el) => getComputedStyle(el).fill)).toBe('rgb(154, 163, 175)')
    await shot(page, testInfo, 'overview-dark', true)

    await page.emulateMedia({ colorScheme: 'light' })
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(246, 247, 249)')
    expect(await bar.evaluate((el) => getComputedStyle(el).fill)).toBe('rgb(59, 130, 246)')
    await page.emulateMedia({ colorScheme: 'dark' })

    for (const path of ['/calibration', '/agreement']) {
      await page.goto(path)
      await expect(page.locator('.chart-card svg.recharts-surface').first()).toBeVisible()
      await shot(page, testInfo, `${path.slice(1)}-dark`, true)
    }
  })
})
