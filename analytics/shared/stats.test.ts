import { describe, expect, it } from 'vitest'
import {
  Z_95,
  clopperPearsonUpper,
  median,
  quantileType7,
  ratio,
  regularizedIncompleteBeta,
  wilsonInterval,
} from '@/analytics/shared/stats.compute'

/** ln(m!) by plain summation: independent of the Lanczos ln Γ used by the code under test. */
function logFactorial(m: number): number {
  let sum = 0
  for (let i = 2; i <= m; i++) sum += Math.log(i)
  return sum
}

/** P(X ≤ k) for X ~ Binomial(n, p), summing the terms directly in log space. */
function binomialCdf(k: number, n: number, p: number): number {
  let total = 0
  for (let j = 0; j <= k; j++) {
    const logTerm = logFactorial(n) - logFactorial(j) - logFactorial(n - j) + j * Math.log(p) + (n - j) * Math.log1p(-p)
    total += Math.exp(logTerm)
  }
  return total
}

describe('ratio', () => {
  it('is x / n, and null for 0 of 0 (never NaN)', () => {
    expect(ratio(1, 4)).toBe(0.25)
    expect(ratio(0, 3)).toBe(0)
    expect(ratio(0, 0)).toBeNull()
  })
})

describe('Z_95', () => {
  it('is the 0.975 normal quantile', () => {
    expect(Z_95).toBe(1.959963984540054)
  })
})

describe('wilsonInterval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    [29, 29, 0.883, 1],
  ])('%i of %i matches Newcombe (1998)', (successes, n, lower, upper) => {
    const interval = wilsonInterval(successes, n)
    expect(interval).not.toBeNull()
    expect(interval!.lower).toBeCloseTo(lower, 4)
    expect(interval!.upper).toBeCloseTo(upper, 4)
  })

  it('pins the ends at exactly 0 and 1', () => {
    expect(wilsonInterval(0, 7)!.lower).toBe(0)
    expect(wilsonInterval(7, 7)!.upper).toBe(1)
  })

  it('is null for 0 of 0 and rejects impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeNull()
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError)
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError)
    expect(() => wilsonInterval(Number.NaN, 2)).toThrow(RangeError)
  })

  it('accepts fractional (effective) counts and narrows as n grows', () => {
    const small = wilsonInterval(7.5, 10)!
    const large = wilsonInterval(75, 100)!
    expect(small.lower).toBeLessThan(0.75)
    expect(small.upper).toBeGreaterThan(0.75)
    expect(large.upper - large.lower).toBeLessThan(small.upper - small.lower)
  })

  it('uses the given z', () => {
    const z99 = wilsonInterval(50, 100, 2.5758293035489004)!
    const z95 = wilsonInterval(50, 100)!
    expect(z99.upper - z99.lower).toBeGreaterThan(z95.upper - z95.lower)
  })
})

