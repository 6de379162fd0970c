/**
 * Pure shaping of the workload response's people (SPEC §3.3): the reviewer table, fatigue by hour
 * into the shift and tomorrow's staffing. See prepare.ts.
 */
import { formatCount, formatDay, formatPercent } from '@/lib/format'
import { formatDuration, median, toPercent } from '../../_components/chart-math'
import type { ShiftHour, WorkloadReviewer, WorkloadStaffing } from '@/analytics/workload/workload.schema'
import { formatRate, formatSla, hourOfDayLabel, MS_PER_DAY, twoDigits, weekdayOf } from './prepare'
import type { ReviewerSortKey, SortDirection } from './workload-options'

export interface ReviewerRow {
  reviewer: WorkloadReviewer
  /** The figure behind each sortable column. */
  values: Record<ReviewerSortKey, number | string | null>
  /** Reviews as a share of the busiest reviewer's, 0–1: the bar in the cell. */
  reviewsShare: number
}

export function prepareReviewerRows(reviewers: readonly WorkloadReviewer[]): ReviewerRow[] {
  const most = Math.max(0, ...reviewers.map((r) => r.reviews))
  return reviewers.map((r) => ({
    reviewer: r,
    values: {
      reviewer_id: r.reviewer_id,
      reviews: r.reviews,
      reviews_per_active_hour: r.reviews_per_active_hour,
      active_hours: r.active_hours,
      handle_p50: r.handle_ms.p50,
      handle_p90: r.handle_ms.p90,
      shift_share: r.shift_share,
    },
    reviewsShare: most > 0 ? r.reviews / most : 0,
  }))
}

/** Sorted by one column; missing figures last whatever the direction, ties by name. */
export function sortReviewerRows(rows: readonly ReviewerRow[], key: ReviewerSortKey, direction: SortDirection): ReviewerRow[] {
  const sign = direction === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    const byId = a.reviewer.reviewer_id.localeCompare(b.reviewer.reviewer_id, 'en', { numeric: true })
    if (key === 'reviewer_id') return sign * byId
    const x = a.values[key]
    const y = b.values[key]
    if (typeof x !== 'number' && typeof y !== 'number') return byId
    if (typeof x !== 'number') return 1
    if (typeof y !== 'number') return -1
    return x !== y ? sign * (x - y) : byId
  })
}

/** "Team median 2.2 reviews per active hour, handle p50 55 s. Busiest: r11-mallory, 260 reviews (3.2 per active hour)." */
export function reviewerSummary(reviewers: readonly WorkloadReviewer[]): string {
  const active = reviewers.filter((r) => r.reviews > 0)
  if (active.length === 0) return 'No reviews in this view.'
  const rate = median(active.map((r) => r.reviews_per_active_hour))
  const handle = median(active.map((r) => r.handle_ms.p50))
  const busiest = [...active].sort((a, b) => b.reviews - a.reviews || a.reviewer_id.localeCompare(b.reviewer_id, 'en', { numeric: true }))[0]
  const team = active.length > 1 ? `Team median ${formatRate(rate)} reviews per active hour, handle p50 ${formatDuration(handle)}. ` : ''
  return `${team}${active.length > 1 ? 'Busiest' : 'Reviewer'}: ${busiest.reviewer_id}, ${formatCount(busiest.reviews)} reviews (${formatRate(busiest.reviews_per_active_hour)} per active hour).`
}

// ---------------------------------------------------------------------------------------------
// Fatigue: by hour into the shift

export interface ShiftHourPoint {
  hourIntoShift: number
  /** "1" for the first hour of a shift. */
  label: string
  reviews: number
  /** Null where too few reviews fall in the hour to compare (see FATIGUE_MIN_*). */
  meanHandle: number | null
  /** Percent. */
  agreement: number | null
}

/** An hour into the shift is compared only with this many reviews in it… */
const FATIGUE_MIN_REVIEWS = 5
/** …and this share of all the reviews: a handful of reviews late into an unusually long day is noise, not a trend. */
const FATIGUE_MIN_SHARE = 0.02

export interface ShiftHours {
  points: ShiftHourPoint[]
  /** Reviews in the hours after the last one shown (too few per hour to compare). */
  leftOut: number
  total: number
}

/**
 * The hours into the shift with enough reviews to compare, from the first hour to the last such
 * one (hours between with too few keep their count but no figures: a gap, not a guess).
 */
