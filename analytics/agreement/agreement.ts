import type { ClickHouse } from '@/lib/clickhouse'
import { resolveFilters } from '@/analytics/shared/window.sql'
import { readFacts } from '@/analytics/facts/facts'
import { daysInRange } from '@/analytics/shared/time'
import { echoFilters } from '@/analytics/shared/echoed-filters'
import type { AgreementInput, AgreementResponse } from './agreement.schema'
import { fetchPairCells, fetchReviewerUnits } from './agreement.sql'
import { computeAgreement } from './agreement.compute'

/** SPEC 3.1 for the filters: the one entry point the API and the CLI share. */
export async function getAgreement(ch: ClickHouse, input: AgreementInput, now: number): Promise<AgreementResponse> {
  const filters = await resolveFilters(ch, input, now)
  const [pairs, aggregates] = await readFacts(ch, () => Promise.all([fetchPairCells(ch, filters), fetchReviewerUnits(ch, filters)]))
  return computeAgreement(
    { pairs, ...aggregates },
    daysInRange(filters.from, filters.to),
    echoFilters(filters, { reviewer_id: filters.reviewer_id ?? null, queue: filters.queue ?? null }),
  )
}
