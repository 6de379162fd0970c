// Tables: outcomes, reviews (every event of the items concerned, at any ts; or copies of some
// items' events, LabelOptions.tables). Rows: one per labeled
// item (model, item_id), keyed by ITEM_KEY: its reference label and whether it weighs 1 (SPEC §3).
//
// The one definition of ground truth, applied when the facts are refreshed (analytics/facts), which
// every family reads (overview `labeled`, calibration, reviewer gold accuracy, thresholds):
// - Reference label: the true_label of the item's latest outcome (by RECENCY); otherwise the
//   majority label of its reviews, one vote per reviewer (their latest review), ties going to the
//   label whose earliest vote is earliest, then to the smaller label in code-point order (String
//   order in ClickHouse): exactly `referenceLabelFromReviews` in agreement.reference.ts.
// - Time: every outcome and review of the item, whenever it came (SPEC §2: the latest overall).
//   Labels follow their prediction, often by days or weeks (a gold outcome, a chargeback), and a
//   past window's calibration improves as they arrive. The reviewer and queue filters do not
//   apply: they select the reviews counted in agreement, not the truth about an item.
// - Weight: 1/propensity of the item's latest prediction; 1 when the label comes from an outcome
//   of source gold or downstream (those reach every item, not only the sampled ones).
// - Propensity 0 on an item labeled otherwise (an auto prediction logged with the default audit
//   rate 0 that was reviewed anyway) would weigh 1/0 = ∞: the design says such an item cannot be
//   in the sample, so no finite weight is right. Such items are left out of every weighted figure
//   (they count as unlabeled there) and counted in `zero_propensity`, which the families report as
//   a warning. They still have a reference label (overview `labeled`, reviewer gold accuracy).
import { ITEM_HASH, ITEM_KEY, latestRows, RECENCY } from './filters.sql'

/** Outcome sources whose labels reach every item and so weigh 1, not 1/propensity (SPEC §3). */
export const UNIT_WEIGHT_SOURCES = ['gold', 'downstream'] as const

export interface LabelOptions {
  /** A subquery yielding ITEM_HASHes: only those items are labeled (a filter before the GROUP BYs; may keep a few more). */
  itemHashesIn?: string
  /** Or a condition (`AND …`) on the label events, e.g. a slice of items by item_hash. */
  condition?: string
  /** Where the label events are read (default the event tables; a refresh may read copies of some items' events). */
  tables?: { outcomes: string; reviews: string }
  /** `group` when the tables hold few rows (latestRows). */
  mode?: 'split' | 'group'
}

/** The tables the label events are read from. */
function labelTables(options: LabelOptions): { outcomes: string; reviews: string } {
  return options.tables ?? { outcomes: 'outcomes', reviews: 'reviews' }
}

function labelConditions(options: LabelOptions): string {
  return `${options.itemHashesIn ? `${ITEM_HASH} IN (${options.itemHashesIn})` : '1'} ${options.condition ?? ''}`
}

/**
 * CTEs ending in `reference_labels(item_key, reference_label, unit_weight, has_label)`: one row
 * per item with an outcome or a review, has_label = 1 (so that a LEFT JOIN leaves 0 for the
 * others). Intermediate CTEs: outcome_labels, review_labels.
 */
export function referenceLabelsCte(options: LabelOptions = {}): string {
  const where = labelConditions(options)
  const tables = labelTables(options)
  const outcomes = latestRows(tables.outcomes, where, ITEM_HASH, [
    { name: 'item_key', expr: ITEM_KEY, take: 'key' },
    { name: 'label', expr: 'true_label', take: 'latest' },
    { name: 'source', expr: 'source', take: 'latest' },
  ], options.mode)
  // One vote per reviewer: their latest review, voted at its ts.
  const votes = latestRows(tables.reviews, where, 'cityHash64(model, item_id, reviewer_id)', [
    { name: 'item_key', expr: ITEM_KEY, take: 'key' },
    { name: 'reviewer_id', expr: 'reviewer_id', take: 'key' },
    { name: 'label', expr: 'label', take: 'latest' },
    { name: 'voted_at', expr: 'ts', take: 'max' },
  ], options.mode)
  return `outcome_labels AS (${outcomes}
  ),
  review_labels AS (
    -- Most votes; then the earliest vote; then the smaller label. Most items have a single vote,
    -- and if() evaluates its else branch (short-circuit) only for the others.
    SELECT item_key,
           if(length(labels) = 1, labels[1],
              arraySort(l -> tuple(-countEqual(labels, l), arrayMin(arrayFilter((t, x) -> x = l, voted, labels)), l), arrayDistinct(labels))[1]) AS label
    FROM (SELECT item_key, groupArray(toString(label)) AS labels, groupArray(voted_at) AS voted FROM (${votes}) GROUP BY item_key)
  ),
  reference_labels AS (
    -- An outcome beats the reviews. (FULL JOIN fills the missing side with defaults: has_outcome 0.)
    SELECT item_key,
           if(o.has_outcome = 1, o.label, r.label) AS reference_label,
           o.has_outcome = 1 AND o.source IN (${UNIT_WEIGHT_SOURCES.map((s) => `'${s}'`).join(', ')}) AS unit_weight,
           toUInt8(1) AS has_label
    FROM review_labels AS r
    FULL OUTER JOIN (SELECT item_key, toString(label) AS label, source, toUInt8(1) AS has_outcome FROM outcome_labels) AS o USING (item_key)
  )`
}

/**
 * Label columns of a prediction row (columns `propensity`, `predicted_label`) LEFT JOINed to
 * `reference_labels` (so has_label is 0 and reference_label '' for unlabeled items):
 * - labeled: has a reference label and a finite weight;
 * - weight: 1 (gold/downstream outcome) or 1/propensity when labeled, else 0;
 * - correct: labeled and predicted_label = reference_label (0/1);
 * - zero_propensity: has a label but propensity 0 and no unit-weight source (left out, reported).
 */
export const LABEL_COLUMNS = `
  has_label = 1 AND (unit_weight OR propensity > 0) AS labeled,
  if(labeled, if(unit_weight, 1.0, 1.0 / propensity), 0.0) AS weight,
  labeled AND predicted_label = reference_label AS correct,
  has_label = 1 AND NOT unit_weight AND propensity <= 0 AS zero_propensity`

/** Gold outcome rows `(item_key, gold_label, recency)`; the latest by recency is an item's gold label. */
export function goldOutcomeRows(options: LabelOptions = {}): string {
  return `SELECT ${ITEM_KEY} AS item_key, true_label AS gold_label, ${RECENCY} AS recency
    FROM ${labelTables(options).outcomes} WHERE ${labelConditions(options)} AND source = 'gold'`
}

/** `gold_labels(item_key, gold_label)`: the true_label of each item's latest gold outcome. */
export function goldLabelsCte(options: LabelOptions = {}): string {
  return `gold_labels AS (
    SELECT item_key, argMax(gold_label, recency) AS gold_label FROM (${goldOutcomeRows(options)}) GROUP BY item_key
  )`
}
