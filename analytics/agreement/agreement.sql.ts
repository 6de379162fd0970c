// Table: review_facts (each reviewer's latest review of an item with the item's latest prediction
// and gold label, kept current by analytics/facts; counted when in range by the review's own ts),
// its rollups review_facts_daily, review_units_daily and unit_patterns_daily, and review_durations
// (their handle times, each day's sorted by reviewer). Rows: one per confusion cell and review
// day; per reviewer, and per unit label pattern (SPEC 3.1); under a reviewer filter, the
// reviewer's row and the patterns of the units they took part in.
import { z } from 'zod'
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
function rollupItems(filters: ResolvedFilters, split: DaySplit): { onRollup: string; restOnFacts: string } | null {
  if (filters.reviewer_id !== undefined || filters.queue !== undefined || split.wholeDays === null) return null
  const [fromDay, toDay] = [`{${split.wholeFrom}:Date}`, `{${split.wholeTo}:Date}`]
  return {
    onRollup: `first_day >= ${fromDay} AND last_day < ${toDay}`,
    // The other reviews: a review lies within its item's span, so one outside the whole days
    // belongs to an item that reaches outside them too. One condition, which the two-column
    // minmax index on the span (migration 0010) narrows down to the granules near the edges.
    restOnFacts: `(item_first_ts < toDateTime64(${fromDay}, 3, 'UTC') OR item_last_ts >= toDateTime64(${toDay}, 3, 'UTC'))`,
  }
}

/** A condition on review_facts rows narrowing what a query reads, with the parameters it binds. */
interface ReviewSubset {
  condition: string
  params: Record<string, unknown>
}

const EVERY_REVIEW: ReviewSubset = { condition: '1', params: {} }

/**
 * The counted reviews (in range by their own ts, the queue filter applied) of items whose latest
 * prediction passes the model, segment and version filters, as sign rows: sums weighted by `sign`
 * count the current facts, without FINAL (which merges on read wherever a refresh's new parts
 * overlap the sort key, and that is most of review_facts). Never under a reviewer filter: that
 * one picks the items (`only`, see fetchOneReviewerUnits), each read with all of its reviewers.
 * - `whole`: reviews whose item's figures were precomputed over exactly the reviews counted here:
 *   items with one reviewer, and items whose every review is in range (most of them), under a
 *   queue filter those whose reviews share one queue;
 * - `partial`: the other reviews of items with several reviewers (a range cutting through an
 *   item's reviews, or a queue filter), grouped per item below;
 * - `all`: both.
 * `only`: read just the reviews meeting this condition.
 */
function countedReviewsSql(filters: Omit<ResolvedFilters, 'reviewer_id'>, part: 'whole' | 'partial' | 'all', only: ReviewSubset): string {
  const inside = "item_first_ts >= {from:DateTime64(3, 'UTC')} AND item_last_ts < {to:DateTime64(3, 'UTC')}"
  // A queue filter counts all or none of the reviews of an item whose reviews share one queue.
  const whole = filters.queue !== undefined ? `(item_reviewers = 1 OR (item_queues = 1 AND ${inside}))` : `(item_reviewers = 1 OR ${inside})`
  return `
    SELECT item_hash, model_label, label, reviewer_id, has_gold, gold_label,
           has_majority, agrees_with_majority, unit_labels, sign
    FROM review_facts
    WHERE ${factsInRange(filters)} AND has_prediction = 1 ${reviewConditions(filters)}
      AND ${part === 'all' ? '1' : part === 'whole' ? whole : `NOT ${whole}`} AND ${only.condition}`
}

