// The ECE of 10 equal-width bins computed the textbook way from the raw tables (analytics/shared/naive.sql.ts).
import type { ClickHouse } from '@/lib/clickhouse'
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import { naiveLabelCtes, queryNaiveFigure } from '@/analytics/shared/naive.sql'

/** The naive calibration uses SPEC's default 10 equal-width bins. */
const NAIVE_BINS = 10

/** Calibration: ECE over 10 equal-width bins with the reference labels and weights, n = labeled. */
export function naiveEce(ch: ClickHouse, filters: ResolvedFilters) {
  return queryNaiveFigure(ch, filters, {
    tag: 'bench:naive_ece',
    params: { bins: NAIVE_BINS },
    query: `
      WITH
      ${naiveLabelCtes(filters)}
      x AS (
        SELECT p.t.2 AS c,
               o.model != '' OR m.model != '' AS has_label,
               o.model != '' AND o.t.2 IN ('gold', 'downstream') AS unit,
               has_label AND (unit OR p.t.3 > 0) AS labeled,
               if(labeled, if(unit, 1, 1 / p.t.3), 0) AS w,
               p.t.1 = if(o.model != '', o.t.1, m.label) AS correct,
               least(toUInt32(floor(c * {bins:UInt32})), {bins:UInt32} - 1) AS bin
        FROM p
        LEFT JOIN o ON p.model = o.model AND p.item_id = o.item_id
        LEFT JOIN m ON p.model = m.model AND p.item_id = m.item_id
      )
      SELECT sumIf(bin_n * abs(acc - conf), wsum > 0) / nullIf(sumIf(bin_n, wsum > 0), 0) AS value, sum(labeled_n) AS n
      FROM (
        SELECT bin, count() AS bin_n, avg(c) AS conf, sum(w) AS wsum, sum(w * correct) / nullIf(sum(w), 0) AS acc, countIf(labeled) AS labeled_n
        FROM x GROUP BY bin
      )`,
  })
}
