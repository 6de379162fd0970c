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
import { RecommendationInput, WhatIfInput } from './thresholds/thresholds.schema'
import { getRecommendation, getWhatIf } from './thresholds/thresholds'
import { naiveRecommendedThreshold } from './thresholds/thresholds.naive.sql'

/** A read endpoint: its query parameters, also the CLI's flags (`_` → `-`), and its service. */
export interface ReadEndpoint<Input extends z.ZodObject = z.ZodObject, Result = unknown> {
  input: Input
  /** The service: the one entry point the API and the CLI share. */
  compute: (ch: ClickHouse, input: z.infer<Input>, now: number) => Promise<Result>
}

export interface MetricFamily<Input extends z.ZodObject = z.ZodObject, Result = unknown> extends ReadEndpoint<Input, Result> {
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

function endpoint<Input extends z.ZodObject, Result>(definition: ReadEndpoint<Input, Result>): ReadEndpoint<Input, Result> {
  return definition
}

export const METRIC_FAMILIES = {
  overview: family({ input: OverviewInput, compute: getOverview, bench: { figure: 'predictions', value: (r) => r.predictions, naive: naivePredictions } }),
  agreement: family({ input: AgreementInput, compute: getAgreement, bench: { figure: 'agreement_rate', value: (r) => r.agreement_rate, naive: naiveAgreementRate } }),
  calibration: family({ input: CalibrationInput, compute: getCalibration, bench: { figure: 'ece (10 equal-width bins)', value: (r) => r.ece, naive: naiveEce } }),
  workload: family({ input: WorkloadInput, compute: getWorkload, bench: { figure: 'wait_ms.p50', value: (r) => r.wait_ms.p50, naive: naiveMedianWait } }),
}

/**
 * The threshold reads of SPEC §3.4, outside /metrics: GET /api/v1/thresholds/<name> and the CLI
 * command of each (`oversight recommend`, `oversight whatif`), the same JSON. The recommendation is
 * benched like a family.
 */
export const THRESHOLD_READS = {
  recommendation: {
    command: 'recommend',
    ...family({
      input: RecommendationInput,
      compute: getRecommendation,
      bench: { figure: 'threshold', value: (r) => r.threshold, naive: naiveRecommendedThreshold },
    }),
  },
  'what-if': { command: 'whatif', ...endpoint({ input: WhatIfInput, compute: getWhatIf }) },
}

export type ThresholdReadName = keyof typeof THRESHOLD_READS

export type MetricFamilyName = keyof typeof METRIC_FAMILIES
export const METRIC_FAMILY_NAMES = Object.keys(METRIC_FAMILIES) as MetricFamilyName[]

/** The family of that name, or undefined (an own property only: `constructor` is no family). */
export function findMetricFamily(name: string): MetricFamily | undefined {
  return Object.hasOwn(METRIC_FAMILIES, name) ? (METRIC_FAMILIES[name as MetricFamilyName] as unknown as MetricFamily) : undefined
}
