// The threshold recommendation of SPEC §3.4 (pure): from counts per 0.001 confidence cell and
// propensity stratum, the lowest candidate threshold whose upper confidence bound on Risk(t) is at
// most the target, by fixed-sequence testing from 1.000 downwards (Learn-then-Test), with the
// workload it leaves for reviewers. No I/O, no clock: the window's length comes in as a number.
import {
  stratifiedClopperPearson,
  stratifiedZeroErrorUpper,
  type BoundMethod,
  type ConfidenceSplit,
  type RiskBound,
  type StratumCounts,
} from './bounds.compute'
import type { CurvePoint, InfeasibleReason, ThresholdRecommendation } from './thresholds.schema'

export type { CurvePoint, InfeasibleReason, ThresholdRecommendation }
import { DEFAULT_TARGET_OCCUPANCY, reviewerHoursPerDay } from '@/analytics/shared/staffing.compute'

/** SPEC §3.4 defaults. */
export const DEFAULT_TARGET_ERROR = 0.02
export const DEFAULT_DELTA = 0.05
export const DEFAULT_MIN_LABELED = 200

/** Candidates are the multiples of 1/THRESHOLD_STEPS from 1.000 down to 0.000 (SPEC §3.4: 0.001). */
export const THRESHOLD_STEPS = 1000

/** Candidate k's threshold, k/1000: the correctly rounded double of the decimal (0.967, not 0.9670000000000001). */
export function candidateThreshold(cell: number): number {
  return cell / THRESHOLD_STEPS
}

/**
 * The confidence cell of c: the largest k with c ≥ k/1000, so that "confidence ≥ candidate k" is
 * exactly "cell ≥ k" and the engine can accumulate cells from the top. floor(c·1000) alone is not
 * it: the product is rounded, so a double just below k/1000 can multiply to exactly k. The SQL
 * side computes the same in Float64, which rounds alike:
 *   floor(confidence * 1000) AS raw,
 *   raw - (raw / 1000 > confidence) + ((raw + 1) / 1000 <= confidence) AS cell
 */
export function confidenceCell(c: number): number {
  if (!(c >= 0 && c <= 1)) throw new RangeError(`confidence must lie in [0, 1], got ${c}`)
  let cell = Math.floor(c * THRESHOLD_STEPS)
  if (candidateThreshold(cell) > c) cell--
  if (cell < THRESHOLD_STEPS && candidateThreshold(cell + 1) <= c) cell++
  return cell
}

/**
 * One row of what the SQL returns: the window's predictions of one confidence cell (see
 * `confidenceCell`; 1000 holds confidence 1) logged with one propensity, for one model (and
 * segment). A cell may have several rows, one per propensity: 1 for predictions routed to review,
 * the audit rate for auto-accepted ones (the audit draws are their labeled part). Absent cells have
 * no predictions; repeated (cell, propensity) rows are added up.
 */
export interface ThresholdCellRow {
  cell: number
  /**
   * The logged probability that the prediction was sent to a human, in [0, 1]: 0 for auto-accepted
   * predictions of a policy without audits, a stratum whose only labels can come from outcomes.
   */
  propensity: number
  /** All predictions of the cell and stratum: the population. */
  predictions: number
  /** Those with a reference label (review or audit). */
  labeled: number
  /** Labeled ones with predicted_label ≠ reference label. */
  errors: number
}

export interface RecommendationOptions {
  /** α, the highest acceptable Risk(t). */
  targetError?: number
  /** δ: the recommendation's Risk exceeds α with probability at most δ. */
  delta?: number
  /** Candidates with fewer labeled predictions at or above them are skipped. */
  minLabeled?: number
  /** The window's length in days (> 0), for the per-day figures. */
  windowDays: number
  /** Escalations the team can review per day; null or absent: no capacity check. */
  capacityPerDay?: number | null
  /** Mean review handle time in seconds; without it reviewer-hours are null. */
  meanHandleSeconds?: number | null
  targetOccupancy?: number
  /**
   * The audit rate the policy would run with: its audit draws of the auto-accepted predictions are
   * escalations too. Default 0 (only the predictions below the threshold).
   */
  auditRate?: number
  /**
   * `full` (default): the bound at every candidate, also below the stop, for the trade-off chart.
   * `walk`: bounds only where the walk tested (risk_upper null elsewhere): ~25× faster when the
   * curve is not shown (simulations, re-evaluation).
   */
  curve?: 'full' | 'walk'
  /** How δ is shared among propensity strata (bounds.compute.ts); only comparisons change it. */
  split?: ConfidenceSplit
}






