// Table: review_facts (each reviewer's latest review of an item with the item's latest prediction
// and gold label, kept current by analytics/facts; counted when in range by the review's own ts),
// and its rollups review_facts_daily, review_units_daily and unit_patterns_daily. Rows: one per
// confusion cell and review day; per reviewer, and per unit label pattern (SPEC 3.1).
import { queryRows, type ClickHouse } from '@/lib/clickhouse'
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import { factsInRange, filterParams, modelCondition, reviewConditions, sliceConditions } from '@/analytics/shared/filters.sql'
import { addPatternRows, addReviewerRows } from './agreement.compute'
import { dailyReviewRows, splitDays, type DaySplit } from '@/analytics/facts/rollups.sql'
import { AgreementAggregateRow, MedianHandleRow, PairCellRow, ReviewerRow, UnitPatternRow } from './agreement.schema'

/**
 * Items whose every counted review lies in the whole days of the range: their per-reviewer counts
 * and unit are read from the rollups (keyed by the span of days of the item's reviews). Only
 * without reviewer or queue filters, which would leave some of an item's reviews out; null when
 * the rollups cannot serve the request.
 */
function rollupItems(filters: ResolvedFilters, split: DaySplit): { onRollup: string; restOnFacts: string[] } | null {
  if (filters.reviewer_id !== undefined || filters.queue !== undefined || split.wholeDays === null) return null
  const [fromDay, toDay] = [`{${split.wholeFrom}:Date}`, `{${split.wholeTo}:Date}`]
  const [fromTs, toTs] = [`toDateTime64(${fromDay}, 3, 'UTC')`, `toDateTime64(${toDay}, 3, 'UTC')`]
  const inWholeDays = `ts >= ${fromTs} AND ts < ${toTs}`
  return {
    onRollup: `first_day >= ${fromDay} AND last_day < ${toDay}`,
    // The other reviews, in three disjoint parts that the sort key or a skip index each narrow
    // down to a few granules (one condition with OR could use neither).
    restOnFacts: [
      `NOT (${inWholeDays})`,
      `${inWholeDays} AND item_first_ts < ${fromTs}`,
      `${inWholeDays} AND item_first_ts >= ${fromTs} AND item_last_ts >= ${toTs}`,
    ],
  }
}

/**
 * The counted reviews (in range by their own ts, reviewer and queue filters applied) of items whose
 * latest prediction passes the model, segment and version filters. FINAL: the current rows, not
 * their sign history.
 * - `whole`: reviews whose item's figures were precomputed over exactly the reviews counted here:
 *   items with one reviewer, and, without reviewer or queue filters, items whose every review is
 *   in range (most of them);
 * - `partial`: the other reviews of items with several reviewers (a range cutting through an
 *   item's reviews, or a reviewer or queue filter), grouped per item below.
 * `only`: read just the reviews meeting one of these (disjoint) conditions, each as its own part.
 */
function countedReviewsSql(filters: ResolvedFilters, part: 'whole' | 'partial', only: readonly string[] = ['1']): string {
  const filtered = filters.reviewer_id !== undefined || filters.queue !== undefined
  const inside = "item_first_ts >= {from:DateTime64(3, 'UTC')} AND item_last_ts < {to:DateTime64(3, 'UTC')}"
  const whole = filtered ? 'item_reviewers = 1' : `(item_reviewers = 1 OR ${inside})`
  return only
    .map(
      (condition) => `
    SELECT item_hash, model_label, label, reviewer_id, duration_ms, has_gold, gold_label,
           has_majority, agrees_with_majority, unit_labels
    FROM review_facts FINAL
    WHERE ${factsInRange(filters)} AND has_prediction = 1 ${reviewConditions(filters)}
      AND ${part === 'whole' ? whole : `NOT ${whole}`} AND ${condition}`,
    )
    .join('\n    UNION ALL')
}

/** The confusion matrix per review day: counted pairs by (day, model label, human label). */
export function fetchPairCells(ch: ClickHouse, filters: ResolvedFilters, now: number) {
  const range = splitDays('range', filters.from, filters.to)
  return queryRows(ch, {
    tag: 'agreement:pairs',
    schema: PairCellRow,
    params: { ...filterParams(filters), ...range.params },
    query: `
      SELECT toString(day) AS day, toString(model_label) AS model_label, toString(label) AS human_label, sum(counted) AS count
      FROM (SELECT day, model_label, label, reviews AS counted FROM (${dailyReviewRows(filters, range)}))
      GROUP BY day, model_label, label
      HAVING count != 0
      ORDER BY day, model_label, human_label`,
  })
}

