/**
 * Pure shaping of the calibration response for the cards, the reliability diagram, the histogram,
 * the time series and the group table (data → prepare → visualise): recharts only renders what
 * these return. No I/O, no clock. Probabilities stay in [0, 1]; the charts format them as percent.
 */
import { formatCount, formatDay, formatPercent } from '@/lib/format'
import type {
  CalibrationGroup,
  CalibrationGroupBy,
  CalibrationInterval,
  CalibrationPeriod,
  CalibrationResponse,
  CalibrationResult,
  HistogramBin,
  ReliabilityBin,
} from '@/analytics/calibration/calibration.schema'
import { fillPeriods, formatScore, niceTicks } from '../../_components/chart-math'
import { csvExport, scopedCsvFileName, type CsvExport } from '../../_components/csv'
import type { Kpi } from '../../_components/kpi-cards'

// ---------------------------------------------------------------------------------------------
// Formatting

/** A bin edge: two decimals when that is exact (0.9), three otherwise (quantile edges such as 0.9734). */
export function formatEdge(value: number): string {
  const hundredths = value * 100
  return Math.abs(hundredths - Math.round(hundredths)) < 1e-6 ? value.toFixed(2) : value.toFixed(3)
}

/** "0.90–1.00". */
export function formatBinRange(lower: number, upper: number): string {
  return `${formatEdge(lower)}–${formatEdge(upper)}`
}

/** A gap in percentage points, signed: −0.099 → "−9.9 pts". */
export function formatPoints(gap: number): string {
  const points = Math.round(gap * 1000) / 10
  if (points === 0) return '0.0 pts'
  return `${points < 0 ? '−' : '+'}${Math.abs(points).toFixed(1)} pts`
}

// ---------------------------------------------------------------------------------------------
// KPI cards

export const CALIBRATION_EXPLANATIONS = {
  ece:
    'Expected calibration error: Σ over bins with labeled predictions of (count_b ÷ N) · |accuracy_b − mean confidence_b|, where count_b is all predictions in bin b and N the predictions in those bins. ' +
    'accuracy_b is a Hájek estimate Σ w·correct ÷ Σ w over the bin’s labeled predictions, with weight w = 1/propensity (1 for gold or downstream labels), so audited confident items stand for the ones not sent to a human. ' +
    '0 is perfect; with every prediction labeled at propensity 1 this is the usual ECE (Guo et al., 2017).',
  mce: 'Maximum calibration error: the largest |accuracy_b − mean confidence_b| over the bins with labeled predictions (accuracy weighted by 1/propensity, Hájek estimate). The worst bin.',
  brier:
    'Brier score: weighted mean over labeled predictions of (confidence − correct)², correct ∈ {0, 1}; weights 1/propensity (1 for gold or downstream labels), Hájek estimate Σ w·(c − correct)² ÷ Σ w. Lower is better; 0 is perfect.',
  predictions:
    'All predictions in the range, by prediction time (an item predicted more than once counts once, by its latest prediction). They are the population of the bins: count_b and mean confidence use all of them.',
  labeled:
    'Predictions whose item has a reference label: the true label of its latest outcome, else the majority label of its reviews. Only these give accuracy, ECE, MCE and Brier.',
} as const

/** Bins with labeled predictions: the ones ECE and MCE are taken over. */
function labeledBins(reliability: readonly ReliabilityBin[]): ReliabilityBin[] {
  return reliability.filter((b) => b.labeled > 0 && b.accuracy !== null && b.mean_confidence !== null)
}

/** The bin with the largest |accuracy − mean confidence| (ties: the lower bin), or null. */
function worstBin(reliability: readonly ReliabilityBin[]): ReliabilityBin | null {
  let worst: ReliabilityBin | null = null
  for (const b of labeledBins(reliability)) {
    if (!worst || Math.abs(b.accuracy! - b.mean_confidence!) > Math.abs(worst.accuracy! - worst.mean_confidence!)) worst = b
  }
  return worst
}

