import { mulberry32 } from '@/test/prng'
import { describe, expect, it } from 'vitest'
import { emptyRow, binIndex, computeCalibration, quantileBinIndex, uniformEdges, type Binning } from '@/analytics/calibration/calibration.compute'
import { binPredictions, quantileEdges, type CalibrationPrediction } from '@/analytics/calibration/calibration.reference'
import { CalibrationBinRow } from '@/analytics/calibration/calibration.schema'
import { wilsonInterval } from '@/analytics/shared/stats.compute'


/** computeCalibration fed with the aggregates of raw predictions, as the SQL path would. */
function calibrate(predictions: readonly CalibrationPrediction[], binning: Binning) {
  return computeCalibration(binPredictions(predictions, binning), binning)
}

const UNIFORM_10: Binning = { strategy: 'uniform', bins: 10 }

/** An aggregate row with every sum 0 but those given. */
function binRow(fields: Partial<CalibrationBinRow> & { bin: number }): CalibrationBinRow {
  return { ...emptyRow(fields.bin), ...fields }
}

/**
 * ECE, MCE and Brier straight from raw predictions, written independently of the aggregate path:
 * per bin, filter the predictions and take the weighted means directly.
 */
function naiveCalibration(predictions: readonly CalibrationPrediction[], bins: number) {
  const gaps: Array<{ population: number; gap: number }> = []
  for (let b = 0; b < bins; b++) {
    const inBin = predictions.filter((p) => Math.min(Math.floor(p.confidence * bins), bins - 1) === b)
    const labeled = inBin.filter((p) => p.correct !== null)
    if (labeled.length === 0) continue
    const meanConfidence = inBin.reduce((sum, p) => sum + p.confidence, 0) / inBin.length
    const weight = labeled.reduce((sum, p) => sum + p.weight, 0)
    const accuracy = labeled.reduce((sum, p) => sum + (p.correct ? p.weight : 0), 0) / weight
    gaps.push({ population: inBin.length, gap: Math.abs(accuracy - meanConfidence) })
  }
  const population = gaps.reduce((sum, g) => sum + g.population, 0)
  const labeled = predictions.filter((p) => p.correct !== null)
  const weight = labeled.reduce((sum, p) => sum + p.weight, 0)
  return {
    ece: gaps.reduce((sum, g) => sum + (g.population / population) * g.gap, 0),
    mce: Math.max(...gaps.map((g) => g.gap)),
    brier: labeled.reduce((sum, p) => sum + p.weight * (p.confidence - (p.correct ? 1 : 0)) ** 2, 0) / weight,
  }
}

describe('binIndex', () => {
  it('agrees with ClickHouse floor(c * bins) on Float64', () => {
    // Each row was checked against chDB 3.4: SELECT floor(c * b) FROM values('c Float64, b UInt8', …).
    // Both sides multiply IEEE-754 doubles with round-to-nearest, so the bins agree even where the
    // double product differs from the decimal one.
    const chdb: Array<[c: number, bins: number, product: number, bin: number]> = [
      [0.3, 10, 3, 3],
      [0.7, 10, 7, 7],
      [0.1, 10, 1, 1],
      [0.58, 50, 28.999999999999996, 28],
      [0.29, 100, 28.999999999999996, 28],
      [0.57, 100, 56.99999999999999, 56],
      [0.14, 50, 7.000000000000001, 7],
      [0.28, 25, 7.000000000000001, 7],
      [0.56, 25, 14.000000000000002, 14],
      [0.35, 20, 7, 7],
      [0.999999, 10, 9.99999, 9],
      [0, 10, 0, 0],
    ]
    for (const [c, bins, product, bin] of chdb) {
      expect(c * bins).toBe(product)
      expect(binIndex(c, bins)).toBe(bin)
    }
  })

  it('puts c = 1 in the top bin and a double equal to an edge by the floor rule', () => {
    expect(binIndex(1, 10)).toBe(9)
    expect(binIndex(0.9, 10)).toBe(9)
    // 29/50 is the double 0.58, the nominal lower edge of bin 29, yet 0.58·50 rounds below 29.
    expect(uniformEdges(50)[29]).toBe(0.58)
    expect(binIndex(0.58, 50)).toBe(28)
  })

  it('rejects confidences outside [0, 1] and bad bin counts', () => {
    expect(() => binIndex(1.01, 10)).toThrow(RangeError)
    expect(() => binIndex(Number.NaN, 10)).toThrow(RangeError)
    expect(() => binIndex(0.5, 0)).toThrow(RangeError)
    expect(() => binIndex(0.5, 2.5)).toThrow(RangeError)
  })
})