export function prepareShiftHours(hours: readonly ShiftHour[]): ShiftHours {
  const total = hours.reduce((sum, h) => sum + h.reviews, 0)
  const minimum = Math.max(FATIGUE_MIN_REVIEWS, FATIGUE_MIN_SHARE * total)
  const enough = (h: ShiftHour) => h.reviews >= minimum
  const kept = hours.filter(enough)
  if (kept.length === 0) return { points: [], leftOut: total, total }
  const lastHour = Math.max(...kept.map((h) => h.hour_into_shift))
  const byHour = new Map(hours.map((h) => [h.hour_into_shift, h]))
  const points: ShiftHourPoint[] = []
  for (let hour = 0; hour <= lastHour; hour++) {
    const h = byHour.get(hour)
    const ok = h !== undefined && enough(h)
    points.push({
      hourIntoShift: hour,
      label: String(hour + 1),
      reviews: h?.reviews ?? 0,
      meanHandle: ok ? h.mean_handle_ms : null,
      agreement: ok ? toPercent(h.agreement_rate) : null,
    })
  }
  const leftOut = hours.filter((h) => h.hour_into_shift > lastHour).reduce((sum, h) => sum + h.reviews, 0)
  return { points, leftOut, total }
}

/** Hours at each end of the shift compared by fatigueSummary. */
const FATIGUE_COMPARE_HOURS = 2

/**
 * Early against late in the shift in words: the review-weighted mean handle time and agreement of
 * the first FATIGUE_COMPARE_HOURS hours shown against the last ones. Null with fewer than twice
 * that many hours of figures.
 */
export function fatigueSummary(points: readonly ShiftHourPoint[]): string | null {
  const measured = points.filter((p) => p.meanHandle !== null || p.agreement !== null)
  if (measured.length < 2 * FATIGUE_COMPARE_HOURS) return null
  const early = measured.slice(0, FATIGUE_COMPARE_HOURS)
  const late = measured.slice(-FATIGUE_COMPARE_HOURS)
  const weighted = (group: readonly ShiftHourPoint[], key: 'meanHandle' | 'agreement') => {
    const withValue = group.filter((p) => p[key] !== null && p.reviews > 0)
    const weight = withValue.reduce((sum, p) => sum + p.reviews, 0)
    return weight > 0 ? withValue.reduce((sum, p) => sum + (p[key] as number) * p.reviews, 0) / weight : null
  }
  const span = (group: readonly ShiftHourPoint[]) => `hours ${group[0].label}–${group[group.length - 1].label}`
  const handleEarly = weighted(early, 'meanHandle')
  const handleLate = weighted(late, 'meanHandle')
  const agreeEarly = weighted(early, 'agreement')
  const agreeLate = weighted(late, 'agreement')
  const parts: string[] = []
  if (handleEarly !== null && handleLate !== null && handleEarly > 0) {
    const change = Math.round(((handleLate - handleEarly) / handleEarly) * 100)
    parts.push(`reviews take ${formatDuration(handleLate)} on average against ${formatDuration(handleEarly)} in ${span(early)} (${change >= 0 ? '+' : '−'}${Math.abs(change)}%)`)
  }
  if (agreeEarly !== null && agreeLate !== null) {
    parts.push(`agree with the model ${formatPercent(agreeLate / 100)} of the time against ${formatPercent(agreeEarly / 100)}`)
  }
  if (parts.length === 0) return null
  return `In ${span(late)} of a shift, ${parts.join(', and ')}.`
}

// ---------------------------------------------------------------------------------------------
// Staffing

export interface StaffingPoint {
  hour: number
  label: string
  expected: number
  /** Null without a handle time to plan from. */
  needed: number | null
  staffed: number
  short: boolean
  /** Reviewers missing in a short hour (needed − staffed), else 0. */
  gap: number
}

export interface StaffingView {
  forecastDate: string
  /** "Thu, Dec 4, 2026". */
  dayLabel: string
  /** The forecast day is the day after `measured_at` (the range reaches the present). */
  tomorrow: boolean
  points: StaffingPoint[]
  /** "00:00–06:00 UTC", one per run of short hours. */
  shortRanges: string[]
  /** Σ over the short hours of the reviewers missing. */
  missingReviewerHours: number
  headline: string
  basis: string
}

/** Runs of consecutive short hours as "12:00–17:00 UTC" (a run into midnight ends at "24:00"). */
export function shortHourRanges(points: readonly StaffingPoint[]): string[] {
  const ranges: string[] = []
  let start: number | null = null
  for (let i = 0; i <= points.length; i++) {
    const short = i < points.length && points[i].short
    if (short && start === null) start = points[i].hour
    if (!short && start !== null) {
      const end = points[i - 1].hour + 1
      ranges.push(`${hourOfDayLabel(start)}–${twoDigits(end)}:00 UTC`)
      start = null
    }
  }
  return ranges
}

