// The metric families: one line each. The API route (app/api/v1/metrics/[family]), the CLI's
// `oversight metrics` and its usage text, `oversight bench` and the API-equals-CLI tests all read
// this list, so a new family is its folder (schema, SQL, compute, service, naive scan) and a line here.
import type { z } from 'zod'
import type { ClickHouse } from '@/lib/clickhouse'
import type { ResolvedFilters } from './shared/filters.schema'
import { OverviewInput } from './overview/overview.schema'
import { getOverview } from './overview/overview'
import { naivePredictions } from './overview/overview.naive.sql'
import { AgreementInput } from './agreement/agreement.schema'
import { getAgreement } from './agreement/agreement'
import { naiveAgreementRate } from './agreement/agreement.naive.sql'
import { CalibrationInput } from './calibration/calibration.schema'
import { getCalibration } from './calibration/calibration'
import { naiveEce } from './calibration/calibration.naive.sql'
import { WorkloadInput } from './workload/workload.schema'
import { getWorkload } from './workload/workload'
import { naiveMedianWait } from './workload/workload.naive.sql'

export interface MetricFamily<Input extends z.ZodObject = z.ZodObject, Result = unknown> {
  /** The query parameters of GET /api/v1/metrics/<name>, also the CLI's flags (`_` → `-`). */
  input: Input
  /** The service: the one entry point the API and the CLI share. */
  compute: (ch: ClickHouse, input: z.infer<Input>, now: number) => Promise<Result>
  /** What `oversight bench` times: a headline figure of the result, next to the same figure by a scan of the raw tables. */
  bench: {
    figure: string
    value: (result: Result) => number | null
    naive: (ch: ClickHouse, filters: ResolvedFilters) => Promise<number | null>
  }
}

/** Infers a family's types from its schema and service (the registry's values then stay precise). */
function family<Input extends z.ZodObject, Result>(definition: MetricFamily<Input, Result>): MetricFamily<Input, Result> {
  return definition
}

export const METRIC_FAMILIES = {
  overview: family({ input: OverviewInput, compute: getOverview, bench: { figure: 'predictions', value: (r) => r.predictions, naive: naivePredictions } }),
  agreement: family({ input: AgreementInput, compute: getAgreement, bench: { figure: 'agreement_rate', value: (r) => r.agreement_rate, naive: naiveAgreementRate } }),
  calibration: family({ input: CalibrationInput, compute: getCalibration, bench: { figure: 'ece (10 equal-width bins)', value: (r) => r.ece, naive: naiveEce } }),
  workload: family({ input: WorkloadInput, compute: getWorkload, bench: { figure: 'wait_ms.p50', value: (r) => r.wait_ms.p50, naive: naiveMedianWait } }),
}

export type MetricFamilyName = keyof typeof METRIC_FAMILIES
export const METRIC_FAMILY_NAMES = Object.keys(METRIC_FAMILIES) as MetricFamilyName[]

/** The family of that name, or undefined (an own property only: `constructor` is no family). */
export function findMetricFamily(name: string): MetricFamily | undefined {
  return Object.hasOwn(METRIC_FAMILIES, name) ? (METRIC_FAMILIES[name as MetricFamilyName] as unknown as MetricFamily) : undefined
}
