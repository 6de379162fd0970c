// Shared WHERE-clause builders for the telemetry tables. Column names are fixed here; every value
// is a bound parameter.
import { formatTimestamp, MS_PER_DAY } from './time'
import type { ResolvedFilters } from './filters.schema'

/**
 * How far before `from` to look for the prediction of an item reviewed, labeled or still open in
 * the range: reviews and outcomes follow their prediction, usually within days.
 */
export const PREDICTION_LOOKBACK_DAYS = 30

/** Parameters every metric query binds: the window, the lookback start and the dimension filters. */
export function filterParams(filters: ResolvedFilters, now: number): Record<string, unknown> {
  return {
    from: formatTimestamp(filters.from),
    to: formatTimestamp(filters.to),
    lookback_from: formatTimestamp(filters.from - PREDICTION_LOOKBACK_DAYS * MS_PER_DAY),
    // Backlog is measured at the end of the range, or now when the range reaches into the future.
    end: formatTimestamp(Math.min(filters.to, now)),
    model: filters.model ?? '',
    segment: filters.segment ?? '',
    model_version: filters.model_version ?? '',
    reviewer_id: filters.reviewer_id ?? '',
    queue: filters.queue ?? '',
  }
}

/** `AND model = …` when a model is chosen (the sort key's first column). */
export function modelCondition(filters: ResolvedFilters, column = 'model'): string {
  return filters.model !== undefined ? `AND ${column} = {model:String}` : ''
}

/** Segment and version conditions on an item's latest prediction. */
export function sliceConditions(filters: ResolvedFilters, alias = ''): string {
  const prefix = alias ? `${alias}.` : ''
  return [
    filters.segment !== undefined ? `AND ${prefix}segment = {segment:String}` : '',
    filters.model_version !== undefined ? `AND ${prefix}model_version = {model_version:String}` : '',
  ].join(' ')
}

/** Reviewer and queue conditions on reviews. */
export function reviewConditions(filters: ResolvedFilters): string {
  return [
    filters.reviewer_id !== undefined ? 'AND reviewer_id = {reviewer_id:String}' : '',
    filters.queue !== undefined ? 'AND queue = {queue:String}' : '',
  ].join(' ')
}

/**
 * The latest prediction of each (model, item_id) among predictions in [lookback_from, to)
 * (SPEC §2: the latest by ts is the item's prediction; event_id breaks exact ties).
 */
export function latestPredictionsCte(filters: ResolvedFilters): string {
  return `latest_predictions AS (
    SELECT model, item_id, p.1 AS ts, p.2 AS segment, p.3 AS model_version, p.4 AS route,
           p.5 AS predicted_label, p.6 AS confidence, p.7 AS propensity
    FROM (
      SELECT model, item_id,
             argMax(tuple(ts, segment, model_version, route, predicted_label, confidence, propensity), tuple(ts, event_id)) AS p
      FROM predictions
      WHERE ts >= {lookback_from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')} ${modelCondition(filters)}
      GROUP BY model, item_id
    )
    WHERE 1 ${sliceConditions(filters)}
  )`
}