export function prepareCalibrationKpis(data: CalibrationResponse): Kpi[] {
  const withLabels = labeledBins(data.reliability).length
  const worst = worstBin(data.reliability)
  const binning = data.strategy === 'quantile' ? 'equal-mass' : 'equal-width'
  return [
    {
      id: 'ece',
      label: 'ECE',
      value: formatScore(data.ece),
      detail: data.ece === null ? 'no labeled predictions' : `${withLabels} of ${data.bins} bins have labels`,
      explanation: CALIBRATION_EXPLANATIONS.ece,
    },
    {
      id: 'mce',
      label: 'MCE',
      value: formatScore(data.mce),
      detail: worst ? `bin ${formatBinRange(worst.lower, worst.upper)}, ${formatCount(worst.labeled)} labeled` : 'no labeled predictions',
      explanation: CALIBRATION_EXPLANATIONS.mce,
    },
    {
      id: 'brier',
      label: 'Brier score',
      value: formatScore(data.brier),
      detail: data.brier === null ? 'no labeled predictions' : 'weighted squared error',
      explanation: CALIBRATION_EXPLANATIONS.brier,
    },
    {
      id: 'predictions',
      label: 'Predictions',
      value: formatCount(data.predictions),
      detail: `in ${data.bins} ${binning} bins`,
      explanation: CALIBRATION_EXPLANATIONS.predictions,
    },
    {
      id: 'labeled',
      label: 'Labeled',
      value: formatCount(data.labeled),
      detail: data.predictions > 0 ? `${formatPercent(data.labeled / data.predictions)} of predictions` : 'no predictions',
      explanation: CALIBRATION_EXPLANATIONS.labeled,
    },
  ]
}

// ---------------------------------------------------------------------------------------------
// Reliability diagram

/** One bin with labels, placed at its mean confidence. */
export interface ReliabilityPoint {
  bin: number
  range: string
  /** x: mean confidence of all predictions in the bin. */
  confidence: number
  /** y: weighted accuracy of the labeled ones. */
  accuracy: number
  /** Error bar below and above `accuracy` (recharts' asymmetric form); null without an interval. */
  error: [number, number] | null
  ciLower: number | null
  ciUpper: number | null
  count: number
  labeled: number
  /** accuracy − confidence: negative below the diagonal (overconfident). */
  gap: number
}

/** The bins that can be plotted (labeled ones), in confidence order. */
export function prepareReliabilityPoints(reliability: readonly ReliabilityBin[]): ReliabilityPoint[] {
  return labeledBins(reliability)
    .map((b) => {
      const accuracy = b.accuracy!
      const confidence = b.mean_confidence!
      const ci = b.accuracy_ci
      return {
        bin: b.bin,
        range: formatBinRange(b.lower, b.upper),
        confidence,
        accuracy,
        // An interval that does not contain its estimate (rounding) must not draw a negative bar.
        error: ci ? ([Math.max(0, accuracy - ci.lower), Math.max(0, ci.upper - accuracy)] as [number, number]) : null,
        ciLower: ci?.lower ?? null,
        ciUpper: ci?.upper ?? null,
        count: b.count,
        labeled: b.labeled,
        gap: accuracy - confidence,
      }
    })
    .sort((a, b) => a.confidence - b.confidence)
}

/** The shaded gap of one bin: across the bin's width, from its accuracy to its mean confidence. */
export interface GapArea {
  bin: number
  x1: number
  x2: number
  y1: number
  y2: number
  /** over: accuracy below confidence (below the diagonal). */
  direction: 'over' | 'under'
  /**
   * Fill opacity, growing with the bin's share of predictions (its weight in ECE): a bin of a few
   * dozen predictions with a wide interval must not outshine the bin that holds most of them.
   */
  opacity: number
}

/** Gap opacity of the faintest bin, and the range above it up to the most populated bin. */
const GAP_MIN_OPACITY = 0.08
const GAP_OPACITY_RANGE = 0.3

