// The predictions in range computed the textbook way from the raw tables (analytics/shared/naive.sql.ts).
import type { ClickHouse } from '@/lib/clickhouse'
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import { modelCondition } from '@/analytics/shared/filters.sql'
import { NAIVE_FROM as FROM, NAIVE_TO as TO, queryNaiveFigure } from '@/analytics/shared/naive.sql'

/** Overview: predictions in range (the latest per item), n = escalated ones. */
export function naivePredictions(ch: ClickHouse, filters: ResolvedFilters) {
  return queryNaiveFigure(ch, filters, {
    tag: 'bench:naive_predictions',
    query: `
      SELECT toFloat64(count()) AS value, countIf(p.2 != 'auto') AS n
      FROM (
        SELECT model, item_id, argMax(tuple(ts, route), tuple(ts, cityHash64(event_id))) AS p
        FROM predictions WHERE 1 ${modelCondition(filters)}
        GROUP BY model, item_id
      )
      WHERE p.1 >= ${FROM} AND p.1 < ${TO}`,
  })
}
