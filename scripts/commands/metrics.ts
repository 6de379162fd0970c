import { getClickHouse, type ClickHouse } from '@/lib/clickhouse'
import { FilterError, parseSearchParams } from '@/analytics/shared/filters.schema'
import { OverviewInput } from '@/analytics/overview/overview.schema'
import { getOverview } from '@/analytics/overview/overview'
import { AgreementInput } from '@/analytics/agreement/agreement.schema'
import { getAgreement } from '@/analytics/agreement/agreement'
import { CalibrationInput } from '@/analytics/calibration/calibration.schema'
import { getCalibration } from '@/analytics/calibration/calibration'
import { z } from 'zod'
import { parseCommandArgs, printJson, UsageError, type Command } from '../cli-args'

interface Family {
  /** Parses the query parameters (as the route does) and computes the family's JSON. */
  run(ch: ClickHouse, params: URLSearchParams, now: number): Promise<unknown>
}

/** A family from its route's input schema and its service function. */
function family<S extends z.ZodObject>(schema: S, run: (ch: ClickHouse, input: z.infer<S>, now: number) => Promise<unknown>): Family {
  return { run: (ch, params, now) => run(ch, parseSearchParams(schema, params), now) }
}

/** Metric families the CLI serves; each answers the same JSON as GET /api/v1/metrics/<family>. */
const FAMILIES: Record<string, Family> = {
  overview: family(OverviewInput, getOverview),
  agreement: family(AgreementInput, getAgreement),
  calibration: family(CalibrationInput, getCalibration),
}

const OPTIONS = {
  model: { type: 'string' },
  segment: { type: 'string' },
  'model-version': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'reviewer-id': { type: 'string' },
  queue: { type: 'string' },
  bins: { type: 'string' },
  strategy: { type: 'string' },
  'group-by': { type: 'string' },
  interval: { type: 'string' },
  json: { type: 'boolean' },
} as const

/** `oversight metrics <family> [filters] --json`: CLI flags map to the API's query parameters. */
export const metricsCommand: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS)
  const name = positionals[0]
  if (!name || !Object.hasOwn(FAMILIES, name)) {
    throw new UsageError(`name a metric family: ${Object.keys(FAMILIES).join(', ')}`)
  }
  const params = new URLSearchParams()
  for (const [flag, value] of Object.entries(values)) {
    if (flag === 'json' || value === undefined) continue
    params.set(flag.replaceAll('-', '_'), String(value))
  }
  let result: unknown
  try {
    result = await FAMILIES[name].run(getClickHouse(), params, Date.now())
  } catch (error) {
    if (error instanceof FilterError) throw new UsageError(`--${error.parameter.replaceAll('_', '-')}: ${error.message}`)
    if (error instanceof z.ZodError) {
      const issue = error.issues[0]
      throw new UsageError(`--${String(issue?.path[0] ?? '').replaceAll('_', '-')}: ${issue?.message}`)
    }
    throw error
  }
  printJson(result)
  return 0
}
