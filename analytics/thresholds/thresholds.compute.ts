// The threshold answers of SPEC §3.4 from the SQL rows (pure): the recommendation for a model or
// segment with its per-segment table, label efficiency, the production error of auto-accepted
// predictions, drift, and the what-if chain. No I/O, no clock.
import type { EchoedFilters } from '@/analytics/shared/echoed-filters'
import { MS_PER_DAY } from '@/analytics/shared/time'
import { calibrationGaps, clopperPearsonLower, clopperPearsonUpper, hajekAccuracy } from '@/analytics/shared/stats.compute'
import { reviewersNeeded, reviewerHoursPerDay, serviceLevel, trafficOf } from '@/analytics/shared/staffing.compute'
import type { ResolvedCapacity } from '@/lib/capacity/resolve'
import { FilterError } from '@/lib/filter-error'
import { stratifiedClopperPearson, stratumDeltas, type StratumCounts } from './bounds.compute'
import { computeRecommendation, confidenceCell, type CurvePoint, type RecommendationOptions, type ThresholdCellRow, type ThresholdRecommendation } from './recommend.compute'
import type {
  AuditDayRow,
  AuditError,
  Drift,
  DriftBinRow,
  LabelEfficiency,
  LabelProjection,
  ProductionError,
  RecommendationResponse,
  SegmentCellRow,
  SegmentRecommendation,
  WhatIfResponse,
} from './thresholds.schema'

/** SPEC §3.4: the recommendation's default window, the 14 days up to the model's latest prediction. */
export const RECOMMENDATION_WINDOW_DAYS = 14
const MAX_WINDOW_DAYS = 400

/**
 * The window [from, to): given bounds, else the RECOMMENDATION_WINDOW_DAYS days up to and
 * including the model's latest prediction (`latestTs`; `now` without data): to = latest + 1 ms.
 */
export function resolveThresholdWindow(given: { from?: number; to?: number }, latestTs: number | null, now: number): { from: number; to: number } {
  const span = RECOMMENDATION_WINDOW_DAYS * MS_PER_DAY
  const end = latestTs === null ? now : latestTs + 1
  let to = given.to ?? end
  if (given.to === undefined && given.from !== undefined && given.from >= to) to = given.from + span
  const from = given.from ?? to - span
  if (from >= to) throw new FilterError(given.from !== undefined ? 'from' : 'to', 'from must be before to (the range is [from, to))')
  if (to - from > MAX_WINDOW_DAYS * MS_PER_DAY) throw new FilterError('from', `the range must not exceed ${MAX_WINDOW_DAYS} days`)
  return { from, to }
}

/** A segment's cells as the engine's rows (route folded in: strata are propensities). */
export function cellRows(rows: readonly SegmentCellRow[], segment?: string): ThresholdCellRow[] {
  const out: ThresholdCellRow[] = []
  for (const row of rows) {
    if (segment !== undefined && row.segment !== segment) continue
    out.push({ cell: row.cell, propensity: row.propensity, predictions: row.predictions, labeled: row.labeled, errors: row.errors })
  }
  return out
}

/** The counts per propensity stratum of the predictions at or above `threshold` (highest propensity first). */
export function strataAt(rows: readonly ThresholdCellRow[], threshold: number): { propensity: number; counts: StratumCounts }[] {
  const cell = confidenceCell(threshold)
  const byPropensity = new Map<number, StratumCounts>()
  for (const row of rows) {
    if (row.cell < cell) continue
    const s = byPropensity.get(row.propensity) ?? { predictions: 0, labeled: 0, errors: 0 }
    s.predictions += row.predictions
    s.labeled += row.labeled
    s.errors += row.errors
    byPropensity.set(row.propensity, s)
  }
  return [...byPropensity.entries()].sort((a, b) => b[0] - a[0]).map(([propensity, counts]) => ({ propensity, counts }))
}

// ---------------------------------------------------------------------------------------------
// Label efficiency (issue: labels are what a team pays for)





/** Most draws a projection searches (beyond that: null, no realistic number of labels). */
const MAX_PROJECTED_LABELS = 100_000_000

