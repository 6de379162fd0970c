import { describe, expect, it } from 'vitest'
import { mulberry32 } from '@/test/prng'
import { clopperPearson, stratumDeltas } from './bounds.compute'
import {
  candidateThreshold,
  computeRecommendation,
  confidenceCell,
  type CurvePoint,
  type ThresholdCellRow,
} from './recommend.compute'

const reviewed = (cell: number, predictions: number, errors: number): ThresholdCellRow => ({
  cell,
  propensity: 1,
  predictions,
  labeled: predictions,
  errors,
})
const pointAt = (curve: CurvePoint[], threshold: number) => curve.find((p) => p.threshold === threshold)!

describe('confidenceCell', () => {
  it('puts a confidence in the cell of the highest candidate it reaches, so "≥ k/1000" is "cell ≥ k"', () => {
    expect(confidenceCell(0)).toBe(0)
    expect(confidenceCell(1)).toBe(1000)
    expect(confidenceCell(0.9995)).toBe(999)
    for (let k = 1; k <= 1000; k++) {
      const t = candidateThreshold(k)
      expect(confidenceCell(t)).toBe(k)
      // The double just below k/1000 belongs to the cell below, though its product with 1000 may round to k.
      const below = t - Number.EPSILON * t
      expect(confidenceCell(below) === k - 1 || below >= t, `below ${t}`).toBe(true)
    }
    expect(() => confidenceCell(1.0001)).toThrow(RangeError)
  })
})

