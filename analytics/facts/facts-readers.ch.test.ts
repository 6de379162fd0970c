import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouse } from '@/lib/clickhouse'
import { ingestForTest, useTempStores } from '@/test/ch-helpers'
import { getOverview } from '@/analytics/overview/overview'
import { getCalibration } from '@/analytics/calibration/calibration'
import { ensureFactsFresh } from './facts'

let ch: ClickHouse
let cleanup: () => Promise<void>

beforeAll(async () => {
  ;({ ch, cleanup } = await useTempStores('facts-readers'))
})
afterAll(() => cleanup())

const ITEMS = 3000
const DAY = Date.UTC(2026, 10, 2)
const prediction = (item: number, round: number) => ({
  type: 'prediction',
  event_id: `p-${item}-${round}`,
  ts: DAY + item * 10 + round * 60_000,
  model: 'm',
  item_id: `i${item}`,
  predicted_label: round % 2 === 0 ? 'A' : 'B',
  confidence: 0.5,
  route: 'review',
})

/** Resolves after `ms`, or when `signal` resolves first. */
const waitFor = (signal: Promise<void>, ms: number) => Promise.race([signal, new Promise<void>((resolve) => setTimeout(resolve, ms))])

/**
 * A client that forces the worst interleaving: the reader's second query (the calibration cells,
 * after its edges) waits until a refresh has retracted the item facts, and the refresh's next
 * statement waits until that query is done. Each wait gives up after `patienceMs`, which is what
 * happens when the lock keeps the refresh from starting.
 */
function interleavingClient(ch: ClickHouse, patienceMs: number) {
  let retracted!: () => void
  let readDone!: () => void
  const retraction = new Promise<void>((resolve) => (retracted = resolve))
  const read = new Promise<void>((resolve) => (readDone = resolve))
  let atCells!: () => void
  const readerAtCells = new Promise<void>((resolve) => (atCells = resolve))
  const tagOf = (options: { clickhouse_settings?: object }) => String((options.clickhouse_settings as Record<string, unknown> | undefined)?.log_comment ?? '')
  const client = new Proxy(ch, {
    get(target, property) {
      const value = Reflect.get(target, property, target)
      if (property === 'query') {
        return async (options: Parameters<ClickHouse['query']>[0]) => {
          if (tagOf(options) !== 'calibration:cells') return target.query(options)
          atCells()
          await waitFor(retraction, patienceMs)
          try {
            return await target.query(options)
          } finally {
            readDone()
          }
        }
      }
      if (property === 'command') {
        return async (options: Parameters<ClickHouse['command']>[0]) => {
          const tag = tagOf(options)
          if (tag === 'facts:retract_review_facts') await waitFor(read, patienceMs)
          const result = await target.command(options)
          if (tag === 'facts:retract_item_facts') retracted()
          return result
        }
      }
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { client, readerAtCells }
}

describe('metric reads while the facts are refreshed', () => {
  it('hold a refresh off until they are done', async () => {
    const { client, readerAtCells } = interleavingClient(ch, 1_000)
    const input = { model: 'w', from: DAY, to: DAY + 86_400_000, strategy: 'quantile' as const, bins: 4 }
    const items = Array.from({ length: 50 }, (_, item) => ({ ...prediction(item, 0), model: 'w', event_id: `w-${item}-0` }))
    await ingestForTest(client, items)
    await ensureFactsFresh(client)
    // The reader is between its two queries when every item is re-scored and refreshed.
    const reading = getCalibration(client, input, DAY)
    await readerAtCells
    await ingestForTest(client, items.map((event) => ({ ...event, event_id: event.event_id.replace(/-0$/, '-1'), ts: event.ts + 60_000 })))
    const refreshing = ensureFactsFresh(client)
    const calibration = await reading
    await refreshing
    expect(calibration.reliability.reduce((n, bin) => n + bin.count, 0)).toBe(50)
    expect((await getCalibration(client, input, DAY)).reliability.reduce((n, bin) => n + bin.count, 0)).toBe(50)
  })

  it('never see an item between its retraction and its new fact', async () => {
    const input = { model: 'm', from: DAY, to: DAY + 86_400_000 }
    await ingestForTest(ch, Array.from({ length: ITEMS }, (_, item) => prediction(item, 0)))
    expect((await getOverview(ch, input, DAY)).predictions).toBe(ITEMS)
    // Each round re-scores every item: its refresh retracts all of them, then writes them again.
    // Readers run meanwhile; every answer must count every item exactly once.
    const seen: number[] = []
    let writing = true
    // Overview and the equal-mass calibration (its edges, then its bins: two queries one after the other).
    const readers = [
      (async () => {
        while (writing) seen.push((await getOverview(ch, input, DAY)).predictions)
      })(),
      (async () => {
        while (writing) seen.push((await getCalibration(ch, { ...input, strategy: 'quantile', bins: 4 }, DAY)).reliability.reduce((n, bin) => n + bin.count, 0))
      })(),
    ]
    for (let round = 1; round <= 6; round++) {
      await ingestForTest(ch, Array.from({ length: ITEMS }, (_, item) => prediction(item, round)))
      await ensureFactsFresh(ch)
    }
    writing = false
    await Promise.all(readers)
    expect(seen.length).toBeGreaterThan(10)
    expect(new Set(seen)).toEqual(new Set([ITEMS]))
  })
})
