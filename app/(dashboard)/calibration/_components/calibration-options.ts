/**
 * The Calibration page's own options (SPEC §3.2), kept in the URL next to the filters:
 * `?bins=20&strategy=quantile&group_by=segment&interval=week`. Defaults are left out of the URL,
 * and a value the page cannot use (bins=500, strategy=foo) reads as the default, so an old or
 * hand-edited link still opens.
 */
import {
  DEFAULT_BINS,
  MAX_BINS,
  MIN_BINS,
  type CalibrationGroupBy,
  type CalibrationInterval,
  type CalibrationStrategy,
} from '@/analytics/calibration/calibration.schema'
import { readPageParam, withPageParams, type ParamsReader } from '../../_components/page-params'

export { DEFAULT_BINS, MAX_BINS, MIN_BINS }

export const CALIBRATION_OPTION_KEYS = ['bins', 'strategy', 'group_by', 'interval'] as const

export interface CalibrationOptions {
  bins: number
  strategy: CalibrationStrategy
  groupBy: CalibrationGroupBy | null
  interval: CalibrationInterval
}

/** The query parameters the API takes (snake_case, as in the URL). */
export type CalibrationApiOptions = {
  bins: number
  strategy: CalibrationStrategy
  group_by?: CalibrationGroupBy
  interval: CalibrationInterval
}

export const DEFAULT_CALIBRATION_OPTIONS: CalibrationOptions = { bins: DEFAULT_BINS, strategy: 'uniform', groupBy: null, interval: 'day' }

export const STRATEGY_CHOICES = [
  { value: 'uniform', label: 'Equal width', title: 'Bins of equal width on [0, 1]: bin = min(floor(confidence × bins), bins − 1)' },
  { value: 'quantile', label: 'Equal mass', title: 'Bins holding about the same number of predictions each (quantiles of confidence)' },
] as const satisfies readonly { value: CalibrationStrategy; label: string; title: string }[]

export const GROUP_BY_CHOICES = [
  { value: null, label: 'None', title: 'One reliability diagram for the whole view' },
  { value: 'model', label: 'Model', title: 'One diagram per model, side by side: every model of the view at once' },
  { value: 'model_version', label: 'Version', title: 'One diagram per model version, side by side' },
  { value: 'segment', label: 'Segment', title: 'One diagram per segment, side by side' },
] as const satisfies readonly { value: CalibrationGroupBy | null; label: string; title: string }[]

export const INTERVAL_CHOICES = [
  { value: 'day', label: 'Day', title: 'ECE and Brier score per UTC day' },
  { value: 'week', label: 'Week', title: 'ECE and Brier score per week (steadier where labels are few)' },
] as const satisfies readonly { value: CalibrationInterval; label: string; title: string }[]

/** An integer number of bins within SPEC's 2–50, or null ("15" → 15; "1", "7.5", "abc" → null). */
export function parseBins(raw: string | null | undefined): number | null {
  const value = raw?.trim()
  if (!value || !/^\d{1,3}$/.test(value)) return null
  const bins = Number(value)
  return bins >= MIN_BINS && bins <= MAX_BINS ? bins : null
}

function isStrategy(value: string | undefined): value is CalibrationStrategy {
  return STRATEGY_CHOICES.some((c) => c.value === value)
}

function isGroupBy(value: string | undefined): value is CalibrationGroupBy {
  return GROUP_BY_CHOICES.some((c) => c.value !== null && c.value === value)
}

function isInterval(value: string | undefined): value is CalibrationInterval {
  return value === 'day' || value === 'week'
}

/** The options of the URL; anything missing or unusable is the default. */
export function readCalibrationOptions(params: ParamsReader): CalibrationOptions {
  const strategy = readPageParam(params, 'strategy')
  const groupBy = readPageParam(params, 'group_by')
  const interval = readPageParam(params, 'interval')
  return {
    bins: parseBins(readPageParam(params, 'bins')) ?? DEFAULT_BINS,
    strategy: isStrategy(strategy) ? strategy : DEFAULT_CALIBRATION_OPTIONS.strategy,
    groupBy: isGroupBy(groupBy) ? groupBy : null,
    interval: isInterval(interval) ? interval : DEFAULT_CALIBRATION_OPTIONS.interval,
  }
}

export function toApiCalibrationOptions(options: CalibrationOptions): CalibrationApiOptions {
  const api: CalibrationApiOptions = { bins: options.bins, strategy: options.strategy, interval: options.interval }
  if (options.groupBy) api.group_by = options.groupBy
  return api
}

/** The URL query after changing some options; defaults are removed rather than written. */
export function updateCalibrationOptions(current: URLSearchParams, patch: Partial<CalibrationOptions>): URLSearchParams {
  const next = { ...readCalibrationOptions(current), ...patch }
  const d = DEFAULT_CALIBRATION_OPTIONS
  return withPageParams(current, CALIBRATION_OPTION_KEYS, {
    bins: next.bins !== d.bins && parseBins(String(next.bins)) !== null ? String(next.bins) : undefined,
    strategy: next.strategy !== d.strategy ? next.strategy : undefined,
    group_by: next.groupBy ?? undefined,
    interval: next.interval !== d.interval ? next.interval : undefined,
  })
}
