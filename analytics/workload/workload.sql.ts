// Tables: item_facts (each item's latest prediction with its first review: completed at
// first_review_ts, started at first_review_start_ts, handle time, queue and reviewer; migration
// 0014), the rollups item_facts_daily and item_closes_daily for the backlog before the range,
// review_facts (each reviewer's latest review of an item) and review_durations (their handle
// times). Rows: escalated items per group, escalations and closes per hour, per-reviewer loads.
import { queryRows, type ClickHouse } from '@/lib/clickhouse'
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import { factsInRange, filterParams, modelCondition, reviewConditions, sliceConditions } from '@/analytics/shared/filters.sql'
import { formatTimestamp } from '@/analytics/shared/time'
import { dailyCloseRows, dailyItemRows, splitDays } from '@/analytics/facts/rollups.sql'
import { ArrivalHourRow, DistributionRow, HourFlowRow, ItemGroupRow, ReviewerHandleRow, ReviewerHourRow } from './workload.schema'
import { HANDLE_EDGES_MS, SHIFT_GAP_HOURS, WAIT_EDGES_MS, type SlaLookup } from './workload.compute'

const END = "{end:DateTime64(3, 'UTC')}"
const FROM = "{from:DateTime64(3, 'UTC')}"

/** Items whose first review matches the reviewer and queue filters (an unreviewed item has neither). */
function firstReviewConditions(filters: ResolvedFilters): string {
  return [
    filters.reviewer_id !== undefined ? 'AND first_review_reviewer = {reviewer_id:String} AND first_review_ts IS NOT NULL' : '',
    filters.queue !== undefined ? 'AND first_review_queue = {queue:String} AND first_review_ts IS NOT NULL' : '',
  ].join(' ')
}

const escalated = (filters: ResolvedFilters) => `route != 'auto' ${modelCondition(filters)} ${sliceConditions(filters)} ${firstReviewConditions(filters)}`

/**
 * The SLA of an item in ms, from its model and its first review's queue (SPEC §3.3 capacity
 * entries): (queue, model) > (queue, any model) > ("", model) > the default, as bound arrays. A
 * level without entries is left out of the SQL: the (queue, model) key is a string built per row,
 * which cost ~50 ms over 2M items where a transform over one LowCardinality column costs ~2 ms.
 */
function slaSql(slas: SlaLookup, queue: string): string {
  let sla = '{sla_default_ms:Int64}'
  if (slas.model.length > 0) sla = `transform(model, {sla_model_keys:Array(String)}, {sla_model_ms:Array(Int64)}, ${sla})`
  if (slas.queue.length > 0) sla = `transform(${queue}, {sla_queue_keys:Array(String)}, {sla_queue_ms:Array(Int64)}, ${sla})`
  if (slas.modelQueue.length > 0) sla = `transform(concat(model, '\\t', ${queue}), {sla_model_queue_keys:Array(String)}, {sla_model_queue_ms:Array(Int64)}, ${sla})`
  return sla
}

function slaParams(slas: SlaLookup): Record<string, unknown> {
  return {
    sla_model_queue_keys: slas.modelQueue.map(([key]) => key),
    sla_model_queue_ms: slas.modelQueue.map(([, value]) => value),
    sla_queue_keys: slas.queue.map(([key]) => key),
    sla_queue_ms: slas.queue.map(([, value]) => value),
    sla_model_keys: slas.model.map(([key]) => key),
    sla_model_ms: slas.model.map(([, value]) => value),
    sla_default_ms: slas.defaultMs,
  }
}

/**
 * The escalated items predicted in the range, overall, per prediction day and per (model, queue):
 * counts, the SPEC §3.3 SLA classification at `end` (the end of the range, or now), and the exact
 * percentiles (type 7) of the waits (items with a first review) and of the first reviews' handle
 * times. FINAL: percentiles need the current rows, not sums of sign rows.
 */
