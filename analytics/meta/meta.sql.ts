// Tables: predictions, reviews. Rows: one per model, with its segments, versions, review queues and time span (filter options).
import { z } from 'zod'
import { queryRows, type ClickHouse } from '@/lib/clickhouse'

export const FilterOptionsRow = z.object({
  model: z.string(),
  segments: z.array(z.string()),
  versions: z.array(z.string()),
  /** The queues its reviews were done in (SPEC §2 `queue`; a review without one is not listed). */
  queues: z.array(z.string()),
  first_ts: z.string(),
  last_ts: z.string(),
})
export type FilterOptionsRow = z.infer<typeof FilterOptionsRow>

/**
 * Every model with its segments, versions and review queues. LowCardinality columns make each
 * side a dictionary scan; reviews carry their model, so the queues join on it. A model with
 * predictions but no reviews has no queues (the LEFT JOIN's default, an empty array); one with
 * reviews only is not a filter option (its pages have no predictions to show).
 */
export function fetchFilterOptions(ch: ClickHouse) {
  return queryRows(ch, {
    tag: 'meta:filter_options',
    schema: FilterOptionsRow,
    query: `
      SELECT p.model AS model,
             p.segments AS segments,
             p.versions AS versions,
             q.queues AS queues,
             p.first_ts AS first_ts,
             p.last_ts AS last_ts
      FROM
      (
        SELECT model,
               arraySort(groupUniqArray(segment)) AS segments,
               arraySort(groupUniqArray(model_version)) AS versions,
               formatDateTime(min(ts), '%Y-%m-%dT%H:%i:%S.%fZ', 'UTC') AS first_ts,
               formatDateTime(max(ts), '%Y-%m-%dT%H:%i:%S.%fZ', 'UTC') AS last_ts
        FROM predictions
        GROUP BY model
      ) AS p
      LEFT JOIN
      (
        SELECT model, arraySort(groupUniqArray(queue)) AS queues
        FROM reviews
        WHERE queue != ''
        GROUP BY model
      ) AS q ON q.model = p.model
      ORDER BY model
      SETTINGS join_use_nulls = 0`,
  })
}
