// Agreement math (SPEC 3.1): model–human agreement with Cohen's kappa, inter-reviewer reliability
// (Krippendorff's alpha, Fleiss' kappa, Gwet's AC1, pairwise agreement) and the per-reviewer
// table. Pure: no I/O, no clock. 0 of 0 is null, never NaN; so is any coefficient whose
// denominator vanishes (e.g. every label in one category).
import { ratio, wilsonInterval, type Interval } from '@/analytics/shared/stats.compute'
import { compareLabels } from '@/analytics/shared/label-order'
import type {
  AgreementDay,
  AgreementResponse,
  ConfusionMatrix,
  InterReviewerFigures,
  MedianHandleRow,
  PairCellRow,
  ReviewerAgreement,
  ReviewerRow,
  UnitPatternRow,
} from './agreement.schema'

/** One cell of a confusion matrix as aggregated in SQL (GROUP BY predicted_label, label). */
export interface ConfusionCount {
  model_label: string
  human_label: string
  count: number
}

export interface ModelHumanAgreement {
  reviewed: number
  agreement_rate: number | null
  agreement_ci: Interval | null
  override_rate: number | null
  cohen_kappa: number | null
  confusion: ConfusionMatrix
}

export interface InterReviewerAgreement {
  /** Items with labels from ≥ 2 distinct reviewers. */
  units: number
  krippendorff_alpha: number | null
  fleiss_kappa: number | null
  gwet_ac1: number | null
  pairwise_agreement: number | null
}

/**
 * The confusion matrix from per-cell counts (duplicated cells are added up): rows model label,
 * columns human label, labels in code-point order.
 */
export function confusionMatrixFromCounts(cells: readonly ConfusionCount[]): ConfusionMatrix {
  const labelSet = new Set<string>()
  for (const cell of cells) {
    if (!Number.isInteger(cell.count) || cell.count < 0) {
      throw new RangeError(`confusion count must be an integer ≥ 0, got ${cell.count}`)
    }
    labelSet.add(cell.model_label)
    labelSet.add(cell.human_label)
  }
  const labels = [...labelSet].sort(compareLabels)
  const index = new Map(labels.map((label, i) => [label, i]))
  const matrix = labels.map(() => labels.map(() => 0))
  for (const cell of cells) matrix[index.get(cell.model_label)!][index.get(cell.human_label)!] += cell.count
  return { labels, matrix }
}

/**
 * Cohen's unweighted kappa of a square count matrix: (p_o − p_e)/(1 − p_e). Evaluated on integer
 * counts as (N·Σ agree − Σ r_i c_i) / (N² − Σ r_i c_i), so that "p_e = 1" (both raters used one
 * and the same single category) is detected exactly; kappa is undefined there: null. Null too for
 * an empty matrix.
 */
export function cohenKappaFromMatrix(matrix: readonly (readonly number[])[]): number | null {
  const size = matrix.length
  let total = 0
  let agreeing = 0
  const rowSums = new Array<number>(size).fill(0)
  const columnSums = new Array<number>(size).fill(0)
  for (let i = 0; i < size; i++) {
    if (matrix[i].length !== size) throw new RangeError('cohenKappaFromMatrix: the matrix must be square')
    for (let j = 0; j < size; j++) {
      const count = matrix[i][j]
      total += count
      rowSums[i] += count
      columnSums[j] += count
      if (i === j) agreeing += count
    }
  }
  if (total === 0) return null
  let chanceProduct = 0
  for (let i = 0; i < size; i++) chanceProduct += rowSums[i] * columnSums[i]
  const denominator = total * total - chanceProduct
  if (denominator === 0) return null
  return (total * agreeing - chanceProduct) / denominator
}

/** SPEC 3.1 model–human figures from a confusion matrix (rows model, columns human). */
export function computeModelHumanAgreementFromConfusion(confusion: ConfusionMatrix): ModelHumanAgreement {
  let reviewed = 0
  let agreeing = 0
  confusion.matrix.forEach((row, i) =>
    row.forEach((count, j) => {
      reviewed += count
      if (i === j) agreeing += count
    }),
  )
  return {
    reviewed,
    agreement_rate: reviewed === 0 ? null : agreeing / reviewed,
    agreement_ci: wilsonInterval(agreeing, reviewed),
    // (reviewed − agreeing)/reviewed rather than 1 − rate: equal, without 1 − 0.7 = 0.30000000000000004.
    override_rate: reviewed === 0 ? null : (reviewed - agreeing) / reviewed,
    cohen_kappa: cohenKappaFromMatrix(confusion.matrix),
    confusion,
  }
}