export function fetchItemGroups(ch: ClickHouse, filters: ResolvedFilters, end: number, slas: SlaLookup) {
  return queryRows(ch, {
    tag: 'workload:items',
    schema: ItemGroupRow,
    params: { ...filterParams(filters), ...slaParams(slas), end: formatTimestamp(end), end_ms: end },
    query: `
      SELECT if(grouping(item_day) = 0, toString(item_day), NULL) AS day,
             if(grouping(item_model) = 0, toString(item_model), NULL) AS model,
             if(grouping(item_queue) = 0, toString(item_queue), NULL) AS queue,
             count() AS escalated,
             countIf(has_review) AS reviewed,
             countIf(closed AND item_wait <= sla) AS met,
             countIf((closed AND item_wait > sla) OR (NOT closed AND {end_ms:Int64} - predicted > sla)) AS breached,
             countIf(NOT closed AND {end_ms:Int64} - predicted <= sla) AS pending,
             if(countIf(has_review) = 0, [], quantilesExactInclusiveIf(0.5, 0.9, 0.99)(toFloat64(item_wait), has_review)) AS wait,
             if(countIf(item_handle >= 0) = 0, [], quantilesExactInclusiveIf(0.5, 0.9, 0.99)(toFloat64(item_handle), item_handle >= 0)) AS handle,
             countIf(item_handle >= 0) AS handled,
             if(handled = 0, NULL, avgIf(toFloat64(item_handle), item_handle >= 0)) AS handle_mean
      FROM (
        SELECT model AS item_model, toDate(ts) AS item_day, first_review_queue AS item_queue, toUnixTimestamp64Milli(ts) AS predicted,
               first_review_ts IS NOT NULL AS has_review,
               has_review AND first_review_ts < ${END} AS closed,
               wait_ms AS item_wait,
               handle_ms AS item_handle,
               ${slaSql(slas, 'first_review_queue')} AS sla
        FROM escalation_facts FINAL
        WHERE ts >= ${FROM} AND ts < {to:DateTime64(3, 'UTC')} AND ${escalated(filters)}
      )
      GROUP BY GROUPING SETS ((), (item_day), (item_model, item_queue))
      -- FINAL merges only within a partition (a month): one item's facts share its prediction ts,
      -- so they never span two; a partition with one part is then read as it is.
      SETTINGS do_not_merge_across_partitions_select_final = 1`,
  })
}

/**
 * The escalated items predicted in the range per bin of their wait (those with a first review) and
 * of their first review's handle time (those with one): the populations of the percentiles of
 * fetchItemGroups. Sums of sign rows; roundDown puts a value in the bin of the last edge ≤ it.
 */
export function fetchDistributions(ch: ClickHouse, filters: ResolvedFilters) {
  return queryRows(ch, {
    tag: 'workload:distributions',
    schema: DistributionRow,
    params: { ...filterParams(filters), wait_edges: [...WAIT_EDGES_MS], handle_edges: [...HANDLE_EDGES_MS] },
    query: `
      SELECT measure, lower, sum(toInt64(sign)) AS items
      FROM (
        SELECT 'wait' AS measure, roundDown(wait_ms, {wait_edges:Array(Int64)}) AS lower, sign FROM escalation_facts
        WHERE ts >= ${FROM} AND ts < {to:DateTime64(3, 'UTC')} AND ${escalated(filters)} AND first_review_ts IS NOT NULL
        UNION ALL
        SELECT 'handle' AS measure, roundDown(handle_ms, {handle_edges:Array(Int64)}) AS lower, sign FROM escalation_facts
        WHERE ts >= ${FROM} AND ts < {to:DateTime64(3, 'UTC')} AND ${escalated(filters)} AND handle_ms >= 0
      )
      GROUP BY measure, lower
      HAVING items != 0`,
  })
}

