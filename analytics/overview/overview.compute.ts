import { daysInRange, isoDate } from '@/analytics/shared/time'
import { ratio } from '@/analytics/shared/stats.compute'
import { echoFilters } from '@/analytics/shared/echoed-filters'
import type { ResolvedFilters } from '@/analytics/shared/filters.schema'
import type { BacklogFlowRow, OverviewDay, OverviewFigures, OverviewModel, OverviewResponse, PredictionDayRow, ReviewDayRow } from './overview.schema'

interface Counts {
  predictions: number
  escalated: number
  audited: number
  labeled: number
  reviews: number
  agreeing: number
  backlog: number | null
}

const zero = (): Counts => ({ predictions: 0, escalated: 0, audited: 0, labeled: 0, reviews: 0, agreeing: 0, backlog: null })

function figures(c: Counts): OverviewFigures {
  return {
    predictions: c.predictions,
    escalated: c.escalated,
    escalation_rate: ratio(c.escalated, c.predictions),
    audited: c.audited,
    automation_rate: ratio(c.predictions - c.escalated, c.predictions),
    reviews: c.reviews,
    labeled: c.labeled,
    agreement_rate: ratio(c.agreeing, c.reviews),
    backlog: c.backlog,
  }
}

/** When the backlog is measured: at the end of the range, or now when the range reaches into the future. */
export function backlogEnd(filters: ResolvedFilters, now: number): number {
  return Math.min(filters.to, now)
}

/**
 * Assembles SPEC §3.0 from per-(model, day) rows. The backlog at the end of a day is the open
 * escalated items then; days after the end of the range (or after `now`) have a null backlog.
 */
export function computeOverview(
  rows: { predictions: PredictionDayRow[]; reviews: ReviewDayRow[]; backlog: BacklogFlowRow[] },
  filters: ResolvedFilters,
  now: number,
): OverviewResponse {
  const days = daysInRange(filters.from, filters.to)
  const end = backlogEnd(filters, now)
  const lastOpenDay = end > filters.from ? isoDate(end - 1) : null
  const models = new Set<string>([...rows.predictions, ...rows.reviews, ...rows.backlog].map((r) => r.model))
  const perModel = new Map<string, Map<string, Counts>>()
  const cell = (model: string, day: string) => {
    let byDay = perModel.get(model)
    if (!byDay) perModel.set(model, (byDay = new Map()))
    let counts = byDay.get(day)
    if (!counts) byDay.set(day, (counts = zero()))
    return counts
  }
  for (const r of rows.predictions) {
    const c = cell(r.model, r.day)
    c.predictions += r.predictions
    c.escalated += r.escalated
    c.audited += r.audited
    c.labeled += r.labeled
  }
  for (const r of rows.reviews) {
    const c = cell(r.model, r.day)
    c.reviews += r.reviews
    c.agreeing += r.agreeing
  }
  const flows = new Map<string, Map<string, number>>()
  for (const r of rows.backlog) {
    let byDay = flows.get(r.model)
    if (!byDay) flows.set(r.model, (byDay = new Map()))
    byDay.set(r.day, (byDay.get(r.day) ?? 0) + r.arrivals - r.closes)
  }

  const perModelCounts = [...models].sort().map((model) => {
    const byDay = perModel.get(model) ?? new Map<string, Counts>()
    const net = flows.get(model) ?? new Map<string, number>()
    let open = net.get('') ?? 0
    const dayCounts = days.map((date) => {
      const inRange = lastOpenDay !== null && date <= lastOpenDay
      if (inRange) open += net.get(date) ?? 0
      return { ...(byDay.get(date) ?? zero()), backlog: inRange ? open : null }
    })
    return { model, total: { ...addCounts(dayCounts), backlog: open }, dayCounts }
  })
  const series: OverviewDay[] = days.map((date, i) => {
    const c = addCounts(perModelCounts.map((m) => m.dayCounts[i]))
    const inRange = lastOpenDay !== null && date <= lastOpenDay
    return { date, ...figures({ ...c, backlog: inRange ? c.backlog ?? 0 : null }) }
  })
  return {
    filters: echoFilters(filters),
    ...figures({ ...addCounts(perModelCounts.map((m) => m.total)), backlog: perModelCounts.reduce((sum, m) => sum + (m.total.backlog ?? 0), 0) }),
    series,
    models: perModelCounts.map(
      (m): OverviewModel => ({ model: m.model, ...figures(m.total), series: days.map((date, i) => ({ date, ...figures(m.dayCounts[i]) })) }),
    ),
  }
}

/** Sums counts; the backlog sums where known and is null when every part is null. */
function addCounts(parts: Counts[]): Counts {
  const sum = zero()
  for (const c of parts) {
    sum.predictions += c.predictions
    sum.escalated += c.escalated
    sum.audited += c.audited
    sum.labeled += c.labeled
    sum.reviews += c.reviews
    sum.agreeing += c.agreeing
    if (c.backlog !== null) sum.backlog = (sum.backlog ?? 0) + c.backlog
  }
  return sum
}