// ---------------------------------------------------------------------------------------------
// Inter-reviewer agreement. A unit is one item: the labels of its distinct reviewers (their latest
// review each). Only units with ≥ 2 labels can show agreement or disagreement; the others are
// dropped by every function below. Every coefficient depends on a unit only through its label
// multiset, so the SQL side aggregates identical multisets ("patterns") with a count, and each
// function here takes patterns (`…FromPatterns`; agreement.reference.ts has the plain forms over
// units, for the tests).

/** `units` units whose labels form the same multiset `labels` (order irrelevant). */
export interface UnitPattern {
  labels: readonly string[]
  units: number
}

/** Label → number of reviewers who gave it, with the unit's size and how many units share it. */
interface UnitCounts {
  raters: number
  counts: Map<string, number>
  weight: number
}

/** Minimum labels for a unit to be pairable. */
const MIN_RATERS_PER_UNIT = 2

function pairablePatterns(patterns: readonly UnitPattern[]): UnitCounts[] {
  const result: UnitCounts[] = []
  for (const { labels, units } of patterns) {
    if (!Number.isInteger(units) || units < 0) throw new RangeError(`pattern units must be an integer ≥ 0, got ${units}`)
    if (labels.length < MIN_RATERS_PER_UNIT || units === 0) continue
    const counts = new Map<string, number>()
    for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1)
    result.push({ raters: labels.length, counts, weight: units })
  }
  return result
}

/** Σ_c n_c² of a unit: twice its agreeing ordered pairs plus its size. */
function sumOfSquares(counts: Map<string, number>): number {
  let sum = 0
  for (const count of counts.values()) sum += count * count
  return sum
}

function totalWeight(pairable: readonly UnitCounts[]): number {
  let sum = 0
  for (const { weight } of pairable) sum += weight
  return sum
}

/**
 * Krippendorff's alpha, nominal metric, in the coincidence-matrix form (Krippendorff 2011,
 * "Computing Krippendorff's Alpha-Reliability"): α = 1 − D_o/D_e = 1 − (n − 1)·Σ_{c≠k} o_ck /
 * Σ_{c≠k} n_c·n_k, where each unit u of m_u values adds (m_u² − Σ_c n_uc²)/(m_u − 1) to Σ_{c≠k} o_ck
 * (its disagreeing ordered pairs, each weighted 1/(m_u − 1)), n_c are the pairable values per
 * category and n their total. Null without expected disagreement (fewer than two categories).
 * Each pattern counts `units` times.
 */
export function krippendorffAlphaNominalFromPatterns(patterns: readonly UnitPattern[]): number | null {
  let observedDisagreement = 0
  let total = 0
  const valuesPerCategory = new Map<string, number>()
  for (const { raters, counts, weight } of pairablePatterns(patterns)) {
    observedDisagreement += (weight * (raters * raters - sumOfSquares(counts))) / (raters - 1)
    total += weight * raters
    for (const [label, count] of counts) valuesPerCategory.set(label, (valuesPerCategory.get(label) ?? 0) + weight * count)
  }
  const expectedDisagreement = total * total - sumOfSquares(valuesPerCategory)
  if (expectedDisagreement === 0) return null
  return 1 - ((total - 1) * observedDisagreement) / expectedDisagreement
}

/**
 * Fleiss' kappa (Fleiss 1971) when every pairable unit has the same number m of reviewers, else
 * null: P_i = (Σ_k n_ik² − m)/(m(m − 1)), p_k = Σ_i n_ik/(N·m), κ = (P̄ − P̄_e)/(1 − P̄_e), P̄_e = Σ p_k².
 * Null with no units or a single category (P̄_e = 1).
 * Each pattern counts `units` times.
 */