export function prepareGapAreas(reliability: readonly ReliabilityBin[]): GapArea[] {
  const bins = labeledBins(reliability).filter((b) => b.accuracy !== b.mean_confidence)
  const maxCount = Math.max(0, ...bins.map((b) => b.count))
  return bins.map((b) => ({
    bin: b.bin,
    x1: b.lower,
    x2: b.upper,
    y1: Math.min(b.accuracy!, b.mean_confidence!),
    y2: Math.max(b.accuracy!, b.mean_confidence!),
    direction: b.accuracy! < b.mean_confidence! ? 'over' : 'under',
    opacity: Math.round((GAP_MIN_OPACITY + GAP_OPACITY_RANGE * (maxCount > 0 ? Math.sqrt(b.count / maxCount) : 0)) * 1000) / 1000,
  }))
}

/** Predictions per bin, drawn as bars across the bin's width along the bottom of the diagram. */
export interface CountBar {
  bin: number
  x1: number
  x2: number
  /** Bottom and top on the accuracy axis: the bar is scaled into the lowest quarter of the domain. */
  y1: number
  y2: number
  count: number
}

/** The tallest count bar reaches this share of the plot height, so the bars stay under the curve. */
const COUNT_BAND_SHARE = 0.25

/**
 * Count bars in the diagram's own coordinates (one axis is simpler and clearer than a hidden
 * second one): height proportional to the bin's predictions, the largest bin a quarter of the
 * plot. Bins outside the domain are clipped to it.
 */
export function prepareCountBars(reliability: readonly ReliabilityBin[], [low, high]: [number, number]): CountBar[] {
  const populated = reliability.filter((b) => b.count > 0 && b.upper > low)
  const max = Math.max(0, ...populated.map((b) => b.count))
  if (max === 0) return []
  const band = (high - low) * COUNT_BAND_SHARE
  return populated.map((b) => ({ bin: b.bin, x1: Math.max(b.lower, low), x2: Math.min(b.upper, high), y1: low, y2: low + (band * b.count) / max, count: b.count }))
}

/** Axis step of the reliability diagram (both axes). */
const DOMAIN_STEP = 0.1
/** The diagram never zooms in closer than this span, so a small gap does not look huge. */
const MIN_DOMAIN_SPAN = 0.3

/**
 * The square domain [lower, 1] of both axes: from the lowest bin with predictions (or the lowest
 * accuracy) rounded down to 0.1, so a binary model whose confidences never go under 0.5 uses the
 * whole plot. Interval bounds do not widen it: the wide interval of a bin with a handful of labels
 * would zoom every diagram out; such error bars are cut at the edge instead. [0, 1] without data.
 */
export function reliabilityDomain(reliabilities: readonly (readonly ReliabilityBin[])[]): [number, number] {
  let low = 1
  for (const reliability of reliabilities) {
    for (const b of reliability) {
      if (b.count === 0) continue
      low = Math.min(low, b.lower)
      if (b.accuracy !== null && b.labeled > 0) low = Math.min(low, b.accuracy)
    }
  }
  if (low >= 1) return [0, 1]
  const floored = Math.floor((low + 1e-9) / DOMAIN_STEP) * DOMAIN_STEP
  return [Math.max(0, Math.min(Math.round(floored * 10) / 10, 1 - MIN_DOMAIN_SPAN)), 1]
}

/**
 * A score axis (ECE, Brier) from 0 to the largest value rounded up to a round step, with its
 * ticks, so that ticks read 0.05, 0.10… rather than 0.045, 0.09…
 */
export function scoreAxis(values: readonly (number | null)[]): { domain: [number, number]; ticks: number[] } {
  const max = Math.max(0, ...values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)))
  const step = max > 0.4 ? 0.1 : max > 0.1 ? 0.05 : max > 0.04 ? 0.02 : 0.01
  const steps = Math.max(1, Math.ceil(max / step - 1e-9))
  const ticks = Array.from({ length: steps + 1 }, (_, i) => Math.round(i * step * 1000) / 1000)
  return { domain: [0, ticks[ticks.length - 1]], ticks }
}

/** Ticks every 0.1 over the domain. */
export function domainTicks([lower, upper]: [number, number]): number[] {
  const ticks: number[] = []
  for (let i = Math.round(lower * 10); i <= Math.round(upper * 10); i++) ticks.push(i / 10)
  return ticks
}

// ---------------------------------------------------------------------------------------------
// Plain-language verdict

/** ECE under this (probability units) reads as well calibrated: confidence off by < 2 pts on average. */
export const WELL_CALIBRATED_ECE = 0.02

