/**
 * The rows behind each chart and table of the Workload page as CSV downloads (the kit's `csv`
 * prop on ChartCard and TableCard): the API's figures unformatted (milliseconds, rates in [0, 1]),
 * one file name per view.
 */
import { csvExport, scopedCsvFileName, type CsvExport } from '../../_components/csv'
import type { WorkloadDay, WorkloadHour, WorkloadResponse, WorkloadStaffing } from '@/analytics/workload/workload.schema'
import type { ReviewerRow } from './prepare-team'

/** "workload-<what>-<model>-…-<days>", with the reviewer and queue when the view has them. */
export function workloadCsvName(filters: WorkloadResponse['filters'], what: string): string {
  const parts = [what, filters.reviewer_id ? `reviewer ${filters.reviewer_id}` : null, filters.queue ? `queue ${filters.queue}` : null]
  return scopedCsvFileName('workload', parts.filter((p) => p !== null).join(' '), filters)
}

/** The days behind the daily charts, every figure of the API's series. */
export function daysCsv(filters: WorkloadResponse['filters'], days: readonly WorkloadDay[], what = 'per day'): CsvExport {
  return csvExport(workloadCsvName(filters, what), days, [
    { header: 'date', value: (d) => d.date },
    { header: 'arrivals', value: (d) => d.arrivals },
    { header: 'completions', value: (d) => d.completions },
    { header: 'backlog', value: (d) => d.backlog },
    { header: 'wait_ms_p50', value: (d) => d.wait_ms.p50 },
    { header: 'wait_ms_p90', value: (d) => d.wait_ms.p90 },
    { header: 'wait_ms_p99', value: (d) => d.wait_ms.p99 },
    { header: 'handle_ms_p50', value: (d) => d.handle_ms.p50 },
    { header: 'handle_ms_p90', value: (d) => d.handle_ms.p90 },
    { header: 'handle_ms_p99', value: (d) => d.handle_ms.p99 },
    { header: 'met', value: (d) => d.met },
    { header: 'breached', value: (d) => d.breached },
    { header: 'pending', value: (d) => d.pending },
    { header: 'sla_attainment', value: (d) => d.sla_attainment },
  ])
}

/** Every hour of the range (UTC), as the API gives it. */
export function hoursCsv(filters: WorkloadResponse['filters'], hours: readonly WorkloadHour[]): CsvExport {
  return csvExport(workloadCsvName(filters, 'per hour'), hours, [
    { header: 'hour', value: (h) => h.hour },
    { header: 'arrivals', value: (h) => h.arrivals },
    { header: 'completions', value: (h) => h.completions },
    { header: 'backlog', value: (h) => h.backlog },
  ])
}

/** Wait and handle time percentiles over the whole view. */
/** The distributions chart's data: each measure's percentiles, then its items per bin (from_ms empty: below 0; to_ms empty: no upper edge). */
export function percentilesCsv(data: WorkloadResponse): CsvExport {
  const rows = (['wait_ms', 'handle_ms'] as const).flatMap((measure) => [
    ...(['p50', 'p90', 'p99'] as const).map((statistic) => ({ measure, statistic, from_ms: null, to_ms: null, value: data[measure][statistic] })),
    ...data.distributions[measure].map((bin) => ({ measure, statistic: 'items', from_ms: bin.from_ms, to_ms: bin.to_ms, value: bin.items })),
  ])
  return csvExport(workloadCsvName(data.filters, 'wait and handle distributions'), rows, [
    { header: 'measure', value: (r) => r.measure },
    { header: 'statistic', value: (r) => r.statistic },
    { header: 'from_ms', value: (r) => r.from_ms },
    { header: 'to_ms', value: (r) => r.to_ms },
    { header: 'value', value: (r) => r.value },
  ])
}

export function queuesCsv(data: WorkloadResponse): CsvExport {
  return csvExport(workloadCsvName(data.filters, 'sla per queue'), data.queues, [
    { header: 'model', value: (q) => q.model },
    { header: 'queue', value: (q) => q.queue },
    { header: 'sla_minutes', value: (q) => q.sla_minutes },
    { header: 'sla_target', value: (q) => q.sla_target },
    { header: 'escalated', value: (q) => q.escalated },
    { header: 'reviewed', value: (q) => q.reviewed },
    { header: 'met', value: (q) => q.met },
    { header: 'breached', value: (q) => q.breached },
    { header: 'pending', value: (q) => q.pending },
    { header: 'sla_attainment', value: (q) => q.sla_attainment },
    { header: 'wait_ms_p50', value: (q) => q.wait_ms.p50 },
    { header: 'wait_ms_p90', value: (q) => q.wait_ms.p90 },
    { header: 'wait_ms_p99', value: (q) => q.wait_ms.p99 },
  ])
}

/** The reviewer table as shown (its order). */
export function reviewersCsv(data: WorkloadResponse, rows: readonly ReviewerRow[]): CsvExport {
  return csvExport(workloadCsvName(data.filters, 'reviewers'), rows, [
    { header: 'reviewer_id', value: (r) => r.reviewer.reviewer_id },
    { header: 'reviews', value: (r) => r.reviewer.reviews },
    { header: 'reviews_per_active_hour', value: (r) => r.reviewer.reviews_per_active_hour },
    { header: 'active_hours', value: (r) => r.reviewer.active_hours },
    { header: 'handle_ms_p50', value: (r) => r.reviewer.handle_ms.p50 },
    { header: 'handle_ms_p90', value: (r) => r.reviewer.handle_ms.p90 },
    { header: 'shift_share', value: (r) => r.reviewer.shift_share },
  ])
}

/** Every hour into the shift the API gives, the ones the chart leaves out included. */
export function shiftHoursCsv(data: WorkloadResponse): CsvExport {
  return csvExport(workloadCsvName(data.filters, 'by hour into shift'), data.shift_hours, [
    { header: 'hour_into_shift', value: (h) => h.hour_into_shift },
    { header: 'reviews', value: (h) => h.reviews },
    { header: 'mean_handle_ms', value: (h) => h.mean_handle_ms },
    { header: 'agreement_rate', value: (h) => h.agreement_rate },
  ])
}

export function staffingCsv(filters: WorkloadResponse['filters'], staffing: WorkloadStaffing): CsvExport {
  return csvExport(workloadCsvName(filters, `staffing ${staffing.forecast_date}`), staffing.hours, [
    { header: 'forecast_date', value: () => staffing.forecast_date },
    { header: 'hour_utc', value: (h) => h.hour },
    { header: 'expected_escalations', value: (h) => h.expected_escalations },
    { header: 'reviewers_needed', value: (h) => h.reviewers_needed },
    { header: 'reviewers_staffed', value: (h) => h.reviewers_staffed },
    { header: 'short', value: (h) => h.short },
  ])
}
