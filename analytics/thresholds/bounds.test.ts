import { describe, expect, it } from 'vitest'
import { mulberry32 } from '@/test/prng'
import {
  clopperPearson,
  minLabelsToPass,
  stratifiedClopperPearson,
  stratifiedZeroErrorUpper,
  stratumDeltas,
  zeroErrorUpper,
  type StratumCounts,
} from './bounds.compute'

/**
 * A second, independent Clopper–Pearson: bisection on the binomial CDF summed term by term from
 * the pmf recursion P(X = j + 1) = P(X = j)·(n − j)/(j + 1)·p/(1 − p), in logs (no incomplete beta,
 * no Γ). The upper bound is the p with P(X ≤ k | n, p) = δ; the CDF falls in p.
 */
function binomialCdf(k: number, n: number, p: number): number {
  if (p <= 0) return 1
  if (p >= 1) return k >= n ? 1 : 0
  let logTerm = n * Math.log1p(-p)
  const logRatio = Math.log(p) - Math.log1p(-p)
  let sum = Math.exp(logTerm)
  for (let j = 0; j < k; j++) {
    logTerm += Math.log(n - j) - Math.log(j + 1) + logRatio
    sum += Math.exp(logTerm)
  }
  return Math.min(1, sum)
}
function bisectionUpper(k: number, n: number, delta: number): number {
  if (k === n) return 1
  let lo = 0
  let hi = 1
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2
    if (binomialCdf(k, n, mid) > delta) lo = mid
    else hi = mid
  }
  return hi
}

describe('Clopper–Pearson', () => {
  it('matches textbook values: 0 of 100 at 95 % one-sided is 0.02951', () => {
    expect(clopperPearson({ labeled: 100, errors: 0 }, 0.05).upper).toBeCloseTo(0.02951, 5)
    expect(zeroErrorUpper(100, 0.05)).toBeCloseTo(0.02951, 5)
    // The rule of three: 0 of n at 95 % is about 3/n.
    expect(zeroErrorUpper(10_000, 0.05) * 10_000).toBeCloseTo(2.9957, 3)
  })

  it('matches scipy.stats.beta.ppf(1 − δ, k + 1, n − k)', () => {
    const cases: [number, number, number, number][] = [
      [0, 100, 0.05, 0.029513049607039925],
      [1, 10, 0.05, 0.39416330243650466],
      [5, 20, 0.025, 0.49104587170795744], // the upper end of the two-sided 95 % interval
      [2, 50, 0.05, 0.12061415542204412],
      [10, 1000, 0.05, 0.016903175120562504],
      [0, 10, 0.05, 0.2588655508930522],
      [3, 30, 0.1, 0.20929946558702422],
    ]
    for (const [k, n, delta, expected] of cases) {
      expect(clopperPearson({ labeled: n, errors: k }, delta).upper! / expected, `${k} of ${n} at ${delta}`).toBeCloseTo(1, 10)
    }
  })

  it('is 1 when every draw erred, null without draws, and the estimate is x / n', () => {
    expect(clopperPearson({ labeled: 7, errors: 7 }, 0.05)).toEqual({ estimate: 1, upper: 1 })
    expect(clopperPearson({ labeled: 0, errors: 0 }, 0.05)).toEqual({ estimate: null, upper: null })
    expect(clopperPearson({ labeled: 40, errors: 3 }, 0.05).estimate).toBe(3 / 40)
  })

  it('agrees with bisection on the binomial CDF over 600 random (x, n, δ)', () => {
    const random = mulberry32(11)
    for (let i = 0; i < 600; i++) {
      const n = 1 + Math.floor(random() ** 2 * 3000)
      const k = Math.floor(random() ** 3 * (n + 1))
      const delta = [0.01, 0.025, 0.05, 0.1, 0.2][i % 5] * (0.5 + random())
      const fast = clopperPearson({ labeled: n, errors: k }, delta).upper!
      const slow = bisectionUpper(k, n, delta)
      expect(Math.abs(fast - slow), `${k} of ${n} at ${delta}: ${fast} vs ${slow}`).toBeLessThan(1e-9 * Math.max(slow, 1e-3))
    }
  })

  it('knows the fewest labels with which zero errors pass: 149 for α = 2 %, δ = 5 %', () => {
    expect(minLabelsToPass(0.02, 0.05)).toBe(149)
    expect(zeroErrorUpper(149, 0.05)).toBeLessThanOrEqual(0.02)
    expect(zeroErrorUpper(148, 0.05)).toBeGreaterThan(0.02)
    for (const [alpha, delta] of [[0.01, 0.05], [0.05, 0.1], [0.001, 0.01]]) {
      const n = minLabelsToPass(alpha, delta)
      expect(zeroErrorUpper(n, delta)).toBeLessThanOrEqual(alpha)
      expect(zeroErrorUpper(n - 1, delta)).toBeGreaterThan(alpha)
    }
  })
})

