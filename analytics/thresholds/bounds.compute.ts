// Upper confidence bounds on Risk(t) for the threshold walk (SPEC §3.4): exact Clopper–Pearson
// when every label has propensity 1, and a stratified Clopper–Pearson bound that stays valid under
// the logged selective design (review below the threshold in force with propensity 1, audit above
// it at a rate). Pure math: no I/O, no clock. Nothing observed gives null, never NaN.
import { clopperPearsonUpper } from '@/analytics/shared/stats.compute'

/**
 * The bound a recommendation rests on, named in its output (`method`):
 * - `clopper_pearson`: every label was drawn with propensity 1; one exact binomial bound.
 * - `stratified_clopper_pearson`: labels of several propensities; one exact bound per propensity
 *   stratum, at confidence levels whose product is 1 − δ, combined with the strata's population
 *   shares as weights (see `stratifiedClopperPearson` for why this is valid).
 */
export const BoundMethod = ['clopper_pearson', 'stratified_clopper_pearson'] as const
export type BoundMethod = (typeof BoundMethod)[number]

/** Counts of one propensity stratum among the predictions at or above a candidate threshold. */
export interface StratumCounts {
  /** All predictions of the stratum (the population it stands for). */
  predictions: number
  /** Those with a reference label (drawn for review or audit). */
  labeled: number
  /** Labeled ones whose predicted label differs from the reference. */
  errors: number
}

/** A point estimate and an upper confidence bound on a risk; null when nothing supports them. */
export interface RiskBound {
  estimate: number | null
  upper: number | null
}

/**
 * How the confidence 1 − δ is shared among the strata that have labels (strata without labels get
 * the trivial bound 1, which needs none of it):
 * - `weighted` (the default): 1 − δ_s = (1 − δ)^(N_s / N_labeled), N_labeled the predictions of the
 *   strata with labels, so Π(1 − δ_s) = 1 − δ and a stratum gets confidence in proportion to the
 *   weight its bound carries in the sum. A thin stratum (the few reviewed predictions just below
 *   the threshold in force) then costs the heavy one almost nothing, and the bound does not jump
 *   where a second stratum appears (an equal split would halve δ of the audit stratum there and can
 *   end the walk at the threshold in force).
 * - `equal`: 1 − δ_s = (1 − δ)^(1/S) (Šidák), S strata with labels.
 * - `bonferroni`: δ_s = δ / S, the plain reference (slightly wider than Šidák).
 * Every rule depends on the counts only, never on the errors: that is what keeps the bound valid.
 */
export type ConfidenceSplit = 'weighted' | 'equal' | 'bonferroni'

function assertCounts(stratum: StratumCounts): void {
  const { predictions, labeled, errors } = stratum
  if (!Number.isInteger(predictions) || predictions < 0) throw new RangeError(`predictions must be an integer ≥ 0, got ${predictions}`)
  if (!Number.isInteger(labeled) || labeled < 0 || labeled > predictions) {
    throw new RangeError(`labeled must be an integer in [0, predictions], got ${labeled} of ${predictions}`)
  }
  if (!Number.isInteger(errors) || errors < 0 || errors > labeled) {
    throw new RangeError(`errors must be an integer in [0, labeled], got ${errors} of ${labeled}`)
  }
}

function assertDelta(delta: number): void {
  if (!(delta > 0 && delta < 1)) throw new RangeError(`delta must lie in (0, 1), got ${delta}`)
}

/**
 * The exact Clopper–Pearson upper bound after 0 errors in n draws, 1 − δ^(1/n), as −expm1(ln δ / n)
 * so that it keeps its digits at large n (1 − δ^(1/n) loses them to cancellation). 1 for n = 0: no
 * draws bound nothing. SPEC §3.4's skip rule: a candidate whose n gives a value above α cannot pass.
 */
export function zeroErrorUpper(n: number, delta: number): number {
  assertDelta(delta)
  if (!(n >= 0)) throw new RangeError(`n must be ≥ 0, got ${n}`)
  return n === 0 ? 1 : -Math.expm1(Math.log(delta) / n)
}

/**
 * The fewest labels with which 0 errors pass a target α at level 1 − δ by exact Clopper–Pearson:
 * the least n with 1 − δ^(1/n) ≤ α, i.e. n ≥ ln δ / ln(1 − α). (For α = 0.02, δ = 0.05: 149.)
 */
