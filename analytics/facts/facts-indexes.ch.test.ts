import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { queryRows, runCommand, type ClickHouse } from '@/lib/clickhouse'
import { ingestForTest, useTempStores } from '@/test/ch-helpers'
import { recordingClient, type RecordedQuery } from '@/test/explain'
import { getOverview } from '@/analytics/overview/overview'
import { getAgreement } from '@/analytics/agreement/agreement'
import { getCalibration } from '@/analytics/calibration/calibration'
import { getWorkload } from '@/analytics/workload/workload'
import { MS_PER_DAY } from '@/analytics/shared/time'
import { ensureFactsFresh, rebuildFacts } from './facts'

// The sort keys, partitions and skip indexes of the facts layer (docs/facts-layer.md) prune what
// the metric families and the refresh read: `EXPLAIN json = 1, indexes = 1` of the queries they
// really send, with their bound parameters, on a store of four monthly partitions with several
// granules (8,192 rows) each, so that a read that stopped pruning shows as every granule selected.

let ch: ClickHouse
let cleanup: () => Promise<void>

/** Four months of events, one INSERT per month and table (distinct ingested_at per part). */
const MONTHS = [Date.UTC(2026, 7, 1), Date.UTC(2026, 8, 1), Date.UTC(2026, 9, 1), Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1)]
/** Items per month: with two models, ~6 granules of item_facts per model and month. */
const ITEMS_PER_MONTH = 100_000
const later = Date.UTC(2026, 11, 2)
/** Ranges cutting through days at both ends (rollups for the whole days, facts for the rest). */
const NARROW = { from: Date.UTC(2026, 9, 10, 6), to: Date.UTC(2026, 9, 14, 18) }
const WIDE = { from: Date.UTC(2026, 9, 3, 6), to: Date.UTC(2026, 9, 28, 18) }

// Item n of a month: model m1/m2 by parity, half of the items escalated with 1–3 reviewers
// reviewing 1 to 9 hours after the prediction, every 10th item with a gold outcome two days later.
const ITEM_TS = "toDateTime64({start:String}, 3, 'UTC') + toIntervalMillisecond(intDiv((number - {offset:UInt64}) * {span:UInt64}, {items:UInt64}))"
const MODEL = "['m1', 'm2'][number % 2 + 1]"
const PREDICTIONS_SQL = `
  INSERT INTO predictions (event_id, ts, model, model_version, segment, item_id, predicted_label, confidence, route, propensity)
  SELECT concat('p', toString(number)), ${ITEM_TS}, ${MODEL}, ['v1', 'v2'][cityHash64(number, 1) % 2 + 1], ['eu', 'us'][cityHash64(number, 2) % 2 + 1],
         concat('i', toString(number)), ['a', 'b'][cityHash64(number, 3) % 2 + 1], (cityHash64(number, 4) % 1000) / 1000,
         if(number % 4 < 2, 'review', if(number % 20 = 3, 'audit', 'auto')), if(number % 4 < 2, 1, if(number % 20 = 3, 0.1, 0.05))
  FROM numbers({offset:UInt64}, {items:UInt64})`
const REVIEWS_SQL = `
  INSERT INTO reviews (event_id, ts, model, item_id, reviewer_id, label, duration_ms, queue)
  SELECT concat('r', toString(number), '-', toString(k)), ${ITEM_TS} + toIntervalHour(1 + k + number % 7), ${MODEL}, concat('i', toString(number)),
         concat('rev', toString((number + k) % 9)), ['a', 'b'][cityHash64(number, k, 5) % 2 + 1], 1000 + cityHash64(number, k) % 60000, ['q1', 'q2'][number % 8 < 4 ? 1 : 2]
  FROM numbers({offset:UInt64}, {items:UInt64}) ARRAY JOIN range(1 + number % 3) AS k
  WHERE number % 4 < 2`
const OUTCOMES_SQL = `
  INSERT INTO outcomes (event_id, ts, model, item_id, true_label, source)
  SELECT concat('o', toString(number)), ${ITEM_TS} + toIntervalDay(2), ${MODEL}, concat('i', toString(number)), ['a', 'b'][cityHash64(number, 6) % 2 + 1], 'gold'
  FROM numbers({offset:UInt64}, {items:UInt64})
  WHERE number % 10 = 0`

/** The queries and statements of a partial refresh, recorded as they were sent. */
const refreshStatements: RecordedQuery[] = []

