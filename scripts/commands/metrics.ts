import { z } from 'zod'
import { getClickHouse } from '@/lib/clickhouse'
import { FilterError } from '@/lib/filter-error'
import { parseSearchParams } from '@/analytics/shared/filters.schema'
import { findMetricFamily, METRIC_FAMILIES, METRIC_FAMILY_NAMES } from '@/analytics/families'
import { ServerResponseError } from '../server-client'
import { parseCommandArgs, printJson, UsageError, type Command } from '../cli-args'

/** A query parameter's flag: `model_version` → `--model-version`. */
export const flagName = (parameter: string) => `--${parameter.replaceAll('_', '-')}`

/** Every family's query parameters, as string flags (a family rejects the ones it does not take, naming them). */
const PARAMETERS = [...new Set(METRIC_FAMILY_NAMES.flatMap((name) => Object.keys(METRIC_FAMILIES[name].input.shape)))]
const OPTIONS = {
  ...Object.fromEntries(PARAMETERS.map((parameter) => [flagName(parameter).slice(2), { type: 'string' as const }])),
  json: { type: 'boolean' as const },
}

/** Placeholders of the usage text; an enum shows its values. */
const PLACEHOLDERS: Record<string, string> = { model: 'M', segment: 'S', model_version: 'V', from: 'T', to: 'T', reviewer_id: 'R', queue: 'Q', bins: 'N' }

function placeholder(parameter: string, schema: z.ZodType): string {
  let inner: z.ZodType = schema
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) inner = inner.unwrap() as z.ZodType
  if (inner instanceof z.ZodEnum) return inner.options.join('|')
  return PLACEHOLDERS[parameter] ?? 'X'
}

/** The `metrics` lines of `oversight help`, from the registry: each family with its flags. */
export function metricsUsage(): string {
  const lines = ['  metrics FAMILY [flags] --json             the JSON of GET /api/v1/metrics/FAMILY; each FAMILY\'s flags:']
  for (const name of METRIC_FAMILY_NAMES) {
    const shape = METRIC_FAMILIES[name].input.shape as Record<string, z.ZodType>
    let line = `      ${name.padEnd(12)}`
    for (const [parameter, schema] of Object.entries(shape)) {
      const flag = ` [${flagName(parameter)} ${placeholder(parameter, schema)}]`
      if (line.length + flag.length > 100) {
        lines.push(line)
        line = ' '.repeat(18)
      }
      line += flag
    }
    lines.push(line)
  }
  return lines.join('\n')
}

/** A bad parameter, in process or answered by the server, as a usage error naming the flag. */
function usageError(parameter: string, message: string): UsageError {
  return new UsageError(`${flagName(parameter)}: ${message}`)
}

/**
 * `oversight metrics <family> [filters] --json`: CLI flags are the API's query parameters, the
 * output its JSON; through the running server when it holds the data dir.
 */
export const metricsCommand: Command = async (argv, context) => {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS)
  const name = positionals[0]
  const family = name === undefined ? undefined : findMetricFamily(name)
  if (!family) throw new UsageError(`name a metric family: ${METRIC_FAMILY_NAMES.join(', ')}`)
  const params = new URLSearchParams()
  for (const [flag, value] of Object.entries(values)) {
    if (flag === 'json' || value === undefined) continue
    params.set(flag.replaceAll('-', '_'), String(value))
  }
  let result: unknown
  try {
    result = context?.server
      ? await context.server.request('GET', `/api/v1/metrics/${name}`, { query: params })
      : await family.compute(getClickHouse(), parseSearchParams(family.input, params), Date.now())
  } catch (error) {
    if (error instanceof FilterError) throw usageError(error.parameter, error.message)
    if (error instanceof z.ZodError) throw usageError(String(error.issues[0]?.path[0] ?? ''), error.issues[0]?.message ?? 'invalid')
    if (error instanceof ServerResponseError && error.status === 400 && error.firstIssue) throw usageError(error.firstIssue.path, error.firstIssue.message)
    throw error
  }
  printJson(result)
  return 0
}
