// When the facts are refreshed: lazily, before a metric query reads them, and only when events
// were ingested since the last refresh.
import { isEmbeddedClickHouse, type ClickHouse } from '@/lib/clickhouse'
import { ReadWriteLock } from '@/lib/read-write-lock'
import { serialised } from '@/analytics/shared/serialised'
import { fetchFactsProgress, hasEventsToRefresh, refreshFacts } from './facts.sql'

interface Freshness {
  /** Bumped by every ingest through this client. */
  ingested: number
  /** `ingested` as of the last refresh (or check) that found the facts current. */
  current?: number
  /**
   * Metric reads against refreshes: a refresh writes an item's retraction and its new rows in
   * separate statements, and a query run between them would miss the item.
   */
  lock: ReadWriteLock
}

// Per client: a test or a benchmark that opens another store starts from "unknown".
const freshness = new WeakMap<ClickHouse, Freshness>()

function stateOf(ch: ClickHouse): Freshness {
  let state = freshness.get(ch)
  if (!state) freshness.set(ch, (state = { ingested: 0, lock: new ReadWriteLock() }))
  return state
}

/** Records that events were written through `ch` (the facts are stale until the next refresh). */
export function markIngested(ch: ClickHouse): void {
  stateOf(ch).ingested++
}

/**
 * Makes the facts current before a query. Embedded chDB has one writer, this process (the data
 * dir lock), so nothing ingested through it since the last refresh means nothing to do; a server
 * may have other writers, so it asks the store each time (two small queries), and holds readers
 * off only when there is something to refresh.
 */
export async function ensureFactsFresh(ch: ClickHouse): Promise<void> {
  const state = stateOf(ch)
  if (isEmbeddedClickHouse() && state.current === state.ingested) return
  await serialised(async () => {
    const ingested = state.ingested
    if (isEmbeddedClickHouse() ? state.current === ingested : state.current !== undefined && !(await hasEventsToRefresh(ch))) return
    await state.lock.write(() => refreshFacts(ch))
    state.current = ingested
  })
}

/**
 * Runs a metric's queries on current facts that no refresh changes meanwhile (readers run
 * together; a refresh waits for them). In-process: another process refreshing a shared server
 * is not held off.
 */
export async function readFacts<T>(ch: ClickHouse, read: () => Promise<T>): Promise<T> {
  await ensureFactsFresh(ch)
  return stateOf(ch).lock.read(read)
}

/** Recomputes every fact from the events (after a bulk load, or to repair). */
export async function rebuildFacts(ch: ClickHouse): Promise<void> {
  await serialised(async () => {
    const state = stateOf(ch)
    const ingested = state.ingested
    await state.lock.write(() => refreshFacts(ch, { all: true }))
    state.current = ingested
  })
}

/**
 * Brings the facts up to date before serving (`oversight migrate`, `oversight prepare`): after an
 * upgrade that rebuilds them, that takes about 1.5 minutes per 10M events, better spent here than in
 * the first dashboard request.
 */
export async function prepareFacts(ch: ClickHouse, log: (line: string) => void): Promise<void> {
  const { ingestedBefore, latestIngest } = await fetchFactsProgress(ch)
  if (latestIngest !== null && ingestedBefore === null) log('Building the metrics facts from the stored events (once after an upgrade; about 1.5 minutes per 10M events)…')
  const started = Date.now()
  await ensureFactsFresh(ch)
  if (latestIngest !== null && ingestedBefore === null) log(`Built the metrics facts in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
}
