import { describe, expect, it } from 'vitest'
import { CalibrationResponse, type CalibrationGroup, type ReliabilityBin } from '@/analytics/calibration/calibration.schema'
import { DEFAULT_CALIBRATION_OPTIONS, parseBins, readCalibrationOptions, toApiCalibrationOptions, updateCalibrationOptions } from './calibration-options'
import {
  calibrationVerdict,
  domainTicks,
  formatBinRange,
  formatEdge,
  formatPoints,
  groupsCsv,
  histogramAxis,
  histogramCsv,
  HISTOGRAM_TAIL_SHARE,
  isEmptyCalibration,
  prepareGroupTrend,
  prepareQuantileGaps,
  prepareQuantilePoints,
  probabilityAxis,
  quantileTicks,
  rangeDays,
  reliabilityCsv,
  seenText,
  trendCsv,
  versionMarkers,
  viewDays,
  prepareCalibrationKpis,
  prepareCalibrationSeries,
  prepareCountBars,
  prepareGapAreas,
  prepareGroupRows,
  prepareHistogram,
  prepareReliabilityPoints,
  reliabilityDomain,
  scoreAxis,
} from './prepare'

function bin(i: number, bins: number, overrides: Partial<ReliabilityBin> = {}): ReliabilityBin {
  return {
    bin: i,
    lower: i / bins,
    upper: (i + 1) / bins,
    count: 0,
    labeled: 0,
    mean_confidence: null,
    accuracy: null,
    accuracy_ci: null,
    ...overrides,
  }
}

/** Ten bins like the demo's overconfident content-moderation model: top bin 0.87 accurate at 0.97 confidence. */
const overconfident: ReliabilityBin[] = [
  ...Array.from({ length: 5 }, (_, i) => bin(i, 10)),
  bin(5, 10, { count: 100, labeled: 100, mean_confidence: 0.55, accuracy: 0.5, accuracy_ci: { lower: 0.4, upper: 0.6 } }),
  bin(6, 10, { count: 200, labeled: 150, mean_confidence: 0.66, accuracy: 0.58, accuracy_ci: { lower: 0.5, upper: 0.66 } }),
  bin(7, 10, { count: 300, labeled: 200, mean_confidence: 0.75, accuracy: 0.66, accuracy_ci: { lower: 0.59, upper: 0.72 } }),
  bin(8, 10, { count: 400, labeled: 100, mean_confidence: 0.85, accuracy: 0.78, accuracy_ci: { lower: 0.69, upper: 0.85 } }),
  bin(9, 10, { count: 1000, labeled: 60, mean_confidence: 0.97, accuracy: 0.87, accuracy_ci: { lower: 0.84, upper: 0.9 } }),
]

const response = CalibrationResponse.parse({
  filters: { model: 'content-moderation', segment: null, model_version: null, from: '2026-10-25T00:00:00.000Z', to: '2026-11-24T00:00:00.000Z' },
  bins: 10,
  strategy: 'uniform',
  interval: 'day',
  group_by: null,
  reliability: overconfident,
  ece: 0.0855,
  mce: 0.1,
  brier: 0.1412,
  predictions: 2000,
  labeled: 610,
  histogram: [
    { bin: 1, lower: 0.02, upper: 0.04, count: 5, labeled: 1 },
    { bin: 0, lower: 0, upper: 0.02, count: 3, labeled: 3 },
  ],
  series: [{ period: '2026-11-02', ece: 0.08, brier: 0.14, predictions: 70, labeled: 20 }],
  warnings: [],
})