export interface CalibrationVerdict {
  kind: 'overconfident' | 'underconfident' | 'calibrated' | 'unlabeled'
  /** One word or two for a badge. */
  short: string
  /** A sentence naming the bin that contributes most to ECE, with its figures. */
  text: string
}

/**
 * What the diagram says, in one sentence: the bin contributing most to ECE ((count_b / N)·|gap|),
 * which side of the diagonal it is on, and whether its 95 % interval excludes the diagonal.
 */
export function calibrationVerdict(figures: Pick<CalibrationResult, 'reliability' | 'ece' | 'labeled'>): CalibrationVerdict {
  const bins = labeledBins(figures.reliability)
  if (bins.length === 0 || figures.ece === null) {
    return {
      kind: 'unlabeled',
      short: 'no labels',
      text: 'No labeled predictions in this view: accuracy needs a reference label (an outcome or human reviews).',
    }
  }
  const population = bins.reduce((sum, b) => sum + b.count, 0)
  let main = bins[0]
  for (const b of bins) {
    if (b.count * Math.abs(b.accuracy! - b.mean_confidence!) > main.count * Math.abs(main.accuracy! - main.mean_confidence!)) main = b
  }
  const gap = main.accuracy! - main.mean_confidence!
  const ci = main.accuracy_ci
  const excludesDiagonal = ci !== null && (ci.upper < main.mean_confidence! || ci.lower > main.mean_confidence!)
  if (figures.ece < WELL_CALIBRATED_ECE && !excludesDiagonal) {
    return {
      kind: 'calibrated',
      short: 'calibrated',
      text: `Well calibrated: confidence is within ${formatPercent(figures.ece)} of the observed accuracy on average (ECE ${formatScore(figures.ece)}).`,
    }
  }
  const over = gap < 0
  const share = population > 0 ? main.count / population : 0
  const side = over ? 'below' : 'above'
  const claim = `in the ${formatBinRange(main.lower, main.upper)} bin (${formatPercent(share, 0)} of predictions) the model is right ${formatPercent(main.accuracy)} of the time at a mean confidence of ${formatPercent(main.mean_confidence)}, ${formatPoints(gap).replace(/^[−+]/, '')} ${side} the diagonal`
  const certainty = ci === null ? '' : excludesDiagonal ? ' (outside its 95% interval).' : ' (within its 95% interval: not conclusive yet).'
  return {
    kind: over ? 'overconfident' : 'underconfident',
    short: over ? 'overconfident' : 'underconfident',
    text: `${over ? 'Overconfident' : 'Underconfident'}: ${claim}${certainty || '.'}`,
  }
}

// ---------------------------------------------------------------------------------------------
// Histogram and time series

export interface HistogramPoint {
  bin: number
  /** x: the bin's centre on the confidence axis. */
  x: number
  /** Lower edge. */
  label: string
  range: string
  count: number
  labeled: number
  unlabeled: number
}

/** The histogram never zooms in closer than this span of confidence, so one busy bin is not a wall. */
const MIN_HISTOGRAM_SPAN = 0.1
/** Ticks on the histogram's confidence axis: few enough for a phone. */
const HISTOGRAM_MAX_TICKS = 5
/**
 * Share of predictions the histogram's axis may leave off at the low end: a few dozen stray low
 * confidences would otherwise stretch the axis over 0.2–1.0 while the mass sits in 0.8–1.0. What
 * is left off is said under the chart, and the CSV and the reliability diagram keep every bin.
 */
export const HISTOGRAM_TAIL_SHARE = 0.005

export interface HistogramAxis {
  domain: [number, number]
  ticks: number[]
  /** Predictions in bins left of the axis (below `domain[0]`). */
  offAxis: number
}

/**
 * The confidence axis of the histogram, fitted to the data: from the lowest bin that the lowest
 * HISTOGRAM_TAIL_SHARE of predictions do not fill, rounded down to a round tick, to 1 (confidences
 * of 0.8–1.0 get the whole width instead of its last fifth), with ticks at round numbers. [0, 1]
 * without data.
 */
