import { expect, test, type Page } from '@playwright/test'
import { SCREENS } from './chart-kit-helpers'
import { shot, signIn } from './shell-helpers'

// Dark mode (issue 15 point 8): every chart's points and hovered points in the series' or the
// card's colours, not recharts' white, which read as pale grey blobs on a dark card.

const PAGES = ['/overview', '/calibration', '/agreement', '/workload'] as const
const WHITE = 'rgb(255, 255, 255)'

async function open(page: Page, path: string) {
  await page.goto(path)
  if (/\/login/.test(page.url())) {
    await signIn(page)
    await page.goto(path)
  }
  await expect(page.locator('.chart-card svg.recharts-surface').first()).toBeVisible()
  await expect(page.locator('.query-content[data-stale="true"]')).toHaveCount(0)
}

/** The computed fill of every line point, and the card colour behind them. */
async function dotFills(page: Page): Promise<{ fills: string[]; surface: string }> {
  return page.evaluate(() => {
    const probe = document.createElement('div')
    probe.style.color = 'var(--surface)'
    document.body.append(probe)
    const surface = getComputedStyle(probe).color
    probe.remove()
    return { fills: [...document.querySelectorAll('.recharts-line-dot')].map((d) => getComputedStyle(d).fill), surface }
  })
}

for (const screen of SCREENS) {
  test.describe(`charts in dark mode, ${screen.name}`, () => {
    test.use({ viewport: { width: screen.width, height: screen.height }, colorScheme: 'dark' })

    for (const path of PAGES) {
      test(`${path}: line points and the hovered point in the theme's colours`, async ({ page }, testInfo) => {
        await open(page, path)
        const { fills, surface } = await dotFills(page)
        expect(surface).not.toBe(WHITE)
        for (const fill of fills) expect(fill).not.toBe(WHITE)

        // Hover each line chart in the middle: its hovered points are ringed with the card's colour.
        const charts = page.locator('.chart-card:has(.recharts-line) svg.recharts-surface')
        const count = await charts.count()
        for (let i = 0; i < count; i++) {
          const chart = charts.nth(i)
          await chart.scrollIntoViewIfNeeded()
          const box = (await chart.boundingBox())!
          await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.5)
          const rings = await page.locator('.recharts-active-dot circle, .recharts-active-dot path').evaluateAll((dots) => dots.map((d) => getComputedStyle(d).stroke))
          for (const ring of rings) expect(ring).not.toBe(WHITE)
          if (i === 0) await shot(page, testInfo, `dark-${path.slice(1)}-hover-${screen.name}`)
        }
        await page.mouse.move(1, 1)
        await shot(page, testInfo, `dark-${path.slice(1)}-${screen.name}`, true)
      })
    }
  })
}