describe('uniformEdges and quantileEdges', () => {
  it('gives k/bins with exact ends', () => {
    expect(uniformEdges(4)).toEqual([0, 0.25, 0.5, 0.75, 1])
    expect(uniformEdges(10)[3]).toBe(0.3)
  })

  it('takes type-7 quantiles at k/bins and assigns by interior edges ≤ c', () => {
    const confidences = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]
    const edges = quantileEdges(confidences, 4)!
    // h = k/4 · 9 = 2.25, 4.5, 6.75 → 0.325, 0.55, 0.775.
    expect(edges[0]).toBe(0)
    expect(edges[1]).toBeCloseTo(0.325, 15)
    expect(edges[2]).toBeCloseTo(0.55, 15)
    expect(edges[3]).toBeCloseTo(0.775, 15)
    expect(edges[4]).toBe(1)
    expect(confidences.map((c) => quantileBinIndex(c, edges))).toEqual([0, 0, 0, 1, 1, 2, 2, 3, 3, 3])
    expect(quantileBinIndex(0, edges)).toBe(0)
  })

  it('leaves the bins between repeated edges empty', () => {
    const confidences = [0.5, 0.6, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]
    const edges = quantileEdges(confidences, 4)!
    expect(edges).toEqual([0, 0.9, 0.9, 0.9, 1])
    const result = calibrate(
      confidences.map((c) => ({ confidence: c, correct: true, weight: 1 })),
      { strategy: 'quantile', edges },
    )
    expect(result.reliability.map((b) => b.count)).toEqual([2, 0, 0, 8])
    expect(result.reliability[1]).toMatchObject({ lower: 0.9, upper: 0.9, mean_confidence: null, accuracy: null })
  })

  it('is null for no confidences and rejects malformed edges', () => {
    expect(quantileEdges([], 10)).toBeNull()
    expect(() => computeCalibration([], { strategy: 'quantile', edges: [0, 0.6, 0.5, 1] })).toThrow(RangeError)
    expect(() => computeCalibration([], { strategy: 'quantile', edges: [0.1, 1] })).toThrow(RangeError)
  })
})

