// Table: predictions. Rows: one per model, with its segments, versions and time span (filter options).
import { z } from 'zod'
import { queryRows, type ClickHouse } from '@/lib/clickhouse'

export const FilterOptionsRow = z.object({
  model: z.string(),
  segments: z.array(z.string()),
  versions: z.array(z.string()),
  first_ts: z.string(),
  last_ts: z.string(),
})
export type FilterOptionsRow = z.infer<typeof FilterOptionsRow>

/** Every model with its segments and versions; LowCardinality columns make this a dictionary scan. */
export function fetchFilterOptions(ch: ClickHouse) {
  return queryRows(ch, {
    tag: 'meta:filter_options',
    schema: FilterOptionsRow,
    query: `
      SELECT model,
             arraySort(groupUniqArray(segment)) AS segments,
             arraySort(groupUniqArray(model_version)) AS versions,
             formatDateTime(min(ts), '%Y-%m-%dT%H:%i:%S.%fZ', 'UTC') AS first_ts,
             formatDateTime(max(ts), '%Y-%m-%dT%H:%i:%S.%fZ', 'UTC') AS last_ts
      FROM predictions
      GROUP BY model
      ORDER BY model`,
  })
}