/**
 * The fewest more labeled audit draws m with which the candidate's bound would pass α, if the
 * audit stratum's error rate stayed as observed (errors projected as round(rate·(n + m))) and the
 * population as in the window. Draws go to the auto-accepted stratum with the most predictions
 * (the audited one); at most all of its unlabeled predictions. 0 when it passes already; null when
 * no m does, or the candidate has no auto-accepted stratum to audit.
 */
export function labelsToCertify(strata: readonly { propensity: number; counts: StratumCounts }[], alpha: number, delta: number, minLabeled: number): number | null {
  const audited = strata.filter((s) => s.propensity < 1).sort((a, b) => b.counts.predictions - a.counts.predictions)[0]
  const labeled = strata.reduce((sum, s) => sum + s.counts.labeled, 0)
  const passesWith = (m: number): boolean => {
    const counts = strata.map((s) => {
      if (s !== audited || m === 0) return s.counts
      const n = s.counts.labeled + m
      const rate = s.counts.labeled > 0 ? s.counts.errors / s.counts.labeled : 0
      return { predictions: s.counts.predictions, labeled: n, errors: Math.min(n, Math.round(rate * n)) }
    })
    if (labeled + m < minLabeled) return false
    const upper = stratifiedClopperPearson(counts, delta).upper
    return upper !== null && upper <= alpha
  }
  if (passesWith(0)) return 0
  if (!audited) return null
  const room = Math.min(MAX_PROJECTED_LABELS, audited.counts.predictions - audited.counts.labeled)
  if (room <= 0 || !passesWith(room)) return null
  // The projected bound falls as m grows (up to the rounding of the errors): the least passing m by bisection.
  let lo = 0
  let hi = room
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (passesWith(mid)) hi = mid
    else lo = mid
  }
  return hi
}

function projection(rows: readonly ThresholdCellRow[], threshold: number, o: { alpha: number; delta: number; minLabeled: number; windowDays: number }): LabelProjection & { auditPerDay: number | null; acceptedPerDay: number } {
  const strata = strataAt(rows, threshold)
  const labels = labelsToCertify(strata, o.alpha, o.delta, o.minLabeled)
  const audited = strata.filter((s) => s.propensity < 1).sort((a, b) => b.counts.predictions - a.counts.predictions)[0]
  const auditPerDay = audited && audited.counts.labeled > 0 ? audited.counts.labeled / o.windowDays : null
  const days = labels === null || auditPerDay === null ? (labels === 0 ? 0 : null) : labels / auditPerDay
  const at = threshold.toFixed(3)
  const note =
    labels === null
      ? `No number of audit labels would certify ${at}: at the error rate observed there its bound stays above the target, or nothing at or above it is auto-accepted to audit.`
      : labels === 0
        ? `${at} is certified by the labels already in the window.`
        : `About ${labels.toLocaleString('en-US')} more labeled audit draws at or above ${at}` +
          (days === null ? ' (no audit labels arrive at the current rate).' : `: ${days.toFixed(1)} days at the current audit rate.`) +
          ' A projection: the error rate and traffic as in the window.'
  return { threshold, labels_needed: labels, days_needed: days, note, auditPerDay, acceptedPerDay: (audited?.counts.predictions ?? 0) / o.windowDays }
}

/**
 * What more labels would buy: for the candidate just below the recommendation, the audit draws
 * (and days at the current rate) that would certify it; for a chosen threshold and number of days,
 * the audit rate that would certify it in that time (the projected labels spread over the days'
 * auto-accepted predictions at or above it).
 */
