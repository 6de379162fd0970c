import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { queryRows, type ClickHouse } from '@/lib/clickhouse'
import { useTempStores } from '@/test/ch-helpers'
import { migrateClickHouse } from './migrate'

let ch: ClickHouse
let cleanup: () => Promise<void>
beforeAll(async () => ({ ch, cleanup } = await useTempStores('migrate')))
afterAll(() => cleanup())

describe('ClickHouse migrations on chDB', () => {
  it('creates the telemetry tables with the designed engines and keys', async () => {
    const rows = await queryRows(ch, {
      query: "SELECT name, engine, sorting_key, partition_key FROM system.tables WHERE database = currentDatabase() ORDER BY name",
      schema: z.object({ name: z.string(), engine: z.string(), sorting_key: z.string(), partition_key: z.string() }),
      tag: 'test:tables',
    })
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]))
    expect(byName.predictions).toMatchObject({ engine: 'ReplacingMergeTree', sorting_key: 'model, ts, event_id', partition_key: 'toYYYYMM(ts)' })
    expect(byName.reviews.engine).toBe('ReplacingMergeTree')
    expect(byName.outcomes.sorting_key).toBe('model, item_id, ts, event_id')
    expect(byName.event_ids.engine).toBe('EmbeddedRocksDB')
    expect(byName.schema_migrations).toBeDefined()
  })

  it('records what it applied and applies nothing twice', async () => {
    expect(await migrateClickHouse(ch)).toEqual([])
    const applied = await queryRows(ch, { query: 'SELECT version FROM schema_migrations', schema: z.object({ version: z.string() }), tag: 'test:applied' })
    expect(applied.map((r) => r.version)).toContain('0001')
  })
})
