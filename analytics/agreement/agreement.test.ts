import { mulberry32 } from '@/test/prng'
import { describe, expect, it } from 'vitest'
import { compareLabels } from '@/analytics/shared/label-order'
import {
  addPatternRows,
  addReviewerRows,
  cohenKappaFromMatrix,
  computeInterReviewerAgreementFromPatterns,
  confusionMatrixFromCounts,
  fleissKappaFromPatterns,
  gwetAC1FromPatterns,
  krippendorffAlphaNominalFromPatterns,
  pairwiseAgreementFromPatterns,
  type UnitPattern,
} from '@/analytics/agreement/agreement.compute'
import {
  cohenKappa,
  computeInterReviewerAgreement,
  computeModelHumanAgreement,
  confusionMatrix,
  fleissKappa,
  gwetAC1,
  krippendorffAlphaNominal,
  majorityOfOthers,
  pairwiseAgreement,
  referenceLabelFromReviews,
  type ModelHumanPair,
} from '@/analytics/agreement/agreement.reference'

/** Pairs from a 2×2 table: [yes/yes, yes/no, no/yes, no/no] with rows rater A, columns rater B. */
function pairsFromTable([yy, yn, ny, nn]: [number, number, number, number]): ModelHumanPair[] {
  const pairs: ModelHumanPair[] = []
  const add = (a: string, b: string, count: number) => {
    for (let i = 0; i < count; i++) pairs.push([a, b])
  }
  add('yes', 'yes', yy)
  add('yes', 'no', yn)
  add('no', 'yes', ny)
  add('no', 'no', nn)
  return pairs
}

/** The same table as two-reviewer units, for the inter-reviewer coefficients. */
function unitsFromPairs(pairs: readonly ModelHumanPair[]): string[][] {
  return pairs.map(([a, b]) => [a, b])
}

/** Units from a subjects × categories table of rater counts (the layout of Fleiss 1971). */
function unitsFromCounts(rows: number[][], categories: string[]): string[][] {
  return rows.map((row) => row.flatMap((count, k) => Array<string>(count).fill(categories[k])))
}


describe('confusionMatrix', () => {
  it('has model labels as rows, human labels as columns, labels sorted', () => {
    const result = confusionMatrix([
      ['spam', 'ham'],
      ['spam', 'spam'],
      ['ham', 'ham'],
      ['spam', 'other'],
    ])
    expect(result.labels).toEqual(['ham', 'other', 'spam'])
    expect(result.matrix).toEqual([
      [1, 0, 0],
      [0, 0, 0],
      [1, 1, 1],
    ])
  })

  it('adds up repeated cells when built from SQL counts', () => {
    const result = confusionMatrixFromCounts([
      { model_label: 'a', human_label: 'b', count: 2 },
      { model_label: 'a', human_label: 'b', count: 3 },
      { model_label: 'b', human_label: 'b', count: 1 },
    ])
    expect(result).toEqual({ labels: ['a', 'b'], matrix: [[0, 5], [0, 1]] })
    expect(() => confusionMatrixFromCounts([{ model_label: 'a', human_label: 'a', count: -1 }])).toThrow(RangeError)
  })
})

describe('cohenKappa', () => {
  it('gives 0.40 on the 20/5/10/15 table', () => {
    // p_o = 35/50 = 0.7; p_e = (25·30 + 25·20)/50² = 0.5; κ = 0.2/0.5.
    expect(cohenKappa(pairsFromTable([20, 5, 10, 15]))).toBeCloseTo(0.4, 15)
    expect(cohenKappaFromMatrix([[20, 5], [10, 15]])).toBeCloseTo(0.4, 15)
  })

  it('reproduces "same agreement, different kappa" (both p_o = 0.6)', () => {
    // Wikipedia, Cohen's kappa: 45/15/25/15 → 0.1304, 25/35/5/35 → 0.2593.
    expect(cohenKappa(pairsFromTable([45, 15, 25, 15]))).toBeCloseTo(0.06 / 0.46, 14)
    expect(cohenKappa(pairsFromTable([25, 35, 5, 35]))).toBeCloseTo(0.14 / 0.54, 14)
  })

  it('matches the textbook (p_o − p_e)/(1 − p_e) on three categories and label unions', () => {
    // Model never says "c"; humans do: categories are the union of labels seen.
    const counts = [
      [10, 2, 3],
      [1, 8, 4],
      [0, 0, 0],
    ]
    const pairs: ModelHumanPair[] = []
    const labels = ['a', 'b', 'c']
    counts.forEach((row, i) =>
      row.forEach((n, j) => {
        for (let k = 0; k < n; k++) pairs.push([labels[i], labels[j]])
      }),
    )
    const n = 28
    const po = 18 / n
    // Row sums (model) 15, 13, 0; column sums (human) 11, 10, 7.
    const pe = (15 / n) * (11 / n) + (13 / n) * (10 / n) + (0 / n) * (7 / n)
    expect(cohenKappa(pairs)).toBeCloseTo((po - pe) / (1 - pe), 14)
  })

  it('is null when undefined (no pairs, or both raters in one category) and 0 for a constant model', () => {
    expect(cohenKappa([])).toBeNull()
    expect(cohenKappa([['x', 'x'], ['x', 'x']])).toBeNull()
    expect(cohenKappa([['x', 'x'], ['x', 'y']])).toBe(0)
  })
})