export function labelEfficiency(
  rows: readonly ThresholdCellRow[],
  recommendation: ThresholdRecommendation,
  o: { windowDays: number; auditRate: number | null; certifyThreshold?: number; certifyDays: number },
): LabelEfficiency {
  const options = { alpha: recommendation.target_error, delta: recommendation.delta, minLabeled: recommendation.min_labeled, windowDays: o.windowDays }
  const nextThreshold = recommendation.threshold === null ? 1 : Math.round(recommendation.threshold * 1000 - 1) / 1000
  const next = nextThreshold >= 0 ? projection(rows, nextThreshold, options) : null
  const certifyAt = o.certifyThreshold ?? next?.threshold
  let certify: LabelEfficiency['certify'] = null
  if (certifyAt !== undefined) {
    const p = projection(rows, certifyAt, options)
    let rate: number | null = null
    if (p.labels_needed === 0) rate = o.auditRate
    else if (p.labels_needed !== null && p.acceptedPerDay > 0) {
      // Labels a day needed, over the auto-accepted predictions a day at or above the threshold.
      const needed = p.labels_needed / o.certifyDays / p.acceptedPerDay
      rate = needed <= 1 ? Math.max(needed, o.auditRate ?? 0) : null
    }
    const { auditPerDay: _a, acceptedPerDay: _b, ...figures } = p
    certify = {
      ...figures,
      days: o.certifyDays,
      audit_rate_needed: rate,
      note:
        rate === null
          ? `${certifyAt.toFixed(3)} cannot be certified within ${o.certifyDays} days by auditing: ${p.note}`
          : p.labels_needed === 0
            ? p.note
            : `An audit rate of ${(100 * rate).toFixed(1)} % would bring about ${p.labels_needed!.toLocaleString('en-US')} more labels at or above ${certifyAt.toFixed(3)} within ${o.certifyDays} days. A projection: the error rate and traffic as in the window.`,
    }
  }
  const strata = recommendation.threshold === null ? [] : strataAt(rows, recommendation.threshold)
  const audited = strata.filter((s) => s.propensity < 1).sort((a, b) => b.counts.predictions - a.counts.predictions)[0]
  return {
    audit_rate: o.auditRate,
    audit_labels_per_day: audited ? audited.counts.labeled / o.windowDays : null,
    next: next && (({ auditPerDay: _a, acceptedPerDay: _b, ...figures }) => figures)(next),
    certify,
  }
}

// ---------------------------------------------------------------------------------------------
// Production error: the audit sample only (SPEC §3.4)




/**
 * Strata are propensities (one per audit rate in force); population shares as weights; each
 * stratum's exact Clopper–Pearson bounds at δ_s/2 a side (the split of `stratumDeltas`), so that
 * both sides hold together with probability ≥ 1 − δ. A stratum with auto-accepted predictions but
 * no labeled draws leaves the estimate unknown (its error could be anything).
 */
export function auditError(rows: readonly Pick<AuditDayRow, 'propensity' | 'accepted' | 'audited' | 'labeled' | 'errors'>[], delta: number): AuditError {
  const byPropensity = new Map<number, { accepted: number; audited: number; labeled: number; errors: number }>()
  for (const row of rows) {
    const s = byPropensity.get(row.propensity) ?? { accepted: 0, audited: 0, labeled: 0, errors: 0 }
    s.accepted += row.accepted
    s.audited += row.audited
    s.labeled += row.labeled
    s.errors += row.errors
    byPropensity.set(row.propensity, s)
  }
  const strata = [...byPropensity.values()].filter((s) => s.accepted > 0)
  const totals = strata.reduce((t, s) => ({ accepted: t.accepted + s.accepted, audited: t.audited + s.audited, labeled: t.labeled + s.labeled, errors: t.errors + s.errors }), {
    accepted: 0,
    audited: 0,
    labeled: 0,
    errors: 0,
  })
  const unknown = { ...totals, estimate: null, lower: null, upper: null, method: 'unknown' as const }
  if (strata.length === 0 || strata.some((s) => s.labeled === 0)) return unknown
  const counts = strata.map((s) => ({ predictions: s.accepted, labeled: s.labeled, errors: s.errors }))
  const deltas = stratumDeltas(counts, delta)
  let estimate = 0
  let lower = 0
  let upper = 0
  counts.forEach((s, i) => {
    const weight = s.predictions / totals.accepted
    const half = deltas[i] / 2
    estimate += (weight * s.errors) / s.labeled
    lower += weight * clopperPearsonLower(s.errors, s.labeled, half)!
    upper += weight * clopperPearsonUpper(s.errors, s.labeled, half)!
  })
  return { ...totals, estimate, lower, upper: Math.min(1, upper), method: strata.length > 1 ? 'stratified_clopper_pearson' : 'clopper_pearson' }
}



