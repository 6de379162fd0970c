/**
 * Pure shaping of the overview response for the cards, charts and table (data → prepare →
 * visualise): recharts only renders what these return. No I/O, no clock.
 */
import { formatCount, formatDay, formatPercent } from '@/lib/format'
import { fillPeriods, toPercent } from '../../_components/chart-math'
import { csvExport, scopedCsvFileName, type CsvExport } from '../../_components/csv'
import type { Kpi } from '../../_components/kpi-cards'
import type { CalibrationGroup } from '@/analytics/calibration/calibration.schema'
import type { OverviewDay, OverviewFigures, OverviewModel, OverviewResponse } from '@/analytics/overview/overview.schema'

/** Days sorted, and the days missing between the first and last filled in: no predictions, no reviews, rates and backlog unknown. */
export function fillDays(series: readonly OverviewDay[]): OverviewDay[] {
  return fillPeriods(series, (day) => day.date, emptyDay)
}

/** A day the API did not list: nothing predicted or reviewed, rates unknown. */
function emptyDay(date: string): OverviewDay {
  return {
    date,
    predictions: 0,
    escalated: 0,
    escalation_rate: null,
    audited: 0,
    automation_rate: null,
    reviews: 0,
    labeled: 0,
    agreement_rate: null,
    // Not known for a day the API did not list: the line breaks there.
    backlog: null,
  }
}

// ---------------------------------------------------------------------------------------------
// KPI cards

export const KPI_EXPLANATIONS = {
  predictions:
    'Items predicted in the range, by prediction time. An item predicted more than once counts once, by its latest prediction.',
  automation_rate: 'Share of predictions routed auto, i.e. accepted without a human: auto ÷ predictions.',
  escalation_rate:
    'Share of predictions sent to a human: escalated (route review, below the threshold, or audit, a random check of a confident one) ÷ predictions.',
  audited: 'Confident predictions drawn at random for a human audit (route audit). They are part of the escalated count.',
  reviews: 'Human reviews completed in the range, by completion time. A reviewer reviewing the same item again counts once (the latest).',
  labeled:
    'Predicted items in the range that have a reference label: a ground-truth outcome (its true label) or human reviews (their majority label).',
  agreement_rate: 'Share of the counted reviews whose label equals the model’s predicted label for the item (model–human agreement).',
  backlog: 'Escalated items with no completed review at the end of the range (or now, if the range reaches the present).',
} as const

export function prepareKpis(data: OverviewResponse): Kpi[] {
  const auto = Math.max(0, data.predictions - data.escalated)
  return [
    {
      id: 'predictions',
      label: 'Predictions',
      value: formatCount(data.predictions),
      detail: `${formatCount(auto)} auto · ${formatCount(data.escalated)} escalated`,
      explanation: KPI_EXPLANATIONS.predictions,
    },
    {
      id: 'automation_rate',
      label: 'Automation rate',
      value: formatPercent(data.automation_rate),
      detail: `${formatCount(auto)} auto-accepted`,
      explanation: KPI_EXPLANATIONS.automation_rate,
    },
    {
      id: 'escalation_rate',
      label: 'Escalation rate',
      value: formatPercent(data.escalation_rate),
      detail: `${formatCount(data.escalated)} escalated to humans`,
      explanation: KPI_EXPLANATIONS.escalation_rate,
    },
    {
      id: 'audited',
      label: 'Audited',
      value: formatCount(data.audited),
      detail:
        data.predictions > 0 ? `${formatPercent(data.audited / data.predictions, 2)} of predictions` : 'no predictions',
      explanation: KPI_EXPLANATIONS.audited,
    },
    {
      id: 'reviews',
      label: 'Reviews',
      value: formatCount(data.reviews),
      detail: 'completed in the range',
      explanation: KPI_EXPLANATIONS.reviews,
    },
    {
      id: 'labeled',
      label: 'Labeled',
      value: formatCount(data.labeled),
      detail: 'items with a reference label',
      explanation: KPI_EXPLANATIONS.labeled,
    },
    {
      id: 'agreement_rate',
      label: 'Agreement rate',
      value: formatPercent(data.agreement_rate),
      detail: data.agreement_rate === null ? 'no reviews to compare' : 'model vs human label',
      explanation: KPI_EXPLANATIONS.agreement_rate,
    },
    {
      id: 'backlog',
      label: 'Backlog',
      value: formatCount(data.backlog),
      detail: 'escalated, awaiting review',
      explanation: KPI_EXPLANATIONS.backlog,
    },
  ]
}

// ---------------------------------------------------------------------------------------------
// Time series

export interface VolumePoint {
  date: string
  label: string
  predictions: number
  /** Accepted without a human. */
  auto: number
  /** Escalated because under the threshold (escalated − audited). */
  review: number
  /** Confident ones drawn for audit. */
  audit: number
}

/** Predictions per day split by route: auto + review + audit = predictions. */
export function prepareVolumeSeries(series: readonly OverviewDay[]): VolumePoint[] {
  return fillDays(series).map((day) => {
    const audit = Math.max(0, day.audited)
    const review = Math.max(0, day.escalated - audit)
    return {
      date: day.date,
      label: formatDay(day.date),
      predictions: day.predictions,
      auto: Math.max(0, day.predictions - day.escalated),
      review,
      audit,
    }
  })
}