/** The confusion matrix per review day: counted pairs by (day, model label, human label). */
export function fetchPairCells(ch: ClickHouse, filters: ResolvedFilters) {
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

/** Per-reviewer counts and unit patterns from one source, to be added to the others'. */
interface ReviewerUnits {
  reviewers: ReviewerRow[]
  patterns: UnitPatternRow[]
}

const NO_UNITS: ReviewerUnits = { reviewers: [], patterns: [] }

/**
 * The aggregates of SPEC 3.1 over a set of reviews with their `sign` (each a review fact's sign
 * row, or 1), by GROUPING SETS; the GROUP BY and a `HAVING reviews != 0` (keys left without a
 * current review) follow it.
 */
const AGGREGATES_SQL = `
      SELECT if(grouping(reviewer_id) = 0, 'reviewer', 'pattern') AS set, toString(reviewer_id) AS reviewer_id, pattern,
             sum(sign) AS reviews,
             sumIf(sign, human_label = model_label) AS agreeing_with_model,
             sumIf(sign, has_majority) AS majority_items,
             sumIf(sign, agrees_with_majority) AS agreeing_with_majority,
             sumIf(sign, has_gold = 1) AS gold_items,
             sumIf(sign, has_gold = 1 AND human_label = gold_label) AS gold_correct,
             NULL AS median_handle_ms,
             sumIf(sign, position = 1) AS units`

const GROUP_AGGREGATES_SQL = `
      GROUP BY GROUPING SETS ((reviewer_id), (pattern))
      HAVING reviews != 0
      ORDER BY set, reviewer_id, pattern`

function toReviewerUnits(rows: readonly AgreementAggregateRow[]): ReviewerUnits {
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

/**
 * Per reviewer (counted reviews, agreement with the model, with the majority of the item's other
 * reviewers, with the item's gold label) and per unit pattern (the sorted label multiset of items
 * with ≥ 2 reviewers: every inter-reviewer coefficient depends on a unit only through it), over
 * the `whole` reviews: their item's unit and majorities are precomputed on the facts, so no GROUP
 * BY per item; the review holding the item's unit labels stands for the unit (position 1).
 */
async function fetchWholeReviewUnits(ch: ClickHouse, filters: ResolvedFilters, split: DaySplit, only: ReviewSubset): Promise<ReviewerUnits> {
  const rows = await queryRows(ch, {
    tag: 'agreement:whole_reviews',
    schema: AgreementAggregateRow,
    params: { ...filterParams(filters), ...split.params, ...only.params },
    query: `${AGGREGATES_SQL}
      FROM (
        SELECT model_label, has_gold, gold_label, unit_labels AS pattern, label AS human_label, reviewer_id,
               if(empty(unit_labels), 2, 1) AS position, agrees_with_majority, has_majority, sign
        FROM (${countedReviewsSql(filters, 'whole', only)})
      )${GROUP_AGGREGATES_SQL}`,
  })
  return toReviewerUnits(rows)
}

const AnyRow = z.object({ found: z.number() })

/**
 * The aggregates of SPEC 3.1 over `reviews` (countedReviewsSql), grouped per item first: each
 * item's majorities and unit from the reviews counted here, not the ones precomputed on the facts.
 */
function groupedAggregatesSql(reviews: string): string {
  return `${AGGREGATES_SQL}
      FROM (
        -- The pattern set keys one row per item (position 1); the others share the empty pattern.
        SELECT model_label, has_gold, gold_label, if(position = 1, item_pattern, []) AS pattern,
               review.1 AS human_label, review.2 AS reviewer_id, position, 1 AS sign,
               -- The majority of the others: with c the label counts among all n reviewers, the others
               -- hold c_x − [x = own]; their most frequent label has t1 − 1 (own = l1) or t1 votes,
               -- unless a label other than l1 holds t2 votes.
               2 * (own_count - 1) > n - 1 AS agrees_with_majority,
               2 * if(human_label = l1, greatest(t1 - 1, t2), t1) > n - 1 AS has_majority
        FROM (
          -- Per item, once (the lambdas only run for the items with ≥ 2 counted reviews).
          SELECT model_label, has_gold, gold_label, reviews,
                 arrayMap(r -> toString(r.1), reviews) AS labels, length(labels) AS n,
                 if(n >= 2, arrayMap(l -> countEqual(labels, l), labels), [toUInt64(1)]) AS counts,
                 arrayMax(counts) AS t1, labels[indexOf(counts, t1)] AS l1,
                 if(n >= 2, arrayMax(arrayMap((c, l) -> if(l = l1, 0, c), counts, labels)), 0) AS t2,
                 if(n >= 2, arraySort(labels), []) AS item_pattern
          FROM (
            -- Keyed by item_hash: two items sharing a 64-bit hash (~3·10^-6 odds among 10M items)
            -- would be taken for one.
            SELECT any(model_label) AS model_label,
                   -- One array of tuples: a single aggregate state per item (two groupArrays cost ~2× as much).
                   groupArray(tuple(label, reviewer_id)) AS reviews,
                   any(has_gold) AS has_gold, any(gold_label) AS gold_label
            FROM (
              -- The current facts: the rows whose signs add up to one.
              SELECT item_hash, model_label, label, reviewer_id, has_gold, gold_label
              FROM (${reviews})
              GROUP BY item_hash, model_label, label, reviewer_id, has_gold, gold_label
              HAVING sum(sign) > 0
            )
            GROUP BY item_hash
          )
        )
        ARRAY JOIN reviews AS review, counts AS own_count, arrayEnumerate(reviews) AS position
      )${GROUP_AGGREGATES_SQL}`
}

/**
 * The same aggregates over the `partial` reviews, grouped per item first (their majorities and
 * unit depend on which of the item's reviews are counted). Most requests have none (ranges of
 * whole days cut through few items): a probe of a few ms finds out, since this query alone takes
 * ~15 ms to plan.
 */
async function fetchPartialReviewUnits(ch: ClickHouse, filters: ResolvedFilters, split: DaySplit, only: ReviewSubset): Promise<ReviewerUnits> {
  const params = { ...filterParams(filters), ...split.params, ...only.params }
  const [probe] = await queryRows(ch, {
    tag: 'agreement:partial_probe',
    schema: AnyRow,
    params,
    // Any sign row will do: a retracted one only costs the query below, which finds nothing.
    query: `SELECT count() > 0 AS found FROM (SELECT 1 FROM (${countedReviewsSql(filters, 'partial', only)}) LIMIT 1)`,
  })
  if (!probe?.found) return NO_UNITS
  const rows = await queryRows(ch, {
    tag: 'agreement:partial_reviews',
    schema: AgreementAggregateRow,
    params,
    query: groupedAggregatesSql(countedReviewsSql(filters, 'partial', only)),
  })
  return toReviewerUnits(rows)
}

/** Per-reviewer counts and unit patterns of the items the rollups serve (see rollupItems). */
async function fetchRollupUnits(ch: ClickHouse, filters: ResolvedFilters, split: DaySplit, onRollup: string): Promise<ReviewerUnits> {
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

/**
 * The exact median handle time per reviewer (type 7) over their counted reviews that carry a
 * duration, from review_durations (the same reviews as review_facts, each day's sorted by reviewer).
 */
function fetchMedianHandles(ch: ClickHouse, filters: ResolvedFilters) {
  return queryRows(ch, {
    tag: 'agreement:median_handle',
    schema: MedianHandleRow,
    params: filterParams(filters),
    query: `
      SELECT toString(reviewer_id) AS reviewer_id, quantileExactInclusive(0.5)(duration_ms) AS median_handle_ms
      FROM review_durations FINAL
      WHERE ${factsInRange(filters)} ${reviewConditions(filters)}
      GROUP BY reviewer_id`,
  })
}

/**
 * The reviews of the items a reviewer took part in: those with a counted review of theirs (in
 * range by its ts, the queue and the item's slice applied). Grouped, so that a review that a
 * correction moved out of the range (its retracted row still in it) brings no item. Keyed by
 * item_hash: an item sharing the 64-bit hash of one of theirs (odds as in the partial query) would
 * come along.
 */
function itemsOfReviewer(filters: Omit<ResolvedFilters, 'reviewer_id'>, reviewerId: string): ReviewSubset {
  return {
    condition: `item_hash IN (
        SELECT item_hash FROM review_facts
        WHERE ${factsInRange(filters)} AND has_prediction = 1 AND reviewer_id = {items_of_reviewer:String} ${reviewConditions(filters)}
        GROUP BY item_hash
        HAVING sum(sign) > 0)`,
    params: { items_of_reviewer: reviewerId },
  }
}

/**
 * SPEC 3.1 under a reviewer filter, which narrows whose figures are shown, not the evidence: the
 * counted reviews of every reviewer (the other filters applied) of the items that reviewer took
 * part in, grouped per item. Their unit patterns are the units that reviewer took part in, with
 * all of their reviewers; of the reviewer rows only theirs is complete (the others' lack their
 * other items) and kept: their majorities compare with the other reviewers of the same items, as
 * in the unfiltered answer. One query, not the whole/partial pair with its probe: each of those
 * would read review_facts twice (the items, then their reviews), and grouping one reviewer's
 * items costs less than that. The rollups have no reviewer on their units.
 */
async function fetchOneReviewerUnits(ch: ClickHouse, filters: ResolvedFilters, reviewerId: string): Promise<ReviewerUnits> {
  const { reviewer_id: _reviewer, ...evidence } = filters
  const only = itemsOfReviewer(evidence, reviewerId)
  const rows = await queryRows(ch, {
    tag: 'agreement:reviewer_items',
    schema: AgreementAggregateRow,
    params: { ...filterParams(evidence), ...only.params },
    query: groupedAggregatesSql(countedReviewsSql(evidence, 'all', only)),
  })
  const { reviewers, patterns } = toReviewerUnits(rows)
  return { reviewers: reviewers.filter((r) => r.reviewer_id === reviewerId), patterns }
}

/**
 * The per-reviewer rows and unit patterns of SPEC 3.1, added up from disjoint sets of reviews: the
 * rollups for the items whose every review lies in the range's whole days (when they can serve
 * the request), and the review facts for the others, whole or partial; the medians from one query
 * over every counted review. Under a reviewer filter, over the items that reviewer took part in
 * (fetchOneReviewerUnits).
 */
export async function fetchReviewerUnits(ch: ClickHouse, filters: ResolvedFilters) {
  const reviewerId = filters.reviewer_id
  if (reviewerId !== undefined) {
    const [units, medians] = await Promise.all([fetchOneReviewerUnits(ch, filters, reviewerId), fetchMedianHandles(ch, filters)])
    return { reviewers: addReviewerRows(units.reviewers, medians), patterns: addPatternRows(units.patterns) }
  }
  const split = splitDays('range', filters.from, filters.to)
  const served = rollupItems(filters, split)
  const onFacts: ReviewSubset = served ? { condition: served.restOnFacts, params: {} } : EVERY_REVIEW
  const [whole, partial, rollup, medians] = await Promise.all([
    fetchWholeReviewUnits(ch, filters, split, onFacts),
    fetchPartialReviewUnits(ch, filters, split, onFacts),
    served ? fetchRollupUnits(ch, filters, split, served.onRollup) : NO_UNITS,
    fetchMedianHandles(ch, filters),
  ])
  const sources = [whole, partial, rollup]
  return {
    reviewers: addReviewerRows(sources.flatMap((s) => s.reviewers), medians),
    patterns: addPatternRows(sources.flatMap((s) => s.patterns)),
  }
}
