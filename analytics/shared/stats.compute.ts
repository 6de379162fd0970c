// Shared statistics for the metric families: ratios, Wilson and Clopper–Pearson bounds, type-7 quantiles.
// Pure math: no I/O, no clock. Every function answers null for an empty input, never NaN.
import { gammaln } from 'simple-statistics'

/** Φ⁻¹(0.975): the two-sided 95 % normal quantile (SPEC 3.1), to full double precision. */
export const Z_95 = 1.959963984540054

/** x / n, or null for 0 of 0 (never NaN): every share and rate of the metric families. */
export function ratio(x: number, n: number): number | null {
  return n > 0 ? x / n : null
}

/** A confidence interval on a proportion; both ends lie in [0, 1]. */
export interface Interval {
  lower: number
  upper: number
}

/**
 * Wilson score interval for a proportion (Wilson 1927; Newcombe 1998, method 3, no continuity
 * correction). `successes` and `n` may be non-integer, so that a weighted share can be passed as
 * (rate × effective n, effective n). Null when n = 0: 0 of 0 has no interval.
 */
export function wilsonInterval(successes: number, n: number, z: number = Z_95): Interval | null {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`wilsonInterval: n must be ≥ 0, got ${n}`)
  if (!Number.isFinite(successes) || successes < 0 || successes > n) {
    throw new RangeError(`wilsonInterval: successes must lie in [0, n], got ${successes} of ${n}`)
  }
  if (!Number.isFinite(z) || z <= 0) throw new RangeError(`wilsonInterval: z must be > 0, got ${z}`)
  if (n === 0) return null
  const p = successes / n
  const z2 = z * z
  const denominator = 1 + z2 / n
  const center = (p + z2 / (2 * n)) / denominator
  const halfWidth = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator
  return {
    // At p = 0 (p = 1) the lower (upper) end is 0 (1) in exact arithmetic; pin it so that rounding
    // never reports 1e-17 or 0.9999999999999999.
    lower: successes === 0 ? 0 : Math.max(0, center - halfWidth),
    upper: successes === n ? 1 : Math.min(1, center + halfWidth),
  }
}

/** Lentz's method stops once a step changes the continued fraction by less than this (≈ 4.5 ulp). */
const CONTINUED_FRACTION_EPS = 1e-15
/** Keeps Lentz's divisions away from zero (Numerical Recipes `FPMIN`). */
const CONTINUED_FRACTION_TINY = 1e-300
/**
 * The fraction needs O(√max(a, b)) terms; 10⁶ covers a, b up to ~10¹¹, far beyond any label count.
 * Not converging is reported as an error rather than as a silently wrong bound.
 */
const CONTINUED_FRACTION_MAX_TERMS = 1_000_000

/** The continued fraction of I_x(a, b) (Numerical Recipes §6.4 `betacf`), modified Lentz. */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b
  const qap = a + 1
  const qam = a - 1
  let c = 1
  let d = 1 - (qab * x) / qap
  if (Math.abs(d) < CONTINUED_FRACTION_TINY) d = CONTINUED_FRACTION_TINY
  d = 1 / d
  let h = d
  for (let m = 1; m <= CONTINUED_FRACTION_MAX_TERMS; m++) {
    const m2 = 2 * m
    // Even step.
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < CONTINUED_FRACTION_TINY) d = CONTINUED_FRACTION_TINY
    c = 1 + aa / c
    if (Math.abs(c) < CONTINUED_FRACTION_TINY) c = CONTINUED_FRACTION_TINY
    d = 1 / d
    h *= d * c
    // Odd step.
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2))
    d = 1 + aa * d
    if (Math.abs(d) < CONTINUED_FRACTION_TINY) d = CONTINUED_FRACTION_TINY
    c = 1 + aa / c
    if (Math.abs(c) < CONTINUED_FRACTION_TINY) c = CONTINUED_FRACTION_TINY
    d = 1 / d
    const step = d * c
    h *= step
    if (Math.abs(step - 1) < CONTINUED_FRACTION_EPS) return h
  }
  throw new Error(`regularizedIncompleteBeta: no convergence for x=${x}, a=${a}, b=${b}`)
}

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI)
/**
 * From here on Stirling's series below is exact to double precision: its first omitted term,
 * 43867/(244188·x¹⁷), is below 2e-18 at x = 10.
 */
const STIRLING_MIN_ARGUMENT = 10