export function histogramAxis(histogram: readonly HistogramBin[]): HistogramAxis {
  const bins = [...histogram].sort((a, b) => a.lower - b.lower)
  const total = bins.reduce((sum, b) => sum + b.count, 0)
  if (total === 0) return { ...niceTicks(0, 1, HISTOGRAM_MAX_TICKS), offAxis: 0 }
  let below = 0
  let lowest = 1
  for (const b of bins) {
    if (b.count === 0) continue
    if (below + b.count > HISTOGRAM_TAIL_SHARE * total) {
      lowest = b.lower
      break
    }
    below += b.count
  }
  const axis = niceTicks(Math.min(lowest, 1 - MIN_HISTOGRAM_SPAN), 1, HISTOGRAM_MAX_TICKS)
  const low = Math.max(0, axis.domain[0])
  const offAxis = bins.filter((b) => b.upper <= low + 1e-9).reduce((sum, b) => sum + b.count, 0)
  return { domain: [low, 1], ticks: axis.ticks.filter((t) => t >= 0 && t <= 1), offAxis }
}

/** The histogram's bins inside the axis' domain, at their centres. */
export function prepareHistogram(histogram: readonly HistogramBin[], domain: [number, number] = [0, 1]): HistogramPoint[] {
  return [...histogram]
    .sort((a, b) => a.lower - b.lower)
    .filter((b) => b.upper > domain[0] + 1e-9)
    .map((b) => ({
      bin: b.bin,
      x: (b.lower + b.upper) / 2,
      label: formatEdge(b.lower),
      range: formatBinRange(b.lower, b.upper),
      count: b.count,
      labeled: Math.min(b.labeled, b.count),
      unlabeled: Math.max(0, b.count - b.labeled),
    }))
}

export interface CalibrationSeriesPoint {
  period: string
  label: string
  ece: number | null
  brier: number | null
  predictions: number
  labeled: number
}

const DAYS_PER_INTERVAL: Record<CalibrationInterval, number> = { day: 1, week: 7 }

/** ECE and Brier per day or week, with the periods missing in between filled as gaps. */
export function prepareCalibrationSeries(series: readonly CalibrationPeriod[], interval: CalibrationInterval): CalibrationSeriesPoint[] {
  const filled = fillPeriods(series, (p) => p.period, (period) => ({ period, ece: null, brier: null, predictions: 0, labeled: 0 }), DAYS_PER_INTERVAL[interval])
  return filled.map((p) => ({
    period: p.period,
    label: interval === 'week' ? `Wk ${formatDay(p.period)}` : formatDay(p.period),
    ece: p.ece,
    brier: p.brier,
    predictions: p.predictions,
    labeled: p.labeled,
  }))
}

// ---------------------------------------------------------------------------------------------
// Groups (group_by)

export const GROUP_BY_LABELS: Record<CalibrationGroupBy, { singular: string; plural: string }> = {
  model: { singular: 'Model', plural: 'models' },
  model_version: { singular: 'Version', plural: 'versions' },
  segment: { singular: 'Segment', plural: 'segments' },
}

/** A blank version or segment (the SPEC default "") is still a group: it gets a readable name. */
export function groupLabel(key: string): string {
  return key.trim() === '' ? '(none)' : key
}

export interface GroupRow {
  key: string
  label: string
  firstSeen: string | null
  lastSeen: string | null
  predictions: string
  labeled: string
  ece: string
  mce: string
  brier: string
  verdict: CalibrationVerdict
  /** The group with the highest ECE, when there are several to compare. */
  worst: boolean
}

/** Groups in natural key order (v2.3 before v2.10). */
export function sortGroups<T extends { key: string }>(groups: readonly T[]): T[] {
  return [...groups].sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }))
}

export function prepareGroupRows(groups: readonly CalibrationGroup[]): GroupRow[] {
  const withEce = groups.filter((g) => g.ece !== null)
  const worstEce = withEce.length >= 2 ? Math.max(...withEce.map((g) => g.ece!)) : null
  return sortGroups(groups).map((g) => ({
    key: g.key,
    label: groupLabel(g.key),
    firstSeen: g.first_seen,
    lastSeen: g.last_seen,
    predictions: formatCount(g.predictions),
    labeled: formatCount(g.labeled),
    ece: formatScore(g.ece),
    mce: formatScore(g.mce),
    brier: formatScore(g.brier),
    verdict: calibrationVerdict(g),
    worst: worstEce !== null && g.ece === worstEce,
  }))
}