function assertRow(row: ThresholdCellRow): void {
  const where = `cell ${row.cell}, propensity ${row.propensity}`
  if (!Number.isInteger(row.cell) || row.cell < 0 || row.cell > THRESHOLD_STEPS) {
    throw new RangeError(`cell must be an integer in 0…${THRESHOLD_STEPS}, got ${row.cell}`)
  }
  if (!(row.propensity >= 0 && row.propensity <= 1)) throw new RangeError(`${where}: propensity must lie in [0, 1]`)
  if (!Number.isInteger(row.predictions) || row.predictions < 0) throw new RangeError(`${where}: predictions must be an integer ≥ 0`)
  if (!Number.isInteger(row.labeled) || row.labeled < 0 || row.labeled > row.predictions) {
    throw new RangeError(`${where}: labeled must be an integer in [0, predictions]`)
  }
  if (!Number.isInteger(row.errors) || row.errors < 0 || row.errors > row.labeled) {
    throw new RangeError(`${where}: errors must be an integer in [0, labeled]`)
  }
}

function assertOptions(o: Required<Omit<RecommendationOptions, 'capacityPerDay' | 'meanHandleSeconds'>> & RecommendationOptions): void {
  if (!(o.targetError > 0 && o.targetError < 1)) throw new RangeError(`targetError must lie in (0, 1), got ${o.targetError}`)
  if (!(o.delta > 0 && o.delta < 1)) throw new RangeError(`delta must lie in (0, 1), got ${o.delta}`)
  if (!Number.isInteger(o.minLabeled) || o.minLabeled < 0) throw new RangeError(`minLabeled must be an integer ≥ 0, got ${o.minLabeled}`)
  if (!(o.windowDays > 0 && Number.isFinite(o.windowDays))) throw new RangeError(`windowDays must be > 0, got ${o.windowDays}`)
  if (!(o.auditRate >= 0 && o.auditRate <= 1)) throw new RangeError(`auditRate must lie in [0, 1], got ${o.auditRate}`)
  if (!(o.targetOccupancy > 0 && o.targetOccupancy <= 1)) throw new RangeError(`targetOccupancy must lie in (0, 1], got ${o.targetOccupancy}`)
  if (o.capacityPerDay != null && !(o.capacityPerDay >= 0)) throw new RangeError(`capacityPerDay must be ≥ 0, got ${o.capacityPerDay}`)
  if (o.meanHandleSeconds != null && !(o.meanHandleSeconds >= 0)) throw new RangeError(`meanHandleSeconds must be ≥ 0, got ${o.meanHandleSeconds}`)
}

/**
 * Cumulative counts per candidate and stratum: at[k][s] = the counts of stratum s over the cells
 * ≥ k, i.e. of the predictions with confidence ≥ k/1000. Strata are the distinct propensities,
 * highest first.
 */
function accumulate(rows: readonly ThresholdCellRow[]): { propensities: number[]; at: StratumCounts[][] } {
  const propensities = [...new Set(rows.map((row) => row.propensity))].sort((a, b) => b - a)
  const index = new Map(propensities.map((p, i) => [p, i]))
  const at = Array.from({ length: THRESHOLD_STEPS + 1 }, () => propensities.map(() => ({ predictions: 0, labeled: 0, errors: 0 })))
  for (const row of rows) {
    const stratum = at[row.cell][index.get(row.propensity)!]
    stratum.predictions += row.predictions
    stratum.labeled += row.labeled
    stratum.errors += row.errors
  }
  for (let k = THRESHOLD_STEPS - 1; k >= 0; k--) {
    at[k].forEach((stratum, s) => {
      stratum.predictions += at[k + 1][s].predictions
      stratum.labeled += at[k + 1][s].labeled
      stratum.errors += at[k + 1][s].errors
    })
  }
  return { propensities, at }
}

