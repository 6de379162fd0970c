// Table: predictions. One row: the latest prediction ts (for the default window).
import { z } from 'zod'
import { queryRows, type ClickHouse } from '@/lib/clickhouse'
import { resolveWindow, type MetricFilters, type ResolvedFilters } from './filters.schema'

const LatestRow = z.object({ latest_ms: z.number().nullable() })

/** The latest prediction ts (epoch ms) for a model or overall; null without data. Reads partition min/max only. */
export async function fetchLatestPredictionTs(ch: ClickHouse, model?: string): Promise<number | null> {
  const rows = await queryRows(ch, {
    tag: 'window:latest_prediction',
    schema: LatestRow,
    params: { model: model ?? '' },
    query: `SELECT if(count() = 0, NULL, toUnixTimestamp64Milli(max(ts))) AS latest_ms FROM predictions
            ${model !== undefined ? 'WHERE model = {model:String}' : ''}`,
  })
  return rows[0]?.latest_ms ?? null
}

/** Resolves the filters' window, looking up the latest prediction only when a bound is missing. */
export async function resolveFilters(ch: ClickHouse, filters: MetricFilters, now: number): Promise<ResolvedFilters> {
  const latest = filters.from === undefined || filters.to === undefined ? await fetchLatestPredictionTs(ch, filters.model) : null
  return resolveWindow(filters, latest, now)
}