describe('computeCalibration', () => {
  it('matches a hand-computed example (unit weights)', () => {
    const predictions: CalibrationPrediction[] = [
      { confidence: 0.95, correct: true, weight: 1 },
      { confidence: 0.95, correct: true, weight: 1 },
      { confidence: 0.85, correct: false, weight: 1 },
      { confidence: 0.85, correct: true, weight: 1 },
      { confidence: 0.55, correct: false, weight: 1 },
      { confidence: 0.35, correct: null, weight: 1 },
    ]
    const result = calibrate(predictions, UNIFORM_10)
    // Gaps: bin 9 |1 − 0.95| = 0.05 (2 items), bin 8 |0.5 − 0.85| = 0.35 (2), bin 5 |0 − 0.55| = 0.55 (1);
    // bin 3 has no label and is left out, so N = 5. ECE = (0.1 + 0.7 + 0.55)/5 = 0.27.
    expect(result.ece).toBeCloseTo(0.27, 15)
    expect(result.mce).toBeCloseTo(0.55, 15)
    // Brier = (2·0.05² + 0.85² + 0.15² + 0.55²)/5 = 1.0525/5.
    expect(result.brier).toBeCloseTo(0.2105, 15)
    expect(result.predictions).toBe(6)
    expect(result.labeled).toBe(5)
    expect(result.reliability).toHaveLength(10)
    expect(result.reliability[3]).toMatchObject({
      count: 1,
      labeled: 0,
      mean_confidence: 0.35,
      accuracy: null,
      accuracy_ci: null,
    })
    expect(result.reliability[0]).toEqual({
      bin: 0,
      lower: 0,
      upper: 0.1,
      count: 0,
      labeled: 0,
      mean_confidence: null,
      accuracy: null,
      accuracy_ci: null,
    })
    expect(result.reliability[8]).toMatchObject({ lower: 0.8, upper: 0.9, count: 2, labeled: 2, accuracy: 0.5 })
    expect(result.reliability[8].accuracy_ci).toEqual(wilsonInterval(1, 2))
  })

  it('matches a hand-computed weighted example built from aggregate rows', () => {
    // Two bins. Bin 1: 10 predictions (Σc = 8), 4 labeled: c 0.6 wrong and 0.7 right at w = 1,
    // c 0.9 and 0.95 right at w = 4 (propensity 0.25). Σw = 10, Σw² = 34, Σw·correct = 9,
    // Σw·(c − correct)² = 0.36 + 0.09 + 4·0.01 + 4·0.0025 = 0.5. Accuracy 0.9 vs confidence 0.8.
    // Bin 0: 5 predictions at 0.2, 0.3, 0.3, 0.3, 0.4, all labeled wrong at w = 1: accuracy 0 vs 0.3,
    // Σw·(c − 0)² = 0.47.
    const rows: CalibrationBinRow[] = [
      binRow({ bin: 1, count: 10, sum_confidence: 8, labeled: 4, weight_sum: 10, weight_sq_sum: 34 }),
      binRow({ bin: 0, count: 5, sum_confidence: 1.5, labeled: 5, weight_sum: 5, weight_sq_sum: 5 }),
    ].map((row) =>
      row.bin === 1 ? { ...row, weighted_correct_sum: 9, weighted_brier_sum: 0.5 } : { ...row, weighted_brier_sum: 0.47 },
    )
    const result = computeCalibration(rows, { strategy: 'uniform', bins: 2 })
    // ECE = (10·0.1 + 5·0.3)/15 = 1/6; MCE = 0.3; Brier = 0.97/15.
    expect(result.ece).toBeCloseTo(1 / 6, 15)
    expect(result.mce).toBeCloseTo(0.3, 15)
    expect(result.brier).toBeCloseTo(0.97 / 15, 15)
    expect(result.reliability[1].accuracy).toBe(0.9)
    // Kish: n_eff = 10²/34 ≈ 2.94 < 4 labeled, so the interval is wider than an unweighted one.
    const effectiveN = 100 / 34
    expect(result.reliability[1].accuracy_ci).toEqual(wilsonInterval(0.9 * effectiveN, effectiveN))
    const unweighted = wilsonInterval(3.6, 4)!
    const ci = result.reliability[1].accuracy_ci!
    expect(ci.upper - ci.lower).toBeGreaterThan(unweighted.upper - unweighted.lower)
  })

  it('adds repeated bin rows, lists empty bins and answers null for nothing labeled', () => {
    const row = binRow({ bin: 3, count: 2, sum_confidence: 1.6 })
    const result = computeCalibration([row, row], { strategy: 'uniform', bins: 4 })
    expect(result.reliability.map((b) => b.count)).toEqual([0, 0, 0, 4])
    expect(result.reliability[3].mean_confidence).toBeCloseTo(0.8, 15)
    expect(result).toMatchObject({ ece: null, mce: null, brier: null, predictions: 4, labeled: 0 })
    const empty = computeCalibration([], { strategy: 'uniform', bins: 10 })
    expect(empty).toMatchObject({ bins: 10, strategy: 'uniform', ece: null, mce: null, brier: null, predictions: 0, labeled: 0 })
    expect(empty.reliability.every((b) => b.count === 0 && b.mean_confidence === null)).toBe(true)
  })

  it('rejects inconsistent rows (also at the zod boundary)', () => {
    // Two labeled predictions in a bin of one.
    const bad = binRow({ bin: 0, count: 1, sum_confidence: 0.5, labeled: 2, weight_sum: 2, weight_sq_sum: 2, weighted_correct_sum: 1 })
    expect(() => computeCalibration([bad], { strategy: 'uniform', bins: 2 })).toThrow(RangeError)
    expect(() => computeCalibration([{ ...bad, labeled: 1, bin: 2 }], { strategy: 'uniform', bins: 2 })).toThrow(RangeError)
    expect(CalibrationBinRow.safeParse(bad).success).toBe(false)
    expect(CalibrationBinRow.safeParse({ ...bad, labeled: 1 }).success).toBe(true)
    expect(CalibrationBinRow.safeParse({ ...bad, labeled: 1, weighted_correct_sum: 3 }).success).toBe(false)
  })

  it('agrees with a naive per-prediction computation on random weighted data', () => {
    const random = mulberry32(2024)
    const propensities = [1, 0.5, 0.1]
    for (const bins of [2, 7, 10, 50]) {
      const predictions: CalibrationPrediction[] = Array.from({ length: 3000 }, () => {
        const confidence = random() < 0.02 ? 1 : random()
        const propensity = propensities[Math.floor(random() * 3)]
        const labeled = random() < propensity
        return { confidence, correct: labeled ? random() < confidence ** 1.5 : null, weight: 1 / propensity }
      })
      const result = calibrate(predictions, { strategy: 'uniform', bins })
      const naive = naiveCalibration(predictions, bins)
      expect(result.ece).toBeCloseTo(naive.ece, 12)
      expect(result.mce).toBeCloseTo(naive.mce, 12)
      expect(result.brier).toBeCloseTo(naive.brier, 12)
      expect(result.predictions).toBe(3000)
    }
  })

  it('with every propensity 1 the weighted figures are the ordinary ECE and Brier (Guo et al. 2017)', () => {
    const random = mulberry32(99)
    const predictions: CalibrationPrediction[] = Array.from({ length: 1000 }, () => {
      const confidence = 0.5 + random() / 2
      return { confidence, correct: random() < confidence - 0.1, weight: 1 }
    })
    const result = calibrate(predictions, UNIFORM_10)
    let ece = 0
    for (let b = 0; b < 10; b++) {
      const inBin = predictions.filter((p) => binIndex(p.confidence, 10) === b)
      if (inBin.length === 0) continue
      const acc = inBin.filter((p) => p.correct).length / inBin.length
      const conf = inBin.reduce((s, p) => s + p.confidence, 0) / inBin.length
      ece += (inBin.length / predictions.length) * Math.abs(acc - conf)
    }
    const brier = predictions.reduce((s, p) => s + (p.confidence - (p.correct ? 1 : 0)) ** 2, 0) / predictions.length
    expect(result.ece).toBeCloseTo(ece, 12)
    expect(result.brier).toBeCloseTo(brier, 12)
    // Equal weights: the Kish effective size is the labeled count, the interval the plain Wilson one.
    for (const bin of result.reliability.filter((b) => b.labeled > 0)) {
      const ci = wilsonInterval(bin.accuracy! * bin.labeled, bin.labeled)!
      expect(bin.accuracy_ci!.lower).toBeCloseTo(ci.lower, 12)
      expect(bin.accuracy_ci!.upper).toBeCloseTo(ci.upper, 12)
    }
  })
})