describe('regularizedIncompleteBeta', () => {
  it('matches closed forms', () => {
    // I_x(1, b) = 1 − (1 − x)^b and I_x(a, 1) = x^a. ln Γ is good to ~1e-15 relative, so ln B(1, 200)
    // = ln Γ(201) − ln Γ(200) carries ~1e-14 absolute: 13 digits is the honest tolerance.
    expect(regularizedIncompleteBeta(0.01, 1, 200)).toBeCloseTo(1 - 0.99 ** 200, 13)
    expect(regularizedIncompleteBeta(0.7, 5, 1)).toBeCloseTo(0.7 ** 5, 14)
    // I_x(2, 3) = Σ_{j=2..4} C(4, j) x^j (1 − x)^(4−j); at 0.3: 0.2646 + 0.0756 + 0.0081.
    expect(regularizedIncompleteBeta(0.3, 2, 3)).toBeCloseTo(0.3483, 14)
    // Arcsine law: I_x(½, ½) = (2/π)·asin(√x).
    for (const x of [0.001, 0.2, 0.5, 0.93]) {
      expect(regularizedIncompleteBeta(x, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(Math.sqrt(x)), 13)
    }
    // Symmetry I_½(a, a) = ½.
    expect(regularizedIncompleteBeta(0.5, 37, 37)).toBeCloseTo(0.5, 14)
  })

  it('matches scipy.special.betainc', () => {
    // Values printed by scipy 1.17 `betainc(a, b, x)`.
    expect(regularizedIncompleteBeta(0.9, 10, 2)).toBeCloseTo(0.6973568802000002, 13)
    expect(regularizedIncompleteBeta(0.999, 300, 5)).toBeCloseTo(0.9999836708421678, 13)
    const tiny = regularizedIncompleteBeta(0.2, 50, 50)
    expect(tiny / 1.3286199631860443e-11).toBeCloseTo(1, 10)
  })

  it('equals 1 − binomial CDF: P(X ≤ k | n, p) = 1 − I_p(k + 1, n − k)', () => {
    for (const [k, n, p] of [
      [0, 10, 0.1],
      [3, 20, 0.25],
      [12, 40, 0.4],
      [7, 500, 0.01],
      [150, 300, 0.52],
    ]) {
      expect(1 - regularizedIncompleteBeta(p, k + 1, n - k)).toBeCloseTo(binomialCdf(k, n, p), 12)
    }
  })

  it('handles the ends and rejects bad parameters', () => {
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0)
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1)
    expect(() => regularizedIncompleteBeta(1.5, 2, 3)).toThrow(RangeError)
    expect(() => regularizedIncompleteBeta(0.5, 0, 3)).toThrow(RangeError)
  })
})

describe('clopperPearsonUpper', () => {
  it('with 0 errors equals 1 − delta^(1/n)', () => {
    // Relative precision: the ln Γ cancellation grows with n (see regularizedIncompleteBeta), ~1e-12
    // at n = 10⁶ — still nine orders of magnitude finer than the 0.001 threshold grid.
    for (const [n, delta, digits] of [
      [1, 0.05, 13],
      [10, 0.05, 13],
      [100, 0.05, 13],
      [200, 0.01, 13],
      [5000, 0.1, 12],
      [1_000_000, 0.05, 10],
    ]) {
      const expected = -Math.expm1(Math.log(delta) / n)
      expect(clopperPearsonUpper(0, n, delta)! / expected).toBeCloseTo(1, digits)
    }
  })

  it('matches scipy.stats.beta.ppf(1 − delta, k + 1, n − k)', () => {
    // Values printed by scipy 1.17; the third column of each is its own binomial CDF check.
    const cases: Array<[number, number, number, number]> = [
      [1, 10, 0.05, 0.39416330243650466],
      [5, 200, 0.05, 0.05184333912029053],
      [2, 1000, 0.01, 0.008379068264742159],
      [10, 20, 0.05, 0.6980460887135065],
      [3, 3000, 0.05, 0.0025825051382936544],
      [49, 50, 0.05, 0.9989746601327679],
      [150, 10000, 0.1, 0.016680465255921213],
    ]
    for (const [k, n, delta, expected] of cases) {
      expect(clopperPearsonUpper(k, n, delta)! / expected).toBeCloseTo(1, 11)
    }
    // Label counts in the millions: scipy itself is good to ~1e-12 here, so 9 digits.
    const large: Array<[number, number, number]> = [
      [1000, 1_000_000, 0.0010535748774544362],
      [50000, 1_000_000, 0.05035995136217609],
      [10, 10_000_000, 1.6962213331849682e-6],
    ]
    for (const [k, n, expected] of large) {
      expect(clopperPearsonUpper(k, n, 0.05)! / expected).toBeCloseTo(1, 9)
    }
  })

  it('solves P(X ≤ k | n, bound) = delta, checked by a direct binomial sum', () => {
    for (const [k, n, delta] of [
      [0, 30, 0.05],
      [2, 50, 0.05],
      [9, 120, 0.1],
      [40, 400, 0.01],
    ]) {
      const bound = clopperPearsonUpper(k, n, delta)!
      expect(binomialCdf(k, n, bound)).toBeCloseTo(delta, 11)
      // Just under the bound the data would not yet be surprising enough: the CDF exceeds delta.
      expect(binomialCdf(k, n, bound * (1 - 1e-6))).toBeGreaterThan(delta)
    }
  })

  it('errs upwards and is monotone in errors and n', () => {
    const bound = clopperPearsonUpper(4, 80, 0.05)!
    // The returned point is on the upper side of the root as evaluated: I_bound(k + 1, n − k) ≥ 1 − delta.
    expect(regularizedIncompleteBeta(bound, 5, 76)).toBeGreaterThanOrEqual(1 - 0.05)
    expect(clopperPearsonUpper(5, 80, 0.05)!).toBeGreaterThan(bound)
    expect(clopperPearsonUpper(4, 160, 0.05)!).toBeLessThan(bound)
  })

  it('is null for n = 0, 1 when every draw erred, and rejects bad input', () => {
    expect(clopperPearsonUpper(0, 0, 0.05)).toBeNull()
    expect(clopperPearsonUpper(12, 12, 0.05)).toBe(1)
    expect(() => clopperPearsonUpper(1.5, 10, 0.05)).toThrow(RangeError)
    expect(() => clopperPearsonUpper(11, 10, 0.05)).toThrow(RangeError)
    expect(() => clopperPearsonUpper(1, 10, 0)).toThrow(RangeError)
    expect(() => clopperPearsonUpper(1, 10, 1)).toThrow(RangeError)
  })
})