describe('calibration options in the URL', () => {
  it('reads defaults from an empty or unusable query', () => {
    expect(readCalibrationOptions(new URLSearchParams(''))).toEqual(DEFAULT_CALIBRATION_OPTIONS)
    expect(readCalibrationOptions(new URLSearchParams('bins=500&strategy=foo&group_by=team&interval=month'))).toEqual(DEFAULT_CALIBRATION_OPTIONS)
  })
  it('reads valid options', () => {
    expect(readCalibrationOptions(new URLSearchParams('bins=15&strategy=quantile&group_by=segment&interval=week'))).toEqual({
      bins: 15,
      strategy: 'quantile',
      groupBy: 'segment',
      interval: 'week',
    })
  })
  it('accepts bins 2–50 as whole numbers only', () => {
    expect(parseBins('2')).toBe(2)
    expect(parseBins('50')).toBe(50)
    expect(parseBins(' 20 ')).toBe(20)
    for (const bad of ['1', '51', '7.5', '-3', 'abc', '', null, undefined, '1e1']) expect(parseBins(bad)).toBeNull()
  })
  it('writes changed options after the filters and leaves defaults out', () => {
    const current = new URLSearchParams('interval=week&model=fraud-detector')
    expect(updateCalibrationOptions(current, { bins: 15 }).toString()).toBe('model=fraud-detector&bins=15&interval=week')
    expect(updateCalibrationOptions(current, { interval: 'day', groupBy: 'model_version' }).toString()).toBe('model=fraud-detector&group_by=model_version')
    expect(updateCalibrationOptions(new URLSearchParams('bins=15'), { bins: 10 }).toString()).toBe('')
    expect(updateCalibrationOptions(new URLSearchParams('group_by=segment'), { groupBy: null }).toString()).toBe('')
  })
  it('never writes an invalid number of bins', () => {
    expect(updateCalibrationOptions(new URLSearchParams('bins=15'), { bins: 99 }).toString()).toBe('')
  })
  it('sends group_by only when grouping', () => {
    expect(toApiCalibrationOptions(DEFAULT_CALIBRATION_OPTIONS)).toEqual({ bins: 10, strategy: 'uniform', interval: 'day' })
    expect(toApiCalibrationOptions({ ...DEFAULT_CALIBRATION_OPTIONS, groupBy: 'segment' })).toMatchObject({ group_by: 'segment' })
  })
})

describe('formatting', () => {
  it('formats bin edges with two decimals, three for quantile edges', () => {
    expect(formatEdge(0.9)).toBe('0.90')
    expect(formatEdge(0.7 + 0.1 + 0.1)).toBe('0.90')
    expect(formatEdge(0.9734)).toBe('0.973')
    expect(formatBinRange(0.9, 1)).toBe('0.90–1.00')
  })
  it('signs gaps in points', () => {
    expect(formatPoints(0.87 - 0.97)).toBe('−10.0 pts')
    expect(formatPoints(0.021)).toBe('+2.1 pts')
    expect(formatPoints(0.00001)).toBe('0.0 pts')
  })
})

describe('prepareCalibrationKpis', () => {
  it('gives ECE, MCE, Brier, predictions and labeled with their definitions', () => {
    const kpis = prepareCalibrationKpis(response)
    expect(kpis.map((k) => k.id)).toEqual(['ece', 'mce', 'brier', 'predictions', 'labeled'])
    const byId = Object.fromEntries(kpis.map((k) => [k.id, k]))
    expect(byId.ece.value).toBe('0.086')
    expect(byId.ece.detail).toBe('5 of 10 bins have labels')
    expect(byId.mce.detail).toBe('bin 0.90–1.00, 60 labeled')
    expect(byId.brier.value).toBe('0.141')
    expect(byId.labeled.detail).toBe('30.5% of predictions')
    expect(byId.ece.explanation).toMatch(/1\/propensity/)
    expect(byId.ece.explanation).toMatch(/Hájek/)
    expect(byId.brier.explanation).toMatch(/Hájek/)
  })
  it('shows missing figures as a dash, never NaN', () => {
    const kpis = prepareCalibrationKpis({ ...response, ece: null, mce: null, brier: null, labeled: 0, predictions: 0, reliability: [bin(0, 2), bin(1, 2)] })
    expect(kpis.every((k) => !k.value.includes('NaN') && !k.detail.includes('NaN'))).toBe(true)
    expect(kpis[0].value).toBe('—')
    expect(kpis[0].detail).toBe('no labeled predictions')
  })
})