// ---------------------------------------------------------------------------------------------
// Equal-mass bins: plotted by bin index

/** One equal-mass bin in its slot: x = bin + 0.5 on an axis of bin indices, the edges as tick labels. */
export interface QuantilePoint extends ReliabilityPoint {
  x: number
}

/**
 * The equal-mass diagram by bin index: each bin gets the same width (it holds the same share of
 * predictions), so the nine bins that equal-width confidence would squeeze into 0.93–1.0 spread
 * out; accuracy and mean confidence are drawn per slot, the gap between them shaded. Only bins
 * with labels get a point.
 */
export function prepareQuantilePoints(reliability: readonly ReliabilityBin[]): QuantilePoint[] {
  return prepareReliabilityPoints(reliability)
    .map((p) => ({ ...p, x: p.bin + 0.5 }))
    .sort((a, b) => a.bin - b.bin)
}

/** Gap areas of the equal-mass diagram: across the middle of each slot. */
export function prepareQuantileGaps(reliability: readonly ReliabilityBin[]): GapArea[] {
  return prepareGapAreas(reliability).map((g) => ({ ...g, x1: g.bin + 0.15, x2: g.bin + 0.85 }))
}

/** Slot boundaries 0…bins with their confidence edges as labels ("0.934"). */
export function quantileTicks(reliability: readonly ReliabilityBin[]): { ticks: number[]; label: (tick: number) => string } {
  const edges = [...reliability].sort((a, b) => a.bin - b.bin)
  const ticks = Array.from({ length: edges.length + 1 }, (_, i) => i)
  const edgeAt = (i: number) => (i < edges.length ? edges[i].lower : (edges[edges.length - 1]?.upper ?? 1))
  return { ticks, label: (tick) => formatEdge(edgeAt(Math.round(tick))) }
}

/** Ticks of the equal-mass diagram's probability axis. */
const PROBABILITY_MAX_TICKS = 6
/** Room under the lowest point, so it does not sit on the axis. */
const PROBABILITY_MARGIN = 0.02

/**
 * The probability axis (accuracy and mean confidence) of equal-mass diagrams: from the lowest
 * accuracy or mean confidence of a labeled bin less a margin, rounded down to a round tick, to 1; at least
 * MIN_DOMAIN_SPAN wide. Intervals do not widen it (as in reliabilityDomain).
 */
export function probabilityAxis(reliabilities: readonly (readonly ReliabilityBin[])[]): { domain: [number, number]; ticks: number[] } {
  let low = 1
  for (const reliability of reliabilities) {
    for (const b of labeledBins(reliability)) low = Math.min(low, b.accuracy!, b.mean_confidence!)
  }
  const axis = niceTicks(Math.min(low - PROBABILITY_MARGIN, 1 - MIN_DOMAIN_SPAN), 1, PROBABILITY_MAX_TICKS)
  return { domain: [Math.max(0, axis.domain[0]), 1], ticks: axis.ticks.filter((t) => t >= 0 && t <= 1) }
}

// ---------------------------------------------------------------------------------------------
// Trend split by group, and when versions first appear

/** The trend with one ECE line per group: recharts keys g0, g1… (a key such as "v2.4" would read as a path). */
export interface GroupTrend {
  points: Array<CalibrationSeriesPoint & Record<string, number | string | null>>
  lines: { dataKey: string; key: string; label: string }[]
}

/** ECE per period and group, beside the overall series' points (same periods, gaps filled). */
export function prepareGroupTrend(series: readonly CalibrationPeriod[], groups: readonly CalibrationGroup[], interval: CalibrationInterval): GroupTrend {
  const sorted = sortGroups(groups)
  const lines = sorted.map((g, i) => ({ dataKey: `g${i}`, key: g.key, label: groupLabel(g.key) }))
  const byGroup = sorted.map((g) => new Map(g.series.map((p) => [p.period, p])))
  const points = prepareCalibrationSeries(series, interval).map((point) => {
    const out: CalibrationSeriesPoint & Record<string, number | string | null> = { ...point }
    byGroup.forEach((periods, i) => {
      out[`g${i}`] = periods.get(point.period)?.ece ?? null
    })
    return out
  })
  return { points, lines }
}

