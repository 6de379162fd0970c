// Table: review_facts (each reviewer's latest review of an item with the item's latest prediction
// and gold label, kept current by analytics/facts; counted when in range by the review's own ts).
// Rows: one per confusion cell and review day, per reviewer, and per unit label pattern (GROUPING
// SETS, SPEC 3.1).
import { queryRows, type ClickHouse } from '@/lib/clickhouse'
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import { factsInRange, filterParams, reviewConditions } from '@/analytics/shared/filters.sql'
import { AgreementAggregateRow, type PairCellRow, type ReviewerRow, type UnitPatternRow } from './agreement.schema'

/**
 * The counted reviews (in range by their own ts, reviewer and queue filters applied) of items whose
 * latest prediction passes the model, segment and version filters. FINAL: the current rows, not
 * their sign history.
 */
function countedReviewsSql(filters: ResolvedFilters, reviewers: 'single' | 'several'): string {
  return `
    SELECT item_hash, model_label, label, reviewer_id, toDate(ts) AS day, duration_ms, has_gold, gold_label
    FROM review_facts FINAL
    WHERE ${factsInRange(filters)} AND has_prediction = 1 ${reviewConditions(filters)}
      AND item_reviewers ${reviewers === 'single' ? '= 1' : '> 1'}`
}

/**
 * Every SPEC 3.1 aggregate in one pass: the counted reviews, grouped per item where an item has
 * several reviewers and unnested again, aggregated by GROUPING SETS:
 * - `pair`: (review day, model label, human label): the confusion matrix per day;
 * - `reviewer`: per reviewer: counted reviews, agreement with the model, with the majority of the
 *   item's other reviewers (a label x held by more than half of them: 2·(n_x − [x = own]) > others;
 *   with a single other reviewer that is their label), with the item's gold label, and the exact
 *   median handle time (type 7, over the reviews that carry a duration);
 * - `pattern`: the sorted label multiset of items with ≥ 2 reviewers and how many items share it
 *   (every inter-reviewer coefficient depends on a unit only through it), counted once per item.
 */
export async function fetchAgreementAggregates(ch: ClickHouse, filters: ResolvedFilters, now: number) {
  const rows = await queryRows(ch, {
    tag: 'agreement:aggregates',
    schema: AgreementAggregateRow,
    params: filterParams(filters, now),
    query: `
      SELECT multiIf(grouping(day) = 0, 'pair', grouping(reviewer_id) = 0, 'reviewer', 'pattern') AS set,
             toString(day) AS day, toString(model_label) AS model_label, toString(human_label) AS human_label,
             toString(reviewer_id) AS reviewer_id, pattern,
             count() AS reviews,
             countIf(human_label = model_label) AS agreeing_with_model,
             countIf(has_majority) AS majority_items,
             countIf(agrees_with_majority) AS agreeing_with_majority,
             countIf(has_gold = 1) AS gold_items,
             countIf(has_gold = 1 AND human_label = gold_label) AS gold_correct,
             quantileExactInclusive(0.5)(duration_ms) AS median_handle_ms,
             countIf(position = 1) AS units
      FROM (
        -- Items with a single reviewer overall (most of them) have no unit and no majority of others:
        -- their reviews skip the GROUP BY per item.
        SELECT model_label, has_gold, gold_label, [] AS pattern, 1 AS n, label AS human_label, reviewer_id, day,
               nullIf(duration_ms, -1) AS duration_ms, 1 AS position, 0 AS agrees_with_majority, 0 AS has_majority
        FROM (${countedReviewsSql(filters, 'single')})
        UNION ALL
        -- The pattern set keys one row per item (position 1); the others share the empty pattern.
        SELECT model_label, has_gold, gold_label, if(position = 1, item_pattern, []) AS pattern, n,
               review.1 AS human_label, review.2 AS reviewer_id, review.3 AS day, nullIf(review.4, -1) AS duration_ms, position,
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
                   groupArray(tuple(label, reviewer_id, day, duration_ms)) AS reviews,
                   any(has_gold) AS has_gold, any(gold_label) AS gold_label
            FROM (${countedReviewsSql(filters, 'several')})
            GROUP BY item_hash
          )
        )
        ARRAY JOIN reviews AS review, counts AS own_count, arrayEnumerate(reviews) AS position
      )
      GROUP BY GROUPING SETS ((day, model_label, human_label), (reviewer_id), (pattern))
      ORDER BY set, day, model_label, human_label, reviewer_id, pattern`,
  })
  return {
    pairs: rows.filter((r) => r.set === 'pair').map(({ day, model_label, human_label, reviews }): PairCellRow => ({ day, model_label, human_label, count: reviews })),
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
