// Tables: predictions (latest per (model, item_id)), reviews (latest per reviewer and item),
// outcomes. Rows: one per (model, UTC day).
import { queryRows, type ClickHouse } from '@/lib/clickhouse'
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import {
  filterParams,
  ITEM_HASH,
  latestPredictionsCte,
  latestReviewsCte,
  modelCondition,
  reviewedItemHashes,
} from '@/analytics/shared/filters.sql'
import { labeledItemsCte } from '@/analytics/shared/labels.sql'
import { BacklogFlowRow, PredictionDayRow, ReviewDayRow } from './overview.schema'

const FROM = "{from:DateTime64(3, 'UTC')}"
const TO = "{to:DateTime64(3, 'UTC')}"
const END = "{end:DateTime64(3, 'UTC')}"
const LOOKBACK_FROM = "{lookback_from:DateTime64(3, 'UTC')}"

/** Predictions per model and day, with escalations, audits and labeled items (SPEC §3.0). */
export function fetchPredictionDays(ch: ClickHouse, filters: ResolvedFilters, now: number) {
  return queryRows(ch, {
    tag: 'overview:prediction_days',
    schema: PredictionDayRow,
    params: filterParams(filters, now),
    query: `
      WITH ${latestPredictionsCte(filters)},
      -- An item is labeled when it has a reference label (labels.sql.ts: outcomes or reviews from
      -- the lookback start on, with no upper bound).
      ${labeledItemsCte(filters)}
      SELECT model, toString(toDate(ts)) AS day,
             count() AS predictions,
             countIf(route != 'auto') AS escalated,
             countIf(route = 'audit') AS audited,
             countIf(item_key IN (SELECT item_key FROM labeled_items)) AS labeled
      FROM latest_predictions
      WHERE ts >= ${FROM}
      GROUP BY model, day
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
      WITH ${latestPredictionsCte(filters, { itemHashesIn: reviewedItemHashes(filters) })},
      ${latestReviewsCte(filters)}
      SELECT p.model AS model, toString(toDate(r.reviewed_at)) AS day,
             count() AS reviews,
             countIf(r.label = p.predicted_label) AS agreeing
      FROM latest_reviews AS r
      INNER JOIN latest_predictions AS p ON r.item_key = p.item_key
      GROUP BY model, day
      ORDER BY model, day`,
  })
}

/**
 * Items with at least one escalated prediction in the window: an item whose latest prediction is
 * escalated is among them, so the latest predictions need only be chosen for these (~1 in 5).
 */
function escalatedItemHashes(filters: ResolvedFilters): string {
  return `SELECT ${ITEM_HASH} FROM predictions
    WHERE ts >= ${LOOKBACK_FROM} AND ts < ${TO} ${modelCondition(filters)} AND route != 'auto'`
}

/**
 * Escalated arrivals and first reviews per day up to the end of the range (or now), for the
 * backlog: open items at t = arrivals up to t − first reviews up to t. Items predicted in the
 * lookback before the range count on day ''.
 */
export function fetchBacklogFlows(ch: ClickHouse, filters: ResolvedFilters, now: number) {
  return queryRows(ch, {
    tag: 'overview:backlog_flows',
    schema: BacklogFlowRow,
    params: filterParams(filters, now),
    query: `
      WITH ${latestPredictionsCte(filters, { itemHashesIn: escalatedItemHashes(filters) })},
      escalated AS (
        SELECT model, item_id, ts FROM latest_predictions WHERE route != 'auto' AND ts < ${END}
      ),
      first_reviews AS (
        SELECT model, item_id, min(ts) AS first_ts
        FROM reviews
        WHERE ts >= ${LOOKBACK_FROM} AND ts < ${END} ${modelCondition(filters)}
          AND (model, item_id) IN (SELECT model, item_id FROM escalated)
        GROUP BY model, item_id
      )
      SELECT model, day, sum(arrivals) AS arrivals, sum(closes) AS closes
      FROM (
        SELECT model, if(ts < ${FROM}, '', toString(toDate(ts))) AS day, 1 AS arrivals, 0 AS closes FROM escalated
        UNION ALL
        -- An item re-scored after its review is open from neither time: it closes when both exist.
        SELECT e.model AS model, if(greatest(e.ts, f.first_ts) < ${FROM}, '', toString(toDate(greatest(e.ts, f.first_ts)))) AS day,
               0 AS arrivals, 1 AS closes
        FROM escalated AS e
        INNER JOIN first_reviews AS f ON e.model = f.model AND e.item_id = f.item_id
      )
      GROUP BY model, day
      ORDER BY model, day`,
  })
}