beforeAll(async () => {
  ;({ ch, cleanup } = await useTempStores('facts-indexes'))
  for (let m = 0; m + 1 < MONTHS.length; m++) {
    const params = { start: new Date(MONTHS[m]).toISOString().slice(0, 19).replace('T', ' '), span: MONTHS[m + 1] - MONTHS[m], offset: m * ITEMS_PER_MONTH, items: ITEMS_PER_MONTH }
    for (const sql of [PREDICTIONS_SQL, REVIEWS_SQL, OUTCOMES_SQL]) await runCommand(ch, sql, 'test:insert_month', params)
  }
  await rebuildFacts(ch)
  // A late batch (re-scores, a review and an outcome of items from late November) that the facts
  // have not taken up yet: the next refresh's reads are recorded.
  const day = (d: number, h = 0) => new Date(Date.UTC(2026, 10, d, h)).toISOString()
  await ingestForTest(ch, [
    { type: 'prediction', event_id: 'late-p1', ts: day(28), model: 'm1', item_id: 'i398000', predicted_label: 'b', confidence: 0.42, route: 'review' },
    { type: 'prediction', event_id: 'late-p2', ts: day(29), model: 'm2', item_id: 'i398001', predicted_label: 'a', confidence: 0.97, route: 'auto' },
    { type: 'review', event_id: 'late-r1', ts: day(28, 6), model: 'm1', item_id: 'i398000', reviewer_id: 'rev1', label: 'a', queue: 'q1' },
    { type: 'outcome', event_id: 'late-o1', ts: day(30), model: 'm1', item_id: 'i398000', true_label: 'a', source: 'gold' },
  ])
  // Its statements go through `command` (runCommand), its progress query through `query`.
  const client = new Proxy(ch, {
    get(target, property) {
      const value = Reflect.get(target, property, target)
      if (property !== 'command' && property !== 'query') return typeof value === 'function' ? value.bind(target) : value
      return (options: { query: string; query_params?: Record<string, unknown>; clickhouse_settings?: Record<string, unknown> }) => {
        refreshStatements.push({ query: options.query, params: options.query_params, tag: String(options.clickhouse_settings?.log_comment ?? '') })
        return (value as (o: unknown) => unknown).call(target, options)
      }
    },
  })
  await ensureFactsFresh(client)
}, 300_000)
afterAll(() => cleanup())

/** One step of a read's index analysis, in the order ClickHouse applies them. */
interface IndexStep {
  type: string
  /** The skip index's name (type Skip). */
  name?: string
  initialParts: number
  selectedParts: number
  initialGranules: number
  selectedGranules: number
}

/** One ReadFromMergeTree of a plan: its table, the granules it had and kept, and each step. */
interface TableRead {
  table: string
  totalGranules: number
  selectedGranules: number
  steps: IndexStep[]
}

const PlanRow = z.object({ explain: z.string() })
const PlanNode: z.ZodType<{ 'Node Type'?: string; Description?: string; Indexes?: unknown[]; Plans?: unknown[] }> = z.looseObject({
  'Node Type': z.string().optional(),
  Description: z.string().optional(),
  Indexes: z.array(z.unknown()).optional(),
  Plans: z.array(z.lazy(() => PlanNode)).optional(),
})
const IndexEntry = z.looseObject({
  Type: z.string(),
  Name: z.string().optional(),
  'Initial Parts': z.number(),
  'Selected Parts': z.number(),
  'Initial Granules': z.number(),
  'Selected Granules': z.number(),
})

/**
 * The MergeTree reads of a recorded query and what its indexes kept (`EXPLAIN json = 1, indexes =
 * 1`, with its bound parameters). EXPLAIN takes only a SELECT: an INSERT … SELECT is explained by
 * its SELECT.
 */
async function explainReads(recorded: RecordedQuery): Promise<TableRead[]> {
  const select = recorded.query.replace(/^\s*INSERT\s+INTO\s+\w+\s*(\([^)]*\))?/i, '')
  const [row] = await queryRows(ch, { tag: 'test:explain_indexes', schema: PlanRow, params: recorded.params, query: `EXPLAIN json = 1, indexes = 1 ${select}` })
  const [{ Plan }] = z.array(z.object({ Plan: PlanNode })).parse(JSON.parse(row.explain))
  const reads: TableRead[] = []
  const walk = (node: z.infer<typeof PlanNode>) => {
    if (node['Node Type'] === 'ReadFromMergeTree' && node.Description) {
      const steps = z.array(IndexEntry).parse(node.Indexes ?? []).map((e) => ({
        type: e.Type,
        name: e.Name,
        initialParts: e['Initial Parts'],
        selectedParts: e['Selected Parts'],
        initialGranules: e['Initial Granules'],
        selectedGranules: e['Selected Granules'],
      }))
      expect(steps.length, `${recorded.tag}: ${node.Description} has an index analysis`).toBeGreaterThan(0)
      reads.push({ table: node.Description.replace(/^\w+\./, ''), totalGranules: steps[0].initialGranules, selectedGranules: steps.at(-1)!.selectedGranules, steps })
    }
    for (const child of node.Plans ?? []) walk(child as z.infer<typeof PlanNode>)
  }
  walk(Plan)
  return reads
}

