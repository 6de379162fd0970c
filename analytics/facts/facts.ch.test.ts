import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { queryRows, runCommand, type ClickHouse } from '@/lib/clickhouse'
import { ingestForTest, useTempStores } from '@/test/ch-helpers'
import { generateEvents, mulberry32, toApiEvents } from '@/test/metrics-reference'
import { ensureFactsFresh, rebuildFacts } from './facts'
import { hasEventsToRefresh, ITEM_FACT_COLUMNS, refreshFacts, REVIEW_FACT_COLUMNS } from './facts.sql'

let ch: ClickHouse
let cleanup: () => Promise<void>

beforeAll(async () => {
  ;({ ch, cleanup } = await useTempStores('facts'))
})
afterAll(() => cleanup())

const Snapshot = z.object({ rows: z.array(z.string()), net: z.number(), current: z.number() })

/** The handle times of the counted reviews (migration 0010), a sign table like the facts. */
const DURATION_COLUMNS = ['ts', 'reviewer_id', 'duration_ms', 'item_hash', 'model', 'model_version', 'segment', 'queue'] as const
const ESCALATION_COLUMNS = ['model', 'ts', 'item_hash', 'model_version', 'segment', 'route', 'first_review_ts', 'wait_ms', 'handle_ms', 'first_review_queue', 'first_review_reviewer'] as const

/** The current rows of a facts table (FINAL, as text, sorted) and the net sign sum, which must agree. */
async function snapshot(table: 'item_facts' | 'review_facts' | 'review_durations' | 'escalation_facts', columns: readonly string[]) {
  const [row] = await queryRows(ch, {
    tag: 'test:facts_snapshot',
    schema: Snapshot,
    query: `SELECT (SELECT arraySort(groupArray(toString(tuple(${columns.join(', ')})))) FROM ${table} FINAL) AS rows,
                   (SELECT toInt64(sum(sign)) FROM ${table}) AS net,
                   (SELECT toInt64(count()) FROM ${table} FINAL) AS current`,
  })
  return row
}

/** Each rollup's keys and sums (see migrations 0004, 0006, 0010, 0016). */
const ROLLUPS = {
  item_facts_daily: { keys: ['model', 'day', 'model_version', 'segment', 'route', 'cell'], sums: ['items', 'with_label', 'labeled', 'zero_propensity', 'confidence_sum', 'weight_sum', 'weight_sq_sum', 'weighted_correct_sum', 'weighted_brier_sum'] },
  item_closes_daily: { keys: ['model', 'day', 'model_version', 'segment'], sums: ['closes'] },
  review_facts_daily: { keys: ['model', 'day', 'model_version', 'segment', 'model_label', 'label'], sums: ['reviews'] },
  review_units_daily: { keys: ['model', 'first_day', 'last_day', 'model_version', 'segment', 'reviewer_id'], sums: ['reviews', 'agreeing_with_model', 'majority_items', 'agreeing_with_majority', 'gold_items', 'gold_correct'] },
  unit_patterns_daily: { keys: ['model', 'first_day', 'last_day', 'model_version', 'segment', 'unit_labels'], sums: ['units'] },
  threshold_cells_daily: { keys: ['model', 'day', 'model_version', 'segment', 'route', 'propensity', 'cell'], sums: ['predictions', 'labeled', 'errors'] },
} as const

/** A rollup's non-zero sums per key, as sorted text. */
async function rollupSnapshot(table: keyof typeof ROLLUPS): Promise<string[]> {
  const { keys, sums } = ROLLUPS[table]
  const [row] = await queryRows(ch, {
    tag: 'test:rollup_snapshot',
    schema: z.object({ rows: z.array(z.string()) }),
    query: `SELECT arraySort(groupArray(toString(tuple(*)))) AS rows FROM (
              SELECT ${keys.join(', ')}, ${sums.map((c) => `sum(${c}) AS ${c}`).join(', ')} FROM ${table}
              GROUP BY ${keys.join(', ')} HAVING ${sums.map((c) => `${c} != 0`).join(' OR ')})`,
  })
  return row.rows
}

async function allRollups(): Promise<Record<string, string[]>> {
  return Object.fromEntries(await Promise.all(Object.keys(ROLLUPS).map(async (t) => [t, await rollupSnapshot(t as keyof typeof ROLLUPS)])))
}