/** Versions' first appearances on the trend, one per period: "v2.4" (or "v2.4, v3.0" on the same day or week). */
export interface VersionMarker {
  /** Names of the groups first seen in this period, joined. */
  label: string
  /** The x-axis label of the period. */
  at: string
  /** The earliest first_seen day among them. */
  firstSeen: string
  keys: string[]
}

/**
 * The days the view has data: from the later of the range's first day and the earliest first_seen
 * of the groups, to the earlier of its last day and the latest last_seen. A version seen from the
 * data's first day was there before (or the data start with it): no roll-out to mark.
 */
export function viewDays(groups: readonly Pick<CalibrationGroup, 'first_seen' | 'last_seen'>[], range: { first: string | null; last: string | null }): { first: string | null; last: string | null } {
  const firsts = groups.map((g) => g.first_seen).filter((d): d is string => d !== null)
  const lasts = groups.map((g) => g.last_seen).filter((d): d is string => d !== null)
  const dataFirst = firsts.length > 0 ? firsts.reduce((a, b) => (a < b ? a : b)) : null
  const dataLast = lasts.length > 0 ? lasts.reduce((a, b) => (a > b ? a : b)) : null
  const later = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b)
  const earlier = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b)
  return { first: later(range.first, dataFirst), last: earlier(range.last, dataLast) }
}

/**
 * Where groups (model versions) first appear on the trend: each first_seen day's period, versions
 * of the same period on one marker. Versions seen from the view's first day with data are left out
 * (they did not roll out in view), and so are groups never seen.
 */
export function versionMarkers(
  groups: readonly Pick<CalibrationGroup, 'key' | 'first_seen' | 'last_seen'>[],
  points: readonly CalibrationSeriesPoint[],
  interval: CalibrationInterval,
  range: { first: string | null; last: string | null },
): VersionMarker[] {
  const start = viewDays(groups, range).first
  if (!start || points.length === 0) return []
  const step = DAYS_PER_INTERVAL[interval] * 86_400_000
  const byPeriod = new Map<string, VersionMarker>()
  for (const g of sortGroups(groups)) {
    if (!g.first_seen || g.first_seen <= start) continue
    const point = [...points].reverse().find((p) => p.period <= g.first_seen!)
    if (!point || Date.parse(g.first_seen) - Date.parse(point.period) >= step) continue
    const marker = byPeriod.get(point.period)
    if (marker) {
      marker.keys.push(g.key)
      marker.label = `${marker.label}, ${groupLabel(g.key)}`
      if (g.first_seen < marker.firstSeen) marker.firstSeen = g.first_seen
    } else {
      byPeriod.set(point.period, { label: groupLabel(g.key), at: point.label, firstSeen: g.first_seen, keys: [g.key] })
    }
  }
  return [...byPeriod.values()]
}

/**
 * "first seen Nov 20, last seen Nov 27"; a version there from the view's first day with data is
 * "seen from the start", one still predicting on its last day "still predicting".
 */
export function seenText(group: Pick<CalibrationGroup, 'first_seen' | 'last_seen'>, view: { first: string | null; last: string | null }): string {
  if (!group.first_seen || !group.last_seen) return 'not seen in the range'
  const fromStart = view.first !== null && group.first_seen <= view.first
  const toEnd = view.last !== null && group.last_seen >= view.last
  if (fromStart && toEnd) return `seen all through the data (${formatDay(group.first_seen)} – ${formatDay(group.last_seen)})`
  const first = fromStart ? `seen from the start (${formatDay(group.first_seen)})` : `first seen ${formatDay(group.first_seen)}`
  const last = toEnd ? 'still predicting' : `last seen ${formatDay(group.last_seen)}`
  return `${first}, ${last}`
}

