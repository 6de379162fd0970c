'use client'

import { useQuery } from '@tanstack/react-query'
import { metaFiltersQueryOptions } from '../_queries'
import { latestDataTs, partialLastPeriod, type PartialPeriod } from './chart-math'

/**
 * The partial last period of a day or week series, from the range the API applied (`filters.to`)
 * and the newest prediction of the models in scope (the filter bar's cached meta query: no extra
 * request). Null when the last period is complete.
 */
export function usePartialLastPeriod(
  lastPeriod: string | null | undefined,
  filters: { model?: string | null; to?: string | null },
  periodDays = 1,
): PartialPeriod | null {
  const meta = useQuery(metaFiltersQueryOptions())
  const latestTs = meta.data ? latestDataTs(meta.data.models, filters.model) : null
  return partialLastPeriod(lastPeriod, { rangeEnd: filters.to, latestTs, periodDays })
}
