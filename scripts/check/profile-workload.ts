// Times each workload query on a seeded demo (a throwaway profiling aid, not a benchmark).
import { getClickHouse, closeClickHouse } from '@/lib/clickhouse'
import { closeDb } from '@/lib/db'
import { migrateClickHouse } from '@/db/clickhouse/migrate'
import { seedDemo } from '../commands/seed'
import { resolveFilters } from '@/analytics/shared/window.sql'
import { ensureFactsFresh, readFacts } from '@/analytics/facts/facts'
import * as sql from '@/analytics/workload/workload.sql'
import { slaLookup } from '@/analytics/workload/workload.compute'
import { getWorkload } from '@/analytics/workload/workload'

const now = process.env.NOW ? Date.parse(process.env.NOW) : Date.UTC(2026, 11, 1, 12)
if (process.env.SEED !== 'no') await seedDemo({ days: 30, scale: Number(process.env.SCALE ?? 1), seed: 42 }, now)
const ch = getClickHouse()
await migrateClickHouse(ch)
await ensureFactsFresh(ch)
const filters = await resolveFilters(ch, {}, now)
const end = Math.min(filters.to, now)
const lookup = slaLookup([])
const runs: Record<string, () => Promise<unknown>> = {
  items: () => sql.fetchItemGroups(ch, filters, end, lookup),
  flows: () => sql.fetchHourFlows(ch, filters, end),
  reviewer_hours: () => sql.fetchReviewerHours(ch, filters),
  handles: () => sql.fetchReviewerHandles(ch, filters),
  total: () => getWorkload(ch, {}, now, []),
  resolve_filters: () => resolveFilters(ch, {}, now),
  read_facts: () => readFacts(ch, () => Promise.resolve(0)),
  sequential: async () => {
    for (const run of [() => sql.fetchItemGroups(ch, filters, end, lookup), () => sql.fetchHourFlows(ch, filters, end), () => sql.fetchReviewerHours(ch, filters), () => sql.fetchReviewerHandles(ch, filters)]) await run()
  },
  history: () => sql.fetchArrivalHistory(ch, filters, end - 28 * 86_400_000, end),
}
for (const [name, run] of Object.entries(runs)) {
  await run()
  const times: number[] = []
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now()
    await run()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  console.log(name.padEnd(15), times.map((t) => t.toFixed(0)).join(' '))
}
await closeClickHouse()
await closeDb()