describe('simulation: audit sampling of auto-accepted predictions', () => {
  // A miscalibrated model: 70 % of items have confidence in [0.9, 1) and are right with probability
  // c − 0.08; the rest have confidence in [0.5, 0.9) and are right with probability c − 0.25.
  // Items at ≥ 0.9 are auto-accepted and labeled only through a 5 % audit (weight 20); the others
  // are all reviewed (propensity 1). The truth is the ECE/Brier of all items with their realized
  // correctness, about 0.7·0.08 + 0.3·0.25 ≈ 0.13.
  const POPULATION = 200_000
  const AUTO_THRESHOLD = 0.9
  const AUDIT_PROPENSITY = 0.05
  const random = mulberry32(20240601)
  const truth: Array<{ confidence: number; correct: boolean }> = []
  const observed: CalibrationPrediction[] = []
  for (let i = 0; i < POPULATION; i++) {
    const high = random() < 0.7
    const confidence = high ? 0.9 + random() * 0.1 : 0.5 + random() * 0.4
    const correct = random() < confidence - (high ? 0.08 : 0.25)
    truth.push({ confidence, correct })
    const propensity = confidence >= AUTO_THRESHOLD ? AUDIT_PROPENSITY : 1
    const labeled = random() < propensity
    observed.push({ confidence, correct: labeled ? correct : null, weight: 1 / propensity })
  }
  const population = calibrate(
    truth.map((t) => ({ ...t, weight: 1 })),
    UNIFORM_10,
  )
  const weighted = calibrate(observed, UNIFORM_10)
  // What ignoring the weights amounts to: the labeled sample treated as if it were the population.
  const labeledOnly = observed.filter((p) => p.correct !== null).map((p) => ({ ...p, weight: 1 }))
  const unweighted = calibrate(labeledOnly, UNIFORM_10)

  it('recovers the population ECE and Brier with inverse-propensity weights', () => {
    expect(population.ece!).toBeGreaterThan(0.12)
    expect(population.ece!).toBeLessThan(0.14)
    // Bins below 0.9 are fully labeled, so their accuracies are exact; the only error comes from
    // bin 9's ~7,000 audited labels: SE(accuracy) ≈ √(0.87·0.13/7000) ≈ 0.004, times its population
    // share 0.7 ≈ 0.003 on ECE. 0.01 is > 3 standard errors. Brier's SE is of the same size
    // (per-item sd ≈ 0.3 in bin 9, /√7000 · 0.7 ≈ 0.0025).
    expect(Math.abs(weighted.ece! - population.ece!)).toBeLessThan(0.01)
    expect(Math.abs(weighted.brier! - population.brier!)).toBeLessThan(0.01)
    expect(weighted.predictions).toBe(POPULATION)
  })

  it('is biased when the weights are ignored', () => {
    // The labeled sample is ~90 % low-confidence items (60k of ~67k), so unweighted ECE ≈
    // 0.1·0.08 + 0.9·0.25 ≈ 0.23 and Brier shifts by ~0.1: both miss by > 10 standard errors.
    expect(Math.abs(unweighted.ece! - population.ece!)).toBeGreaterThan(0.05)
    expect(Math.abs(unweighted.brier! - population.brier!)).toBeGreaterThan(0.05)
    // And the weighted estimate is far closer to the truth than the unweighted one.
    expect(Math.abs(weighted.ece! - population.ece!)).toBeLessThan(Math.abs(unweighted.ece! - population.ece!) / 5)
  })

  it('keeps the per-bin accuracy of the audited bin on target, with an interval at the audit size', () => {
    const bin = weighted.reliability[9]
    const truthBin = population.reliability[9]
    expect(bin.count).toBe(truthBin.count)
    expect(Math.abs(bin.accuracy! - truthBin.accuracy!)).toBeLessThan(0.015)
    // Equal weights within the bin: n_eff = labeled (≈ 7,000), not the weighted total (≈ 140,000).
    const ci = bin.accuracy_ci!
    expect(ci.upper - ci.lower).toBeGreaterThan(0.01)
    expect(ci.lower).toBeLessThan(truthBin.accuracy!)
    expect(ci.upper).toBeGreaterThan(truthBin.accuracy!)
  })
})