export function fleissKappaFromPatterns(patterns: readonly UnitPattern[]): number | null {
  const pairable = pairablePatterns(patterns)
  if (pairable.length === 0) return null
  const m = pairable[0].raters
  if (pairable.some((unit) => unit.raters !== m)) return null
  let sumAgreement = 0
  const labelTotals = new Map<string, number>()
  for (const { counts, weight } of pairable) {
    sumAgreement += (weight * (sumOfSquares(counts) - m)) / (m * (m - 1))
    for (const [label, count] of counts) labelTotals.set(label, (labelTotals.get(label) ?? 0) + weight * count)
  }
  if (labelTotals.size < 2) return null
  const units = totalWeight(pairable)
  const observed = sumAgreement / units
  const ratings = units * m
  let chance = 0
  for (const total of labelTotals.values()) chance += (total / ratings) ** 2
  return (observed - chance) / (1 - chance)
}

/**
 * Gwet's AC1 (Gwet 2008; Handbook of Inter-Rater Reliability, 2014, multiple raters with a
 * varying number of raters per unit), over the pairable units (n of them):
 *   p_a = (1/n) Σ_i Σ_k r_ik(r_ik − 1) / (r_i(r_i − 1))
 *   π_k = (1/n) Σ_i r_ik / r_i
 *   p_e = (1/(q − 1)) Σ_k π_k(1 − π_k),   AC1 = (p_a − p_e)/(1 − p_e)
 * q is the number of categories observed in these units (there is no fixed scale here). For two
 * raters and two categories p_e = 2π(1 − π). With q ≥ 2, p_e ≤ 1/q < 1, so the denominator never
 * vanishes; with q = 1 (everyone used one category) p_e is 0/0 and there is no chance model to
 * correct for: null, as for alpha and kappa. Null for no units.
 * Each pattern counts `units` times.
 */
export function gwetAC1FromPatterns(patterns: readonly UnitPattern[]): number | null {
  const pairable = pairablePatterns(patterns)
  if (pairable.length === 0) return null
  let sumAgreement = 0
  const shareSums = new Map<string, number>()
  for (const { raters, counts, weight } of pairable) {
    sumAgreement += (weight * (sumOfSquares(counts) - raters)) / (raters * (raters - 1))
    for (const [label, count] of counts) shareSums.set(label, (shareSums.get(label) ?? 0) + (weight * count) / raters)
  }
  const categories = shareSums.size
  if (categories < 2) return null
  const units = totalWeight(pairable)
  const observed = sumAgreement / units
  let spread = 0
  for (const shareSum of shareSums.values()) {
    const pi = shareSum / units
    spread += pi * (1 - pi)
  }
  const chance = spread / (categories - 1)
  return (observed - chance) / (1 - chance)
}

/**
 * Mean over pairable units of (agreeing reviewer pairs / all reviewer pairs); null for no units.
 * Each pattern counts `units` times.
 */
export function pairwiseAgreementFromPatterns(patterns: readonly UnitPattern[]): number | null {
  const pairable = pairablePatterns(patterns)
  if (pairable.length === 0) return null
  let sum = 0
  // Agreeing pairs Σ_k C(r_k, 2) over all pairs C(m, 2) = (Σ r_k² − m)/(m² − m).
  for (const { raters, counts, weight } of pairable) sum += (weight * (sumOfSquares(counts) - raters)) / (raters * (raters - 1))
  return sum / totalWeight(pairable)
}

/** All SPEC 3.1 inter-reviewer figures over unit patterns (as aggregated in SQL). */
export function computeInterReviewerAgreementFromPatterns(patterns: readonly UnitPattern[]): InterReviewerAgreement {
  return {
    units: totalWeight(pairablePatterns(patterns)),
    krippendorff_alpha: krippendorffAlphaNominalFromPatterns(patterns),
    fleiss_kappa: fleissKappaFromPatterns(patterns),
    gwet_ac1: gwetAC1FromPatterns(patterns),
    pairwise_agreement: pairwiseAgreementFromPatterns(patterns),
  }
}

// ---------------------------------------------------------------------------------------------
// The SPEC 3.1 answer from the SQL rows.

/**
 * Per-reviewer counts from several sources (rollups and facts) added up, one row per reviewer,
 * with the medians computed over all of a reviewer's counted reviews at once.
 */
