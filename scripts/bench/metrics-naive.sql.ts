// Tables: predictions, reviews, outcomes, read raw. Rows: one per query, the headline figure of a
// metric family computed the textbook way (GROUP BY (model, item_id) with argMax over tuples over
// every event, JOINs on (model, item_id)), for the benchmark's "same figure computed by scanning the
// raw tables" (SPEC §5). Same definitions and tie rule (ts, then cityHash64(event_id)) as the facts.
import { z } from 'zod'
import { queryRows, type ClickHouse } from '@/lib/clickhouse'
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import { filterParams, modelCondition } from '@/analytics/shared/filters.sql'

const FROM = "{from:DateTime64(3, 'UTC')}"
const TO = "{to:DateTime64(3, 'UTC')}"
/** The naive calibration uses SPEC's default 10 equal-width bins. */
const NAIVE_BINS = 10

const FigureRow = z.object({ value: z.number().nullable(), n: z.number() })
/** The textbook queries take tens of seconds at 10M rows: a budget above the API's. */
const NAIVE_SETTINGS = { max_execution_time: 600 }

/** Overview: predictions in range (the latest per item), n = escalated ones. */
export function fetchNaivePredictions(ch: ClickHouse, filters: ResolvedFilters, now: number) {
  return queryRows(ch, {
    tag: 'bench:naive_predictions',
    schema: FigureRow,
    settings: NAIVE_SETTINGS,
    params: filterParams(filters),
    query: `
      SELECT toFloat64(count()) AS value, countIf(p.2 != 'auto') AS n
      FROM (
        SELECT model, item_id, argMax(tuple(ts, route), tuple(ts, cityHash64(event_id))) AS p
        FROM predictions WHERE 1 ${modelCondition(filters)}
        GROUP BY model, item_id
      )
      WHERE p.1 >= ${FROM} AND p.1 < ${TO}`,
  })
}

/** Agreement: agreement_rate over the counted reviews, n = reviewed. */
export function fetchNaiveAgreementRate(ch: ClickHouse, filters: ResolvedFilters, now: number) {
  return queryRows(ch, {
    tag: 'bench:naive_agreement',
    schema: FigureRow,
    settings: NAIVE_SETTINGS,
    params: filterParams(filters),
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

/** Calibration: ECE over 10 equal-width bins with the reference labels and weights, n = labeled. */
export function fetchNaiveEce(ch: ClickHouse, filters: ResolvedFilters, now: number) {
  return queryRows(ch, {
    tag: 'bench:naive_ece',
    schema: FigureRow,
    settings: NAIVE_SETTINGS,
    params: { ...filterParams(filters), bins: NAIVE_BINS },
    query: `
      WITH
      p AS (
        SELECT model, item_id, argMax(tuple(predicted_label, confidence, propensity, ts), tuple(ts, cityHash64(event_id))) AS t
        FROM predictions WHERE 1 ${modelCondition(filters)}
        GROUP BY model, item_id
        HAVING t.4 >= ${FROM} AND t.4 < ${TO}
      ),
      o AS (
        SELECT model, item_id, argMax(tuple(true_label, source), tuple(ts, cityHash64(event_id))) AS t
        FROM outcomes WHERE 1 ${modelCondition(filters)}
        GROUP BY model, item_id
      ),
      v AS (
        SELECT model, item_id, reviewer_id, argMax(label, tuple(ts, cityHash64(event_id))) AS label, max(ts) AS voted_at
        FROM reviews WHERE 1 ${modelCondition(filters)}
        GROUP BY model, item_id, reviewer_id
      ),
      m AS (
        SELECT model, item_id, argMin(label, tuple(-votes, earliest, label)) AS label
        FROM (SELECT model, item_id, label, toInt64(count()) AS votes, min(voted_at) AS earliest FROM v GROUP BY model, item_id, label)
        GROUP BY model, item_id
      ),
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
