import type { ClickHouse } from '@/lib/clickhouse'
import { resolveFilters } from '@/analytics/shared/window.sql'
import { readFacts } from '@/analytics/facts/facts'
import type { OverviewInput, OverviewResponse } from './overview.schema'
import { fetchBacklogFlows, fetchPredictionDays, fetchReviewDays } from './overview.sql'
import { computeOverview } from './overview.compute'

/** SPEC §3.0 for the filters: the one entry point the API and the CLI share. */
export async function getOverview(ch: ClickHouse, input: OverviewInput, now: number): Promise<OverviewResponse> {
  const filters = await resolveFilters(ch, input, now)
  const [predictions, reviews, backlog] = await readFacts(ch, () =>
    Promise.all([fetchPredictionDays(ch, filters), fetchReviewDays(ch, filters), fetchBacklogFlows(ch, filters, now)]),
  )
  return computeOverview({ predictions, reviews, backlog }, filters, now)
}
