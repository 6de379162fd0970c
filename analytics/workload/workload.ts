import type { ClickHouse } from '@/lib/clickhouse'
import { resolveFilters } from '@/analytics/shared/window.sql'
import { readFacts } from '@/analytics/facts/facts'
import type { WorkloadInput, WorkloadResponse } from './workload.schema'
import { fetchHourFlows, fetchItemGroups, fetchReviewerHandles, fetchReviewerLoads } from './workload.sql'
import { computeWorkload, slaLookup, workloadEnd, type SlaEntry } from './workload.compute'

/**
 * SPEC §3.3 for the filters: the one entry point the API and the CLI share. `slas` are the
 * capacity settings' SLA entries (none: 240 minutes for every queue).
 */
export async function getWorkload(ch: ClickHouse, input: WorkloadInput, now: number, slas: readonly SlaEntry[] = []): Promise<WorkloadResponse> {
  const filters = await resolveFilters(ch, input, now)
  const end = workloadEnd(filters, now)
  const lookup = slaLookup(slas)
  const [items, flows, loads, handles] = await readFacts(ch, () =>
    Promise.all([fetchItemGroups(ch, filters, end, lookup), fetchHourFlows(ch, filters, end), fetchReviewerLoads(ch, filters), fetchReviewerHandles(ch, filters)]),
  )
  return computeWorkload({ items, flows, loads, handles }, filters, lookup, now)
}