/** The first and last day of the range the API applied (`to` is exclusive). */
export function rangeDays(filters: CalibrationResponse['filters']): { first: string | null; last: string | null } {
  const from = filters.from ? Date.parse(filters.from) : Number.NaN
  const to = filters.to ? Date.parse(filters.to) : Number.NaN
  return {
    first: Number.isFinite(from) ? new Date(from).toISOString().slice(0, 10) : null,
    last: Number.isFinite(to) ? new Date(to - 1).toISOString().slice(0, 10) : null,
  }
}

// ---------------------------------------------------------------------------------------------
// CSV downloads: the API's figures behind each chart and table, unformatted

export function reliabilityCsv(data: Pick<CalibrationResponse, 'filters' | 'reliability' | 'strategy'>, what = 'reliability'): CsvExport {
  return csvExport(scopedCsvFileName('calibration', `${what}-${data.strategy}`, data.filters), data.reliability, [
    { header: 'bin', value: (b) => b.bin },
    { header: 'lower', value: (b) => b.lower },
    { header: 'upper', value: (b) => b.upper },
    { header: 'count', value: (b) => b.count },
    { header: 'labeled', value: (b) => b.labeled },
    { header: 'mean_confidence', value: (b) => b.mean_confidence },
    { header: 'accuracy', value: (b) => b.accuracy },
    { header: 'accuracy_ci_lower', value: (b) => b.accuracy_ci?.lower ?? null },
    { header: 'accuracy_ci_upper', value: (b) => b.accuracy_ci?.upper ?? null },
  ])
}

export function histogramCsv(data: Pick<CalibrationResponse, 'filters' | 'histogram'>): CsvExport {
  return csvExport(scopedCsvFileName('calibration', 'histogram', data.filters), data.histogram, [
    { header: 'bin', value: (b) => b.bin },
    { header: 'lower', value: (b) => b.lower },
    { header: 'upper', value: (b) => b.upper },
    { header: 'count', value: (b) => b.count },
    { header: 'labeled', value: (b) => b.labeled },
  ])
}

/** The trend: one row per period, or per group and period (long form) when grouped. */
export function trendCsv(data: Pick<CalibrationResponse, 'filters' | 'series' | 'groups' | 'group_by' | 'interval'>): CsvExport {
  const name = scopedCsvFileName('calibration', `trend-per-${data.interval}${data.group_by ? `-by-${data.group_by}` : ''}`, data.filters)
  const figures = [
    { header: 'period', value: (p: CalibrationPeriod) => p.period },
    { header: 'ece', value: (p: CalibrationPeriod) => p.ece },
    { header: 'brier', value: (p: CalibrationPeriod) => p.brier },
    { header: 'predictions', value: (p: CalibrationPeriod) => p.predictions },
    { header: 'labeled', value: (p: CalibrationPeriod) => p.labeled },
  ]
  if (!data.group_by || !data.groups) return csvExport(name, data.series, figures)
  const rows = sortGroups(data.groups).flatMap((g) => g.series.map((p) => ({ group: g.key, p })))
  return csvExport(name, rows, [{ header: data.group_by, value: (r) => r.group }, ...figures.map((f) => ({ header: f.header, value: (r: { p: CalibrationPeriod }) => f.value(r.p) }))])
}

export function groupsCsv(data: Pick<CalibrationResponse, 'filters' | 'groups' | 'group_by'>): CsvExport {
  return csvExport(scopedCsvFileName('calibration', `by-${data.group_by ?? 'group'}`, data.filters), sortGroups(data.groups ?? []), [
    { header: data.group_by ?? 'group', value: (g) => g.key },
    { header: 'first_seen', value: (g) => g.first_seen },
    { header: 'last_seen', value: (g) => g.last_seen },
    { header: 'predictions', value: (g) => g.predictions },
    { header: 'labeled', value: (g) => g.labeled },
    { header: 'ece', value: (g) => g.ece },
    { header: 'mce', value: (g) => g.mce },
    { header: 'brier', value: (g) => g.brier },
  ])
}

/** True when the range holds no predictions: the page shows the empty state instead of zeros. */
export function isEmptyCalibration(data: CalibrationResponse): boolean {
  return data.predictions === 0
}
