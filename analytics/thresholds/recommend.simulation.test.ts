// Issue 11, point 2: the guarantee, shown by simulation. Many logs are drawn from a known generating
// process, the recommendation is computed on each, and its true Risk is compared with the target:
// P(Risk(threshold) > α) ≤ δ must show as a violation rate of at most about δ. Also measured: the
// automation given up against the oracle threshold (the lowest with true Risk ≤ α), and, on the
// selective design, the adopted confidence split against the plain Bonferroni reference.
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '@/test/prng'
import type { ConfidenceSplit } from './bounds.compute'
import { candidateThreshold, computeRecommendation, confidenceCell, THRESHOLD_STEPS, type ThresholdCellRow } from './recommend.compute'

/**
 * The generating process: confidence c ~ Beta(A, 1) (c = u^(1/A), mean 20/21 ≈ 0.952), and the
 * prediction is wrong with probability κ·(1 − c): an overconfident model (κ > 1). Then
 * Risk(t) = κ·E[1 − c | c ≥ t] = κ·[(1 − t^A) − A/(A + 1)·(1 − t^(A+1))] / (1 − t^A), and the
 * share of predictions at or above t is 1 − t^A.
 */
const A = 20
const KAPPA = 1.2
const trueRisk = (t: number) => (KAPPA * (1 - t ** A - (A / (A + 1)) * (1 - t ** (A + 1)))) / (1 - t ** A)
const trueAutomation = (t: number | null) => (t === null ? 0 : 1 - t ** A)

const ALPHA = 0.02
const DELTA = 0.05
/** Logs per design and predictions per log: 20,000 predictions over a 14-day window. */
const LOGS = 400
const PREDICTIONS = 20_000
/**
 * The violation rate may exceed δ by Monte-Carlo noise only: 2.33 standard errors of a rate δ over
 * LOGS logs (√(0.05·0.95/400) ≈ 0.0109), so a method exactly at δ fails this test 1 % of the time.
 */
const SLACK = 2.33 * Math.sqrt((DELTA * (1 - DELTA)) / LOGS)

/** The oracle: the lowest candidate with true Risk ≤ α (Risk falls as t rises here). */
function oracleThreshold(): number {
  let best = 1
  for (let k = THRESHOLD_STEPS; k >= 0; k--) {
    if (trueRisk(candidateThreshold(k)) > ALPHA) break
    best = candidateThreshold(k)
  }
  return best
}

interface Log {
  rows: ThresholdCellRow[]
  inForce: number
  /** Per cell: all predictions and their errors (labeled or not), for the realised population risk. */
  population: { predictions: number[]; errors: number[] }
}

/**
 * One window of predictions. `plain`: every prediction reviewed and labeled (propensity 1).
 * `selective`: a threshold in force t0 ∈ [0.95, 0.99]; below it reviewed (propensity 1), at or
 * above it auto-accepted and audited at a rate r ∈ [0.10, 0.30] (propensity r).
 */
function drawLog(random: () => number, design: 'plain' | 'selective'): Log {
  const inForce = design === 'selective' ? candidateThreshold(950 + Math.floor(random() * 41)) : 0
  const auditRate = 0.1 + 0.2 * random()
  const cells = new Map<string, ThresholdCellRow>()
  const population = { predictions: Array<number>(THRESHOLD_STEPS + 1).fill(0), errors: Array<number>(THRESHOLD_STEPS + 1).fill(0) }
  for (let i = 0; i < PREDICTIONS; i++) {
    const c = random() ** (1 / A)
    const error = random() < KAPPA * (1 - c)
    const audited = c >= inForce
    const propensity = design === 'plain' || !audited ? 1 : auditRate
    const labeled = propensity === 1 || random() < propensity
    const cell = confidenceCell(c)
    population.predictions[cell]++
    if (error) population.errors[cell]++
    const key = `${cell}:${propensity}`
    const row = cells.get(key) ?? { cell, propensity, predictions: 0, labeled: 0, errors: 0 }
    row.predictions++
    if (labeled) {
      row.labeled++
      if (error) row.errors++
    }
    cells.set(key, row)
  }
  return { rows: [...cells.values()], inForce, population }
}

/** The error rate of the log's own predictions at or above t (labeled or not). */
function realisedRisk(population: Log['population'], t: number): number {
  let predictions = 0
  let errors = 0
  for (let k = Math.round(t * THRESHOLD_STEPS); k <= THRESHOLD_STEPS; k++) {
    predictions += population.predictions[k]
    errors += population.errors[k]
  }
  return predictions > 0 ? errors / predictions : 0
}

interface Summary {
  /** Share of logs whose recommendation has true Risk > α (the guarantee's event). */
  violations: number
  /**
   * Share whose recommendation has a realised error rate > α over the log's own predictions. In the
   * plain design that rate is the observed one, which never exceeds a passing bound: 0 by design.
   */
  realisedViolations: number
  infeasible: number
  /** Mean true automation at the recommendation (0 when infeasible). */
  automation: number
  /** Mean of oracle automation − automation, over all logs and over the feasible ones. */
  givenUp: number
  givenUpFeasible: number
  /** Share of logs recommended below the threshold in force: where two strata are combined. */
  belowInForce: number
}

