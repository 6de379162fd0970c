import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { queryRows, runCommand, type ClickHouse } from '@/lib/clickhouse'
import { ingestForTest, useTempStores } from '@/test/ch-helpers'
import { generateEvents, toApiEvents } from '@/test/metrics-reference'
import { rebuildFacts } from './facts'

// Every materialized view over a table the full rebuild writes must have a target the rebuild
// clears first: the rebuild writes every fact again, so a view whose target it forgets adds every
// figure a second time, silently. The views are read from ClickHouse itself (system.tables after
// the migrations), not from a list, and the statements of a rebuild from what it sends.

let ch: ClickHouse
let cleanup: () => Promise<void>

beforeAll(async () => {
  ;({ ch, cleanup } = await useTempStores('facts-views'))
  await ingestForTest(ch, toApiEvents(generateEvents(7, 120)))
})
afterAll(() => cleanup())

/** The tables ingest writes (analytics/events/events.sql.ts); their views keep the idempotency ids. */
const EVENT_TABLES = ['predictions', 'reviews', 'outcomes']

/**
 * Tables the rebuild writes without clearing, and why that is right: the progress mark is a
 * ReplacingMergeTree keyed by id, read with argMax (a new mark replaces the old, nothing sums it).
 */
const WRITTEN_UNCLEARED: Record<string, string> = { facts_progress: 'the progress mark, replaced by id' }

interface View {
  name: string
  source: string
  target: string
}

const ViewRow = z.object({ name: z.string(), target: z.string(), sources: z.array(z.string()) })

/** Every materialized view of the store, with the table that feeds it and the one it writes. */
async function fetchViews(): Promise<View[]> {
  const rows = await queryRows(ch, {
    tag: 'test:views',
    schema: ViewRow,
    query: `
      SELECT v.name AS name, v.target_table AS target,
             arrayFilter(t -> has(t.2, v.name), (SELECT groupArray((name, dependencies_table)) FROM system.tables WHERE database = currentDatabase())).1 AS sources
      FROM system.tables AS v
      WHERE v.database = currentDatabase() AND v.engine = 'MaterializedView'
      ORDER BY name`,
  })
  return rows.map(({ name, target, sources }) => {
    // One source per view; the target as system.tables gives it and as the view's DDL says.
    expect(sources, name).toHaveLength(1)
    expect(target, name).not.toBe('')
    return { name, source: sources[0], target }
  })
}

/** A client that logs the text of every statement and query sent through it, in order. */
function loggingClient(): { client: ClickHouse; statements: string[] } {
  const statements: string[] = []
  const client = new Proxy(ch, {
    get(target, property) {
      const value = Reflect.get(target, property, target)
      if (property !== 'command' && property !== 'query') return typeof value === 'function' ? value.bind(target) : value
      return (options: { query: string }) => {
        statements.push(options.query.trim())
        return (value as (o: unknown) => unknown).call(target, options)
      }
    },
  })
  return { client, statements }
}

interface RebuildLog {
  /** Tables in the order the rebuild truncated them, with the statement index. */
  truncated: Map<string, number>
  /** Tables the rebuild inserted into, with the index of the first insert. */
  inserted: Map<string, number>
}

/** Runs a full rebuild through a logging client and reads which tables it truncated and wrote. */
async function loggedRebuild(): Promise<RebuildLog> {
  const { client, statements } = loggingClient()
  await rebuildFacts(client)
  const log: RebuildLog = { truncated: new Map(), inserted: new Map() }
  statements.forEach((statement, index) => {
    const truncate = /^TRUNCATE\s+TABLE\s+(?:IF\s+EXISTS\s+)?(\w+)/i.exec(statement)
    if (truncate && !log.truncated.has(truncate[1])) log.truncated.set(truncate[1], index)
    const insert = /^INSERT\s+INTO\s+(\w+)/i.exec(statement)
    if (insert && !log.inserted.has(insert[1])) log.inserted.set(insert[1], index)
  })
  return log
}

/**
 * What the rebuild gets wrong about the views: a view fed (directly, or through another view) by a
 * table the rebuild writes whose target it does not clear before that write, a table it writes
 * without clearing, or a view fed by ingest whose target (the idempotency ids) it clears.
 */
function rebuildProblems(views: readonly View[], log: RebuildLog): string[] {
  const problems: string[] = []
  // When each table is first written: by the rebuild itself, or by a view from a written table.
  const written = new Map(log.inserted)
  for (let changed = true; changed; ) {
    changed = false
    for (const view of views) {
      const at = written.get(view.source)
      if (at !== undefined && (written.get(view.target) ?? Infinity) > at) {
        written.set(view.target, at)
        changed = true
      }
    }
  }
  for (const [table, at] of log.inserted) {
    if (table in WRITTEN_UNCLEARED) continue
    const cleared = log.truncated.get(table)
    if (cleared === undefined || cleared > at) problems.push(`the rebuild writes ${table} without clearing it first`)
  }
  for (const view of views) {
    const at = written.get(view.source)
    const cleared = log.truncated.get(view.target)
    if (at !== undefined) {
      if (cleared === undefined || cleared > at) problems.push(`view ${view.name} (${view.source} → ${view.target}): the rebuild does not clear ${view.target} before writing ${view.source}`)
    } else if (EVENT_TABLES.includes(view.source)) {
      if (cleared !== undefined) problems.push(`view ${view.name} is fed by ingest (${view.source}): the rebuild must keep ${view.target}`)
    } else {
      problems.push(`view ${view.name} is fed by ${view.source}, which neither ingest nor the rebuild writes`)
    }
  }
  return problems
}