const sumOf = (strata: readonly StratumCounts[], key: keyof StratumCounts) => strata.reduce((sum, s) => sum + s[key], 0)

/**
 * SPEC §3.4's recommendation. The walk goes from 1.000 down. A candidate is skipped, not failed,
 * while fewer than `minLabeled` labeled predictions lie at or above it, or when even zero errors in
 * every stratum could not bring its bound to α (for one propensity-1 stratum: 1 − δ^(1/n) > α).
 * Both rules read counts only, which are independent of the errors given the strata (the argument
 * in `stratifiedClopperPearson`), so the candidates actually tested form a sequence fixed in
 * advance of the errors, and fixed-sequence testing of H_t: Risk(t) > α, each at level δ, stopping
 * at the first candidate not rejected, bounds the chance of passing any t with Risk(t) > α by δ
 * (Learn-then-Test). That is why the zero-error rule may also skip a candidate below one that
 * passed (where a new stratum's weight briefly lifts the bound) rather than end the walk there.
 * The recommendation is the last candidate that passed.
 */
export function computeRecommendation(rows: readonly ThresholdCellRow[], options: RecommendationOptions): ThresholdRecommendation {
  const o = {
    targetError: DEFAULT_TARGET_ERROR,
    delta: DEFAULT_DELTA,
    minLabeled: DEFAULT_MIN_LABELED,
    targetOccupancy: DEFAULT_TARGET_OCCUPANCY,
    auditRate: 0,
    curve: 'full' as const,
    split: 'weighted' as const,
    ...options,
  }
  assertOptions(o)
  rows.forEach(assertRow)
  const { propensities, at } = accumulate(rows)
  const method: BoundMethod = propensities.some((p) => p < 1) ? 'stratified_clopper_pearson' : 'clopper_pearson'
  const all = at[0]
  const total = sumOf(all, 'predictions')
  const alpha = o.targetError

  const curve: CurvePoint[] = []
  let tested = false
  let stopped = false
  let passed: { point: CurvePoint; cell: number } | null = null
  let firstTested: CurvePoint | null = null
  let lastBound: { predictions: number; bound: RiskBound } | null = null
  for (let k = THRESHOLD_STEPS; k >= 0; k--) {
    const strata = at[k]
    const predictions = sumOf(strata, 'predictions')
    const labeled = sumOf(strata, 'labeled')
    const point: CurvePoint = {
      threshold: candidateThreshold(k),
      predictions,
      labeled,
      errors: sumOf(strata, 'errors'),
      automation_rate: total > 0 ? predictions / total : null,
      risk_estimate: null,
      risk_upper: null,
      status: 'not_tested',
      skip_reason: null,
    }
    const bound = () => {
      // A cell without predictions leaves every count as it was one candidate up (counts are
      // cumulative and labeled ≤ predictions), and so the bound: no root searches for it.
      if (lastBound?.predictions !== predictions) lastBound = { predictions, bound: stratifiedClopperPearson(strata, o.delta, o.split) }
      return lastBound.bound
    }
    if (stopped) {
      if (o.curve === 'full') Object.assign(point, riskOf(bound()))
      else point.risk_estimate = estimateOnly(strata)
    } else if (labeled === 0 || labeled < o.minLabeled) {
      point.status = 'skipped'
      point.skip_reason = 'min_labeled'
      if (o.curve === 'full' && predictions > 0) Object.assign(point, riskOf(bound()))
      else point.risk_estimate = estimateOnly(strata)
    } else if (stratifiedZeroErrorUpper(strata, o.delta, o.split)! > alpha) {
      point.status = 'skipped'
      point.skip_reason = 'zero_errors_cannot_pass'
      if (o.curve === 'full') Object.assign(point, riskOf(bound()))
      else point.risk_estimate = estimateOnly(strata)
    } else {
      Object.assign(point, riskOf(bound()))
      tested = true
      firstTested ??= point
      if (point.risk_upper! <= alpha) {
        point.status = 'passed'
        passed = { point, cell: k }
      } else {
        point.status = 'failed'
        stopped = true
      }
    }
    curve.push(point)
  }

  const handle = o.meanHandleSeconds ?? null
  const hoursOf = (escalationsPerDay: number) => (handle === null ? null : reviewerHoursPerDay(escalationsPerDay, handle, o.targetOccupancy))
  const capacity = o.capacityPerDay ?? null
  const capacityFigures = (escalationsPerDay: number) => {
    if (capacity === null) return { capacity_per_day: null, capacity_binds: null, missing_reviewer_hours_per_day: null }
    const binds = escalationsPerDay > capacity
    return {
      capacity_per_day: capacity,
      capacity_binds: binds,
      missing_reviewer_hours_per_day: binds ? hoursOf(escalationsPerDay - capacity) : handle === null ? null : 0,
    }
  }
  const common = { method, target_error: alpha, delta: o.delta, min_labeled: o.minLabeled, curve }

  if (passed) {
    const { point } = passed
    // Escalated: everything below the threshold, and the audit draws of what lies at or above it.
    const escalationsPerDay = (total - point.predictions + o.auditRate * point.predictions) / o.windowDays
    return {
      threshold: point.threshold,
      feasible: true,
      reason: null,
      note: null,
      ...common,
      automation_rate: point.automation_rate,
      escalations_per_day: escalationsPerDay,
      reviewer_hours_per_day: hoursOf(escalationsPerDay),
      risk_estimate: point.risk_estimate,
      risk_upper: point.risk_upper,
      labeled: point.labeled,
      errors: point.errors,
      predictions: point.predictions,
      ...capacityFigures(escalationsPerDay),
    }
  }

  // Nothing passed: every prediction stays with the reviewers.
  const escalationsPerDay = total / o.windowDays
  const labeledTotal = sumOf(all, 'labeled')
  const percent = (x: number) => `${(100 * x).toFixed(1)} %`
  const reason: InfeasibleReason = tested ? 'target_too_strict' : 'not_enough_labels'
  const note =
    reason === 'target_too_strict'
      ? `The first candidate with labels enough to test, ${firstTested!.threshold.toFixed(3)}, has an upper bound of ` +
        `${percent(firstTested!.risk_upper!)} on its error at ${percent(1 - o.delta)} confidence, above the target ${percent(alpha)}.`
      : `${labeledTotal} labeled predictions in the window: no candidate has at least ${o.minLabeled} at or above it ` +
        `with which even zero errors would bound its error by ${percent(alpha)} at ${percent(1 - o.delta)} confidence.`
  return {
    threshold: null,
    feasible: false,
    reason,
    note,
    ...common,
    automation_rate: total > 0 ? 0 : null,
    escalations_per_day: escalationsPerDay,
    reviewer_hours_per_day: hoursOf(escalationsPerDay),
    risk_estimate: null,
    risk_upper: null,
    labeled: labeledTotal,
    errors: sumOf(all, 'errors'),
    predictions: total,
    ...capacityFigures(escalationsPerDay),
  }
}

function riskOf(bound: { estimate: number | null; upper: number | null }): Pick<CurvePoint, 'risk_estimate' | 'risk_upper'> {
  return { risk_estimate: bound.estimate, risk_upper: bound.upper }
}

/** The stratified point estimate without the bound's root searches (for `curve: 'walk'`). */
function estimateOnly(strata: readonly StratumCounts[]): number | null {
  const population = sumOf(strata, 'predictions')
  if (population === 0) return null
  let estimate = 0
  for (const s of strata) {
    if (s.predictions === 0) continue
    if (s.labeled === 0) return null
    estimate += (s.predictions / population) * (s.errors / s.labeled)
  }
  return estimate
}
