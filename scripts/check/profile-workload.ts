// Times each workload query on a seeded demo (a throwaway profiling aid, not a benchmark).
import { getClickHouse, closeClickHouse } from '@/lib/clickhouse'
import { closeDb } from '@/lib/db'
import { seedDemo } from '../commands/seed'
import { resolveFilters } from '@/analytics/shared/window.sql'
import { ensureFactsFresh } from '@/analytics/facts/facts'
import * as sql from '@/analytics/workload/workload.sql'
import { slaLookup } from '@/analytics/workload/workload.compute'

const now = Date.UTC(2026, 11, 1, 12)
if (process.env.SEED !== 'no') await seedDemo({ days: 30, scale: Number(process.env.SCALE ?? 1), seed: 42 }, now)
const ch = getClickHouse()
await ensureFactsFresh(ch)
const filters = await resolveFilters(ch, {}, now)
const end = Math.min(filters.to, now)
const lookup = slaLookup([])
const runs: Record<string, () => Promise<unknown>> = {
  items: () => sql.fetchItemGroups(ch, filters, end, lookup),
  flows: () => sql.fetchHourFlows(ch, filters, end),
  loads: () => sql.fetchReviewerLoads(ch, filters),
  handles: () => sql.fetchReviewerHandles(ch, filters),
  history: () => sql.fetchArrivalHistory(ch, filters, end - 28 * 86_400_000, end),
  shifts: () => sql.fetchShifts(ch, filters),
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
  console.log(name.padEnd(8), times.map((t) => t.toFixed(0)).join(' '))
}
await closeClickHouse()
await closeDb()
