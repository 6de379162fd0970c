import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { queryRows, type ClickHouse } from '@/lib/clickhouse'
import { ingestForTest, useTempStores } from '@/test/ch-helpers'
import { rebuildHeads } from './events.sql'

let ch: ClickHouse
let cleanup: () => Promise<void>
beforeAll(async () => ({ ch, cleanup } = await useTempStores('heads')))
afterAll(() => cleanup())

const prediction = (id: string, item: string, ts: string) => ({
  type: 'prediction', event_id: id, model: 'h', item_id: item, ts, predicted_label: 'a', confidence: 0.5, route: 'review',
})
const review = (id: string, item: string, reviewer: string, ts: string) => ({
  type: 'review', event_id: id, model: 'h', item_id: item, reviewer_id: reviewer, ts, label: 'a',
})

const ingest = (events: object[]) => ingestForTest(ch, events)

const ids = async (table: string) =>
  (await queryRows(ch, { query: `SELECT DISTINCT event_id FROM ${table} ORDER BY event_id`, schema: z.object({ event_id: z.string() }), tag: 'test' })).map((r) => r.event_id)

describe('latest prediction and review heads, kept by ingest', () => {
  it('supersedes older predictions across batches and inside a batch, whatever the arrival order', async () => {
    await ingest([prediction('p1', 'x', '2026-11-01T10:00:00Z')])
    await ingest([prediction('p3', 'x', '2026-11-01T12:00:00Z'), prediction('p2', 'x', '2026-11-01T11:00:00Z')])
    await ingest([prediction('p0', 'x', '2026-11-01T09:00:00Z'), prediction('q1', 'y', '2026-11-01T09:00:00Z')])
    expect(await ids('superseded_predictions')).toEqual(['p0', 'p1', 'p2'])
    const latest = await queryRows(ch, {
      query: 'SELECT event_id FROM predictions WHERE event_id NOT IN (SELECT event_id FROM superseded_predictions) ORDER BY event_id',
      schema: z.object({ event_id: z.string() }),
      tag: 'test',
    })
    expect(latest.map((r) => r.event_id)).toEqual(['p3', 'q1'])
  })

  it('a retried batch changes nothing', async () => {
    const result = await ingest([prediction('p2', 'x', '2026-11-01T11:00:00Z')])
    expect(result).toEqual({ accepted: 0, duplicates: 1 })
    expect(await ids('superseded_predictions')).toEqual(['p0', 'p1', 'p2'])
  })

  it("keeps each reviewer's latest review of an item", async () => {
    await ingest([review('r1', 'x', 'alice', '2026-11-01T13:00:00Z'), review('r2', 'x', 'bob', '2026-11-01T13:00:00Z')])
    await ingest([review('r3', 'x', 'alice', '2026-11-01T14:00:00Z')])
    expect(await ids('superseded_reviews')).toEqual(['r1'])
  })
  it('a bulk rebuild in the engine agrees with the heads kept batch by batch', async () => {
    const heads = async () =>
      (await queryRows(ch, { query: 'SELECT head_key, event_id FROM prediction_heads ORDER BY head_key', schema: z.object({ head_key: z.string(), event_id: z.string() }), tag: 'test' }))
    const before = await heads()
    await rebuildHeads(ch)
    expect(await heads()).toEqual(before)
    expect(await ids('superseded_predictions')).toEqual(['p0', 'p1', 'p2'])
    expect(await ids('superseded_reviews')).toEqual(['r1'])
  })
})