export function productionError(rows: readonly AuditDayRow[], delta: number): ProductionError {
  const groupBy = (key: (row: AuditDayRow) => string) => {
    const groups = new Map<string, AuditDayRow[]>()
    for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row])
    return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  }
  return {
    ...auditError(rows, delta),
    segments: groupBy((r) => r.segment).map(([segment, group]) => ({ segment, ...auditError(group, delta) })),
    series: groupBy((r) => r.day).map(([day, group]) => ({ day, ...auditError(group, delta) })),
  }
}

// ---------------------------------------------------------------------------------------------
// Drift (SPEC §3.4)

/** PSI floor for an empty bin (SPEC §3.4). */
export const PSI_EPSILON = 1e-4
export const PSI_STALE = 0.2
export const ECE_RISE_STALE = 0.05



/**
 * Population stability index over the 10 equal-width confidence bins: Σ (p − q)·ln(p / q), p and q
 * the bins' shares of the recent and earlier predictions, an empty bin's share taken as ε = 1e-4.
 * Null when either window has no predictions.
 */
export function populationStabilityIndex(recent: readonly number[], before: readonly number[]): number | null {
  const total = (counts: readonly number[]) => counts.reduce((a, b) => a + b, 0)
  const n = total(recent)
  const m = total(before)
  if (n === 0 || m === 0) return null
  let psi = 0
  for (let bin = 0; bin < Math.max(recent.length, before.length); bin++) {
    const p = (recent[bin] ?? 0) === 0 ? PSI_EPSILON : recent[bin] / n
    const q = (before[bin] ?? 0) === 0 ? PSI_EPSILON : before[bin] / m
    psi += (p - q) * Math.log(p / q)
  }
  return psi
}

/** SPEC 3.2's ECE on 10 bins from the drift's bin sums of one window. */
function eceOf(rows: readonly DriftBinRow[]): number | null {
  return calibrationGaps(
    rows.map((row) => ({
      count: row.predictions,
      mean_confidence: row.predictions === 0 ? null : row.confidence_sum / row.predictions,
      accuracy: hajekAccuracy(row.weighted_correct_sum, row.weight_sum, row.labeled),
    })),
  ).ece
}

export function computeDrift(
  bins: readonly DriftBinRow[],
  audit: { recent: AuditError; before: AuditError },
  windows: { recent: [number, number]; before: [number, number] },
  targetError: number,
): Drift {
  const countsOf = (recent: number) => {
    const counts = Array.from({ length: 10 }, () => 0)
    for (const row of bins) if (row.recent === recent) counts[row.bin] += row.predictions
    return counts
  }
  const psi = populationStabilityIndex(countsOf(1), countsOf(0))
  const eceRecent = eceOf(bins.filter((r) => r.recent === 1))
  const eceBefore = eceOf(bins.filter((r) => r.recent === 0))
  const percent = (x: number) => `${(100 * x).toFixed(1)} %`
  const reasons: string[] = []
  if (psi !== null && psi > PSI_STALE) reasons.push(`The confidence distribution shifted: PSI ${psi.toFixed(3)} > ${PSI_STALE} against the window before.`)
  if (audit.recent.lower !== null && audit.recent.lower > targetError) {
    reasons.push(`The audit error's lower bound, ${percent(audit.recent.lower)}, is above the target ${percent(targetError)}.`)
  }
  if (eceRecent !== null && eceBefore !== null && eceRecent - eceBefore > ECE_RISE_STALE) {
    reasons.push(`Calibration worsened: ECE rose from ${eceBefore.toFixed(3)} to ${eceRecent.toFixed(3)} (more than ${ECE_RISE_STALE}).`)
  }
  const iso = (ms: number) => new Date(ms).toISOString()
  return {
    psi,
    ece_recent: eceRecent,
    ece_before: eceBefore,
    auto_error_recent: audit.recent.estimate,
    auto_error_before: audit.before.estimate,
    stale: reasons.length > 0,
    reasons,
    recent: { from: iso(windows.recent[0]), to: iso(windows.recent[1]) },
    before: { from: iso(windows.before[0]), to: iso(windows.before[1]) },
  }
}

// ---------------------------------------------------------------------------------------------
// The recommendation answer