describe('facts refresh on chDB', () => {
  it('keeps the facts refreshed after each batch equal to a rebuild from every event', async () => {
    // Every event of the random data in shuffled batches, so that predictions are re-scored,
    // reviews corrected and outcomes arrive after the facts of their item were first computed.
    const events = toApiEvents(generateEvents(42, 150))
    // Merges would cancel the retracted pairs: keep them to see that refreshes replaced facts.
    await runCommand(ch, 'SYSTEM STOP MERGES item_facts', 'test:stop_merges')
    const random = mulberry32(9)
    const shuffled = events.map((e) => ({ e, k: random() })).sort((a, b) => a.k - b.k).map(({ e }) => e)
    const batches = 6
    for (let b = 0; b < batches; b++) {
      await ingestForTest(ch, shuffled.slice(Math.floor((b * shuffled.length) / batches), Math.floor(((b + 1) * shuffled.length) / batches)))
      await ensureFactsFresh(ch)
    }
    await runCommand(ch, 'SYSTEM START MERGES item_facts', 'test:start_merges')
    // Retracted rows exist, so the refreshes above really replaced facts.
    const [{ retracted }] = await queryRows(ch, {
      tag: 'test:retracted',
      schema: z.object({ retracted: z.number() }),
      query: 'SELECT toInt64(countIf(sign = -1)) AS retracted FROM item_facts',
    })
    expect(retracted).toBeGreaterThan(50)
    const incremental = {
      items: await snapshot('item_facts', ITEM_FACT_COLUMNS),
      reviews: await snapshot('review_facts', REVIEW_FACT_COLUMNS),
      durations: await snapshot('review_durations', DURATION_COLUMNS),
      escalations: await snapshot('escalation_facts', ESCALATION_COLUMNS),
    }
    for (const s of Object.values(incremental)) expect(s.net).toBe(s.current)
    const incrementalRollups = await allRollups()

    await rebuildFacts(ch)
    const rebuilt = {
      items: await snapshot('item_facts', ITEM_FACT_COLUMNS),
      reviews: await snapshot('review_facts', REVIEW_FACT_COLUMNS),
      durations: await snapshot('review_durations', DURATION_COLUMNS),
      escalations: await snapshot('escalation_facts', ESCALATION_COLUMNS),
    }
    expect(rebuilt.items.rows.length).toBe(300) // 2 models × 150 items
    expect(rebuilt.reviews.rows.length).toBeGreaterThan(300)
    expect(rebuilt.durations.rows.length).toBeGreaterThan(100)
    expect(rebuilt.escalations.rows.length).toBeGreaterThan(50)
    expect(incremental.items.rows).toEqual(rebuilt.items.rows)
    expect(incremental.reviews.rows).toEqual(rebuilt.reviews.rows)
    expect(incremental.durations.rows).toEqual(rebuilt.durations.rows)
    expect(incremental.escalations.rows).toEqual(rebuilt.escalations.rows)
    // The rollups, fed by views from the sign rows, sum to the same figures as after the rebuild.
    const rebuiltRollups = await allRollups()
    for (const rows of Object.values(rebuiltRollups)) expect(rows.length).toBeGreaterThan(5)
    expect(incrementalRollups).toEqual(rebuiltRollups)

    // A rebuild in slices of items (as for large stores, to bound memory) gives the same facts.
    await refreshFacts(ch, { all: true, chunkItems: 40 })
    expect({
      items: await snapshot('item_facts', ITEM_FACT_COLUMNS),
      reviews: await snapshot('review_facts', REVIEW_FACT_COLUMNS),
      durations: await snapshot('review_durations', DURATION_COLUMNS),
      escalations: await snapshot('escalation_facts', ESCALATION_COLUMNS),
    }).toEqual(rebuilt)
  })

  it('does nothing when nothing came since the last refresh, and is right when run again over the same events', async () => {
    expect(await hasEventsToRefresh(ch)).toBe(false)
    expect(await refreshFacts(ch)).toBe(false)
    const before = { items: await snapshot('item_facts', ITEM_FACT_COLUMNS), reviews: await snapshot('review_facts', REVIEW_FACT_COLUMNS) }
    // A refresh cut short before its progress mark: the next one touches the same items again.
    await runCommand(ch, "INSERT INTO facts_progress (id, ingested_before) VALUES (1, '2000-01-01 00:00:00')", 'test:mark_back')
    expect(await refreshFacts(ch)).toBe(true)
    const after = { items: await snapshot('item_facts', ITEM_FACT_COLUMNS), reviews: await snapshot('review_facts', REVIEW_FACT_COLUMNS) }
    expect(after).toEqual(before)
    expect(await refreshFacts(ch)).toBe(false)
    // What a server asks before taking the readers' lock: new events, then none once refreshed.
    await ingestForTest(ch, [{ type: 'outcome', event_id: 'late-outcome', ts: '2026-11-20T00:00:00Z', model: 'ra', item_id: 'it-1', true_label: 'A', source: 'gold' }])
    expect(await hasEventsToRefresh(ch)).toBe(true)
    expect(await refreshFacts(ch)).toBe(true)
    expect(await hasEventsToRefresh(ch)).toBe(false)
  })
})
