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
import { fillPeriods, formatScore } from '../../_components/chart-math'
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
  /** Lower edge, for the axis. */
  label: string
  range: string
  count: number
  labeled: number
  unlabeled: number
}

export function prepareHistogram(histogram: readonly HistogramBin[]): HistogramPoint[] {
  return [...histogram]
    .sort((a, b) => a.lower - b.lower)
    .map((b) => ({
      bin: b.bin,
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
    predictions: formatCount(g.predictions),
    labeled: formatCount(g.labeled),
    ece: formatScore(g.ece),
    mce: formatScore(g.mce),
    brier: formatScore(g.brier),
    verdict: calibrationVerdict(g),
    worst: worstEce !== null && g.ece === worstEce,
  }))
}

/** True when the range holds no predictions: the page shows the empty state instead of zeros. */
export function isEmptyCalibration(data: CalibrationResponse): boolean {
  return data.predictions === 0
}
