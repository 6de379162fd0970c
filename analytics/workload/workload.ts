import type { ClickHouse } from '@/lib/clickhouse'
import { getDb } from '@/lib/db'
import { listCapacity } from '@/lib/capacity/capacity'
import type { CapacityEntry } from '@/lib/capacity/capacity.schema'
import { resolveFilters } from '@/analytics/shared/window.sql'
import { readFacts } from '@/analytics/facts/facts'
import type { WorkloadInput, WorkloadResponse } from './workload.schema'
import { fetchArrivalHistory, fetchDistributions, fetchHourFlows, fetchItemGroups, fetchReviewerHandles, fetchReviewerHours } from './workload.sql'
import { computeWorkload, forecastDay, slaLookup, workloadEnd } from './workload.compute'
import { FORECAST_HISTORY_DAYS } from '@/analytics/shared/staffing.compute'

const MS_PER_DAY = 86_400_000

/**
 * SPEC §3.3 for the filters: the one entry point the API and the CLI share. The capacity settings
 * (SLAs, targets, staffing) come from the relational store unless given.
 */
export async function getWorkload(ch: ClickHouse, input: WorkloadInput, now: number, capacity?: readonly CapacityEntry[]): Promise<WorkloadResponse> {
  const filters = await resolveFilters(ch, input, now)
  const entries = capacity ?? (await listCapacity(await getDb()))
  const end = workloadEnd(filters, now)
  const lookup = slaLookup(entries)
  const day = forecastDay(end)
  const [items, flows, reviewerHours, handles, history, distributions] = await readFacts(ch, () =>
    Promise.all([
      fetchItemGroups(ch, filters, end, lookup),
      fetchHourFlows(ch, filters, end),
      fetchReviewerHours(ch, filters),
      fetchReviewerHandles(ch, filters),
      entries.length > 0 ? fetchArrivalHistory(ch, filters, day - FORECAST_HISTORY_DAYS * MS_PER_DAY, day) : Promise.resolve([]),
      fetchDistributions(ch, filters),
    ]),
  )
  return computeWorkload({ items, flows, reviewerHours, handles, history, distributions }, filters, entries, now)
}