interface Variant {
  name: string
  split: ConfidenceSplit
  minLabeled: number
}

function simulate(design: 'plain' | 'selective', variants: readonly Variant[], seed: number): Record<string, Summary> {
  const random = mulberry32(seed)
  const oracle = trueAutomation(oracleThreshold())
  const summaries: Record<string, Summary> = {}
  for (const { name } of variants) {
    summaries[name] = { violations: 0, realisedViolations: 0, infeasible: 0, automation: 0, givenUp: 0, givenUpFeasible: 0, belowInForce: 0 }
  }
  for (let i = 0; i < LOGS; i++) {
    const log = drawLog(random, design)
    for (const { name, split, minLabeled } of variants) {
      const r = computeRecommendation(log.rows, { targetError: ALPHA, delta: DELTA, minLabeled, windowDays: 14, curve: 'walk', split })
      const s = summaries[name]
      if (r.threshold === null) s.infeasible++
      else {
        if (trueRisk(r.threshold) > ALPHA) s.violations++
        if (realisedRisk(log.population, r.threshold) > ALPHA) s.realisedViolations++
        s.givenUpFeasible += oracle - trueAutomation(r.threshold)
        if (r.threshold < log.inForce) s.belowInForce++
      }
      s.automation += trueAutomation(r.threshold)
      s.givenUp += oracle - trueAutomation(r.threshold)
    }
  }
  for (const s of Object.values(summaries)) {
    s.givenUpFeasible /= LOGS - s.infeasible
    s.violations /= LOGS
    s.realisedViolations /= LOGS
    s.infeasible /= LOGS
    s.belowInForce /= LOGS
    s.automation /= LOGS
    s.givenUp /= LOGS
  }
  return summaries
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`
function report(design: string, name: string, s: Summary): void {
  console.log(
    `${design} (${name}): violation rate ${pct(s.violations)} (realised population ${pct(s.realisedViolations)}), ` +
      `mean automation ${pct(s.automation)} vs oracle ${pct(trueAutomation(oracleThreshold()))} at ${oracleThreshold()}: ` +
      `given up ${pct(s.givenUp)} (${pct(s.givenUpFeasible)} over the feasible logs), infeasible ${pct(s.infeasible)}, ` +
      `below the threshold in force ${pct(s.belowInForce)} ` +
      `(${LOGS} logs of ${PREDICTIONS} predictions)`,
  )
}

describe(`the guarantee over ${LOGS} simulated logs per design`, () => {
  it('the generating process has the oracle where expected', () => {
    // Risk(0.963) ≈ 1.957 %, Risk(0.962) ≈ 2.003 %: 52.95 % of predictions automated at the oracle.
    expect(oracleThreshold()).toBe(0.963)
    expect(trueRisk(0.963)).toBeCloseTo(0.01957, 5)
    expect(trueRisk(0.962)).toBeGreaterThan(ALPHA)
  })

  it('plain design (everything labeled, propensity 1): violations at most about δ', () => {
    const { clopper_pearson: s } = simulate('plain', [{ name: 'clopper_pearson', split: 'weighted', minLabeled: 200 }], 101)
    report('plain', 'clopper_pearson', s)
    expect(s.violations).toBeLessThanOrEqual(DELTA + SLACK)
    expect(s.realisedViolations).toBeLessThanOrEqual(DELTA + SLACK)
    // With 20,000 labels the bound is tight: about 5 points of automation given up (measured 4.9).
    expect(s.givenUp).toBeLessThan(0.07)
    expect(s.infeasible).toBe(0)
  })

  it('selective design (review below the threshold in force, audit above it at 10–30 %): violations at most about δ, and not behind the Bonferroni reference', () => {
    const all = simulate(
      'selective',
      [
        { name: 'weighted', split: 'weighted', minLabeled: 200 },
        { name: 'equal', split: 'equal', minLabeled: 200 },
        { name: 'bonferroni', split: 'bonferroni', minLabeled: 200 },
        { name: 'weighted, min_labeled 400', split: 'weighted', minLabeled: 400 },
      ],
      202,
    )
    for (const [name, s] of Object.entries(all)) report('selective', name, s)
    for (const s of Object.values(all)) {
      expect(s.violations).toBeLessThanOrEqual(DELTA + SLACK)
      expect(s.realisedViolations).toBeLessThanOrEqual(DELTA + SLACK)
    }
    // The adopted split (weighted) is never behind stratified Clopper–Pearson with Bonferroni over
    // the strata (same logs, so the difference is the split's alone).
    expect(all.weighted.automation).toBeGreaterThanOrEqual(all.bonferroni.automation)
    // The audit draws are few (10–30 % of the predictions above the threshold in force), so much of
    // the oracle's automation cannot be certified: measured 24 points given up, a fifth of the logs
    // infeasible because one error among the first ~200 audit labels already fails (the Clopper–
    // Pearson bound of 1 error in 200 is 2.35 % > 2 %) and ends the walk at its first test.
    expect(all.weighted.givenUp).toBeLessThan(0.3)
    // More labels before the first test make the walk less fragile (measured: 7 % infeasible at 400).
    expect(all['weighted, min_labeled 400'].automation).toBeGreaterThan(all.weighted.automation)
  })
})