/**
 * Escalations and closes per hour from the start of the range to `end`, and the items open at the
 * start (hour ''): open at t = escalated items predicted by t and not closed by t, where an item
 * closes at its first review, or at its prediction when re-scored after that review. Sums of sign
 * rows; the open items before the range from the rollups when no reviewer or queue filter applies
 * (the rollups have neither), else from the facts (an item under such a filter has been reviewed).
 */
export function fetchHourFlows(ch: ClickHouse, filters: ResolvedFilters, end: number) {
  const start = Math.min(filters.from, end)
  const base = `${escalated(filters)}`
  const byFirstReview = filters.reviewer_id !== undefined || filters.queue !== undefined
  const before = splitDays('before', 0, start)
  const openBefore = byFirstReview
    ? `SELECT '' AS hour, toInt64(sign) AS arrivals, 0 AS completions FROM escalation_facts
       WHERE ts < {start:DateTime64(3, 'UTC')} AND first_review_ts >= {start:DateTime64(3, 'UTC')} AND ${base}`
    : `SELECT '' AS hour, items AS arrivals, 0 AS completions FROM (${dailyItemRows(filters, before)}) WHERE route != 'auto'
       UNION ALL
       SELECT '' AS hour, 0 AS arrivals, closes AS completions FROM (${dailyCloseRows(filters, before)})`
  return queryRows(ch, {
    tag: 'workload:hour_flows',
    schema: HourFlowRow,
    params: { ...filterParams(filters), ...before.params, start: formatTimestamp(start), end: formatTimestamp(end) },
    query: `
      SELECT hour, sum(arrivals) AS arrivals, sum(completions) AS completions
      FROM (
        ${openBefore}
        UNION ALL
        -- Grouped by the hour before it is made text: a string per row cost more than the scan.
        SELECT toString(h) AS hour, arrivals, completions FROM (
          SELECT h, sum(arrivals) AS arrivals, sum(completions) AS completions
          FROM (
            SELECT toStartOfHour(ts) AS h, toInt64(sign) AS arrivals, 0 AS completions FROM escalation_facts
            WHERE ts >= {start:DateTime64(3, 'UTC')} AND ts < ${END} AND ${base}
            UNION ALL
            SELECT toStartOfHour(ts) AS h, 0 AS arrivals, toInt64(sign) AS completions FROM escalation_facts
            WHERE ts >= {start:DateTime64(3, 'UTC')} AND ts < ${END} AND ${base} AND first_review_ts IS NOT NULL AND first_review_ts < ts
            UNION ALL
            SELECT toStartOfHour(assumeNotNull(first_review_ts)) AS h, 0 AS arrivals, toInt64(sign) AS completions FROM escalation_facts
            WHERE first_review_ts >= {start:DateTime64(3, 'UTC')} AND first_review_ts < ${END} AND first_review_ts >= ts AND ${base}
          )
          GROUP BY h
        )
      )
      GROUP BY hour
      HAVING arrivals != 0 OR completions != 0
      ORDER BY hour`,
  })
}

/** Escalations per UTC hour in [from, to) and first review's queue (sums of sign rows), the history the staffing forecast reads. */
export function fetchArrivalHistory(ch: ClickHouse, filters: ResolvedFilters, from: number, to: number) {
  return queryRows(ch, {
    tag: 'workload:arrival_history',
    schema: ArrivalHourRow,
    params: { ...filterParams(filters), history_from: formatTimestamp(from), history_to: formatTimestamp(to) },
    query: `
      SELECT toString(h) AS hour, toString(first_review_queue) AS queue, arrivals FROM (
        SELECT toStartOfHour(ts) AS h, first_review_queue, sum(toInt64(sign)) AS arrivals
        FROM escalation_facts
        WHERE ts >= {history_from:DateTime64(3, 'UTC')} AND ts < {history_to:DateTime64(3, 'UTC')} AND ${escalated(filters)}
        GROUP BY h, first_review_queue
        HAVING arrivals != 0
      )`,
  })
}