describe('stratified Clopper–Pearson', () => {
  it('with one stratum is plain Clopper–Pearson, whatever its propensity', () => {
    const one = [{ predictions: 5000, labeled: 500, errors: 6 }]
    for (const split of ['weighted', 'equal', 'bonferroni'] as const) {
      expect(stratifiedClopperPearson(one, 0.05, split)).toEqual(clopperPearson(one[0], 0.05))
      expect(stratifiedZeroErrorUpper(one, 0.05, split)).toBe(zeroErrorUpper(500, 0.05))
    }
  })

  it('weights each stratum by its population share and its estimate is the weighted error rate', () => {
    // 1,000 reviewed (all labeled, 30 errors) and 3,000 auto-accepted with 300 audited (3 errors).
    const strata = [
      { predictions: 1000, labeled: 1000, errors: 30 },
      { predictions: 3000, labeled: 300, errors: 3 },
    ]
    const [d1, d2] = stratumDeltas(strata, 0.05)
    expect((1 - d1) * (1 - d2)).toBeCloseTo(0.95, 14)
    expect(d2).toBeGreaterThan(d1) // the heavier stratum gets more of δ
    const bound = stratifiedClopperPearson(strata, 0.05)
    expect(bound.estimate).toBeCloseTo(0.25 * 0.03 + 0.75 * 0.01, 14)
    const expected = 0.25 * clopperPearson(strata[0], d1).upper! + 0.75 * clopperPearson(strata[1], d2).upper!
    expect(bound.upper).toBeCloseTo(expected, 14)
    // Equal (Šidák) and Bonferroni splits: each stratum at 1 − 0.95^(1/2) ≈ 0.02532 or at 0.025.
    expect(stratumDeltas(strata, 0.05, 'equal')[0]).toBeCloseTo(1 - Math.sqrt(0.95), 14)
    expect(stratumDeltas(strata, 0.05, 'bonferroni')).toEqual([0.025, 0.025])
    expect(stratifiedClopperPearson(strata, 0.05, 'bonferroni').upper!).toBeGreaterThan(stratifiedClopperPearson(strata, 0.05, 'equal').upper!)
  })

  it('bounds a stratum without labels by 1 and spends no δ on it; its estimate is null', () => {
    const strata = [
      { predictions: 900, labeled: 900, errors: 9 },
      { predictions: 100, labeled: 0, errors: 0 },
    ]
    expect(stratumDeltas(strata, 0.05)).toEqual([0.05, 0])
    const bound = stratifiedClopperPearson(strata, 0.05)
    expect(bound.estimate).toBeNull()
    expect(bound.upper).toBeCloseTo(0.9 * clopperPearson(strata[0], 0.05).upper! + 0.1, 14)
    expect(stratifiedClopperPearson([], 0.05)).toEqual({ estimate: null, upper: null })
    expect(stratifiedZeroErrorUpper([{ predictions: 0, labeled: 0, errors: 0 }], 0.05)).toBeNull()
  })

  it('rejects impossible counts', () => {
    expect(() => stratifiedClopperPearson([{ predictions: 10, labeled: 11, errors: 0 }], 0.05)).toThrow(RangeError)
    expect(() => stratifiedClopperPearson([{ predictions: 10, labeled: 5, errors: 6 }], 0.05)).toThrow(RangeError)
    expect(() => stratifiedClopperPearson([{ predictions: 10, labeled: 5, errors: 1 }], 0)).toThrow(RangeError)
  })

  it('covers the population risk in at least 1 − δ of 4,000 draws (two strata, every split)', () => {
    // Stratum rates 4 % (reviewed, 400 of 400 labeled) and 1 % (audited, 10 % of 3,600): Risk = 1.3 %.
    const random = mulberry32(5)
    const binomial = (n: number, p: number) => {
      let x = 0
      for (let i = 0; i < n; i++) if (random() < p) x++
      return x
    }
    const risk = 0.1 * 0.04 + 0.9 * 0.01
    const misses = { weighted: 0, equal: 0, bonferroni: 0 }
    const draws = 4000
    for (let i = 0; i < draws; i++) {
      const strata: StratumCounts[] = [
        { predictions: 400, labeled: 400, errors: binomial(400, 0.04) },
        { predictions: 3600, labeled: 360, errors: binomial(360, 0.01) },
      ]
      for (const split of ['weighted', 'equal', 'bonferroni'] as const) {
        if (stratifiedClopperPearson(strata, 0.05, split).upper! < risk) misses[split]++
      }
    }
    // Clopper–Pearson is conservative, so the miss rates lie well under δ; 0.05 + 3 standard errors
    // (√(0.05·0.95/4000) ≈ 0.0034) leaves room for Monte-Carlo noise only.
    for (const split of ['weighted', 'equal', 'bonferroni'] as const) expect(misses[split] / draws, split).toBeLessThan(0.06)
  })
})
