// Tables: predictions, reviews, outcomes (bulk INSERT ... SELECT FROM numbers()). Rows: synthetic
// events for the metrics benchmark (SPEC §5: 30 days, 10M predictions, 2M reviews).
//
// Every column is a pure function of the row number through cityHash64(number, salt), so the same
// (N, M, end) always yields the same tables, and the rows are generated inside ClickHouse (no
// round trip through JavaScript): 10M predictions take seconds, not minutes.
import type { ClickHouseSettings } from '@clickhouse/client'
import { runCommand, type ClickHouse } from '@/lib/clickhouse'
import { formatTimestamp, MS_PER_DAY } from '@/analytics/shared/time'
import { rebuildFacts } from '@/analytics/facts/facts'

export interface MetricsDataOptions {
  predictions: number
  reviews: number
  /** Exclusive end of the data (epoch ms); the data spans `days` days before it. */
  end?: number
  days?: number
  /** Model names; items are spread evenly over them. */
  models?: readonly string[]
}

/** The fixed end of the benchmark data, so that runs are comparable. */
export const BENCH_DATA_END = Date.UTC(2026, 10, 1)
export const BENCH_DATA_DAYS = 30
export const BENCH_MODELS = ['fraud', 'kyc', 'moderation'] as const

/** Share of predictions that re-score an earlier item (so "the latest prediction" matters). */
const RESCORE_SHARE = 0.05
/** Share of reviews that are an item's first review; the rest add second and third reviewers. */
const FIRST_REVIEW_SHARE = 0.8
/** Every ESCALATION_MODULUS-th item goes to review (20 %); 1 in AUDIT_MODULUS of the others is audited. */
const ESCALATION_MODULUS = 5
const AUDIT_MODULUS = 20
/** The audit rate in force: the propensity of audit and auto items. */
const AUDIT_PROPENSITY = 0.05
/** Outcomes other than the audit outcomes: 1 per OUTCOME_EVERY predictions (downstream, gold, adjudication). */
const OUTCOME_EVERY = 100
const REVIEWERS = 300
/** Rows per INSERT ... SELECT. */
const CHUNK_ROWS = 1_000_000
const LABELS = ['approve', 'reject', 'hold', 'fraud'] as const

// Fixed SQL fragments over the bound parameters {n_base}, {n_review_items}, {start}, {span_ms}.
const HASH_UNIT = (expr: string, salt: number) => `(cityHash64(${expr}, ${salt}) % 1000000) / 1000000.0`
const ITEM_TS = (u: string) => `{start:DateTime64(3, 'UTC')} + toIntervalMillisecond(cityHash64(${u}, 1) % {span_ms:UInt64})`
const TRUE_LABEL = (u: string) => `cityHash64(${u}, 5) % 4`
const LABEL_OF = (index: string) => `arrayElement({labels:Array(String)}, toUInt32(${index}) + 1)`
const MODEL_OF = (u: string) => `arrayElement({models:Array(String)}, toUInt32(${u} % length({models:Array(String)})) + 1)`
const IS_REVIEW = (u: string) => `(${u} % ${ESCALATION_MODULUS} = 0)`
const IS_AUDIT = (u: string) => `(${u} % ${ESCALATION_MODULUS} = 1 AND cityHash64(${u}, 3) % ${AUDIT_MODULUS} = 0)`
const END_CAP = "{end:DateTime64(3, 'UTC')} - toIntervalMillisecond(1)"

const PREDICTIONS_SQL = `
  INSERT INTO predictions (event_id, ts, model, model_version, segment, item_id, predicted_label, confidence, route, propensity)
  SELECT concat('p', toString(number)) AS event_id,
         if(number < {n_base:UInt64}, ${ITEM_TS('u')}, least(${ITEM_TS('u')} + toIntervalMillisecond(1 + cityHash64(number, 12) % 3600000), ${END_CAP})) AS ts,
         ${MODEL_OF('u')} AS model,
         if(cityHash64(u, 8) % 3 = 0, 'v1', 'v2') AS model_version,
         arrayElement(['eu', 'us', 'apac'], toUInt32(cityHash64(u, 7) % 3) + 1) AS segment,
         concat('item-', toString(u)) AS item_id,
         ${LABEL_OF(`if(${HASH_UNIT('number', 6)} < confidence, ${TRUE_LABEL('u')}, (${TRUE_LABEL('u')} + 1 + cityHash64(number, 9) % 3) % 4)`)} AS predicted_label,
         if(${IS_REVIEW('u')}, 0.3 + 0.5 * ${HASH_UNIT('number', 4)}, 0.8 + 0.2 * ${HASH_UNIT('number', 4)}) AS confidence,
         if(${IS_REVIEW('u')}, 'review', if(${IS_AUDIT('u')}, 'audit', 'auto')) AS route,
         if(${IS_REVIEW('u')}, 1.0, ${AUDIT_PROPENSITY}) AS propensity
  FROM (SELECT number, if(number < {n_base:UInt64}, number, cityHash64(number, 11) % {n_base:UInt64}) AS u FROM numbers({offset:UInt64}, {count:UInt64}))`