describe('computeRecommendation: the walk', () => {
  // Propensity 1, everything labeled, δ = 5 %, α = 6 %, at least 50 labels. Zero errors pass from
  // n = 49 on (1 − 0.05^(1/49) ≤ 0.06), so min_labeled is the rule that skips at the top.
  const rows = [reviewed(1000, 10, 0), reviewed(999, 40, 0), reviewed(990, 100, 2), reviewed(980, 50, 10), reviewed(950, 1000, 0)]
  const options = { targetError: 0.06, delta: 0.05, minLabeled: 50, windowDays: 2, meanHandleSeconds: 60 }

  it('skips while labels are few, passes, stops at the first failure and recommends the last pass', () => {
    const r = computeRecommendation(rows, options)
    expect(r.method).toBe('clopper_pearson')
    expect(r.curve).toHaveLength(1001)
    expect(r.curve[0].threshold).toBe(1)
    expect(r.curve[1000].threshold).toBe(0)
    // 1.000: 10 labels < 50.
    expect(pointAt(r.curve, 1)).toMatchObject({ status: 'skipped', skip_reason: 'min_labeled', labeled: 10 })
    // 0.999: 50 of 50 right, bound 1 − 0.05^(1/50) = 0.058155 ≤ 0.06.
    expect(pointAt(r.curve, 0.999).status).toBe('passed')
    expect(pointAt(r.curve, 0.999).risk_upper).toBeCloseTo(0.05815507911697225, 12)
    // 0.990 … 0.981: 2 errors of 150, bound 0.041375 (scipy beta.ppf(0.95, 3, 148)).
    expect(pointAt(r.curve, 0.99).risk_upper).toBeCloseTo(0.041374969893577085, 10)
    expect(pointAt(r.curve, 0.981).status).toBe('passed')
    // 0.980: 12 errors of 200, bound 0.0954 > 0.06: fails and ends the walk.
    expect(pointAt(r.curve, 0.98)).toMatchObject({ status: 'failed', labeled: 200, errors: 12 })
    expect(pointAt(r.curve, 0.98).risk_upper).toBeCloseTo(0.09540141772987734, 10)
    // 0.950 would pass (12 of 1,200, bound 0.01615) but is never tested: the walk has stopped.
    expect(pointAt(r.curve, 0.95)).toMatchObject({ status: 'not_tested', labeled: 1200 })
    expect(pointAt(r.curve, 0.95).risk_upper).toBeCloseTo(0.016151886355551474, 10)
    expect(r.curve.filter((p) => p.status === 'failed')).toHaveLength(1)

    expect(r).toMatchObject({ threshold: 0.981, feasible: true, reason: null, labeled: 150, errors: 2, predictions: 150 })
    expect(r.risk_estimate).toBeCloseTo(2 / 150, 15)
    expect(r.risk_upper).toBeCloseTo(0.041374969893577085, 10)
    expect(r.automation_rate).toBeCloseTo(150 / 1200, 15)
    // 1,050 of 1,200 escalated over 2 days; 60 s each at 85 % occupancy.
    expect(r.escalations_per_day).toBe(525)
    expect(r.reviewer_hours_per_day).toBeCloseTo((525 * 60) / 3600 / 0.85, 12)
    expect(r.capacity_binds).toBeNull()
    expect(r.missing_reviewer_hours_per_day).toBeNull()
  })

  it('counts audit draws as escalations and checks the capacity', () => {
    const binding = computeRecommendation(rows, { ...options, capacityPerDay: 500, auditRate: 0.1 })
    // (1,050 + 0.1 · 150) / 2 = 532.5 a day against 500.
    expect(binding.escalations_per_day).toBeCloseTo(532.5, 12)
    expect(binding).toMatchObject({ capacity_per_day: 500, capacity_binds: true })
    expect(binding.missing_reviewer_hours_per_day).toBeCloseTo((32.5 * 60) / 3600 / 0.85, 12)
    const ample = computeRecommendation(rows, { ...options, capacityPerDay: 600 })
    expect(ample).toMatchObject({ capacity_binds: false, missing_reviewer_hours_per_day: 0 })
    const noHandle = computeRecommendation(rows, { ...options, meanHandleSeconds: null, capacityPerDay: 500 })
    expect(noHandle).toMatchObject({ capacity_binds: true, missing_reviewer_hours_per_day: null, reviewer_hours_per_day: null })
  })

  it('skips (not fails) a candidate where even zero errors could not pass', () => {
    // α = 2 %: zero errors pass from n = 149. 120 labels at 1.000 meet min_labeled = 100 but not that.
    const r = computeRecommendation([reviewed(1000, 120, 0), reviewed(999, 100, 0), reviewed(900, 2000, 200)], {
      targetError: 0.02,
      minLabeled: 100,
      windowDays: 1,
    })
    expect(pointAt(r.curve, 1)).toMatchObject({ status: 'skipped', skip_reason: 'zero_errors_cannot_pass' })
    expect(pointAt(r.curve, 1).risk_upper).toBeCloseTo(1 - 0.05 ** (1 / 120), 12)
    expect(pointAt(r.curve, 0.999)).toMatchObject({ status: 'passed', risk_estimate: 0 })
    expect(pointAt(r.curve, 0.9)).toMatchObject({ status: 'failed' })
    expect(r.threshold).toBe(0.901)
  })

  it('is infeasible for want of labels when no candidate could be tested', () => {
    const r = computeRecommendation([reviewed(990, 150, 0), { cell: 500, propensity: 1, predictions: 5000, labeled: 0, errors: 0 }], {
      windowDays: 10,
      meanHandleSeconds: 30,
    })
    expect(r).toMatchObject({ feasible: false, reason: 'not_enough_labels', threshold: null, automation_rate: 0, labeled: 150 })
    expect(r.curve.every((p) => p.status === 'skipped')).toBe(true)
    // Nothing auto-accepted: every prediction is escalated.
    expect(r.escalations_per_day).toBe(515)
    expect(r.note).toMatch(/150 labeled predictions/)
    expect(r.risk_upper).toBeNull()
  })

  it('is infeasible because the target is too strict when the first tested candidate fails', () => {
    const r = computeRecommendation([reviewed(999, 300, 9), reviewed(900, 3000, 90)], { windowDays: 1 })
    expect(r).toMatchObject({ feasible: false, reason: 'target_too_strict', threshold: null })
    expect(pointAt(r.curve, 0.999).status).toBe('failed')
    expect(r.note).toMatch(/^The first candidate with labels enough to test, 0\.999/)
    expect(computeRecommendation([], { windowDays: 1 })).toMatchObject({ feasible: false, reason: 'not_enough_labels', automation_rate: null })
  })

  it('rejects impossible rows and options', () => {
    expect(() => computeRecommendation([{ cell: 1001, propensity: 1, predictions: 1, labeled: 1, errors: 0 }], { windowDays: 1 })).toThrow(RangeError)
    expect(() => computeRecommendation([{ cell: 5, propensity: -0.1, predictions: 1, labeled: 1, errors: 0 }], { windowDays: 1 })).toThrow(RangeError)
    expect(() => computeRecommendation([{ cell: 5, propensity: 1.5, predictions: 1, labeled: 1, errors: 0 }], { windowDays: 1 })).toThrow(RangeError)
    expect(() => computeRecommendation([{ cell: 5, propensity: 1, predictions: 1, labeled: 2, errors: 0 }], { windowDays: 1 })).toThrow(RangeError)
    expect(() => computeRecommendation([], { windowDays: 0 })).toThrow(RangeError)
    expect(() => computeRecommendation([], { windowDays: 1, targetError: 0 })).toThrow(RangeError)
  })
})