describe('computeModelHumanAgreement', () => {
  it('returns the SPEC 3.1 figures', () => {
    const result = computeModelHumanAgreement(pairsFromTable([20, 5, 10, 15]))
    expect(result.reviewed).toBe(50)
    expect(result.agreement_rate).toBe(0.7)
    expect(result.override_rate).toBe(0.3)
    expect(result.cohen_kappa).toBeCloseTo(0.4, 15)
    // Wilson 95 % for 35/50.
    expect(result.agreement_ci!.lower).toBeCloseTo(0.5625, 4)
    expect(result.agreement_ci!.upper).toBeCloseTo(0.809, 4)
    expect(result.confusion).toEqual({ labels: ['no', 'yes'], matrix: [[15, 10], [5, 20]] })
  })

  it('answers null, never NaN, for no pairs', () => {
    expect(computeModelHumanAgreement([])).toEqual({
      reviewed: 0,
      agreement_rate: null,
      agreement_ci: null,
      override_rate: null,
      cohen_kappa: null,
      confusion: { labels: [], matrix: [] },
    })
  })
})

describe('krippendorffAlphaNominal', () => {
  it('reproduces Krippendorff (2011), nominal data, 4 observers with missing values: 0.743', () => {
    // "Computing Krippendorff's Alpha-Reliability", section C. null = no value recorded.
    const table: Record<'A' | 'B' | 'C' | 'D', Array<number | null>> = {
      //  u: 1     2  3  4  5  6  7  8  9  10    11    12
      A: [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
      B: [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
      C: [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
      D: [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    }
    const units = Array.from({ length: 12 }, (_, u) =>
      (['A', 'B', 'C', 'D'] as const).flatMap((observer) => {
        const value = table[observer][u]
        return value === null ? [] : [String(value)]
      }),
    )
    // n_c = 9, 13, 10, 5, 3 (n = 40; unit 12 has one value and is not pairable); the disagreeing
    // units 2, 6 and 8 contribute 2 + 4 + 2 to Σ_{c≠k} o_ck. α = 1 − 39·8/(40² − 384) = 904/1216.
    const alpha = krippendorffAlphaNominal(units)!
    expect(alpha).toBeCloseTo(0.743, 3)
    expect(alpha).toBeCloseTo(904 / 1216, 14)
  })

  it('reproduces Krippendorff (2011), binary data, two observers: 0.095', () => {
    const mary = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    const dave = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    const units = mary.map((value, u) => [String(value), String(dave[u])])
    expect(krippendorffAlphaNominal(units)).toBeCloseTo(0.095, 3)
    expect(krippendorffAlphaNominal(units)).toBeCloseTo(1 - (19 * 8) / 168, 14)
  })

  it("equals 1 − (2N − 1)/(2N)·(1 − Scott's π) for two raters without missing values", () => {
    const random = mulberry32(7)
    for (let trial = 0; trial < 5; trial++) {
      const units = Array.from({ length: 40 }, () => [0, 1].map(() => ['a', 'b', 'c'][Math.floor(random() * 3)]))
      const n = units.length
      const observed = units.filter(([x, y]) => x === y).length / n
      const shares = ['a', 'b', 'c'].map((c) => units.flat().filter((label) => label === c).length / (2 * n))
      const chance = shares.reduce((sum, p) => sum + p * p, 0)
      const scottPi = (observed - chance) / (1 - chance)
      expect(krippendorffAlphaNominal(units)).toBeCloseTo(1 - ((2 * n - 1) / (2 * n)) * (1 - scottPi), 13)
    }
  })

  it('is null without expected disagreement or pairable units', () => {
    expect(krippendorffAlphaNominal([['x', 'x'], ['x', 'x', 'x']])).toBeNull()
    expect(krippendorffAlphaNominal([['x'], ['y']])).toBeNull()
    expect(krippendorffAlphaNominal([])).toBeNull()
  })
})

describe('fleissKappa', () => {
  it('reproduces the Wikipedia example (10 subjects, 14 raters, 5 categories): 0.210', () => {
    const rows = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ]
    const kappa = fleissKappa(unitsFromCounts(rows, ['1', '2', '3', '4', '5']))!
    expect(kappa).toBeCloseTo(0.21, 3)
    // P̄ = 0.378022, P̄e = 0.212755 (Wikipedia's intermediate figures), κ = 0.209931.
    expect(kappa).toBeCloseTo((0.378021978021978 - 0.21275510204081632) / (1 - 0.21275510204081632), 12)
  })

  it('is null when units have different numbers of reviewers, or one category', () => {
    expect(fleissKappa([['a', 'b'], ['a', 'a', 'b']])).toBeNull()
    expect(fleissKappa([['a', 'a'], ['a', 'a']])).toBeNull()
    expect(fleissKappa([])).toBeNull()
    // A unit with a single label is not pairable and does not break the equal-size rule.
    expect(fleissKappa([['a', 'b'], ['a', 'a'], ['b']])).not.toBeNull()
  })
})

describe('gwetAC1', () => {
  it('matches a two-rater example computed by hand', () => {
    // 10 items: 4 × (a, a), 3 × (b, b), 2 × (a, b), 1 × (b, a).
    // p_a = 0.7; π_a = (4·1 + 3·0 + 3·½)/10 = 0.55; p_e = 2·0.55·0.45 = 0.495; AC1 = 0.205/0.505.
    const units = [
      ...Array.from({ length: 4 }, () => ['a', 'a']),
      ...Array.from({ length: 3 }, () => ['b', 'b']),
      ...Array.from({ length: 2 }, () => ['a', 'b']),
      ['b', 'a'],
    ]
    expect(gwetAC1(units)).toBeCloseTo(0.205 / 0.505, 14)
  })

  it("matches Gwet's two-rater table formula on random tables", () => {
    // Gwet (2008), two raters: p_e = 2q(1 − q) with q = (A₁ + B₁)/(2N) from the margins.
    const random = mulberry32(11)
    for (let trial = 0; trial < 5; trial++) {
      const pairs: ModelHumanPair[] = Array.from({ length: 60 }, () => [random() < 0.7 ? 'y' : 'n', random() < 0.6 ? 'y' : 'n'])
      const n = pairs.length
      const pa = pairs.filter(([x, y]) => x === y).length / n
      const q = (pairs.filter(([x]) => x === 'y').length + pairs.filter(([, y]) => y === 'y').length) / (2 * n)
      const pe = 2 * q * (1 - q)
      expect(gwetAC1(unitsFromPairs(pairs))).toBeCloseTo((pa - pe) / (1 - pe), 14)
    }
  })

  it('handles varying numbers of raters and q = 3 categories', () => {
    // [a,a,a], [a,b], [b,b]: p_a = (1 + 0 + 1)/3; π_a = (1 + ½ + 0)/3 = ½; p_e = 2·¼; AC1 = (⅔ − ½)/½.
    expect(gwetAC1([['a', 'a', 'a'], ['a', 'b'], ['b', 'b']])).toBeCloseTo(1 / 3, 14)
    // [a,b], [c,c], [a,a]: p_a = ⅔; π = (½, ⅙, ⅓); Σπ(1 − π) = 11/18; p_e = 11/36; AC1 = 13/25.
    expect(gwetAC1([['a', 'b'], ['c', 'c'], ['a', 'a']])).toBeCloseTo(13 / 25, 14)
  })

  it('stays high where kappa and alpha collapse because one class dominates', () => {
    // 100 items, two reviewers: 90 × (yes, yes), 5 × (yes, no), 5 × (no, yes), 0 × (no, no).
    const pairs = pairsFromTable([90, 5, 5, 0])
    const units = unitsFromPairs(pairs)
    // Cohen: p_o = 0.9, p_e = 0.95² + 0.05² = 0.905 → −1/19 despite 90 % agreement.
    expect(cohenKappa(pairs)).toBeCloseTo(-1 / 19, 14)
    expect(fleissKappa(units)).toBeCloseTo(-1 / 19, 14)
    expect(krippendorffAlphaNominal(units)).toBeCloseTo(1 - (199 * 20) / 3800, 14)
    // AC1: π_yes = 0.95, p_e = 2·0.95·0.05 = 0.095, AC1 = 0.805/0.905 = 161/181 ≈ 0.8895.
    expect(gwetAC1(units)).toBeCloseTo(161 / 181, 14)
    expect(pairwiseAgreement(units)).toBeCloseTo(0.9, 14)
  })

  it('is null for one category or no pairable units', () => {
    expect(gwetAC1([['x', 'x'], ['x', 'x', 'x']])).toBeNull()
    expect(gwetAC1([['x']])).toBeNull()
  })
})

describe('pairwiseAgreement', () => {
  it('averages agreeing pairs over all pairs per unit', () => {
    // [a,a,b]: 1 of 3 pairs; [a,a]: 1 of 1; [a,b,c,c]: 1 of 6; [z] is not pairable.
    expect(pairwiseAgreement([['a', 'a', 'b'], ['a', 'a'], ['a', 'b', 'c', 'c'], ['z']])).toBeCloseTo((1 / 3 + 1 + 1 / 6) / 3, 15)
    expect(pairwiseAgreement([['a']])).toBeNull()
  })
})

describe('computeInterReviewerAgreement', () => {
  it('counts only pairable units and answers null for none', () => {
    expect(computeInterReviewerAgreement([['a'], ['b']])).toEqual({
      units: 0,
      krippendorff_alpha: null,
      fleiss_kappa: null,
      gwet_ac1: null,
      pairwise_agreement: null,
    })
    const result = computeInterReviewerAgreement([['a', 'a'], ['a', 'b'], ['b']])
    expect(result.units).toBe(2)
    expect(result.pairwise_agreement).toBe(0.5)
  })
})

describe('majorityOfOthers', () => {
  it('needs more than half of the other reviewers', () => {
    expect(majorityOfOthers([])).toBeNull()
    expect(majorityOfOthers(['x'])).toBe('x')
    expect(majorityOfOthers(['x', 'y'])).toBeNull()
    expect(majorityOfOthers(['x', 'y', 'x'])).toBe('x')
    expect(majorityOfOthers(['x', 'x', 'y', 'y'])).toBeNull()
    expect(majorityOfOthers(['y', 'x', 'x', 'x', 'y'])).toBe('x')
    expect(majorityOfOthers(['x', 'y', 'z'])).toBeNull()
  })
})

describe('referenceLabelFromReviews', () => {
  it('takes the majority, one vote per reviewer', () => {
    expect(referenceLabelFromReviews([{ label: 'y', ts: 1 }, { label: 'x', ts: 3 }, { label: 'x', ts: 5 }])).toBe('x')
  })

  it('breaks ties by the earliest review among the tied labels', () => {
    expect(referenceLabelFromReviews([{ label: 'x', ts: 5 }, { label: 'y', ts: 2 }])).toBe('y')
    // 2–2 tie: x's earliest review (ts 1) precedes y's (ts 2); the lone z (ts 0) is not tied.
    const reviews = [
      { label: 'y', ts: 2 },
      { label: 'x', ts: 4 },
      { label: 'z', ts: 0 },
      { label: 'y', ts: 3 },
      { label: 'x', ts: 1 },
    ]
    expect(referenceLabelFromReviews(reviews)).toBe('x')
    expect(referenceLabelFromReviews([...reviews].reverse())).toBe('x')
  })

  it('falls back to code-point order on an exact ts tie and is null without reviews', () => {
    expect(referenceLabelFromReviews([{ label: 'b', ts: 7 }, { label: 'a', ts: 7 }])).toBe('a')
    expect(referenceLabelFromReviews([{ label: 'a', ts: 7 }, { label: 'b', ts: 7 }])).toBe('a')
    expect(referenceLabelFromReviews([])).toBeNull()
  })
})

describe('inter-reviewer figures over unit patterns', () => {
  /** Random units of 1–5 reviewers over `categories`, with many repeated multisets. */
  function randomUnits(seed: number, count: number, categories: string[]): string[][] {
    const random = mulberry32(seed)
    return Array.from({ length: count }, () => {
      const size = 1 + Math.floor(random() * 5)
      return Array.from({ length: size }, () => categories[Math.floor(random() * categories.length)])
    })
  }

  /** The units grouped by sorted label multiset, as the SQL side aggregates them. */
  function patternsOf(units: string[][]): UnitPattern[] {
    const counts = new Map<string, { labels: string[]; units: number }>()
    for (const unit of units) {
      const labels = [...unit].sort(compareLabels)
      const key = JSON.stringify(labels)
      const entry = counts.get(key) ?? { labels, units: 0 }
      entry.units += 1
      counts.set(key, entry)
    }
    return [...counts.values()]
  }

  it('equal the plain unit forms', () => {
    for (const [seed, categories] of [
      [1, ['a', 'b']],
      [2, ['a', 'b', 'c', 'd']],
      [3, ['x']],
      [4, ['yes', 'no', 'maybe']],
    ] as const) {
      const units = randomUnits(seed, 2_000, [...categories])
      const patterns = patternsOf(units)
      expect(patterns.length).toBeLessThan(units.length / 4)
      const plain = computeInterReviewerAgreement(units)
      const weighted = computeInterReviewerAgreementFromPatterns(patterns)
      expect(weighted.units).toBe(plain.units)
      for (const key of ['krippendorff_alpha', 'gwet_ac1', 'pairwise_agreement', 'fleiss_kappa'] as const) {
        if (plain[key] === null) expect(weighted[key]).toBeNull()
        else expect(weighted[key]).toBeCloseTo(plain[key]!, 12)
      }
      expect(krippendorffAlphaNominalFromPatterns(patterns)).toBe(weighted.krippendorff_alpha)
      expect(gwetAC1FromPatterns(patterns)).toBe(weighted.gwet_ac1)
      expect(pairwiseAgreementFromPatterns(patterns)).toBe(weighted.pairwise_agreement)
    }
  })

  it('equal the plain forms for Fleiss’ kappa with a fixed number of reviewers', () => {
    const random = mulberry32(9)
    const units = Array.from({ length: 1_000 }, () => Array.from({ length: 3 }, () => ['a', 'b', 'c'][Math.floor(random() * 3)]))
    const patterns = patternsOf(units)
    expect(fleissKappaFromPatterns(patterns)).toBeCloseTo(fleissKappa(units)!, 12)
    // A unit of another size anywhere makes Fleiss' kappa undefined, whatever its weight.
    expect(fleissKappaFromPatterns([...patterns, { labels: ['a', 'b'], units: 1 }])).toBeNull()
    // Zero-weight patterns take no part.
    expect(fleissKappaFromPatterns([...patterns, { labels: ['a', 'b'], units: 0 }])).toBeCloseTo(fleissKappa(units)!, 12)
  })

  it('rejects negative or fractional pattern counts', () => {
    expect(() => pairwiseAgreementFromPatterns([{ labels: ['a', 'b'], units: -1 }])).toThrow(RangeError)
    expect(() => pairwiseAgreementFromPatterns([{ labels: ['a', 'b'], units: 1.5 }])).toThrow(RangeError)
  })
})

describe('adding reviewer and pattern rows from several sources', () => {
  const row = (reviewer_id: string, n: number) => ({
    reviewer_id,
    reviews: n,
    agreeing_with_model: n - 1,
    majority_items: 2,
    agreeing_with_majority: 1,
    gold_items: 1,
    gold_correct: 0,
    median_handle_ms: 999,
  })
  it('sums each reviewer’s counts and takes the median computed over all their reviews', () => {
    expect(addReviewerRows([row('a', 3), row('b', 1), row('a', 2)], [{ reviewer_id: 'a', median_handle_ms: 42 }])).toEqual([
      { reviewer_id: 'a', reviews: 5, agreeing_with_model: 3, majority_items: 4, agreeing_with_majority: 2, gold_items: 2, gold_correct: 0, median_handle_ms: 42 },
      { reviewer_id: 'b', reviews: 1, agreeing_with_model: 0, majority_items: 2, agreeing_with_majority: 1, gold_items: 1, gold_correct: 0, median_handle_ms: null },
    ])
  })
  it('sums units per label multiset, telling ["a b"] from ["a", "b"]', () => {
    expect(
      addPatternRows([
        { labels: ['a', 'b'], units: 2 },
        { labels: ['a b'], units: 1 },
        { labels: ['a', 'b'], units: 3 },
      ]),
    ).toEqual([
      { labels: ['a', 'b'], units: 5 },
      { labels: ['a b'], units: 1 },
    ])
  })
})
