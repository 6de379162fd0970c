// The agreement rate computed the textbook way from the raw tables (analytics/shared/naive.sql.ts).
import type { ClickHouse } from '@/lib/clickhouse'
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import { modelCondition } from '@/analytics/shared/filters.sql'
import { NAIVE_FROM as FROM, NAIVE_TO as TO, queryNaiveFigure } from '@/analytics/shared/naive.sql'

/** Agreement: agreement_rate over the counted reviews, n = reviewed. */
export function naiveAgreementRate(ch: ClickHouse, filters: ResolvedFilters) {
  return queryNaiveFigure(ch, filters, {
    tag: 'bench:naive_agreement',
    query: `
      SELECT if(count() = 0, NULL, avg(r.latest.2 = p.predicted_label)) AS value, count() AS n
      FROM (
        SELECT model, item_id, reviewer_id, argMax(tuple(ts, label), tuple(ts, cityHash64(event_id))) AS latest
        FROM reviews WHERE 1 ${modelCondition(filters)}
        GROUP BY model, item_id, reviewer_id
        HAVING latest.1 >= ${FROM} AND latest.1 < ${TO}
      ) AS r
      INNER JOIN (
        SELECT model, item_id, argMax(predicted_label, tuple(ts, cityHash64(event_id))) AS predicted_label
        FROM predictions WHERE 1 ${modelCondition(filters)}
        GROUP BY model, item_id
      ) AS p ON r.model = p.model AND r.item_id = p.item_id`,
  })
}