const ColumnRow = z.object({ table: z.string(), name: z.string(), type: z.string() })
const EngineRow = z.object({ name: z.string(), engine_full: z.string() })

/**
 * A table's content as its readers see it, independent of how parts happen to be merged: rows
 * grouped by every plain column, with each SimpleAggregateFunction column aggregated by its own
 * function and a CollapsingMergeTree's sign summed (rows whose signs cancel are left out); a
 * table with neither is counted per row. Sorted text, for equality.
 */
async function contentOf(table: string): Promise<string[]> {
  const columns = (await queryRows(ch, { tag: 'test:columns', schema: ColumnRow, params: { table }, query: 'SELECT table, name, type FROM system.columns WHERE database = currentDatabase() AND table = {table:String} ORDER BY position' }))
  const [{ engine_full: engine }] = await queryRows(ch, { tag: 'test:engine', schema: EngineRow, params: { table }, query: 'SELECT name, engine_full FROM system.tables WHERE database = currentDatabase() AND name = {table:String}' })
  const sign = /^CollapsingMergeTree\((\w+)\)/.exec(engine)?.[1]
  const keys: string[] = []
  const values: string[] = []
  for (const column of columns) {
    const simple = /^SimpleAggregateFunction\((\w+),/.exec(column.type)
    if (column.name === sign) values.push(`sum(${column.name})`)
    else if (simple) values.push(`${simple[1]}(${column.name})`)
    else keys.push(column.name)
  }
  if (values.length === 0) values.push('count()')
  const having = sign ? `HAVING sum(${sign}) != 0` : ''
  const [row] = await queryRows(ch, {
    tag: 'test:content',
    schema: z.object({ rows: z.array(z.string()) }),
    query: `SELECT arraySort(groupArray(toString(tuple(*)))) AS rows FROM (
              SELECT ${[...keys, ...values].join(', ')} FROM ${table} GROUP BY ${keys.join(', ')} ${having})`,
  })
  return row.rows
}

/** The content of every table a view writes, and of the tables that feed them. */
async function contents(views: readonly View[]): Promise<Record<string, string[]>> {
  const tables = [...new Set(views.flatMap((v) => [v.source, v.target]))].sort()
  return Object.fromEntries(await Promise.all(tables.map(async (table) => [table, await contentOf(table)] as const)))
}

describe('materialized views and the full rebuild', () => {
  it('clears the target of every view over what it writes, and keeps the ids that ingest records', async () => {
    const views = await fetchViews()
    // What the migrations create today: the per-day rollups, review_durations and escalation_facts over the facts,
    // and the idempotency ids over the event tables. A new view joins this check by itself.
    const fromFacts = views.filter((v) => v.source === 'item_facts' || v.source === 'review_facts').map((v) => v.target)
    expect(fromFacts.sort()).toEqual(['escalation_facts', 'item_closes_daily', 'item_facts_daily', 'review_durations', 'review_facts_daily', 'review_units_daily', 'threshold_cells_daily', 'unit_patterns_daily'])
    expect(views.filter((v) => EVENT_TABLES.includes(v.source)).map((v) => v.target)).toEqual(['event_ids', 'event_ids', 'event_ids'])

    const log = await loggedRebuild()
    expect([...log.inserted.keys()]).toEqual(expect.arrayContaining(['item_facts', 'review_facts']))
    expect(rebuildProblems(views, log)).toEqual([])
  })

  it('leaves every view target as one rebuild does when run twice', async () => {
    const views = await fetchViews()
    await rebuildFacts(ch)
    const once = await contents(views)
    // Not vacuous: every table holds rows (the ids of every event, facts and their rollups).
    for (const [table, rows] of Object.entries(once)) expect(rows.length, table).toBeGreaterThan(10)
    await rebuildFacts(ch)
    expect(await contents(views)).toEqual(once)
  })

  it('catches a view whose target the rebuild forgets, by both checks', async () => {
    await runCommand(
      ch,
      `CREATE TABLE test_forgotten_daily (model LowCardinality(String), day Date, items SimpleAggregateFunction(sum, Int64))
       ENGINE = AggregatingMergeTree ORDER BY (model, day)`,
      'test:create_forgotten',
    )
    await runCommand(
      ch,
      `CREATE MATERIALIZED VIEW test_forgotten_daily_mv TO test_forgotten_daily AS
       SELECT model, toDate(ts) AS day, sum(toInt64(sign)) AS items FROM item_facts GROUP BY model, day`,
      'test:create_forgotten_mv',
    )
    try {
      const views = await fetchViews()
      expect(rebuildProblems(views, await loggedRebuild())).toEqual([
        'view test_forgotten_daily_mv (item_facts → test_forgotten_daily): the rebuild does not clear test_forgotten_daily before writing item_facts',
      ])
      const once = await contents(views)
      await rebuildFacts(ch)
      const twice = await contents(views)
      expect(twice.test_forgotten_daily).not.toEqual(once.test_forgotten_daily)
      expect({ ...twice, test_forgotten_daily: [] }).toEqual({ ...once, test_forgotten_daily: [] })
    } finally {
      await runCommand(ch, 'DROP TABLE IF EXISTS test_forgotten_daily_mv', 'test:drop_forgotten_mv')
      await runCommand(ch, 'DROP TABLE IF EXISTS test_forgotten_daily', 'test:drop_forgotten')
    }
  })
})