/** Every query the three families send for these requests, each with its MergeTree reads. */
async function familyReads(): Promise<Array<{ tag: string; reads: TableRead[] }>> {
  const { client, recorded } = recordingClient(ch)
  for (const window of [NARROW, WIDE]) {
    await getOverview(client, { ...window, model: 'm1' }, later)
    await getOverview(client, { ...window, model: 'm2', segment: 'eu' }, later)
    await getAgreement(client, { ...window, model: 'm1' }, later)
    await getAgreement(client, { ...window, model: 'm1', reviewer_id: 'rev1', queue: 'q1' }, later)
    // A reviewer filter reads the reviews of the items that reviewer took part in (an IN subquery on review_facts).
    await getAgreement(client, { ...window, model: 'm1', reviewer_id: 'rev2' }, later)
    await getCalibration(client, { ...window, model: 'm1' }, later)
    await getCalibration(client, { ...window, model: 'm1', strategy: 'quantile', group_by: 'model_version' }, later)
    // With capacity configured (the staffing's arrival history), and under a queue filter (the items by their first review).
    const capacity = [{ queue: '', model: null, slaMinutes: 240, slaTarget: 0.9, targetOccupancy: 0.85, staffed: Array<number>(24).fill(1) }]
    await getWorkload(client, { ...window, model: 'm1' }, later, capacity)
    await getWorkload(client, { ...window, model: 'm1', queue: 'q1' }, later, capacity)
  }
  const family = recorded.filter((q) => /^(overview|agreement|calibration|workload):/.test(q.tag))
  return Promise.all(family.map(async (q) => ({ tag: q.tag, reads: await explainReads(q) })))
}

/** A read as text for failure messages: `table selected/total: step selected/initial …`. */
function describeRead(tag: string, read: TableRead): string {
  return `${tag}: ${read.table} ${read.selectedGranules}/${read.totalGranules}: ${read.steps.map((s) => `${s.name ?? s.type} ${s.selectedGranules}/${s.initialGranules}`).join(', ')}`
}

/** Whether an index step (a type, or a skip index's name) appears and drops granules. */
function prunes(read: TableRead, index: string): boolean {
  return read.steps.some((s) => (s.type === index || s.name === index) && s.selectedGranules < s.initialGranules)
}

let cached: Promise<Array<{ tag: string; reads: TableRead[] }>> | undefined
const reads = () => (cached ??= familyReads())