/** The guarantee of a passed recommendation in plain words. */
export function guaranteeStatement(r: Pick<ThresholdRecommendation, 'threshold' | 'risk_upper' | 'delta' | 'target_error' | 'labeled'>): string | null {
  if (r.threshold === null || r.risk_upper === null) return null
  const percent = (x: number, digits = 1) => `${(100 * x).toFixed(digits)} %`
  return (
    `With ${percent(1 - r.delta, 0)} confidence the error of predictions auto-accepted at confidence ≥ ${r.threshold.toFixed(3)} ` +
    `is at most ${percent(r.target_error)} (its bound is ${percent(r.risk_upper, 2)}, on ${r.labeled.toLocaleString('en-US')} labeled predictions).`
  )
}

/** The segment's row: its own walk, or the model's threshold applied to it when its labels are too few. */
function segmentRow(segment: string, own: ThresholdRecommendation, model: ThresholdRecommendation, o: { windowDays: number; auditRate: number }): SegmentRecommendation {
  const base = {
    segment,
    method: own.method,
    labeled: own.labeled,
    errors: own.errors,
    predictions: own.predictions,
  }
  if (own.feasible || own.reason === 'target_too_strict') {
    return {
      ...base,
      source: 'segment',
      note: own.note,
      threshold: own.threshold,
      feasible: own.feasible,
      reason: own.reason,
      automation_rate: own.automation_rate,
      escalations_per_day: own.escalations_per_day,
      risk_estimate: own.risk_estimate,
      risk_upper: own.risk_upper,
    }
  }
  // curve[i] is candidate (1000 − i)/1000.
  const at: CurvePoint | undefined = model.threshold === null ? undefined : own.curve[Math.round(1000 - model.threshold * 1000)]
  const total = own.predictions
  return {
    ...base,
    source: 'model',
    note:
      `${own.labeled.toLocaleString('en-US')} labeled predictions: too few to certify a threshold for this segment on its own ` +
      `(min_labeled ${own.min_labeled}); the model-level ${model.threshold === null ? 'result (nothing passed)' : `threshold ${model.threshold.toFixed(3)}`} applies, ` +
      'whose guarantee holds for the model as a whole, not for each segment.',
    threshold: model.threshold,
    feasible: model.feasible,
    reason: model.reason,
    automation_rate: at ? at.automation_rate : total > 0 ? 0 : null,
    escalations_per_day: at ? (total - at.predictions + o.auditRate * at.predictions) / o.windowDays : own.escalations_per_day,
    risk_estimate: at ? at.risk_estimate : null,
    risk_upper: null,
  }
}

export interface RecommendationInputs {
  filters: EchoedFilters
  segment?: string
  windowDays: number
  targetError: number
  delta: number
  minLabeled: number
  capacityPerDay?: number
  auditRate: number
  meanHandleSeconds: number | null
  targetOccupancy: number
  certifyThreshold?: number
  certifyDays: number
}

/**
 * SPEC §3.4's recommendation for the model, or for the segment asked for (the model's when that
 * segment's labels are too few, with a note), and the per-segment table (each segment's own walk,
 * or the model's threshold with a note).
 */
