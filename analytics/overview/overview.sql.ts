// Tables: item_facts (each item's latest prediction and label) and review_facts (each reviewer's
// latest review of an item), kept current by analytics/facts, through their per-day rollups
// (analytics/facts/rollups.sql.ts). Rows: one per (model, UTC day).
import { queryRows, type ClickHouse } from '@/lib/clickhouse'
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import { filterParams } from '@/analytics/shared/filters.sql'
import { dailyCloseRows, dailyItemRows, dailyReviewRows, splitDays } from '@/analytics/facts/rollups.sql'
import { BacklogFlowRow, PredictionDayRow, ReviewDayRow } from './overview.schema'
import { backlogEnd } from './overview.compute'

/** Predictions per model and day (items whose latest prediction is in range), with escalations, audits and labeled items (SPEC §3.0). */
export function fetchPredictionDays(ch: ClickHouse, filters: ResolvedFilters) {
  const range = splitDays('range', filters.from, filters.to)
  return queryRows(ch, {
    tag: 'overview:prediction_days',
    schema: PredictionDayRow,
    params: { ...filterParams(filters), ...range.params },
    query: `
      SELECT model, toString(day) AS day,
             sum(items) AS predictions,
             sumIf(items, route != 'auto') AS escalated,
             sumIf(items, route = 'audit') AS audited,
             sum(with_label) AS labeled
      FROM (${dailyItemRows(filters, range)})
      GROUP BY model, day
      HAVING predictions != 0
      ORDER BY model, day`,
  })
}

/** Counted reviews (each reviewer's latest per item, in range by review ts) and those agreeing with the model. */
export function fetchReviewDays(ch: ClickHouse, filters: ResolvedFilters) {
  const range = splitDays('range', filters.from, filters.to)
  return queryRows(ch, {
    tag: 'overview:review_days',
    schema: ReviewDayRow,
    params: { ...filterParams(filters), ...range.params },
    query: `
      SELECT model, toString(day) AS day, sum(counted) AS reviews, sumIf(counted, label = model_label) AS agreeing
      FROM (SELECT model, day, model_label, label, reviews AS counted FROM (${dailyReviewRows(filters, range)}))
      GROUP BY model, day
      HAVING reviews != 0
      ORDER BY model, day`,
  })
}

/**
 * Escalated arrivals and closes per day up to the end of the range (or now), for the backlog: open
 * items at t = arrivals up to t − closes up to t, over every escalated item ever predicted (those
 * before the range count on day ''). An item closes at its first review, or at its prediction when
 * it was re-scored after that review (it is open from neither time alone).
 */
export function fetchBacklogFlows(ch: ClickHouse, filters: ResolvedFilters, now: number) {
  const end = backlogEnd(filters, now)
  const before = splitDays('before', 0, Math.min(filters.from, end))
  const range = splitDays('range', filters.from, Math.max(filters.from, end))
  return queryRows(ch, {
    tag: 'overview:backlog_flows',
    schema: BacklogFlowRow,
    params: { ...filterParams(filters), ...before.params, ...range.params },
    query: `
      SELECT model, day, sum(arrivals) AS arrivals, sum(closes) AS closes
      FROM (
        SELECT model, '' AS day, items AS arrivals, 0 AS closes FROM (${dailyItemRows(filters, before)}) WHERE route != 'auto'
        UNION ALL
        SELECT model, toString(day) AS day, items AS arrivals, 0 AS closes FROM (${dailyItemRows(filters, range)}) WHERE route != 'auto'
        UNION ALL
        SELECT model, '' AS day, 0 AS arrivals, closes FROM (${dailyCloseRows(filters, before)})
        UNION ALL
        SELECT model, toString(day) AS day, 0 AS arrivals, closes FROM (${dailyCloseRows(filters, range)})
      )
      GROUP BY model, day
      HAVING arrivals != 0 OR closes != 0
      ORDER BY model, day`,
  })
}