describe('index pruning of the metric queries', () => {
  it('has a store where pruning shows: several partitions of several granules', async () => {
    const Parts = z.object({ table: z.string(), partitions: z.number(), granules: z.number() })
    const rows = await queryRows(ch, {
      tag: 'test:parts',
      schema: Parts,
      query: `SELECT table, toInt64(uniqExact(partition)) AS partitions, toInt64(sum(marks) - count()) AS granules FROM system.parts
              WHERE active AND database = currentDatabase() AND table IN ('item_facts', 'review_facts', 'review_durations', 'predictions', 'reviews') GROUP BY table ORDER BY table`,
    })
    // The ranges lie inside the data (a range past it would prune trivially).
    for (const window of [NARROW, WIDE]) {
      expect(window.from).toBeGreaterThan(MONTHS[0] + MS_PER_DAY)
      expect(window.to).toBeLessThan(MONTHS.at(-1)! - MS_PER_DAY)
    }
    expect(rows).toHaveLength(5)
    for (const row of rows) {
      expect(row.partitions, row.table).toBeGreaterThanOrEqual(4)
      expect(row.granules, row.table).toBeGreaterThanOrEqual(40)
    }
  })

  it('every read of every family query selects fewer granules than its table holds', async () => {
    const all = await reads()
    expect(new Set(all.map((q) => q.tag))).toEqual(
      new Set([
        'overview:prediction_days',
        'overview:review_days',
        'overview:backlog_flows',
        'agreement:pairs',
        'agreement:whole_reviews',
        'agreement:partial_probe',
        'agreement:partial_reviews',
        'agreement:reviewer_items',
        'agreement:rollup_reviewers',
        'agreement:rollup_patterns',
        'agreement:median_handle',
        'calibration:cells',
        'calibration:quantile_edges',
        'workload:items',
        'workload:hour_flows',
        'workload:reviewer_hours',
        'workload:reviewer_handles',
        'workload:arrival_history',
        'workload:distributions',
      ]),
    )
    const unpruned = all.flatMap(({ tag, reads }) => reads.filter((r) => r.selectedGranules >= r.totalGranules).map((r) => describeRead(tag, r)))
    expect(unpruned).toEqual([])
    // Reads of the facts by range: the sort key (model, ts …) itself drops granules within the
    // partitions that the range keeps, not only whole partitions.
    for (const { tag, reads: tableReads } of all) {
      for (const read of tableReads.filter((r) => ['item_facts', 'review_facts', 'review_durations', 'escalation_facts'].includes(r.table))) {
        expect(prunes(read, 'PrimaryKey'), describeRead(tag, read)).toBe(true)
      }
    }
  })

  it('names the skip indexes where the queries rely on them, and they drop granules', async () => {
    const all = await reads()
    /** The reads of `table` by the queries tagged `tag`, and whether `check` holds for some (or every) one. */
    const expectReads = (tag: string, table: string, check: (r: TableRead) => boolean, which: 'some' | 'every') => {
      const tableReads = all.filter((q) => q.tag === tag).flatMap((q) => q.reads.filter((r) => r.table === table))
      expect(tableReads.length, `${tag} reads ${table}`).toBeGreaterThan(0)
      expect(tableReads[which](check), tableReads.map((r) => describeRead(tag, r)).join('\n')).toBe(true)
    }
    // The backlog's closes of a partial day, found by first_review_ts (migration 0004).
    expectReads('overview:backlog_flows', 'item_facts', (r) => prunes(r, 'first_review_idx'), 'some')
    // The reviews the agreement rollups do not serve: items whose review span reaches outside the
    // range's whole days (migration 0010), on the wide range whose middle granules it skips.
    for (const tag of ['agreement:whole_reviews', 'agreement:partial_probe', 'agreement:partial_reviews']) {
      expectReads(tag, 'review_facts', (r) => prunes(r, 'item_span_idx'), 'some')
    }
    // The rollups: whole days by partition and sort key (model, day …).
    expectReads('overview:prediction_days', 'item_facts_daily', (r) => prunes(r, 'Min-Max') && prunes(r, 'PrimaryKey'), 'every')
    expectReads('agreement:rollup_patterns', 'unit_patterns_daily', (r) => prunes(r, 'Min-Max') && prunes(r, 'PrimaryKey'), 'every')
    // The workload's closes by the first review, found by first_review_ts on escalation_facts (migration 0015).
    expectReads('workload:hour_flows', 'escalation_facts', (r) => prunes(r, 'first_review_idx'), 'some')
    // review_durations by its first key column, toDate(ts).
    expectReads('agreement:median_handle', 'review_durations', (r) => prunes(r, 'PrimaryKey') && r.selectedGranules * 4 < r.totalGranules, 'every')
  })
})

describe('index pruning of the facts refresh', () => {
  const refreshReads = async (tag: string) => {
    const statements = refreshStatements.filter((s) => s.tag === tag)
    expect(statements, tag).toHaveLength(1)
    return explainReads(statements[0])
  }

  it('finds what was ingested since the progress mark by the ingested_at skip index', async () => {
    // How far the facts are behind, then the items the late batch touched: only its parts are read.
    for (const tag of ['facts:latest_ingest', 'facts:touched_items']) {
      const reads = await refreshReads(tag)
      expect(reads.map((r) => r.table).sort(), tag).toEqual(['outcomes', 'predictions', 'reviews'])
      for (const read of reads) {
        expect(prunes(read, 'ingested_at_idx'), describeRead(tag, read)).toBe(true)
        expect(read.selectedGranules, describeRead(tag, read)).toBeLessThanOrEqual(1)
      }
    }
  })

  it('retracts the touched items reading only the granules of their (model, ts)', async () => {
    for (const tag of ['facts:retract_item_facts', 'facts:retract_review_facts']) {
      const [read, ...others] = (await refreshReads(tag)).filter((r) => r.table === tag.replace('facts:retract_', ''))
      expect(others, tag).toEqual([])
      expect(prunes(read, 'PrimaryKey'), describeRead(tag, read)).toBe(true)
      expect(read.selectedGranules, describeRead(tag, read)).toBeLessThan(read.totalGranules / 4)
    }
  })
})
