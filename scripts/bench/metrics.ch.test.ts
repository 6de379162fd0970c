import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { queryRows, type ClickHouse } from '@/lib/clickhouse'
import { useTempStores } from '@/test/ch-helpers'
import { explain, recordingClient } from '@/test/explain'
import { BENCH_DATA_DAYS, BENCH_DATA_END, insertMetricsData } from './metrics-data'
import { METRIC_FAMILY_NAMES } from '@/analytics/families'
import { benchMetricQueries } from './metrics'
import { fetchRecentItems, generateLiveBatch, ingestLiveBatches } from './metrics-ingest'

let ch: ClickHouse
let cleanup: () => Promise<void>

beforeAll(async () => {
  ;({ ch, cleanup } = await useTempStores('metrics-bench'))
  await insertMetricsData(ch, { predictions: 20_000, reviews: 4_000 })
})
afterAll(() => cleanup())

const Count = z.object({ n: z.number(), lo: z.string(), hi: z.string() })

describe('metrics benchmark', () => {
  it('generates the requested rows over the benchmark window', async () => {
    for (const [table, expected] of [
      ['predictions', 20_000],
      ['reviews', 4_000],
    ] as const) {
      const [row] = await queryRows(ch, {
        tag: 'test:count',
        schema: Count,
        query: `SELECT count() AS n, toString(min(ts)) AS lo, toString(max(ts)) AS hi FROM ${table}`,
      })
      expect(row.n).toBe(expected)
      expect(Date.parse(`${row.lo.replace(' ', 'T')}Z`)).toBeGreaterThanOrEqual(BENCH_DATA_END - BENCH_DATA_DAYS * 86_400_000)
      expect(Date.parse(`${row.hi.replace(' ', 'T')}Z`)).toBeLessThan(BENCH_DATA_END)
    }
  })

  it('times each family and reports the same figure from a raw scan', async () => {
    const report = await benchMetricQueries(ch, { repeats: 2, naiveRepeats: 1 })
    expect(report.target_p95_ms).toBe(150)
    for (const family of METRIC_FAMILY_NAMES) {
      const result = report.families[family]!
      expect(result.error).toBeUndefined()
      expect(result.service.runs).toBe(2)
      expect(result.naive.runs).toBe(1)
      expect(result.service.p95_ms).toBeGreaterThan(0)
      expect(result.value).not.toBeNull()
      expect(result.naive.value).toBeCloseTo(result.value!, 9)
    }
  })

  it('EXPLAINs the naive scans', async () => {
    const { client, recorded } = recordingClient(ch)
    await benchMetricQueries(client, { repeats: 1, naiveRepeats: 1 })
    const naive = recorded.filter((q) => q.tag.startsWith('bench:naive'))
    expect(naive.map((q) => q.tag).sort()).toEqual(['bench:naive_agreement', 'bench:naive_ece', 'bench:naive_predictions', 'bench:naive_wait'])
    for (const query of naive) expect((await explain(ch, query)).join('\n')).toMatch(/ReadFromMergeTree/)
  })

  it('ingests live batches through the API path, after which the services still match the raw scans', async () => {
    const recent = await fetchRecentItems(ch, BENCH_DATA_END)
    expect(recent.length).toBeGreaterThan(100)
    expect(generateLiveBatch(recent, 0, 300, BENCH_DATA_END)).toEqual(generateLiveBatch(recent, 0, 300, BENCH_DATA_END))
    const live = await ingestLiveBatches(ch, { batches: 2, size: 500, end: BENCH_DATA_END, log: () => undefined })
    expect(live.refresh_ms).toHaveLength(2)
    const [row] = await queryRows(ch, { tag: 'test:count', schema: z.object({ n: z.number() }), query: "SELECT toInt64(count()) AS n FROM reviews WHERE startsWith(event_id, 'live-')" })
    expect(row.n).toBeGreaterThan(100)
    const report = await benchMetricQueries(ch, { repeats: 1, naiveRepeats: 1, now: BENCH_DATA_END })
    for (const family of METRIC_FAMILY_NAMES) {
      const result = report.families[family]!
      expect(result.error).toBeUndefined()
      expect(result.naive.value).toBeCloseTo(result.value!, 9)
    }
  })
})