describe('reliability diagram', () => {
  it('plots labeled bins at their mean confidence with asymmetric error bars', () => {
    const points = prepareReliabilityPoints(overconfident)
    expect(points).toHaveLength(5)
    const top = points[points.length - 1]
    expect(top).toMatchObject({ bin: 9, confidence: 0.97, accuracy: 0.87, count: 1000, labeled: 60, range: '0.90–1.00' })
    expect(top.gap).toBeCloseTo(-0.1)
    expect(top.error![0]).toBeCloseTo(0.03)
    expect(top.error![1]).toBeCloseTo(0.03)
  })
  it('skips empty and unlabeled bins and never draws negative error bars', () => {
    const points = prepareReliabilityPoints([
      bin(0, 2, { count: 5, labeled: 0, mean_confidence: 0.3 }),
      bin(1, 2, { count: 5, labeled: 5, mean_confidence: 0.8, accuracy: 0.8, accuracy_ci: { lower: 0.81, upper: 0.9 } }),
    ])
    expect(points.map((p) => p.bin)).toEqual([1])
    expect(points[0].error).toEqual([0, expect.closeTo(0.1)])
  })
  it('shades each gap between accuracy and confidence, red below the diagonal', () => {
    const gaps = prepareGapAreas([...overconfident, bin(4, 10, { count: 10, labeled: 10, mean_confidence: 0.45, accuracy: 0.5 })])
    const top = gaps.find((g) => g.bin === 9)!
    expect(top).toMatchObject({ x1: 0.9, x2: 1, y1: 0.87, y2: 0.97, direction: 'over', opacity: 0.38 })
    expect(gaps.find((g) => g.bin === 4)).toMatchObject({ y1: 0.45, y2: 0.5, direction: 'under' })
  })
  it('fades the gaps of sparsely populated bins', () => {
    const gaps = prepareGapAreas(overconfident)
    const opacity = (bin: number) => gaps.find((g) => g.bin === bin)!.opacity
    // 100 of the largest bin's 1000 predictions: 0.08 + 0.3·√0.1.
    expect(opacity(5)).toBeCloseTo(0.175, 3)
    expect(opacity(5)).toBeLessThan(opacity(8))
  })
  it('scales the count bars into the bottom quarter of the domain', () => {
    const bars = prepareCountBars(overconfident, [0.4, 1])
    expect(bars).toHaveLength(5)
    const top = bars.find((b) => b.bin === 9)!
    expect(top).toMatchObject({ x1: 0.9, x2: 1, y1: 0.4, count: 1000 })
    expect(top.y2).toBeCloseTo(0.55)
    expect(bars.find((b) => b.bin === 5)!.y2).toBeCloseTo(0.415)
    expect(prepareCountBars([bin(0, 2)], [0, 1])).toEqual([])
  })
  it('clips count bars to the domain and drops bins below it', () => {
    const bars = prepareCountBars([bin(0, 4, { count: 10 }), bin(1, 4, { count: 10 })], [0.3, 1])
    expect(bars.map((b) => [b.bin, b.x1, b.x2])).toEqual([[1, 0.3, 0.5]])
  })
  it('zooms both axes to the populated range in steps of 0.1', () => {
    // The lowest bin with predictions starts at 0.5 (its interval, down to 0.4, does not count).
    expect(reliabilityDomain([overconfident])).toEqual([0.5, 1])
    expect(domainTicks([0.5, 1])).toEqual([0.5, 0.6, 0.7, 0.8, 0.9, 1])
    // An accuracy lower than any bin widens the domain.
    expect(reliabilityDomain([[bin(9, 10, { count: 5, labeled: 5, mean_confidence: 0.95, accuracy: 0.6, accuracy_ci: { lower: 0.42, upper: 0.8 } })]])).toEqual([0.6, 1])
    // Never closer than 0.3 wide; [0, 1] without data; several populations share one domain.
    expect(reliabilityDomain([[bin(19, 20, { count: 5, labeled: 5, mean_confidence: 0.99, accuracy: 0.99 })]])).toEqual([0.7, 1])
    expect(reliabilityDomain([[bin(0, 2)]])).toEqual([0, 1])
    expect(reliabilityDomain([overconfident, [bin(2, 10, { count: 1 })]])).toEqual([0.2, 1])
  })
})