export function minLabelsToPass(alpha: number, delta: number): number {
  assertDelta(delta)
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must lie in (0, 1), got ${alpha}`)
  let n = Math.ceil(Math.log(delta) / Math.log1p(-alpha))
  // The quotient may land a rounding step off an integer: settle n on the exact inequality.
  while (n > 1 && zeroErrorUpper(n - 1, delta) <= alpha) n--
  while (zeroErrorUpper(n, delta) > alpha) n++
  return n
}

/** Exact one-sided Clopper–Pearson bound on a binomial rate: errors of `labeled` draws at level 1 − δ. */
export function clopperPearson(stratum: Pick<StratumCounts, 'labeled' | 'errors'>, delta: number): RiskBound {
  const { labeled, errors } = stratum
  return { estimate: labeled > 0 ? errors / labeled : null, upper: clopperPearsonUpper(errors, labeled, delta) }
}

/**
 * Per-stratum miss probabilities δ_s under `split` (0 for a stratum without labels, which takes the
 * bound 1 and needs no confidence). Depends on the counts alone.
 */
export function stratumDeltas(strata: readonly StratumCounts[], delta: number, split: ConfidenceSplit = 'weighted'): number[] {
  assertDelta(delta)
  const withLabels = strata.filter((s) => s.labeled > 0)
  const count = withLabels.length
  const population = withLabels.reduce((sum, s) => sum + s.predictions, 0)
  const logConfidence = Math.log1p(-delta)
  return strata.map((s) => {
    if (s.labeled === 0) return 0
    // One stratum takes δ itself (not 1 − (1 − δ)^1, which may round off a last bit).
    if (count === 1) return delta
    if (split === 'bonferroni') return delta / count
    const share = split === 'equal' ? 1 / count : s.predictions / population
    // δ_s = 1 − (1 − δ)^share, by expm1 so that a small share keeps its digits.
    return -Math.expm1(share * logConfidence)
  })
}

/**
 * Stratified Clopper–Pearson bound on Risk(t) = Σ_s w_s·p_s, the error rate of the population at
 * or above t, with w_s = N_s / N the strata's shares of its N predictions and p_s each stratum's
 * error rate: U = Σ_s w_s·U_s, U_s the exact bound on p_s at level 1 − δ_s (1 for a stratum
 * without labels), and the point estimate Σ_s w_s·x_s/n_s (the inverse-propensity-weighted rate
 * with the weights normalised per stratum; null while a stratum with predictions has no labels).
 *
 * Why P(Risk(t) > U) ≤ δ. A stratum is the predictions logged with one propensity π_s: the
 * reviewed ones below the threshold in force (π = 1) and the audited ones above it (π = the audit
 * rate), and one stratum per audit rate when the policy changed within the window. The selection
 * for review depends only on the logged propensity and an independent draw (the route's hash),
 * never on whether the prediction is wrong. Condition on all counts N_s and n_s. Predictions are
 * exchangeable draws, so the N_s of a stratum are i.i.d. from the stratum's law and its n_s labeled
 * ones a random subset of them; hence x_s ~ Binomial(n_s, p_s), independently across strata
 * (distinct predictions). Clopper–Pearson is exact for each: P(p_s > U_s) ≤ δ_s. The δ_s depend on
 * the counts only (`stratumDeltas`), so they are fixed under the conditioning, and independence
 * gives P(p_s ≤ U_s for every s) ≥ Π(1 − δ_s) = 1 − δ (Šidák; with the Bonferroni split the union
 * bound gives it without independence). On that event Σ w_s·p_s ≤ Σ w_s·U_s, because the weights
 * are non-negative and also counts only. Holding for every value of the counts, it holds
 * unconditionally. With one stratum of propensity 1 this is plain Clopper–Pearson.
 *
 * Risk(t) here is the window's population mix Σ (N_s/N)·p_s, the expectation of the
 * inverse-propensity-weighted error rate; the generating process's own rate Σ w_s·p_s with the
 * true shares differs from it by the sampling error of the shares, O(1/√N) in all predictions, far
 * below that of the labels. Null when there are no predictions.
 *
 * The walk (recommend.compute.ts) decides which candidates to test from the counts of every
 * confidence cell, so its argument conditions on those too. Given them, a stratum's labeled errors
 * are a sum of binomials with the cells' rates, not one binomial; Clopper–Pearson stays valid for
 * their mean by Hoeffding (1956, Theorem 4: P(X ≤ c) is at most the binomial's with the same mean
 * for c ≤ n·p − 1, which holds for every critical value of a one-sided bound at δ ≤ 0.2, checked
 * over n ≤ 5,000). That mean weights the cells by their labeled counts; for the audit stratum they
 * are a random 10–30 % of the population counts, so it differs from the population mix by the audit
 * draw's own noise, whose variance Var(q)/n over the cells' rates q is far below the p/n the
 * bound covers. The simulation (recommend.simulation.test.ts) measures the guarantee on the true
 * Risk(t) of the generating process, draw noise included.
 */
export function stratifiedClopperPearson(strata: readonly StratumCounts[], delta: number, split: ConfidenceSplit = 'weighted'): RiskBound {
  strata.forEach(assertCounts)
  const population = strata.reduce((sum, s) => sum + s.predictions, 0)
  if (population === 0) return { estimate: null, upper: null }
  const deltas = stratumDeltas(strata, delta, split)
  let upper = 0
  let estimate: number | null = 0
  strata.forEach((s, i) => {
    if (s.predictions === 0) return
    const weight = s.predictions / population
    upper += weight * (s.labeled === 0 ? 1 : clopperPearsonUpper(s.errors, s.labeled, deltas[i])!)
    estimate = estimate === null || s.labeled === 0 ? null : estimate + (weight * s.errors) / s.labeled
  })
  return { estimate, upper: Math.min(1, upper) }
}

/**
 * The stratified bound if every stratum had 0 errors: SPEC §3.4's "even zero errors could not
 * pass" test for a candidate (counts only, so skipping on it keeps the guarantee). Null when there
 * are no predictions.
 */
export function stratifiedZeroErrorUpper(strata: readonly StratumCounts[], delta: number, split: ConfidenceSplit = 'weighted'): number | null {
  const population = strata.reduce((sum, s) => sum + s.predictions, 0)
  if (population === 0) return null
  const deltas = stratumDeltas(strata, delta, split)
  let upper = 0
  strata.forEach((s, i) => {
    if (s.predictions > 0) upper += (s.predictions / population) * (s.labeled === 0 ? 1 : zeroErrorUpper(s.labeled, deltas[i]))
  })
  return Math.min(1, upper)
}