describe('quantileType7', () => {
  it('matches numpy.quantile (method="linear")', () => {
    const values = [1, 2, 3, 4]
    // numpy: [1. 1.75 2.5 3.7 4.]
    expect(quantileType7(values, 0)).toBe(1)
    expect(quantileType7(values, 0.25)).toBe(1.75)
    expect(quantileType7(values, 0.5)).toBe(2.5)
    expect(quantileType7(values, 0.9)).toBeCloseTo(3.7, 14)
    expect(quantileType7(values, 1)).toBe(4)
    const confidences = [0.2, 0.5, 0.55, 0.9, 0.91, 0.99]
    // numpy: [0.35, 0.5333333333333333, 0.9033333333333333, 0.9075]
    expect(quantileType7(confidences, 0.1)).toBeCloseTo(0.35, 14)
    expect(quantileType7(confidences, 1 / 3)).toBeCloseTo(0.5333333333333333, 14)
    expect(quantileType7(confidences, 2 / 3)).toBeCloseTo(0.9033333333333333, 14)
    expect(quantileType7(confidences, 0.75)).toBeCloseTo(0.9075, 14)
  })

  it('returns the only value of a singleton and null for an empty list', () => {
    expect(quantileType7([0.42], 0.9)).toBe(0.42)
    expect(quantileType7([], 0.5)).toBeNull()
    expect(() => quantileType7([1], 1.1)).toThrow(RangeError)
  })
})

describe('median', () => {
  it('sorts a copy and interpolates for an even count', () => {
    const values = [5, 1, 3]
    expect(median(values)).toBe(3)
    expect(values).toEqual([5, 1, 3])
    expect(median([10, 2, 4, 8])).toBe(6)
    expect(median([])).toBeNull()
  })
})

describe('quantileType7 in ClickHouse arithmetic', () => {
  it('rounds as quantileExactInclusive does (1-based h = p·(n − 1) + 1)', () => {
    // 0..9 at p = 0.1: h = 1.9 in double is 1.8999999999999999, so the result is 0.8999999999999999
    // (ClickHouse's answer); the 0-based form gives 0.9.
    const values = Array.from({ length: 10 }, (_, i) => i)
    expect(quantileType7(values, 0.1)).toBe(0.8999999999999999)
    expect(quantileType7(values, 0.2)).toBe(1.7999999999999998)
  })
})