describe('scoreAxis', () => {
  it('rounds the top up to a round step and ticks on it', () => {
    expect(scoreAxis([0.18, 0.09, null])).toEqual({ domain: [0, 0.2], ticks: [0, 0.05, 0.1, 0.15, 0.2] })
    expect(scoreAxis([0.07])).toEqual({ domain: [0, 0.08], ticks: [0, 0.02, 0.04, 0.06, 0.08] })
    expect(scoreAxis([0.21])).toEqual({ domain: [0, 0.25], ticks: [0, 0.05, 0.1, 0.15, 0.2, 0.25] })
    expect(scoreAxis([0.031])).toEqual({ domain: [0, 0.04], ticks: [0, 0.01, 0.02, 0.03, 0.04] })
    expect(scoreAxis([0.62]).domain).toEqual([0, 0.7])
  })
  it('still draws an axis without values', () => {
    expect(scoreAxis([null])).toEqual({ domain: [0, 0.01], ticks: [0, 0.01] })
  })
})

describe('calibrationVerdict', () => {
  it('names the overconfident bin that weighs most in ECE', () => {
    const verdict = calibrationVerdict(response)
    expect(verdict.kind).toBe('overconfident')
    expect(verdict.text).toBe(
      'Overconfident: in the 0.90–1.00 bin (50% of predictions) the model is right 87.0% of the time at a mean confidence of 97.0%, 10.0 pts below the diagonal (outside its 95% interval).',
    )
  })
  it('says so when the interval still contains the diagonal', () => {
    const verdict = calibrationVerdict({
      ece: 0.05,
      labeled: 10,
      reliability: [bin(1, 2, { count: 10, labeled: 10, mean_confidence: 0.8, accuracy: 0.85, accuracy_ci: { lower: 0.6, upper: 0.95 } })],
    })
    expect(verdict.kind).toBe('underconfident')
    expect(verdict.text).toMatch(/above the diagonal \(within its 95% interval: not conclusive yet\)\.$/)
  })
  it('calls a small ECE well calibrated', () => {
    const verdict = calibrationVerdict({
      ece: 0.008,
      labeled: 100,
      reliability: [bin(9, 10, { count: 100, labeled: 100, mean_confidence: 0.95, accuracy: 0.942, accuracy_ci: { lower: 0.9, upper: 0.97 } })],
    })
    expect(verdict).toMatchObject({ kind: 'calibrated', short: 'calibrated' })
    expect(verdict.text).toMatch(/ECE 0\.008/)
  })
  it('explains a view without labels', () => {
    expect(calibrationVerdict({ ece: null, labeled: 0, reliability: [bin(0, 2, { count: 3 })] }).kind).toBe('unlabeled')
  })
})