/** ln Γ(x) − [(x − ½)·ln x − x + ln √(2π)] for x ≥ 10, by Stirling's series (8 terms). */
function stirlingCorrection(x: number): number {
  // B₂ₖ/(2k(2k − 1)) for k = 1…8, by Horner's scheme in 1/x².
  const coefficients = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400]
  const r = 1 / (x * x)
  let series = 0
  for (let k = coefficients.length - 1; k >= 0; k--) series = coefficients[k] + r * series
  return series / x
}

/**
 * ln B(a, b). Summing three ln Γ values of size ~a·ln a cancels catastrophically for large
 * arguments (1e-9 relative at a million labels), so, as R's `lbeta` does, large arguments use the
 * Stirling form in which only the small correction terms are subtracted.
 */
function logBeta(a: number, b: number): number {
  const p = Math.min(a, b)
  const q = Math.max(a, b)
  if (p >= STIRLING_MIN_ARGUMENT) {
    const correction = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q)
    return -0.5 * Math.log(q) + LN_SQRT_2PI + correction + (p - 0.5) * Math.log(p / (p + q)) + q * Math.log1p(-p / (p + q))
  }
  if (q >= STIRLING_MIN_ARGUMENT) {
    const correction = stirlingCorrection(q) - stirlingCorrection(p + q)
    return gammaln(p) + correction + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q))
  }
  return gammaln(p) + gammaln(q) - gammaln(p + q)
}

/**
 * The regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b), for a, b > 0 and
 * x in [0, 1]. The continued fraction converges fast for x < (a + 1)/(a + b + 2); above that the
 * symmetry I_x(a, b) = 1 − I_{1−x}(b, a) is used. ln B(a, b) comes from `logBeta` (simple-statistics'
 * Lanczos `gammaln` for small arguments). Accuracy: ~1e-14 relative for moderate a, b; when both
 * are large the prefactor a·ln x + b·ln(1 − x) − ln B is a difference of numbers of size ~a, which
 * leaves ~1e-16·a relative (1e-11 at a = 10⁵), still far finer than any decision needs.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new RangeError(`regularizedIncompleteBeta: a and b must be finite and > 0, got a=${a}, b=${b}`)
  }
  if (!(x >= 0 && x <= 1)) throw new RangeError(`regularizedIncompleteBeta: x must lie in [0, 1], got ${x}`)
  if (x === 0) return 0
  if (x === 1) return 1
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b)
  const front = Math.exp(logFront)
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b
}

/**
 * The root search stops when its bracket is this many ulps of its upper end wide: the bound is
 * then known to ~1e-15 relative, and the upper end of the bracket (never below the root) is returned.
 */
const ROOT_RELATIVE_WIDTH = 4 * Number.EPSILON
/**
 * Each Newton step is pushed this fraction of itself further, so that near the root (where Newton's
 * error ≈ c·step² is far smaller) the next point lands on the other side and closes the bracket.
 */
const NEWTON_OVERSHOOT = 1e-3
/** A safety cap: bisection alone would need ~60 + |log2(root)| steps, Newton typically ~10. */
const ROOT_MAX_STEPS = 2_000

/** The Beta(a, b) density: the derivative of I_x(a, b) in x, for Newton's steps. */
function betaDensity(x: number, a: number, b: number): number {
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta(a, b))
}

/**
 * Exact one-sided Clopper–Pearson upper bound at level 1 − delta on a binomial error rate after
 * `errors` errors in `n` independent draws: the p solving P(X ≤ errors | n, p) = delta, i.e. the
 * (1 − delta) quantile of Beta(errors + 1, n − errors). Since P(X ≤ k | n, p) = 1 − I_p(k + 1, n − k)
 * we solve I_p(k + 1, n − k) = 1 − delta, which increases in p, by Newton's method kept inside a
 * bisection bracket (it falls back to halving whenever a step leaves the bracket or the bracket
 * stops shrinking): ~0.1 ms where pure bisection took milliseconds at n = 10⁶, which matters for a
 * threshold walk over 1,000 candidates. With 0 errors this is 1 − delta^(1/n); with errors = n it
 * is 1. Null when n = 0 (nothing observed). The upper end of the final bracket is returned, so the
 * search never rounds the bound down; what remains is the error of I_x, ~1e-12 relative or better.
 */