/**
 * The per-reviewer and inter-reviewer aggregates of SPEC 3.1 in one pass: the counted reviews,
 * grouped per item where that was not precomputed and unnested again, aggregated by GROUPING SETS:
 * - `reviewer`: per reviewer: counted reviews, agreement with the model, with the majority of the
 *   item's other reviewers (a label x held by more than half of them: 2·(n_x − [x = own]) > others;
 *   with a single other reviewer that is their label), with the item's gold label, and the exact
 *   median handle time (type 7, over the reviews that carry a duration);
 * - `pattern`: the sorted label multiset of items with ≥ 2 reviewers and how many items share it
 *   (every inter-reviewer coefficient depends on a unit only through it), counted once per item.
 */
async function fetchReviewerAggregates(ch: ClickHouse, filters: ResolvedFilters, now: number, split: DaySplit, only?: readonly string[]) {
  const rows = await queryRows(ch, {
    tag: 'agreement:aggregates',
    schema: AgreementAggregateRow,
    params: { ...filterParams(filters), ...split.params },
    query: `
      SELECT if(grouping(reviewer_id) = 0, 'reviewer', 'pattern') AS set, toString(reviewer_id) AS reviewer_id, pattern,
             count() AS reviews,
             countIf(human_label = model_label) AS agreeing_with_model,
             countIf(has_majority) AS majority_items,
             countIf(agrees_with_majority) AS agreeing_with_majority,
             countIf(has_gold = 1) AS gold_items,
             countIf(has_gold = 1 AND human_label = gold_label) AS gold_correct,
             quantileExactInclusive(0.5)(duration_ms) AS median_handle_ms,
             countIf(position = 1) AS units
      FROM (
        -- Reviews whose item's unit and majorities are precomputed: no GROUP BY per item. The
        -- review holding the item's unit labels stands for the unit (position 1).
        SELECT model_label, has_gold, gold_label, unit_labels AS pattern, 0 AS n, label AS human_label, reviewer_id,
               nullIf(duration_ms, -1) AS duration_ms, if(empty(unit_labels), 2, 1) AS position, agrees_with_majority, has_majority
        FROM (${countedReviewsSql(filters, 'whole', only)})
        UNION ALL
        -- The pattern set keys one row per item (position 1); the others share the empty pattern.
        SELECT model_label, has_gold, gold_label, if(position = 1, item_pattern, []) AS pattern, n,
               review.1 AS human_label, review.2 AS reviewer_id, nullIf(review.3, -1) AS duration_ms, position,
               -- The majority of the others: with c the label counts among all n reviewers, the others
               -- hold c_x − [x = own]; their most frequent label has t1 − 1 (own = l1) or t1 votes,
               -- unless a label other than l1 holds t2 votes.
               2 * (own_count - 1) > n - 1 AS agrees_with_majority,
               2 * if(human_label = l1, greatest(t1 - 1, t2), t1) > n - 1 AS has_majority
        FROM (
          -- Per item, once (the lambdas only run for the ~20 % of items with ≥ 2 reviewers).
          SELECT model_label, has_gold, gold_label, reviews,
                 arrayMap(r -> toString(r.1), reviews) AS labels, length(labels) AS n,
                 if(n >= 2, arrayMap(l -> countEqual(labels, l), labels), [toUInt64(1)]) AS counts,
                 arrayMax(counts) AS t1, labels[indexOf(counts, t1)] AS l1,
                 if(n >= 2, arrayMax(arrayMap((c, l) -> if(l = l1, 0, c), counts, labels)), 0) AS t2,
                 if(n >= 2, arraySort(labels), []) AS item_pattern
          FROM (
            -- Items with several reviewers, some of whose reviews may be out of range or filtered out.
            -- Keyed by item_hash: two items sharing a 64-bit hash (~3·10^-6 odds among 10M items)
            -- would be taken for one.
            SELECT any(model_label) AS model_label,
                   -- One array of tuples: a single aggregate state per item (four groupArrays cost ~2× as much).
                   groupArray(tuple(label, reviewer_id, duration_ms)) AS reviews,
                   any(has_gold) AS has_gold, any(gold_label) AS gold_label
            FROM (${countedReviewsSql(filters, 'partial', only)})
            GROUP BY item_hash
          )
        )
        ARRAY JOIN reviews AS review, counts AS own_count, arrayEnumerate(reviews) AS position
      )
      GROUP BY GROUPING SETS ((reviewer_id), (pattern))
      ORDER BY set, reviewer_id, pattern`,
  })
  return {
    patterns: rows.filter((r) => r.set === 'pattern' && r.pattern.length >= 2).map(({ pattern, units }): UnitPatternRow => ({ labels: pattern, units })),
    reviewers: rows
      .filter((r) => r.set === 'reviewer')
      .map(({ reviewer_id, reviews, agreeing_with_model, majority_items, agreeing_with_majority, gold_items, gold_correct, median_handle_ms }): ReviewerRow => ({
        reviewer_id,
        reviews,
        agreeing_with_model,
        majority_items,
        agreeing_with_majority,
        gold_items,
        gold_correct,
        median_handle_ms,
      })),
  }
}