/** Per reviewer: handle-time percentiles (type 7) and the total over their counted reviews with a handle time. */
export function fetchReviewerHandles(ch: ClickHouse, filters: ResolvedFilters) {
  return queryRows(ch, {
    tag: 'workload:reviewer_handles',
    schema: ReviewerHandleRow,
    params: filterParams(filters),
    query: `
      SELECT toString(reviewer_id) AS reviewer_id, quantilesExactInclusive(0.5, 0.9)(toFloat64(duration_ms)) AS handle, toFloat64(sum(duration_ms)) AS handle_total_ms
      FROM review_durations FINAL
      WHERE ${factsInRange(filters)} ${reviewConditions(filters)}
      GROUP BY reviewer_id`,
  })
}

/**
 * The counted reviews in the range by reviewer and UTC clock hour of completion (an active hour,
 * SPEC §3.3), cut into shifts: a reviewer's shift is a run of active hours with fewer than
 * SHIFT_GAP_HOURS idle hours between two of them, from the start of its first hour to the end of
 * its last. Rows per reviewer (reviews, active hours, handle time, the length of their shifts in
 * hours) and per hour into the shift over every reviewer (reviews, agreeing with the model, handle
 * times: fatigue). Sums of sign rows, so no FINAL: one pass over review_facts' narrow columns.
 */
export function fetchReviewerHours(ch: ClickHouse, filters: ResolvedFilters) {
  return queryRows(ch, {
    tag: 'workload:reviewer_hours',
    schema: ReviewerHourRow,
    params: { ...filterParams(filters), shift_gap_hours: SHIFT_GAP_HOURS },
    query: `
      SELECT if(grouping(reviewer) = 0, reviewer, NULL) AS reviewer_id,
             if(grouping(into_shift) = 0, into_shift, NULL) AS hour_into_shift,
             sum(reviews) AS reviews, count() AS active_hours, sum(agreeing) AS agreeing,
             toFloat64(sum(handle_sum)) AS handle_sum, sum(handled) AS handled, sum(shift_hours) AS shift_hours
      FROM (
        SELECT reviewer, reviews, agreeing, handle_sum, handled,
               toUInt32(dateDiff('hour', min(hour) OVER (PARTITION BY reviewer, shift), hour)) AS into_shift,
               if(ends_shift, into_shift + 1, 0) AS shift_hours
        FROM (
          SELECT *, sum(starts_shift) OVER (PARTITION BY reviewer ORDER BY hour ROWS UNBOUNDED PRECEDING) AS shift
          FROM (
            SELECT *,
                   dateDiff('hour', lagInFrame(hour, 1, toDateTime(0, 'UTC')) OVER w, hour) > {shift_gap_hours:UInt32} AS starts_shift,
                   dateDiff('hour', hour, leadInFrame(hour, 1, toDateTime(4102444800, 'UTC')) OVER w) > {shift_gap_hours:UInt32} AS ends_shift
            FROM (
              -- sumIf, and the reviewer as text only after grouping: each is ~2× cheaper at 2M reviews.
              SELECT toString(reviewer_id) AS reviewer, hour, reviews, agreeing, handle_sum, handled FROM (
                SELECT reviewer_id, toStartOfHour(ts) AS hour,
                       sum(toInt64(sign)) AS reviews, sumIf(toInt64(sign), label = model_label) AS agreeing,
                       sumIf(toInt64(sign) * duration_ms, duration_ms >= 0) AS handle_sum, sumIf(toInt64(sign), duration_ms >= 0) AS handled
                FROM review_facts
                WHERE ${factsInRange(filters)} AND has_prediction = 1 ${reviewConditions(filters)}
                GROUP BY reviewer_id, hour
                HAVING reviews > 0
              )
            )
            WINDOW w AS (PARTITION BY reviewer ORDER BY hour ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
          )
        )
      )
      GROUP BY GROUPING SETS ((reviewer), (into_shift))`,
  })
}