const REVIEWS_SQL = `
  INSERT INTO reviews (event_id, ts, model, item_id, reviewer_id, label, started_at, duration_ms, queue)
  SELECT concat('r', toString(number)) AS event_id,
         least(${ITEM_TS('u')} + toIntervalMillisecond(60000 + cityHash64(number, 23) % 28800000), ${END_CAP}) AS ts,
         ${MODEL_OF('u')} AS model,
         concat('item-', toString(u)) AS item_id,
         concat('rev-', toString(cityHash64(number, 22) % ${REVIEWERS})) AS reviewer_id,
         ${LABEL_OF(`if(${HASH_UNIT('number', 25)} < 0.9, ${TRUE_LABEL('u')}, (${TRUE_LABEL('u')} + 1 + cityHash64(number, 26) % 3) % 4)`)} AS label,
         ts - toIntervalMillisecond(duration) AS started_at,
         5000 + cityHash64(number, 24) % 300000 AS duration,
         if(cityHash64(number, 27) % 2 = 0, 'default', 'priority') AS queue
  FROM (
    SELECT number,
           ${ESCALATION_MODULUS} * if(number < {first_reviews:UInt64}, number % {n_review_items:UInt64},
                cityHash64(number, 21) % least({n_review_items:UInt64}, {first_reviews:UInt64})) AS u
    FROM numbers({offset:UInt64}, {count:UInt64})
  )`

const AUDIT_OUTCOMES_SQL = `
  INSERT INTO outcomes (event_id, ts, model, item_id, true_label, source)
  SELECT concat('oa', toString(number)), ${ITEM_TS('number')} + toIntervalDay(2), ${MODEL_OF('number')},
         concat('item-', toString(number)), ${LABEL_OF(TRUE_LABEL('number'))}, 'audit'
  FROM numbers({n_base:UInt64}) WHERE ${IS_AUDIT('number')}`

const OTHER_OUTCOMES_SQL = `
  INSERT INTO outcomes (event_id, ts, model, item_id, true_label, source)
  SELECT concat('o', toString(number)), ${ITEM_TS('u')} + toIntervalDay(1 + cityHash64(number, 32) % 10), ${MODEL_OF('u')},
         concat('item-', toString(u)), ${LABEL_OF(TRUE_LABEL('u'))},
         arrayElement(['downstream', 'gold', 'adjudication'], toUInt32(cityHash64(number, 33) % 3) + 1)
  FROM (SELECT number, cityHash64(number, 31) % {n_base:UInt64} AS u FROM numbers({o:UInt64}))`

/**
 * Inserts N predictions, M reviews and about N/100 + N/100 outcomes spread over `days` days before
 * `end`, into empty tables (the caller provides a fresh data dir). 95 % of predictions score a new
 * item and 5 % re-score an earlier one; every 5th item is escalated to review (confidence in
 * [0.3, 0.8)), 1 in 100 is audited (propensity 0.05, labeled by an `audit` outcome); the rest are
 * auto-accepted. 80 % of reviews are first reviews, 20 % second or third reviewers of an item.
 */
export async function insertMetricsData(ch: ClickHouse, options: MetricsDataOptions): Promise<{ predictions: number; reviews: number }> {
  const end = options.end ?? BENCH_DATA_END
  const days = options.days ?? BENCH_DATA_DAYS
  const nBase = Math.max(1, Math.floor(options.predictions * (1 - RESCORE_SHARE)))
  const firstReviews = Math.floor(options.reviews * FIRST_REVIEW_SHARE)
  const params = {
    n: options.predictions,
    n_base: nBase,
    m: options.reviews,
    n_review_items: Math.max(1, Math.ceil(nBase / ESCALATION_MODULUS)),
    first_reviews: Math.max(1, firstReviews),
    o: Math.floor(options.predictions / OUTCOME_EVERY),
    start: formatTimestamp(end - days * MS_PER_DAY),
    end: formatTimestamp(end),
    span_ms: days * MS_PER_DAY,
    models: [...(options.models ?? BENCH_MODELS)],
    labels: [...LABELS],
  }
  // Chunks of CHUNK_ROWS rows: each INSERT stays well inside the per-query time limit and memory.
  const settings: ClickHouseSettings = { max_insert_threads: '2', max_execution_time: 0 }
  for (let offset = 0; offset < options.predictions; offset += CHUNK_ROWS) {
    const count = Math.min(CHUNK_ROWS, options.predictions - offset)
    await runCommand(ch, PREDICTIONS_SQL, 'bench:insert_predictions', { ...params, offset, count }, settings)
  }
  for (let offset = 0; offset < options.reviews; offset += CHUNK_ROWS) {
    const count = Math.min(CHUNK_ROWS, options.reviews - offset)
    await runCommand(ch, REVIEWS_SQL, 'bench:insert_reviews', { ...params, offset, count }, settings)
  }
  await runCommand(ch, AUDIT_OUTCOMES_SQL, 'bench:insert_audit_outcomes', params, settings)
  await runCommand(ch, OTHER_OUTCOMES_SQL, 'bench:insert_outcomes', params, settings)
  // One part per partition, as a long-running store would have after background merges.
  for (const table of ['predictions', 'reviews', 'outcomes'] as const) {
    await runCommand(ch, `OPTIMIZE TABLE ${table} FINAL`, `bench:optimize_${table}`, undefined, settings)
  }
  // The facts the services read, built from the events in one pass as `oversight seed` does.
  await rebuildFacts(ch)
  return { predictions: options.predictions, reviews: options.reviews }
}