describe('histogram and series', () => {
  it('sorts fine bins and splits labeled from not labeled', () => {
    expect(prepareHistogram(response.histogram)).toEqual([
      { bin: 0, x: 0.01, label: '0.00', range: '0.00–0.02', count: 3, labeled: 3, unlabeled: 0 },
      { bin: 1, x: 0.03, label: '0.02', range: '0.02–0.04', count: 5, labeled: 1, unlabeled: 4 },
    ])
  })
  it('fills missing days and weeks as gaps', () => {
    const days = prepareCalibrationSeries(
      [
        { period: '2026-11-03', ece: 0.1, brier: 0.2, predictions: 5, labeled: 2 },
        { period: '2026-11-01', ece: 0.05, brier: 0.1, predictions: 5, labeled: 2 },
      ],
      'day',
    )
    expect(days.map((d) => [d.label, d.ece])).toEqual([
      ['Nov 1', 0.05],
      ['Nov 2', null],
      ['Nov 3', 0.1],
    ])
    const weeks = prepareCalibrationSeries(
      [
        { period: '2026-11-02', ece: 0.1, brier: 0.2, predictions: 5, labeled: 2 },
        { period: '2026-11-16', ece: 0.1, brier: 0.2, predictions: 5, labeled: 2 },
      ],
      'week',
    )
    expect(weeks.map((w) => w.label)).toEqual(['Wk Nov 2', 'Wk Nov 9', 'Wk Nov 16'])
    expect(weeks[1]).toMatchObject({ ece: null, brier: null, predictions: 0 })
  })
})

describe('groups', () => {
  const group = (key: string, ece: number | null, reliability = overconfident): CalibrationGroup => ({
    key,
    first_seen: '2026-11-01',
    last_seen: '2026-11-07',
    bins: 10,
    strategy: 'uniform',
    reliability,
    ece,
    mce: ece,
    brier: 0.1,
    predictions: 1000,
    labeled: 100,
    series: [],
  })
  it('orders groups naturally and marks the highest ECE', () => {
    const rows = prepareGroupRows([group('v2.10', 0.01), group('v2.4', 0.06), group('v2.3', 0.012), group('', null)])
    expect(rows.map((r) => r.label)).toEqual(['(none)', 'v2.3', 'v2.4', 'v2.10'])
    expect(rows.filter((r) => r.worst).map((r) => r.key)).toEqual(['v2.4'])
    expect(rows[2]).toMatchObject({ ece: '0.060', verdict: { kind: 'overconfident' } })
    expect(rows[0].ece).toBe('—')
  })
  it('marks no group worst when there is nothing to compare', () => {
    expect(prepareGroupRows([group('v1', 0.05)])[0].worst).toBe(false)
  })
})

describe('CalibrationResponse', () => {
  it('is the JSON the server writes: groups only with group_by, a missing part is an error, not a default', () => {
    expect(response.groups).toBeUndefined()
    expect(isEmptyCalibration(response)).toBe(false)
    expect(isEmptyCalibration({ ...response, predictions: 0 })).toBe(true)
    expect(CalibrationResponse.safeParse({ ...response, histogram: undefined }).success).toBe(false)
    expect(CalibrationResponse.safeParse({ ...response, warnings: undefined }).success).toBe(false)
  })
})

describe('confidence histogram axis', () => {
  const fine = (counts: Record<number, number>) =>
    Array.from({ length: 50 }, (_, b) => ({ bin: b, lower: b / 50, upper: (b + 1) / 50, count: counts[b] ?? 0, labeled: 0 }))
  it('fits the data: confidences in 0.8–1.0 get the width, at round ticks', () => {
    const axis = histogramAxis(fine({ 41: 100, 45: 400, 49: 2000 }))
    expect(axis).toEqual({ domain: [0.8, 1], ticks: [0.8, 0.85, 0.9, 0.95, 1], offAxis: 0 })
    expect(prepareHistogram(fine({ 41: 100 }), axis.domain).map((p) => p.bin)).toEqual([40, 41, 42, 43, 44, 45, 46, 47, 48, 49])
    expect(prepareHistogram(fine({ 41: 100 }), axis.domain)[0]).toMatchObject({ x: 0.81, range: '0.80–0.82' })
  })
  it('leaves a stray low tail off the axis, and counts it', () => {
    // 3 of 10,000 predictions at 0.2: under HISTOGRAM_TAIL_SHARE, so the axis starts at 0.9.
    expect(3 / 10_003).toBeLessThan(HISTOGRAM_TAIL_SHARE)
    expect(histogramAxis(fine({ 10: 3, 46: 5000, 49: 5000 }))).toEqual({ domain: [0.9, 1], ticks: [0.9, 0.95, 1], offAxis: 3 })
    // A real low-confidence mass keeps the axis wide.
    expect(histogramAxis(fine({ 10: 200, 49: 1000 })).domain).toEqual([0.2, 1])
  })
  it('keeps at least a tenth of the axis, and 0–1 without data', () => {
    expect(histogramAxis(fine({ 49: 10 })).domain).toEqual([0.9, 1])
    expect(histogramAxis(fine({})).domain).toEqual([0, 1])
  })
})