export function addReviewerRows(rows: readonly ReviewerRow[], medians: readonly MedianHandleRow[]): ReviewerRow[] {
  const median = new Map(medians.map((m) => [m.reviewer_id, m.median_handle_ms]))
  const byReviewer = new Map<string, ReviewerRow>()
  for (const row of rows) {
    const sum = byReviewer.get(row.reviewer_id)
    if (!sum) {
      byReviewer.set(row.reviewer_id, { ...row, median_handle_ms: median.get(row.reviewer_id) ?? null })
      continue
    }
    sum.reviews += row.reviews
    sum.agreeing_with_model += row.agreeing_with_model
    sum.majority_items += row.majority_items
    sum.agreeing_with_majority += row.agreeing_with_majority
    sum.gold_items += row.gold_items
    sum.gold_correct += row.gold_correct
  }
  return [...byReviewer.values()]
}

/** Unit patterns from several sources added up, one row per label multiset. */
export function addPatternRows(rows: readonly UnitPatternRow[]): UnitPatternRow[] {
  const byPattern = new Map<string, UnitPatternRow>()
  for (const row of rows) {
    const key = row.labels.join('\u0000')
    const sum = byPattern.get(key)
    if (sum) sum.units += row.units
    else byPattern.set(key, { labels: row.labels, units: row.units })
  }
  return [...byPattern.values()]
}

/**
 * Assembles SPEC 3.1: model–human figures from the confusion cells (summed over days), the
 * inter-reviewer figures from the unit patterns (also at the top level, as the SPEC names them),
 * the reviewers in code-point order of reviewer_id, and one series entry per UTC day of `days`
 * (days without reviews: 0 and nulls). Under a reviewer filter the patterns are the units that
 * reviewer took part in, and `inter_reviewer.units_with_reviewer` says so.
 */
export function computeAgreement(
  rows: { pairs: readonly PairCellRow[]; patterns: readonly UnitPatternRow[]; reviewers: readonly ReviewerRow[] },
  days: readonly string[],
  filters: AgreementResponse['filters'],
): AgreementResponse {
  const cells: ConfusionCount[] = rows.pairs.map(({ model_label, human_label, count }) => ({ model_label, human_label, count }))
  const overall = computeModelHumanAgreementFromConfusion(confusionMatrixFromCounts(cells))
  const figures = computeInterReviewerAgreementFromPatterns(rows.patterns.map(({ labels, units }) => ({ labels, units })))
  const interReviewer: InterReviewerFigures = filters.reviewer_id === null ? figures : { ...figures, units_with_reviewer: filters.reviewer_id }
  const cellsByDay = new Map<string, ConfusionCount[]>()
  for (const row of rows.pairs) {
    let list = cellsByDay.get(row.day)
    if (!list) cellsByDay.set(row.day, (list = []))
    list.push(row)
  }
  const series = days.map((date): AgreementDay => {
    const day = computeModelHumanAgreementFromConfusion(confusionMatrixFromCounts(cellsByDay.get(date) ?? []))
    return { date, reviewed: day.reviewed, agreement_rate: day.agreement_rate, cohen_kappa: day.cohen_kappa }
  })
  const reviewers = [...rows.reviewers]
    .sort((a, b) => compareLabels(a.reviewer_id, b.reviewer_id))
    .map(
      (r): ReviewerAgreement => ({
        reviewer_id: r.reviewer_id,
        reviews: r.reviews,
        agreement_with_model: ratio(r.agreeing_with_model, r.reviews),
        agreement_with_majority: ratio(r.agreeing_with_majority, r.majority_items),
        gold_accuracy: ratio(r.gold_correct, r.gold_items),
        median_handle_ms: r.median_handle_ms,
      }),
    )
  return {
    filters,
    reviewed: overall.reviewed,
    agreement_rate: overall.agreement_rate,
    agreement_ci: overall.agreement_ci,
    override_rate: overall.override_rate,
    cohen_kappa: overall.cohen_kappa,
    confusion: overall.confusion,
    krippendorff_alpha: interReviewer.krippendorff_alpha,
    fleiss_kappa: interReviewer.fleiss_kappa,
    gwet_ac1: interReviewer.gwet_ac1,
    pairwise_agreement: interReviewer.pairwise_agreement,
    inter_reviewer: interReviewer,
    reviewers,
    series,
  }
}