describe('computeRecommendation: the selective design', () => {
  // Threshold in force 0.990: above it auto-accepted and audited at 20 %, below it reviewed.
  const rows: ThresholdCellRow[] = [
    { cell: 995, propensity: 0.2, predictions: 5000, labeled: 1000, errors: 5 },
    reviewed(985, 500, 10),
    reviewed(970, 500, 50),
  ]

  it('combines the strata by population share and stops where the reviewed errors lift the bound', () => {
    const r = computeRecommendation(rows, { windowDays: 7 })
    expect(r.method).toBe('stratified_clopper_pearson')
    // 0.995 … 0.986: the audit stratum alone, 5 of 1,000: plain Clopper–Pearson on the audit draws.
    expect(pointAt(r.curve, 0.995).risk_upper).toBeCloseTo(clopperPearson({ labeled: 1000, errors: 5 }, 0.05).upper!, 14)
    expect(pointAt(r.curve, 0.986).status).toBe('passed')
    // 0.985: 500 reviewed (weight 1/11) and 5,000 audited at 20 % (weight 10/11).
    const strata = [
      { predictions: 500, labeled: 500, errors: 10 },
      { predictions: 5000, labeled: 1000, errors: 5 },
    ]
    const [d1, d2] = stratumDeltas(strata, 0.05)
    const at985 = pointAt(r.curve, 0.985)
    expect(at985.risk_estimate).toBeCloseTo((1 / 11) * 0.02 + (10 / 11) * 0.005, 14)
    expect(at985.risk_upper).toBeCloseTo(
      (1 / 11) * clopperPearson(strata[0], d1).upper! + (10 / 11) * clopperPearson(strata[1], d2).upper!,
      14,
    )
    expect(at985.status).toBe('passed')
    // 0.970: 60 errors of 1,000 reviewed at weight 1/6: the bound passes 2 %.
    expect(pointAt(r.curve, 0.97).status).toBe('failed')
    expect(r.threshold).toBe(0.971)
    expect(r.labeled).toBe(1500)
    expect(r.predictions).toBe(5500)
  })

  it('a stratum without audit draws bounds its share by 1', () => {
    const r = computeRecommendation([{ cell: 999, propensity: 0.1, predictions: 100, labeled: 0, errors: 0 }, reviewed(990, 3000, 0)], {
      windowDays: 1,
    })
    // At 0.990: 100 of 3,100 predictions unbounded (share 0.032 > 2 %): even zero errors cannot pass.
    expect(pointAt(r.curve, 0.99)).toMatchObject({ status: 'skipped', skip_reason: 'zero_errors_cannot_pass', risk_estimate: null })
    expect(r.feasible).toBe(false)
  })
})

/**
 * An independent fixed-sequence Clopper–Pearson over raw predictions: `confidence >= k/1000` on
 * each prediction (no cells, no accumulation) and a bisection on the binomial CDF for the bound.
 */
function naiveRecommendation(predictions: { confidence: number; error: boolean }[], alpha: number, delta: number, minLabeled: number): number | null {
  const binomialCdf = (k: number, n: number, p: number) => {
    let logTerm = n * Math.log1p(-p)
    let sum = Math.exp(logTerm)
    for (let j = 0; j < k; j++) {
      logTerm += Math.log(n - j) - Math.log(j + 1) + Math.log(p) - Math.log1p(-p)
      sum += Math.exp(logTerm)
    }
    return sum
  }
  const upper = (k: number, n: number) => {
    if (k === n) return 1
    let lo = 0
    let hi = 1
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2
      if (binomialCdf(k, n, mid) > delta) lo = mid
      else hi = mid
    }
    return hi
  }
  let last: number | null = null
  for (let k = 1000; k >= 0; k--) {
    const t = k / 1000
    const above = predictions.filter((p) => p.confidence >= t)
    const n = above.length
    const x = above.filter((p) => p.error).length
    if (n < minLabeled || 1 - delta ** (1 / n) > alpha) continue
    if (upper(x, n) > alpha) break
    last = t
  }
  return last
}

describe('computeRecommendation equals an independent fixed-sequence Clopper–Pearson', () => {
  it('on 40 random fully labeled logs', () => {
    const random = mulberry32(23)
    let found = 0
    for (let log = 0; log < 40; log++) {
      const n = 500 + Math.floor(random() * 3000)
      const slope = 0.5 + random() * 2
      const predictions = Array.from({ length: n }, () => {
        // Confidences on and between grid points, so both sides of every cell edge occur.
        const confidence = random() < 0.3 ? Math.round((0.9 + 0.1 * random()) * 1000) / 1000 : 1 - random() ** 2 * 0.2
        return { confidence, error: random() < slope * (1 - confidence) }
      })
      const cells = new Map<number, ThresholdCellRow>()
      for (const p of predictions) {
        const cell = confidenceCell(p.confidence)
        const row = cells.get(cell) ?? reviewed(cell, 0, 0)
        row.predictions++
        row.labeled++
        if (p.error) row.errors++
        cells.set(cell, row)
      }
      const alpha = [0.01, 0.02, 0.05][log % 3]
      const r = computeRecommendation([...cells.values()], { targetError: alpha, minLabeled: 100, windowDays: 1, curve: 'walk' })
      const expected = naiveRecommendation(predictions, alpha, 0.05, 100)
      expect(r.threshold, `log ${log}`).toBe(expected)
      if (expected !== null) found++
    }
    // Most logs certify some threshold: the comparison is not one of nulls.
    expect(found).toBeGreaterThan(25)
  })
})