export function computeRecommendationResponse(
  rows: readonly SegmentCellRow[],
  audit: readonly AuditDayRow[],
  drift: Drift,
  inputs: RecommendationInputs,
): RecommendationResponse {
  const options: RecommendationOptions = {
    targetError: inputs.targetError,
    delta: inputs.delta,
    minLabeled: inputs.minLabeled,
    windowDays: inputs.windowDays,
    capacityPerDay: inputs.capacityPerDay ?? null,
    meanHandleSeconds: inputs.meanHandleSeconds,
    targetOccupancy: inputs.targetOccupancy,
    auditRate: inputs.auditRate,
  }
  const modelRows = cellRows(rows)
  const segments = [...new Set(rows.map((r) => r.segment))].sort()
  const own = new Map(segments.map((s) => [s, computeRecommendation(cellRows(rows, s), { ...options, curve: 'walk' })]))
  const asked = inputs.segment
  const askedOwn = asked === undefined ? null : computeRecommendation(cellRows(rows, asked), options)
  const thin = askedOwn !== null && !askedOwn.feasible && askedOwn.reason === 'not_enough_labels'
  const needModel = asked === undefined || thin
  const model = needModel ? computeRecommendation(modelRows, options) : computeRecommendation(modelRows, { ...options, curve: 'walk' })
  const result = needModel ? model : askedOwn!
  const resultRows = needModel ? modelRows : cellRows(rows, asked)
  const segmentAudit = asked === undefined || thin ? audit : audit.filter((r) => r.segment === asked)
  return {
    filters: inputs.filters,
    window_days: inputs.windowDays,
    audit_rate: inputs.auditRate,
    mean_handle_seconds: inputs.meanHandleSeconds,
    scope: asked !== undefined && !thin ? 'segment' : 'model',
    fallback_note: thin
      ? `Segment ${asked} has ${askedOwn!.labeled.toLocaleString('en-US')} labeled predictions in the window: too few to certify a threshold on its own. ` +
        'This is the model-level result, whose guarantee holds for the model as a whole, not for the segment.'
      : null,
    ...result,
    guarantee: guaranteeStatement(result),
    segments: segments.map((s) => segmentRow(s, own.get(s)!, model, inputs)),
    label_efficiency: labelEfficiency(resultRows, result, {
      windowDays: inputs.windowDays,
      auditRate: inputs.auditRate,
      certifyThreshold: inputs.certifyThreshold,
      certifyDays: inputs.certifyDays,
    }),
    production_error: productionError(segmentAudit, inputs.delta),
    drift,
  }
}

// ---------------------------------------------------------------------------------------------
// What-if (SPEC §3.4)



/** SPEC §3.4's what-if chain: threshold → escalations per day → reviewer-hours and reviewers on shift → SLA attainment → risk. */
export function computeWhatIf(
  rows: readonly ThresholdCellRow[],
  input: { filters: EchoedFilters; threshold: number; auditRate: number; targetError: number; delta: number; windowDays: number; meanHandleSeconds: number | null; capacity: ResolvedCapacity },
): WhatIfResponse {
  const strata = strataAt(rows, input.threshold)
  const counts = strata.map((s) => s.counts)
  const total = rows.reduce((sum, r) => sum + r.predictions, 0)
  const above = counts.reduce((sum, s) => sum + s.predictions, 0)
  const bound = stratifiedClopperPearson(counts, input.delta)
  const escalationsPerDay = (total - above + input.auditRate * above) / input.windowDays
  const handle = input.meanHandleSeconds
  const arrivalsPerHour = escalationsPerDay / 24
  const { slaMinutes, slaTarget, targetOccupancy, staffed } = input.capacity
  const needed = handle === null || handle <= 0 ? null : reviewersNeeded({ arrivalsPerHour, handleSeconds: handle, targetSeconds: slaMinutes * 60, serviceLevelTarget: slaTarget })
  const staffedMean = staffed === null ? null : staffed.reduce((a, b) => a + b, 0) / staffed.length
  const agents = staffedMean ?? needed
  const attainment =
    handle === null || handle <= 0 || agents === null ? null : serviceLevel({ traffic: trafficOf(arrivalsPerHour, handle), agents }, handle, slaMinutes * 60)
  return {
    filters: input.filters,
    window_days: input.windowDays,
    threshold: input.threshold,
    audit_rate: input.auditRate,
    target_error: input.targetError,
    delta: input.delta,
    automation_rate: total > 0 ? above / total : null,
    escalations_per_day: escalationsPerDay,
    mean_handle_seconds: handle,
    target_occupancy: targetOccupancy,
    reviewer_hours_per_day: handle === null ? null : reviewerHoursPerDay(escalationsPerDay, handle, targetOccupancy),
    arrivals_per_hour: arrivalsPerHour,
    sla_minutes: slaMinutes,
    sla_target: slaTarget,
    reviewers_needed: needed,
    reviewers_staffed: staffedMean,
    expected_sla_attainment: attainment,
    risk_estimate: bound.estimate,
    risk_upper: bound.upper,
    within_target: bound.upper === null ? null : bound.upper <= input.targetError,
    predictions: above,
    labeled: counts.reduce((sum, s) => sum + s.labeled, 0),
    errors: counts.reduce((sum, s) => sum + s.errors, 0),
    method: strata.some((s) => s.propensity < 1) ? 'stratified_clopper_pearson' : 'clopper_pearson',
  }
}
