import { expect, test, type Locator, type Page } from '@playwright/test'
import { shot } from './shell-helpers'

// The Agreement page on a phone (390×844, touch): the reviewer table scrolls sideways with the
// names in place, a flag's reason and the flag rules open on a tap, the matrix keeps its labels
// whole, and a reviewer filter still shows the between-reviewer figures.
test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })

/** The webServer of playwright.config.ts creates the admin with this password. */
const ADMIN = { username: 'admin', password: process.env.E2E_ADMIN_PASSWORD ?? 'e2e-admin-password' }

async function openAgreement(page: Page, query = '') {
  await page.goto(`/agreement${query}`)
  if (/\/login/.test(page.url())) {
    await page.getByLabel('Username', { exact: true }).fill(ADMIN.username)
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
  }
  await expect(page).toHaveURL(/\/agreement/)
  await expect(page.locator('[data-kpi="agreement_rate"] .kpi-value')).toHaveText(/^\d+\.\d%$/)
  await expect(page.locator('.query-content[data-stale="true"]')).toHaveCount(0)
}

const table = '[data-testid="reviewer-table"]'
const GRACE = 'r07-grace'
const openTip = (page: Page) => page.locator('[popover]:popover-open')

/** The element's box in the viewport. */
async function box(locator: Locator) {
  const b = await locator.boundingBox()
  if (!b) throw new Error(`${locator} has no box`)
  return b
}

test('the reviewer table scrolls sideways with the names in place, and a flag’s reason opens on a tap', async ({ page }, testInfo) => {
  await openAgreement(page)
  const row = page.locator(`${table} tbody tr[data-reviewer="${GRACE}"]`)
  const name = row.locator('th')
  const flag = row.getByRole('button', { name: 'possible rubber-stamping' })
  await name.scrollIntoViewIfNeeded()
  const scroller = page.locator(`${table}`).locator('xpath=..')
  expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true)
  const start = await box(name)

  // Scrolled to the end: the flags are in view, and her name still stands at the left edge beside them.
  await scroller.evaluate((el) => el.scrollTo({ left: el.scrollWidth }))
  await expect.poll(() => scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(100)
  const scrolled = await box(name)
  expect(Math.abs(scrolled.x - start.x)).toBeLessThanOrEqual(1)
  await expect(name).toHaveText(GRACE)
  // Nothing scrolls through under the name: the topmost element at its centre is the name cell's.
  const onTop = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('th')?.textContent ?? null, { x: scrolled.x + scrolled.width / 2, y: scrolled.y + scrolled.height / 2 })
  expect(onTop).toBe(GRACE)
  const flagBox = await box(flag)
  expect(flagBox.x).toBeGreaterThan(scrolled.x + scrolled.width - 1)
  expect(flagBox.x + flagBox.width).toBeLessThanOrEqual(390)
  await shot(page, testInfo, 'agreement-table-scrolled-390')

  // A tap opens the reason, with her figures; a tap elsewhere closes it.
  await flag.tap()
  const tip = openTip(page)
  await expect(tip).toBeVisible()
  await expect(tip).toContainText(/Agrees with the model on \d+\.\d% of reviews/)
  const tipBox = await box(tip)
  expect(tipBox.x).toBeGreaterThanOrEqual(0)
  expect(tipBox.x + tipBox.width).toBeLessThanOrEqual(390)
  await shot(page, testInfo, 'agreement-flag-tapped-390')
  await page.getByRole('heading', { level: 2, name: 'Reviewers', exact: true }).tap()
  await expect(openTip(page)).toHaveCount(0)

  // The close button closes it too.
  await flag.tap()
  await expect(openTip(page)).toBeVisible()
  await openTip(page).getByRole('button', { name: 'Close' }).tap()
  await expect(openTip(page)).toHaveCount(0)

  // "How are reviewers flagged?" opens the rules on a tap.
  const rules = page.getByRole('button', { name: 'How are reviewers flagged?' })
  await rules.scrollIntoViewIfNeeded()
  await rules.tap()
  await expect(openTip(page)).toContainText('Low gold accuracy: an error rate on gold items ≥ 2×')
  await shot(page, testInfo, 'agreement-rules-390')
})

/** Whether every word of the element's text lies on one line (labels may break after an underscore or a space only). */
function wordsWhole(locator: Locator): Promise<string[]> {
  return locator.evaluateAll((elements) => {
    const broken: string[] = []
    for (const element of elements) {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? ''
        // Words: runs between spaces and zero-width spaces (confusion-heatmap.tsx puts one after each underscore).
        let start = 0
        for (let i = 0; i <= text.length; i++) {
          if (i < text.length && !/[\s\u200b]/.test(text[i])) continue
          if (i > start) {
            const tops = new Set<number>()
            for (let c = start; c < i; c++) {
              const range = document.createRange()
              range.setStart(node, c)
              range.setEnd(node, c + 1)
              for (const rect of range.getClientRects()) tops.add(Math.round(rect.top))
            }
            if (tops.size > 1) broken.push(text.slice(start, i))
          }
          start = i + 1
        }
      }
    }
    return broken
  })
}

test('the confusion matrix keeps its labels whole on a phone, next to the ranked confusions', async ({ page }, testInfo) => {
  for (const query of ['?model=doc-classifier', '']) {
    await openAgreement(page, query)
    const labels = page.locator('[data-testid="confusion-heatmap"] [role="columnheader"], [data-testid="confusion-heatmap"] [role="rowheader"]')
    await expect(labels.first()).toBeVisible()
    expect(await wordsWhole(labels), query).toEqual([])
    if (query) {
      await expect(page.locator('[data-testid="confusion-heatmap"] .heatmap-col-label', { hasText: /^contract$/ })).toBeVisible()
      await page.getByTestId('confusion-card').scrollIntoViewIfNeeded()
      await shot(page, testInfo, 'agreement-matrix-390')
      const confusions = page.getByTestId('top-confusions')
      await confusions.scrollIntoViewIfNeeded()
      await expect(confusions.locator('tbody tr').first()).toBeVisible()
      const count = await confusions.locator('tbody tr').count()
      expect(count).toBeGreaterThan(3)
      expect(count).toBeLessThanOrEqual(10)
      expect(await wordsWhole(confusions.locator('tbody th'))).toEqual([])
      await shot(page, testInfo, 'agreement-confusions-390')
    }
  }
})

test('on a phone, a reviewer filter shows her figures and the between-reviewer figures over her items', async ({ page }, testInfo) => {
  await openAgreement(page, `?reviewer_id=${GRACE}`)
  await expect(page.getByTestId('inter-reviewer-scope')).toContainText(`Over the items ${GRACE} took part in`)
  await expect(page.locator('[data-kpi="krippendorff_alpha"] .kpi-value')).toHaveText(/^-?\d\.\d{3}$/)
  await expect(page.locator(`${table} tbody tr[data-reviewer="${GRACE}"] td:nth-of-type(3)`)).toHaveText(/^\d+\.\d%$/)
  await page.getByTestId('inter-reviewer-scope').scrollIntoViewIfNeeded()
  await shot(page, testInfo, 'agreement-grace-390')
  await shot(page, testInfo, 'agreement-grace-390-full', true)
})
