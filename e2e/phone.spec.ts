import { expect, test, type Page } from '@playwright/test'
import { addDays, dataDays, dayLabel, overviewLoaded, params, shot, signIn } from './shell-helpers'

/** What stays pinned at the top of a 390×844 phone: one line (it was 281 px, a third of the screen). */
const MAX_PINNED_PX = 60

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })

/** The filter bar's box, and whether every point of it shows the bar itself (nothing drawn through or over it). */
async function pinnedBar(page: Page) {
  return page.locator('.filter-bar').evaluate((bar) => {
    const box = bar.getBoundingClientRect()
    const background = getComputedStyle(bar).backgroundColor
    const points: [number, number][] = []
    for (let x = 4; x < box.width; x += 40) for (let y = 2; y < box.height; y += 12) points.push([x, box.top + y])
    const foreign = points.filter(([x, y]) => {
      const hit = document.elementFromPoint(x, y)
      return !hit || !bar.contains(hit)
    })
    return { top: box.top, height: box.height, background, foreign: foreign.length }
  })
}

test.describe('a phone, 390×844', () => {
  test.beforeEach(async ({ page }) => signIn(page))

  test('the filters fold into one pinned line, opaque, with what they are set to', async ({ page }, testInfo) => {
    const { models, last } = await dataDays(page)
    await page.goto(`/overview?model=${models[0]}&from=${addDays(last, -6)}&to=${last}`)
    await overviewLoaded(page)
    const toggle = page.getByRole('button', { name: /^Filters/ })
    await expect(toggle).toHaveAttribute('aria-expanded', 'false')
    await expect(toggle).toContainText('2')
    await expect(page.getByTestId('filter-summary')).toHaveText(`${models[0]} · ${dayLabel(addDays(last, -6)).replace(/, \d{4}$/, '')} – ${dayLabel(last)} (UTC)`)
    await expect(page.getByLabel('Model', { exact: true })).toBeHidden()

    // Scrolled into the charts, the bar is still at the top, one line high, and nothing shows through it.
    await page.evaluate(() => window.scrollTo(0, 900))
    await page.waitForTimeout(300)
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(400)
    const bar = await pinnedBar(page)
    expect(bar.top).toBe(0)
    expect(bar.height).toBeLessThanOrEqual(MAX_PINNED_PX)
    expect(bar.background).toMatch(/^rgb\(\d+, \d+, \d+\)$/) // opaque: no alpha
    expect(bar.foreign).toBe(0)
    testInfo.annotations.push({ type: 'pinned height at 390×844', description: `${bar.height} px (was 281)` })
    console.log(`pinned at 390×844: ${bar.height} px`)
    await shot(page, testInfo, 'phone-collapsed-scrolled')
  })

  test('opened by a tap, the filters are usable by tap and apply; Done folds them again', async ({ page }, testInfo) => {
    const { models, last } = await dataDays(page)
    await overviewLoaded(page)
    const toggle = page.getByRole('button', { name: /^Filters/ })
    await toggle.tap()
    await expect(toggle).toHaveAttribute('aria-expanded', 'true')
    const model = page.getByLabel('Model', { exact: true })
    await expect(model).toBeVisible()
    await shot(page, testInfo, 'phone-expanded')

    // Every control fits the width and is big enough to tap.
    for (const control of await page.locator('#filter-panel select, #filter-panel input[type="text"], #filter-panel button:visible').all()) {
      const box = (await control.boundingBox())!
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width).toBeLessThanOrEqual(390)
      expect(box.height).toBeGreaterThanOrEqual(32)
    }

    await model.selectOption(models[1]!)
    await expect.poll(() => params(page).get('model')).toBe(models[1])
    await page.getByRole('button', { name: '7d' }).tap()
    await expect.poll(() => params(page).get('from')).toBe(addDays(last, -6))
    await expect(page.getByRole('button', { name: '7d' })).toHaveAttribute('aria-pressed', 'true')

    // A date typed on the phone's keypad: eight digits.
    const from = page.getByLabel('From', { exact: true })
    await from.tap()
    await page.keyboard.type(addDays(last, -4).replaceAll('-', ''), { delay: 120 })
    await expect.poll(() => params(page).get('from')).toBe(addDays(last, -4))
    expect(params(page).get('to')).toBe(last)

    await page.getByRole('button', { name: 'Done' }).tap()
    await expect(toggle).toHaveAttribute('aria-expanded', 'false')
    await expect(model).toBeHidden()
    await expect(page.getByTestId('filter-summary')).toContainText(models[1]!)
    await overviewLoaded(page)
    await shot(page, testInfo, 'phone-applied')
  })

  test('with the keyboard: skip to the filters, open them, Escape folds them back onto the button', async ({ page }) => {
    await overviewLoaded(page)
    await page.locator('body').press('Tab')
    await expect(page.getByRole('link', { name: 'Skip to filters' })).toBeFocused()
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    const toggle = page.getByRole('button', { name: /^Filters/ })
    await expect(toggle).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(toggle).toHaveAttribute('aria-expanded', 'true')
    await page.keyboard.press('Tab')
    await expect(page.getByLabel('Model', { exact: true })).toBeFocused()
    await page.keyboard.press('Escape')
    await expect(toggle).toHaveAttribute('aria-expanded', 'false')
    await expect(toggle).toBeFocused()
  })

  test('no page is wider than the phone; the shell on each, light and dark', async ({ page }, testInfo) => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      for (const path of ['/overview', '/calibration', '/agreement', '/settings']) {
        await page.goto(path)
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
        await page.waitForLoadState('networkidle')
        expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390)
        // The brand, the user and Sign out share the first line; the page links the second.
        const signOut = (await page.getByRole('button', { name: 'Sign out' }).boundingBox())!
        expect(signOut.y).toBeLessThan(40)
        await shot(page, testInfo, `phone-${path.slice(1)}-${scheme}`)
      }
    }
  })

  test('dark mode on the phone', async ({ page }, testInfo) => {
    await page.emulateMedia({ colorScheme: 'dark' })
    await overviewLoaded(page)
    await page.evaluate(() => window.scrollTo(0, 700))
    await page.waitForTimeout(300)
    const bar = await pinnedBar(page)
    expect(bar.background).toBe('rgb(22, 27, 34)')
    expect(bar.foreign).toBe(0)
    await shot(page, testInfo, 'phone-dark')
    await page.getByRole('button', { name: /^Filters/ }).tap()
    await shot(page, testInfo, 'phone-dark-expanded')
  })
})