/** Per-reviewer counts and unit patterns of the items the rollups serve (see rollupItems). */
async function fetchRollupUnits(ch: ClickHouse, filters: ResolvedFilters, now: number, split: DaySplit, onRollup: string) {
  const conditions = `${onRollup} ${modelCondition(filters)} ${sliceConditions(filters)}`
  const params = { ...filterParams(filters), ...split.params }
  const [reviewers, patterns] = await Promise.all([
    queryRows(ch, {
      tag: 'agreement:rollup_reviewers',
      schema: ReviewerRow,
      params,
      query: `
        SELECT toString(reviewer_id) AS reviewer_id, sum(reviews) AS reviews, sum(agreeing_with_model) AS agreeing_with_model,
               sum(majority_items) AS majority_items, sum(agreeing_with_majority) AS agreeing_with_majority,
               sum(gold_items) AS gold_items, sum(gold_correct) AS gold_correct, NULL AS median_handle_ms
        FROM review_units_daily WHERE ${conditions}
        GROUP BY reviewer_id
        HAVING reviews != 0`,
    }),
    queryRows(ch, {
      tag: 'agreement:rollup_patterns',
      schema: UnitPatternRow,
      params,
      query: `
        SELECT arrayMap(l -> toString(l), unit_labels) AS labels, sum(units) AS units
        FROM unit_patterns_daily WHERE ${conditions}
        GROUP BY unit_labels
        HAVING units != 0`,
    }),
  ])
  return { reviewers, patterns }
}

/** The exact median handle time per reviewer (type 7) over their counted reviews that carry a duration. */
function fetchMedianHandles(ch: ClickHouse, filters: ResolvedFilters, now: number) {
  return queryRows(ch, {
    tag: 'agreement:median_handle',
    schema: MedianHandleRow,
    params: filterParams(filters),
    query: `
      SELECT toString(reviewer_id) AS reviewer_id, quantileExactInclusive(0.5)(duration_ms) AS median_handle_ms
      FROM review_facts FINAL
      WHERE ${factsInRange(filters)} AND has_prediction = 1 AND duration_ms >= 0 ${reviewConditions(filters)}
      GROUP BY reviewer_id`,
  })
}

/**
 * The per-reviewer rows and unit patterns of SPEC 3.1: from the rollups for the items whose every
 * review lies in the range's whole days, from the review facts for the others, added together
 * (the medians then come from one query over every counted review).
 */
export async function fetchReviewerUnits(ch: ClickHouse, filters: ResolvedFilters, now: number) {
  const split = splitDays('range', filters.from, filters.to)
  const served = rollupItems(filters, split)
  if (!served) return fetchReviewerAggregates(ch, filters, now, split)
  const [rest, rollup, medians] = await Promise.all([
    fetchReviewerAggregates(ch, filters, now, split, served.restOnFacts),
    fetchRollupUnits(ch, filters, now, split, served.onRollup),
    fetchMedianHandles(ch, filters, now),
  ])
  return {
    reviewers: addReviewerRows([...rest.reviewers, ...rollup.reviewers], medians),
    patterns: addPatternRows([...rest.patterns, ...rollup.patterns]),
  }
}
