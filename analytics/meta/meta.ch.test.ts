import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouse } from '@/lib/clickhouse'
import { ingestForTest, useTempStores } from '@/test/ch-helpers'
import { explain, recordingClient } from '@/test/explain'
import { fetchFilterOptions } from './meta.sql'

let ch: ClickHouse
let cleanup: () => Promise<void>

const p = (id: string, model: string, item: string, ts: string, segment: string, version: string) => ({
  type: 'prediction', event_id: id, model, model_version: version, item_id: item, ts, route: 'review', predicted_label: 'A', confidence: 0.7, segment,
})
const r = (id: string, model: string, item: string, ts: string, queue?: string) => ({
  type: 'review', event_id: id, model, item_id: item, ts, reviewer_id: 'r1', label: 'A', ...(queue === undefined ? {} : { queue }),
})

const EVENTS = [
  p('p1', 'meta-a', 'i1', '2026-11-01T10:00:00Z', 's2', 'v2'),
  p('p2', 'meta-a', 'i2', '2026-11-03T10:00:00Z', 's1', 'v1'),
  p('p3', 'meta-b', 'i1', '2026-11-02T10:00:00Z', 's1', 'v1'), // no reviews: no queues
  r('r1', 'meta-a', 'i1', '2026-11-01T11:00:00Z', 'kyc-2'),
  r('r2', 'meta-a', 'i2', '2026-11-03T11:00:00Z', 'kyc-10'),
  r('r3', 'meta-a', 'i1', '2026-11-01T12:00:00Z', 'kyc-2'), // listed once
  r('r4', 'meta-a', 'i2', '2026-11-03T12:00:00Z'), // no queue: not a choice
  r('r5', 'meta-c', 'i9', '2026-11-03T12:00:00Z', 'orphan'), // a model with reviews only is not an option
]

beforeAll(async () => {
  ;({ ch, cleanup } = await useTempStores('meta'))
  await ingestForTest(ch, EVENTS)
})
afterAll(() => cleanup())

describe('fetchFilterOptions', () => {
  it('lists each model with its segments, versions, review queues and time span', async () => {
    const rows = await fetchFilterOptions(ch)
    expect(rows).toEqual([
      {
        model: 'meta-a',
        segments: ['s1', 's2'],
        versions: ['v1', 'v2'],
        queues: ['kyc-10', 'kyc-2'],
        first_ts: '2026-11-01T10:00:00.000000Z',
        last_ts: '2026-11-03T10:00:00.000000Z',
      },
      { model: 'meta-b', segments: ['s1'], versions: ['v1'], queues: [], first_ts: '2026-11-02T10:00:00.000000Z', last_ts: '2026-11-02T10:00:00.000000Z' },
    ])
  })

  it('explains', async () => {
    const { client, recorded } = recordingClient(ch)
    await fetchFilterOptions(client)
    expect(recorded).toHaveLength(1)
    expect((await explain(ch, recorded[0]!)).join('\n')).toMatch(/Join/)
  })
})
