// Reference forms of the agreement math, for the tests. The service reads counts aggregated in
// ClickHouse (confusion cells, unit patterns) and agreement.compute.ts takes those; the plain
// forms here take one (model, human) pair per review or one label list per unit, as the textbook
// definitions do, and the SPEC 3 reference-label rules that labels.sql.ts applies in SQL. Imported
// by tests only (the lint rules keep production code from importing *.reference.ts).
import { compareLabels } from '@/analytics/shared/label-order'
import {
  cohenKappaFromMatrix,
  computeInterReviewerAgreementFromPatterns,
  computeModelHumanAgreementFromConfusion,
  confusionMatrixFromCounts,
  fleissKappaFromPatterns,
  gwetAC1FromPatterns,
  krippendorffAlphaNominalFromPatterns,
  pairwiseAgreementFromPatterns,
  type InterReviewerAgreement,
  type ModelHumanAgreement,
  type UnitPattern,
} from './agreement.compute'

/** One counted review: the item's predicted_label and the reviewer's label. */
export type ModelHumanPair = readonly [modelLabel: string, humanLabel: string]

/** The confusion matrix of counted pairs: rows model label, columns human label, labels sorted. */
export function confusionMatrix(pairs: readonly ModelHumanPair[]) {
  return confusionMatrixFromCounts(pairs.map(([model, human]) => ({ model_label: model, human_label: human, count: 1 })))
}

/** Cohen's unweighted kappa over (model, human) pairs; categories are the union of labels seen. */
export function cohenKappa(pairs: readonly ModelHumanPair[]): number | null {
  return cohenKappaFromMatrix(confusionMatrix(pairs).matrix)
}

/** SPEC 3.1 model–human figures: each counted review is one (predicted_label, label) pair. */
export function computeModelHumanAgreement(pairs: readonly ModelHumanPair[]): ModelHumanAgreement {
  return computeModelHumanAgreementFromConfusion(confusionMatrix(pairs))
}

// ---------------------------------------------------------------------------------------------
// Inter-reviewer agreement over units: each unit is the labels of an item's distinct reviewers.

/** Each unit as a pattern of weight 1. */
function asPatterns(units: readonly (readonly string[])[]): UnitPattern[] {
  return units.map((labels) => ({ labels, units: 1 }))
}

/** Krippendorff's alpha, nominal metric (see `krippendorffAlphaNominalFromPatterns`). */
export function krippendorffAlphaNominal(units: readonly (readonly string[])[]): number | null {
  return krippendorffAlphaNominalFromPatterns(asPatterns(units))
}

/** Fleiss' kappa, null unless every pairable unit has the same number of reviewers (see `fleissKappaFromPatterns`). */
export function fleissKappa(units: readonly (readonly string[])[]): number | null {
  return fleissKappaFromPatterns(asPatterns(units))
}

/** Gwet's AC1 (see `gwetAC1FromPatterns`). */
export function gwetAC1(units: readonly (readonly string[])[]): number | null {
  return gwetAC1FromPatterns(asPatterns(units))
}

/** Mean over pairable units of (agreeing reviewer pairs / all reviewer pairs); null for no units. */
export function pairwiseAgreement(units: readonly (readonly string[])[]): number | null {
  return pairwiseAgreementFromPatterns(asPatterns(units))
}

/** All SPEC 3.1 inter-reviewer figures over the same units. */
export function computeInterReviewerAgreement(units: readonly (readonly string[])[]): InterReviewerAgreement {
  return computeInterReviewerAgreementFromPatterns(asPatterns(units))
}

// ---------------------------------------------------------------------------------------------
// Reference labels (SPEC 3 and 3.1), as labels.sql.ts and the review facts compute them in SQL.

/**
 * The label held by more than half of the other reviewers of an item (strict majority: 2 of 3
 * qualifies, 2 of 4 does not). With a single other reviewer that is simply their label. Null when
 * there are no other reviewers or no strict majority.
 */
export function majorityOfOthers(labelsOfOthers: readonly string[]): string | null {
  const counts = new Map<string, number>()
  for (const label of labelsOfOthers) {
    const count = (counts.get(label) ?? 0) + 1
    if (2 * count > labelsOfOthers.length) return label
    counts.set(label, count)
  }
  return null
}

export interface ReviewVote {
  label: string
  /** Completion time of the review, epoch milliseconds. */
  ts: number
}

/**
 * An item's reference label from its reviews when it has no outcome: the majority label, one vote
 * per reviewer (the caller passes each reviewer's latest review only). Ties between labels with
 * the same number of votes go to the label of the earliest review among the tied labels'
 * reviews (equivalently: the tied label whose own earliest review is earliest). Should two tied
 * labels share that earliest ts to the millisecond, the smaller label in code-point order wins, so
 * the answer never depends on input order. Null when there are no reviews.
 */
export function referenceLabelFromReviews(reviews: readonly ReviewVote[]): string | null {
  const tally = new Map<string, { votes: number; earliest: number }>()
  for (const { label, ts } of reviews) {
    const entry = tally.get(label)
    if (entry) {
      entry.votes += 1
      entry.earliest = Math.min(entry.earliest, ts)
    } else {
      tally.set(label, { votes: 1, earliest: ts })
    }
  }
  let best: { label: string; votes: number; earliest: number } | null = null
  for (const [label, { votes, earliest }] of tally) {
    const better =
      best === null ||
      votes > best.votes ||
      (votes === best.votes && (earliest < best.earliest || (earliest === best.earliest && compareLabels(label, best.label) < 0)))
    if (better) best = { label, votes, earliest }
  }
  return best?.label ?? null
}
