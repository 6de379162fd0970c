// The recommended threshold computed from the raw tables (analytics/shared/naive.sql.ts): the
// latest predictions and reference labels the textbook way, counted per 0.001 cell (in decimal
// arithmetic, not the facts' Float64 rule) and propensity, then the same walk.
import { z } from 'zod'
import { queryRows, type ClickHouse } from '@/lib/clickhouse'
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import { filterParams } from '@/analytics/shared/filters.sql'
import { naiveLabelCtes } from '@/analytics/shared/naive.sql'
import { MS_PER_DAY } from '@/analytics/shared/time'
import { computeRecommendation } from './recommend.compute'

const NaiveCellRow = z.object({ cell: z.number(), propensity: z.number(), predictions: z.number(), labeled: z.number(), errors: z.number() })

/** Thresholds: the recommendation at the SPEC §3.4 defaults over the filters' window (their model). */
export async function naiveRecommendedThreshold(ch: ClickHouse, filters: ResolvedFilters): Promise<number | null> {
  const rows = await queryRows(ch, {
    tag: 'bench:naive_threshold',
    schema: NaiveCellRow,
    settings: { max_execution_time: 600 },
    params: filterParams(filters),
    query: `
      WITH
      ${naiveLabelCtes(filters)}
      x AS (
        SELECT toInt64(floor(toDecimal64(p.t.2, 12) * 1000)) AS cell, p.t.3 AS propensity,
               o.model != '' OR m.model != '' AS has_label,
               o.model != '' AND o.t.2 IN ('gold', 'downstream') AS unit,
               has_label AND (unit OR p.t.3 > 0) AS labeled,
               labeled AND p.t.1 != if(o.model != '', o.t.1, m.label) AS error
        FROM p
        LEFT JOIN o ON p.model = o.model AND p.item_id = o.item_id
        LEFT JOIN m ON p.model = m.model AND p.item_id = m.item_id
      )
      SELECT cell, propensity, toInt64(count()) AS predictions, toInt64(countIf(labeled)) AS labeled, toInt64(countIf(error)) AS errors
      FROM x GROUP BY cell, propensity`,
  })
  return computeRecommendation(rows, { windowDays: (filters.to - filters.from) / MS_PER_DAY, curve: 'walk' }).threshold
}
