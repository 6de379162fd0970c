// Tables: threshold_cells_daily (counts per 0.001 confidence cell, route and logged propensity per
// day, migration 0016) and item_facts_daily (per-day calibration sums, 0004) for the whole days of
// a window, item_facts for its partial days (analytics/facts/rollups.sql.ts), and escalation_facts
// (the first reviews' handle times, 0015). Rows: a model's cells per segment, its audit sample per
// day, its confidence bins in two windows, and its mean handle time and latest audit rate.
import { queryRows, type ClickHouse } from '@/lib/clickhouse'
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import { filterParams, modelCondition, sliceConditions } from '@/analytics/shared/filters.sql'
import { dailyItemRows, dailyThresholdCellRows, FIXED_POINT, splitDays } from '@/analytics/facts/rollups.sql'
import { AuditDayRow, DriftBinRow, ModelContextRow, SegmentCellRow } from './thresholds.schema'

/**
 * The window's predictions of the model (and version) per segment, route, logged propensity and
 * 0.001 confidence cell: predictions, labeled ones and their errors. Every segment, whatever the
 * segment filter: a segment's result falls back to the model's, which needs them all.
 */
export function fetchSegmentCells(ch: ClickHouse, filters: ResolvedFilters) {
  const split = splitDays('w', filters.from, filters.to)
  const allSegments = { ...filters, segment: undefined }
  return queryRows(ch, {
    tag: 'thresholds:cells',
    schema: SegmentCellRow,
    params: { ...filterParams(filters), ...split.params },
    query: `
      SELECT toString(segment) AS segment, toString(route) AS route, propensity, toInt64(cell) AS cell,
             sum(predictions) AS predictions, sum(labeled) AS labeled, sum(errors) AS errors
      FROM (${dailyThresholdCellRows(allSegments, split)})
      GROUP BY segment, route, propensity, cell
      HAVING predictions != 0
      ORDER BY segment, cell DESC, route, propensity`,
  })
}

/**
 * The mean handle time of the first reviews of the window's escalated items (their sum and count
 * over sign rows), and the audit rate last logged in the window: the propensity of the latest day
 * with auto-accepted predictions (route auto or audit), the highest one on that day.
 */
export async function fetchModelContext(ch: ClickHouse, filters: ResolvedFilters): Promise<ModelContextRow> {
  const split = splitDays('w', filters.from, filters.to)
  const [row] = await queryRows(ch, {
    tag: 'thresholds:context',
    schema: ModelContextRow,
    params: { ...filterParams(filters), ...split.params },
    query: `
      SELECT
        (SELECT if(handled > 0, handle_sum / handled, NULL)
         FROM (SELECT toFloat64(sum(toInt64(sign) * if(handle_ms >= 0, handle_ms, 0))) AS handle_sum,
                      sum(toInt64(sign) * (handle_ms >= 0)) AS handled
               FROM escalation_facts
               WHERE ts >= {from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')} ${modelCondition(filters)} ${sliceConditions(filters)})) AS handle_mean_ms,
        (SELECT if(count() = 0, NULL, argMax(propensity, tuple(day, propensity)))
         FROM (SELECT day, propensity, sum(predictions) AS accepted
               FROM (${dailyThresholdCellRows(filters, split)})
               WHERE route != 'review'
               GROUP BY day, propensity
               HAVING accepted > 0)) AS audit_rate`,
  })
  return row
}

/**
 * The audit sample per day (UTC), segment and propensity: the auto-accepted predictions (route
 * auto or audit, the population of the production error), the audit draws, and the labeled audit
 * draws with their errors (SPEC §3.4: the audit sample only).
 */
export function fetchAuditDays(ch: ClickHouse, filters: ResolvedFilters) {
  const split = splitDays('w', filters.from, filters.to)
  return queryRows(ch, {
    tag: 'thresholds:audit_days',
    schema: AuditDayRow,
    params: { ...filterParams(filters), ...split.params },
    query: `
      SELECT toString(day) AS day, toString(segment) AS segment, propensity,
             sum(predictions) AS accepted,
             sumIf(predictions, route = 'audit') AS audited,
             sumIf(labeled, route = 'audit') AS labeled,
             sumIf(errors, route = 'audit') AS errors
      FROM (${dailyThresholdCellRows(filters, split)})
      WHERE route != 'review'
      GROUP BY day, segment, propensity
      HAVING accepted != 0
      ORDER BY day, segment, propensity`,
  })
}

const exactSum = (column: string) => `toFloat64(sum(${column})) / ${FIXED_POINT}`

/**
 * Per SPEC 3.2 bin of 10 equal-width bins, in the window (`recent` 1) and in the window of equal
 * length before it (`recent` 0): predictions, Σ confidence, labeled, Σ weight and Σ weight·correct.
 * Every confidence of a rollup cell lies in one bin, found from its smallest confidence.
 */
export function fetchDriftBins(ch: ClickHouse, filters: ResolvedFilters) {
  const length = filters.to - filters.from
  const recent = splitDays('r', filters.from, filters.to)
  const before = splitDays('b', filters.from - length, filters.from)
  const sums = `sum(items) AS predictions, ${exactSum('confidence_sum')} AS confidence_sum, sum(labeled) AS labeled,
                ${exactSum('weight_sum')} AS weight_sum, ${exactSum('weighted_correct_sum')} AS weighted_correct_sum`
  const bin = 'toInt64(least(toUInt32(floor(min_confidence * 10)), 9))'
  return queryRows(ch, {
    tag: 'thresholds:drift_bins',
    schema: DriftBinRow,
    params: { ...filterParams(filters), ...recent.params, ...before.params },
    query: `
      SELECT recent, bin, ${sums}
      FROM (
        SELECT 1 AS recent, ${bin} AS bin, items, confidence_sum, labeled, weight_sum, weighted_correct_sum FROM (${dailyItemRows(filters, recent)})
        UNION ALL
        SELECT 0 AS recent, ${bin} AS bin, items, confidence_sum, labeled, weight_sum, weighted_correct_sum FROM (${dailyItemRows(filters, before)})
      )
      GROUP BY recent, bin
      HAVING predictions != 0
      ORDER BY recent, bin`,
  })
}