function basisText(staffing: WorkloadStaffing): string {
  const days = `${staffing.history_days} ${staffing.history_days === 1 ? 'day' : 'days'}`
  switch (staffing.basis) {
    case 'same_weekday':
      return `Expected escalations from the same weekday in the ${days} before (the history shows a weekly pattern)`
    case 'every_day':
      return `Expected escalations from every day of the ${days} before (no weekly pattern)`
    default:
      return 'No escalations in the weeks before: nothing expected'
  }
}

export function prepareStaffing(staffing: WorkloadStaffing, measuredAt: string): StaffingView {
  const points: StaffingPoint[] = [...staffing.hours]
    .sort((a, b) => a.hour - b.hour)
    .map((h) => ({
      hour: h.hour,
      label: hourOfDayLabel(h.hour),
      expected: h.expected_escalations,
      needed: h.reviewers_needed,
      staffed: h.reviewers_staffed,
      short: h.short,
      gap: h.short && h.reviewers_needed !== null ? Math.max(0, h.reviewers_needed - h.reviewers_staffed) : 0,
    }))
  const shortRanges = shortHourRanges(points)
  const missing = points.reduce((sum, p) => sum + p.gap, 0)
  const day = staffing.forecast_date
  const measuredDay = measuredAt.slice(0, 10)
  const tomorrow = /^\d{4}-\d{2}-\d{2}/.test(measuredAt) && Date.parse(`${day}T00:00:00Z`) - Date.parse(`${measuredDay}T00:00:00Z`) === MS_PER_DAY
  const dayLabel = `${weekdayOf(day)}, ${formatDay(day, true)}`
  const when = tomorrow ? `Tomorrow, ${dayLabel}` : dayLabel
  const needed = staffing.reviewers_needed_total
  let headline: string
  if (needed === null) {
    headline = `${when}: no handle time in the range to plan from, so the reviewers needed are unknown; ${formatCount(staffing.reviewers_staffed_total)} reviewer-hours staffed.`
  } else {
    const verdict =
      staffing.short_hours === 0
        ? 'enough in every hour'
        : `short in ${staffing.short_hours} ${staffing.short_hours === 1 ? 'hour' : 'hours'} (${shortRanges.join(', ')}), ${formatCount(missing)} reviewer-${missing === 1 ? 'hour' : 'hours'} missing`
    headline = `${when}: ${formatCount(needed)} reviewer-hours needed against ${formatCount(staffing.reviewers_staffed_total)} staffed — ${verdict}.`
  }
  return { forecastDate: day, dayLabel, tomorrow, points, shortRanges, missingReviewerHours: missing, headline, basis: basisText(staffing) }
}

/** The staffing figures beside the chart, as label and value. */
export function staffingFacts(staffing: WorkloadStaffing): { id: string; label: string; value: string; title: string }[] {
  return [
    {
      id: 'expected',
      label: 'Expected escalations',
      value: formatCount(Math.round(staffing.expected_escalations)),
      title: 'Escalations expected over the forecast day, summed over its hours.',
    },
    {
      id: 'handle',
      label: 'Mean handle time',
      value: formatDuration(staffing.mean_handle_ms),
      title: 'Mean duration of the first reviews in the range: the service time of the Erlang C model.',
    },
    {
      id: 'reviewer_hours',
      label: `Reviewer-hours at ${formatPercent(staffing.target_occupancy, 0)} occupancy`,
      value: staffing.reviewer_hours_per_day === null ? '—' : `${(Math.round(staffing.reviewer_hours_per_day * 10) / 10).toFixed(1)} h`,
      title: 'Expected escalations × mean handle time ÷ target occupancy: the work itself, with room to breathe. The hourly figure is higher: it also keeps waits within the SLA when items bunch up.',
    },
    {
      id: 'target',
      label: 'SLA target',
      value: `${formatPercent(staffing.sla_target, 0)} within ${formatSla(staffing.sla_minutes)}`,
      title:
        'Share of items whose review is to start within the SLA, from Settings → Capacity: what the reviewers needed per hour are sized for. A team serving items of several SLAs (one model within 1 h, the rest within 4 h) is sized for the strictest, shown here, at its whole load.',
    },
    ...(staffing.teams.length > 1
      ? [
          {
            id: 'teams',
            label: 'Teams',
            value: staffing.teams.map((t) => `${t.queue === '' ? 'default' : t.queue} ${t.reviewers_needed_total === null ? '—' : formatCount(t.reviewers_needed_total)}`).join(' · '),
            title:
              'Reviewer-hours needed per team: each queue with its own capacity entry is planned with its own reviewers, SLA and handle time; the default team serves every other queue. The chart sums them.',
          },
        ]
      : []),
    {
      id: 'utilization',
      label: 'Utilization of the range',
      value: formatPercent(staffing.utilization),
      title: 'Handle time of the counted reviews over the reviewer-hours staffed in the range (up to its end, or now).',
    },
  ]
}
