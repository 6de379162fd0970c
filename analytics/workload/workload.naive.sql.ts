// The median wait of the escalated items computed the textbook way from the raw tables (analytics/shared/naive.sql.ts).
import type { ClickHouse } from '@/lib/clickhouse'
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import { modelCondition } from '@/analytics/shared/filters.sql'
import { NAIVE_FROM as FROM, NAIVE_TO as TO, queryNaiveFigure } from '@/analytics/shared/naive.sql'

/** Workload: the median wait (SPEC §3.3) over escalated items in range with a first review, n = those items. */
export function naiveMedianWait(ch: ClickHouse, filters: ResolvedFilters) {
  return queryNaiveFigure(ch, filters, {
    tag: 'bench:naive_wait',
    query: `
      SELECT quantileExactInclusive(0.5)(toFloat64(toUnixTimestamp64Milli(f.start) - toUnixTimestamp64Milli(p.t.1))) AS value, count() AS n
      FROM (
        SELECT model, item_id, argMax(tuple(ts, route), tuple(ts, cityHash64(event_id))) AS t
        FROM predictions WHERE 1 ${modelCondition(filters)}
        GROUP BY model, item_id
        HAVING t.1 >= ${FROM} AND t.1 < ${TO} AND t.2 != 'auto'
      ) AS p
      INNER JOIN (
        SELECT model, item_id,
               argMin(if(started_at IS NOT NULL, assumeNotNull(started_at), if(duration_ms IS NOT NULL, ts - toIntervalMillisecond(assumeNotNull(duration_ms)), ts)),
                      tuple(ts, cityHash64(event_id))) AS start
        FROM reviews WHERE 1 ${modelCondition(filters)}
        GROUP BY model, item_id
      ) AS f ON p.model = f.model AND p.item_id = f.item_id`,
  })
}
