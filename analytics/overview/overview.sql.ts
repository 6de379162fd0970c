// Tables: item_facts (each item's latest prediction and label), review_facts (each reviewer's latest
// review of an item), kept current by analytics/facts. Rows: one per (model, UTC day).
import { queryRows, type ClickHouse } from '@/lib/clickhouse'
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import { factsInRange, filterParams, modelCondition, reviewConditions, sliceConditions } from '@/analytics/shared/filters.sql'
import { BacklogFlowRow, PredictionDayRow, ReviewDayRow } from './overview.schema'

const FROM = "{from:DateTime64(3, 'UTC')}"
const END = "{end:DateTime64(3, 'UTC')}"

/** Predictions per model and day (items whose latest prediction is in range), with escalations, audits and labeled items (SPEC §3.0). */
export function fetchPredictionDays(ch: ClickHouse, filters: ResolvedFilters, now: number) {
  return queryRows(ch, {
    tag: 'overview:prediction_days',
    schema: PredictionDayRow,
    params: filterParams(filters, now),
    query: `
      SELECT model, toString(toDate(ts)) AS day,
             sum(sign) AS predictions,
             sumIf(sign, route != 'auto') AS escalated,
             sumIf(sign, route = 'audit') AS audited,
             sumIf(sign, has_label = 1) AS labeled
      FROM item_facts
      WHERE ${factsInRange(filters)}
      GROUP BY model, day
      HAVING predictions != 0
      ORDER BY model, day`,
  })
}

/** Counted reviews (each reviewer's latest per item, in range by review ts) and those agreeing with the model. */
export function fetchReviewDays(ch: ClickHouse, filters: ResolvedFilters, now: number) {
  return queryRows(ch, {
    tag: 'overview:review_days',
    schema: ReviewDayRow,
    params: filterParams(filters, now),
    query: `
      SELECT model, toString(toDate(ts)) AS day,
             sum(sign) AS reviews,
             sumIf(sign, label = model_label) AS agreeing
      FROM review_facts
      WHERE ${factsInRange(filters)} AND has_prediction = 1 ${reviewConditions(filters)}
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
  return queryRows(ch, {
    tag: 'overview:backlog_flows',
    schema: BacklogFlowRow,
    params: filterParams(filters, now),
    query: `
      SELECT model, day, sum(arrivals) AS arrivals, sum(closes) AS closes
      FROM (
        SELECT model, if(ts < ${FROM}, '', toString(toDate(ts))) AS day, sign AS arrivals, 0 AS closes
        FROM item_facts
        WHERE route != 'auto' AND ts < ${END} ${modelCondition(filters)} ${sliceConditions(filters)}
        UNION ALL
        SELECT model, if(closed_at < ${FROM}, '', toString(toDate(closed_at))) AS day, 0 AS arrivals, sign AS closes
        FROM (
          SELECT model, sign, greatest(ts, assumeNotNull(first_review_ts)) AS closed_at
          FROM item_facts
          WHERE route != 'auto' AND first_review_ts IS NOT NULL AND ts < ${END} ${modelCondition(filters)} ${sliceConditions(filters)}
        )
        WHERE closed_at < ${END}
      )
      GROUP BY model, day
      HAVING arrivals != 0 OR closes != 0
      ORDER BY model, day`,
  })
}