describe('equal-mass diagram by bin index', () => {
  const quantile: ReliabilityBin[] = [
    { bin: 0, lower: 0, upper: 0.93, count: 10, labeled: 5, mean_confidence: 0.85, accuracy: 0.7, accuracy_ci: { lower: 0.4, upper: 0.9 } },
    { bin: 1, lower: 0.93, upper: 0.97, count: 10, labeled: 5, mean_confidence: 0.95, accuracy: 0.96, accuracy_ci: null },
    { bin: 2, lower: 0.97, upper: 1, count: 10, labeled: 0, mean_confidence: 0.985, accuracy: null, accuracy_ci: null },
  ]
  it('puts each labeled bin in its own slot, with the edges as tick labels', () => {
    expect(prepareQuantilePoints(quantile).map((p) => [p.bin, p.x, p.confidence, p.accuracy])).toEqual([
      [0, 0.5, 0.85, 0.7],
      [1, 1.5, 0.95, 0.96],
    ])
    const { ticks, label } = quantileTicks(quantile)
    expect(ticks).toEqual([0, 1, 2, 3])
    expect(ticks.map(label)).toEqual(['0.00', '0.93', '0.97', '1.00'])
    expect(prepareQuantileGaps(quantile).map((g) => [g.bin, g.x1, g.x2, g.direction])).toEqual([
      [0, 0.15, 0.85, 'over'],
      [1, 1.15, expect.closeTo(1.85, 12), 'under'],
    ])
  })
  it('zooms the probability axis to the labeled bins, at round ticks', () => {
    expect(probabilityAxis([quantile])).toEqual({ domain: [0.6, 1], ticks: [0.6, 0.7, 0.8, 0.9, 1] })
    expect(probabilityAxis([[]]).domain).toEqual([0.7, 1])
  })
})