export interface RatePoint {
  date: string
  label: string
  /** Percent, null for a day without predictions. */
  escalation: number | null
  automation: number | null
}

export function prepareRateSeries(series: readonly OverviewDay[]): RatePoint[] {
  return fillDays(series).map((day) => ({
    date: day.date,
    label: formatDay(day.date),
    escalation: toPercent(day.escalation_rate),
    automation: toPercent(day.automation_rate),
  }))
}

export interface ReviewPoint {
  date: string
  label: string
  reviews: number
  /** Backlog at the end of the day; null when not known (a day after now, or not listed). */
  backlog: number | null
}

export function prepareReviewSeries(series: readonly OverviewDay[]): ReviewPoint[] {
  return fillDays(series).map((day) => ({
    date: day.date,
    label: formatDay(day.date),
    reviews: day.reviews,
    backlog: day.backlog,
  }))
}

export interface AgreementPoint {
  date: string
  label: string
  /** Percent, null for a day without reviews. */
  agreement: number | null
  reviews: number
}

export function prepareAgreementSeries(series: readonly OverviewDay[]): AgreementPoint[] {
  return fillDays(series).map((day) => ({
    date: day.date,
    label: formatDay(day.date),
    agreement: toPercent(day.agreement_rate),
    reviews: day.reviews,
  }))
}

// ---------------------------------------------------------------------------------------------
// Per-model table

export interface ModelRow {
  model: string
  predictions: string
  /** Share of all predictions in view. */
  share: string
  automationRate: string
  escalationRate: string
  audited: string
  reviews: string
  labeled: string
  agreementRate: string
  backlog: string
  /** Predictions per day, for a sparkline. */
  trend: { date: string; predictions: number }[]
}

/** Models by predictions, largest first (ties by name), with their figures formatted. */
export function prepareModelRows(models: readonly OverviewModel[]): ModelRow[] {
  const total = models.reduce((sum, m) => sum + m.predictions, 0)
  return [...models]
    .sort((a, b) => b.predictions - a.predictions || a.model.localeCompare(b.model))
    .map((m) => ({
      model: m.model,
      predictions: formatCount(m.predictions),
      share: formatPercent(total > 0 ? m.predictions / total : null),
      automationRate: formatPercent(m.automation_rate),
      escalationRate: formatPercent(m.escalation_rate),
      audited: formatCount(m.audited),
      reviews: formatCount(m.reviews),
      labeled: formatCount(m.labeled),
      agreementRate: formatPercent(m.agreement_rate),
      backlog: formatCount(m.backlog),
      trend: fillDays(m.series).map((d) => ({ date: d.date, predictions: d.predictions })),
    }))
}

/** True when the range holds no predictions: the page shows the empty state instead of zeros. */
export function isEmptyOverview(data: OverviewResponse): boolean {
  return data.predictions === 0
}

// ---------------------------------------------------------------------------------------------
// CSV downloads: the API's figures behind each chart and the table, unformatted

/** The day series behind one chart: the date and the given figures of each day the API listed. */
export function overviewDayCsv(what: string, series: readonly OverviewDay[], filters: OverviewResponse['filters'], fields: readonly (keyof OverviewFigures)[]): CsvExport {
  return csvExport(scopedCsvFileName('overview', what, filters), [...series].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)), [
    { header: 'date', value: (d) => d.date },
    ...fields.map((field) => ({ header: field, value: (d: OverviewDay) => d[field] })),
  ])
}

/** ECE per model, from the calibration family's group_by=model (10 equal-width bins, as the Calibration page's default). */
export type ModelEce = ReadonlyMap<string, Pick<CalibrationGroup, 'ece' | 'labeled'>>

/** The per-model table as CSV: every figure of the API, the share of predictions, and ECE once it is in. */
export function modelTableCsv(models: readonly OverviewModel[], filters: OverviewResponse['filters'], ece: ModelEce | null): CsvExport {
  const total = models.reduce((sum, m) => sum + m.predictions, 0)
  const sorted = [...models].sort((a, b) => b.predictions - a.predictions || a.model.localeCompare(b.model))
  return csvExport(scopedCsvFileName('overview', 'models', filters), sorted, [
    { header: 'model', value: (m) => m.model },
    { header: 'predictions', value: (m) => m.predictions },
    { header: 'share', value: (m) => (total > 0 ? m.predictions / total : null) },
    { header: 'automation_rate', value: (m) => m.automation_rate },
    { header: 'escalation_rate', value: (m) => m.escalation_rate },
    { header: 'escalated', value: (m) => m.escalated },
    { header: 'audited', value: (m) => m.audited },
    { header: 'reviews', value: (m) => m.reviews },
    { header: 'labeled', value: (m) => m.labeled },
    { header: 'agreement_rate', value: (m) => m.agreement_rate },
    { header: 'backlog', value: (m) => m.backlog },
    ...(ece ? [{ header: 'ece', value: (m: OverviewModel) => ece.get(m.model)?.ece ?? null }] : []),
  ])
}
