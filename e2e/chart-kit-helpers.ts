import fs from 'node:fs'
import { expect, type Locator, type Page } from '@playwright/test'

/** The two screens every chart-kit test runs on. */
export const SCREENS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const

/** A downloaded CSV: its suggested file name and its records (RFC 4180, CRLF, quoted fields undone). */
export interface DownloadedCsv {
  fileName: string
  text: string
  header: string[]
  rows: string[][]
}

/** Parses RFC 4180 text (quoted fields with doubled quotes, CRLF records). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = []
  let field = ''
  let record: string[] = []
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      record.push(field)
      field = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field)
      records.push(record)
      record = []
      field = ''
      i++
    } else field += c
  }
  if (field !== '' || record.length > 0) throw new Error('CSV does not end with CRLF')
  return records
}

/** Clicks a card's CSV button and reads the file the browser saves. */
export async function downloadCsv(page: Page, card: Locator): Promise<DownloadedCsv> {
  const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: /^Download CSV/ }).click()])
  const path = await download.path()
  const text = fs.readFileSync(path, 'utf8')
  const [header, ...rows] = parseCsv(text)
  return { fileName: download.suggestedFilename(), text, header, rows }
}

/** The boxes of a chart's x-axis tick labels, left to right. */
/** A chart's x-axis tick labels (recharts draws them in a layer of their own, outside the axis' group). */
export const xTickLabels = (chart: Locator) => chart.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value')

export async function xTickBoxes(chart: Locator): Promise<{ text: string; left: number; right: number }[]> {
  const ticks = xTickLabels(chart)
  const boxes = await ticks.evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect()
      return { text: el.textContent ?? '', left: r.left, right: r.right }
    }),
  )
  return boxes.filter((b) => b.right > b.left).sort((a, b) => a.left - b.left)
}

/** Asserts that no two x-axis tick labels of a chart overlap and that each lies inside the chart. */
export async function expectTicksApart(chart: Locator) {
  const boxes = await xTickBoxes(chart)
  expect(boxes.length).toBeGreaterThanOrEqual(2)
  const surface = await chart.locator('svg.recharts-surface').first().boundingBox()
  for (let i = 1; i < boxes.length; i++) expect(boxes[i].left, `"${boxes[i - 1].text}" and "${boxes[i].text}" overlap`).toBeGreaterThanOrEqual(boxes[i - 1].right + 2)
  for (const b of boxes) {
    expect(b.left).toBeGreaterThanOrEqual(surface!.x - 1)
    expect(b.right).toBeLessThanOrEqual(surface!.x + surface!.width + 1)
  }
}

/** The y-axis tick values of a chart, as shown ("80%" → 80). */
export async function yTickValues(chart: Locator): Promise<number[]> {
  const texts = await chart.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents()
  return texts.map((t) => Number(t.replace(/[^\d.\-]/g, '')))
}

/** Moves the mouse over the middle of an element (a bar, a dot) so that recharts shows its tooltip. */
export async function hover(page: Page, target: Locator) {
  await target.scrollIntoViewIfNeeded()
  const box = await target.boundingBox()
  if (!box) throw new Error('nothing to hover')
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 10))
}

/** The newest prediction of the models in scope, from the meta API (the page's session). */
export async function latestPrediction(page: Page, model?: string): Promise<number> {
  const response = await page.request.get('/api/v1/meta/filters')
  const body = (await response.json()) as { models: { model: string; last_ts: string | null }[] }
  const lasts = body.models.filter((m) => !model || m.model === model).map((m) => Date.parse(m.last_ts ?? ''))
  return Math.max(...lasts.filter(Number.isFinite))
}