describe('trend by group and version markers', () => {
  const period = (p: string, ece: number | null, predictions = 10) => ({ period: p, ece, brier: ece, predictions, labeled: 5 })
  const g = (key: string, first: string | null, last: string | null, series: ReturnType<typeof period>[]): CalibrationGroup => ({
    key,
    first_seen: first,
    last_seen: last,
    bins: 10,
    strategy: 'uniform',
    reliability: [],
    ece: 0.05,
    mce: 0.1,
    brier: 0.1,
    predictions: 10,
    labeled: 5,
    series,
  })
  const overall = [period('2026-11-01', 0.05), period('2026-11-02', 0.06), period('2026-11-03', 0.07)]
  const v23 = g('v2.3', '2026-11-01', '2026-11-02', [period('2026-11-01', 0.04), period('2026-11-02', 0.05), period('2026-11-03', null, 0)])
  const v24 = g('v2.4', '2026-11-02', '2026-11-03', [period('2026-11-01', null, 0), period('2026-11-02', 0.09), period('2026-11-03', 0.1)])
  const v30 = g('v3.0', '2026-11-02', '2026-11-02', [period('2026-11-02', 0.2)])
  it('gives each group a line under a safe key (no dotted paths), overall ECE alongside', () => {
    const trend = prepareGroupTrend(overall, [v24, v23], 'day')
    expect(trend.lines).toEqual([
      { dataKey: 'g0', key: 'v2.3', label: 'v2.3' },
      { dataKey: 'g1', key: 'v2.4', label: 'v2.4' },
    ])
    expect(trend.points.map((p) => [p.period, p.ece, p.g0, p.g1])).toEqual([
      ['2026-11-01', 0.05, 0.04, null],
      ['2026-11-02', 0.06, 0.05, 0.09],
      ['2026-11-03', 0.07, null, 0.1],
    ])
  })
  it('marks where a version first appears, not the versions there from the data’s first day', () => {
    const points = prepareCalibrationSeries(overall, 'day')
    const range = { first: '2026-10-25', last: '2026-11-03' }
    expect(viewDays([v23, v24], range)).toEqual({ first: '2026-11-01', last: '2026-11-03' })
    expect(versionMarkers([v23, v24, v30], points, 'day', range)).toEqual([{ label: 'v2.4, v3.0', at: 'Nov 2', firstSeen: '2026-11-02', keys: ['v2.4', 'v3.0'] }])
    // Weekly: the marker sits on the week holding the day.
    const weeks = prepareCalibrationSeries([period('2026-10-26', 0.05), period('2026-11-02', 0.06)], 'week')
    expect(versionMarkers([g('a', '2026-10-27', null, []), g('b', '2026-11-04', null, [])], weeks, 'week', range)).toEqual([{ label: 'b', at: 'Wk Nov 2', firstSeen: '2026-11-04', keys: ['b'] }])
  })
  it('says when each group was seen', () => {
    const view = { first: '2026-11-01', last: '2026-11-03' }
    expect(seenText(v23, view)).toBe('seen from the start (Nov 1), last seen Nov 2')
    expect(seenText(v24, view)).toBe('first seen Nov 2, still predicting')
    expect(seenText(g('x', '2026-11-01', '2026-11-03', []), view)).toBe('seen all through the data (Nov 1 – Nov 3)')
    expect(seenText(g('y', null, null, []), view)).toBe('not seen in the range')
    expect(rangeDays({ model: null, segment: null, model_version: null, from: '2026-11-01T00:00:00.000Z', to: '2026-11-08T00:00:00.000Z' })).toEqual({ first: '2026-11-01', last: '2026-11-07' })
  })
  it('writes the data behind each chart and table as CSV, figures unformatted', () => {
    const data = { ...response, group_by: 'model_version' as const, groups: [v24, v23] }
    expect(reliabilityCsv(data).header).toEqual(['bin', 'lower', 'upper', 'count', 'labeled', 'mean_confidence', 'accuracy', 'accuracy_ci_lower', 'accuracy_ci_upper'])
    expect(reliabilityCsv(data).rows[9]).toEqual([9, 0.9, 1, 1000, 60, 0.97, 0.87, 0.84, 0.9])
    expect(reliabilityCsv(data).fileName).toBe('calibration-reliability-uniform-content-moderation-2026-10-25-2026-11-23')
    expect(histogramCsv(data).rows[0]).toEqual([1, 0.02, 0.04, 5, 1])
    expect(groupsCsv(data).rows).toEqual([
      ['v2.3', '2026-11-01', '2026-11-02', 10, 5, 0.05, 0.1, 0.1],
      ['v2.4', '2026-11-02', '2026-11-03', 10, 5, 0.05, 0.1, 0.1],
    ])
    const trend = trendCsv(data)
    expect(trend.header).toEqual(['model_version', 'period', 'ece', 'brier', 'predictions', 'labeled'])
    expect(trend.rows).toHaveLength(6)
    expect(trend.rows[2]).toEqual(['v2.3', '2026-11-03', null, null, 0, 5])
    expect(trendCsv(response).rows).toEqual([['2026-11-02', 0.08, 0.14, 70, 20]])
  })
})