export function clopperPearsonUpper(errors: number, n: number, delta: number): number | null {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`clopperPearsonUpper: n must be an integer ≥ 0, got ${n}`)
  if (!Number.isInteger(errors) || errors < 0 || errors > n) {
    throw new RangeError(`clopperPearsonUpper: errors must be an integer in [0, n], got ${errors} of ${n}`)
  }
  if (!(delta > 0 && delta < 1)) throw new RangeError(`clopperPearsonUpper: delta must lie in (0, 1), got ${delta}`)
  if (n === 0) return null
  if (errors === n) return 1
  const a = errors + 1
  const b = n - errors
  const target = 1 - delta
  let lo = 0
  let hi = 1
  let widthTwoStepsAgo = Infinity
  let widthOneStepAgo = Infinity
  // Start at the mean of Beta(a, b), (k + 1)/(n + 1): the right order of magnitude for the root.
  let x = a / (a + b)
  for (let step = 0; step < ROOT_MAX_STEPS; step++) {
    const f = regularizedIncompleteBeta(x, a, b) - target
    if (f < 0) lo = x
    else hi = x
    const width = hi - lo
    if (width <= ROOT_RELATIVE_WIDTH * hi) break
    const newton = x - f / betaDensity(x, a, b)
    const stalled = width > widthTwoStepsAgo / 2
    widthTwoStepsAgo = widthOneStepAgo
    widthOneStepAgo = width
    let next = newton + (newton - x) * NEWTON_OVERSHOOT
    if (stalled || !(next > lo && next < hi)) next = lo + width / 2
    if (next <= lo || next >= hi) break // the bracket holds no double strictly inside: done
    x = next
  }
  return hi
}

/**
 * Exact one-sided Clopper–Pearson lower bound at level 1 − delta: by symmetry, one minus the upper
 * bound on the rate of the other outcome (rounded outwards, as the upper bound is). 0 with no
 * errors; null when n = 0.
 */
export function clopperPearsonLower(errors: number, n: number, delta: number): number | null {
  if (n === 0) return null
  if (errors === 0) return 0
  return Math.max(0, 1 - clopperPearsonUpper(n - errors, n, delta)!)
}

/**
 * The p-quantile of ascending `sortedValues` by linear interpolation between order statistics:
 * R type 7, numpy's default, ClickHouse `quantileExactInclusive` (SPEC 3.3). Evaluated in the very
 * arithmetic ClickHouse uses (QuantileExactInclusive::getFloat, 1-based): h = p·(n − 1) + 1,
 * k = ⌊h⌋, x_k + (h − k)·(x_{k+1} − x_k). The 0-based form with h = p·(n − 1) is the same quantile in
 * exact arithmetic but rounds differently (h + 1 loses low bits of h's fraction): it differed from
 * ClickHouse in the last bit for ~0.2 % of (data, level) pairs, and a quantile bin edge computed in
 * SQL must equal the one computed here. (simple-statistics' `quantileSorted` uses a different
 * definition, hence this one.) Null for an empty list.
 */
export function quantileType7(sortedValues: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantileType7: p must lie in [0, 1], got ${p}`)
  const n = sortedValues.length
  if (n === 0) return null
  const h = p * (n - 1) + 1
  const k = Math.floor(h)
  if (k >= n) return sortedValues[n - 1]
  if (k < 1) return sortedValues[0]
  const a = sortedValues[k - 1]
  return a + (h - k) * (sortedValues[k] - a)
}

/** The median (type-7 quantile at 0.5) of values in any order; null for an empty list. */
export function median(values: readonly number[]): number | null {
  const sorted = [...values].sort((x, y) => x - y)
  return quantileType7(sorted, 0.5)
}

/**
 * Hájek accuracy of a weighted sample, Σ w·correct / Σ w; null without labeled weight. Clamped to
 * [0, 1] against the rounding of two sums taken separately.
 */
export function hajekAccuracy(weightedCorrectSum: number, weightSum: number, labeled: number): number | null {
  if (labeled === 0 || weightSum === 0) return null
  return Math.min(1, Math.max(0, weightedCorrectSum / weightSum))
}

/**
 * SPEC 3.2's ECE and MCE over confidence bins: ece = Σ_b count_b·|accuracy_b − mean_confidence_b| / N
 * and mce = max_b |…|, over the bins whose accuracy is defined, N the predictions of those bins.
 * Null when no bin qualifies.
 */
export function calibrationGaps(bins: readonly { count: number; mean_confidence: number | null; accuracy: number | null }[]): {
  ece: number | null
  mce: number | null
} {
  let population = 0
  let gapSum = 0
  let maxGap: number | null = null
  for (const { count, mean_confidence: meanConfidence, accuracy } of bins) {
    if (accuracy === null || meanConfidence === null) continue
    const gap = Math.abs(accuracy - meanConfidence)
    population += count
    gapSum += count * gap
    maxGap = maxGap === null ? gap : Math.max(maxGap, gap)
  }
  return { ece: population === 0 ? null : gapSum / population, mce: maxGap }
}
