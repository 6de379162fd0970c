import type { ClickHouse } from '@/lib/clickhouse'
import { resolveFilters } from '@/analytics/shared/window.sql'
import { readFacts } from '@/analytics/facts/facts'
import { echoFilters } from '@/analytics/shared/echoed-filters'
import { DEFAULT_BINS, type CalibrationInput, type CalibrationResponse } from './calibration.schema'
import { fetchCalibrationCells, fetchQuantileEdges } from './calibration.sql'
import { computeCalibrationReport, type CalibrationReportOptions } from './calibration.compute'

/** CalibrationInput as parsed, or with the options left to their defaults (programmatic callers). */
export type CalibrationRequest = Omit<CalibrationInput, 'bins' | 'strategy' | 'interval'> & Partial<Pick<CalibrationInput, 'bins' | 'strategy' | 'interval'>>

/**
 * SPEC 3.2 for the filters: the one entry point the API and the CLI share. Two queries at most:
 * the quantile edges (strategy quantile only), then every per-cell sum in one pass.
 */
export async function getCalibration(ch: ClickHouse, input: CalibrationRequest, now: number): Promise<CalibrationResponse> {
  const filters = await resolveFilters(ch, input, now)
  const options: CalibrationReportOptions = {
    bins: input.bins ?? DEFAULT_BINS,
    strategy: input.strategy ?? 'uniform',
    interval: input.interval ?? 'day',
    groupBy: input.group_by,
  }
  const { edges, cells } = await readFacts(ch, async () => {
    const edges = options.strategy === 'quantile' ? await fetchQuantileEdges(ch, filters, options) : []
    const cells = await fetchCalibrationCells(ch, filters, {
      ...options,
      interiorEdges: edges.find((row) => row.overall === 1)?.edges,
      groupEdges: new Map(edges.filter((row) => row.overall === 0).map((row) => [row.key, row.edges])),
    })
    return { edges, cells }
  })
  return computeCalibrationReport({ cells, edges }, options, filters, echoFilters(filters))
}
