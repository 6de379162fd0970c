import { z } from 'zod'
import { getClickHouse } from '@/lib/clickhouse'
import { FilterError } from '@/lib/filter-error'
import { parseSearchParams } from '@/analytics/shared/filters.schema'
import { findMetricFamily, METRIC_FAMILIES, METRIC_FAMILY_NAMES, THRESHOLD_READS, type ReadEndpoint, type ThresholdReadName } from '@/analytics/families'
import { ServerResponseError } from '../server-client'
import { parseCommandArgs, printJson, UsageError, type Command, type CommandContext } from '../cli-args'

/** A query parameter's flag: `model_version` → `--model-version`. */
export const flagName = (parameter: string) => `--${parameter.replaceAll('_', '-')}`

/** Every family's query parameters, as string flags (a family rejects the ones it does not take, naming them). */
const PARAMETERS = [...new Set(METRIC_FAMILY_NAMES.flatMap((name) => Object.keys(METRIC_FAMILIES[name].input.shape)))]
const OPTIONS = {
  ...Object.fromEntries(PARAMETERS.map((parameter) => [flagName(parameter).slice(2), { type: 'string' as const }])),
  json: { type: 'boolean' as const },
}

/** Placeholders of the usage text; an enum shows its values. */
const PLACEHOLDERS: Record<string, string> = {
  model: 'M', segment: 'S', model_version: 'V', from: 'T', to: 'T', reviewer_id: 'R', queue: 'Q', bins: 'N',
  target_error: 'A', delta: 'D', min_labeled: 'N', capacity_per_day: 'C', audit_rate: 'A', threshold: 'T', certify_threshold: 'T', certify_days: 'N',
}

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

/** Flags as query parameters: `--model-version X` → `model_version=X`. */
function queryOf(values: Record<string, unknown>): URLSearchParams {
  const params = new URLSearchParams()
  for (const [flag, value] of Object.entries(values)) {
    if (flag === 'json' || value === undefined) continue
    params.set(flag.replaceAll('-', '_'), String(value))
  }
  return params
}

/**
 * Runs a read endpoint on the flags: through the running server when it holds the data dir, else
 * in process; prints its JSON. Bad parameters are usage errors naming the flag.
 */
async function runRead(endpoint: ReadEndpoint, path: string, params: URLSearchParams, context: CommandContext | undefined): Promise<number> {
  let result: unknown
  try {
    result = context?.server
      ? await context.server.request('GET', path, { query: params })
      : await endpoint.compute(getClickHouse(), parseSearchParams(endpoint.input, params), Date.now())
  } catch (error) {
    if (error instanceof FilterError) throw usageError(error.parameter, error.message)
    if (error instanceof z.ZodError) throw usageError(String(error.issues[0]?.path[0] ?? ''), error.issues[0]?.message ?? 'invalid')
    if (error instanceof ServerResponseError && error.status === 400 && error.firstIssue) throw usageError(error.firstIssue.path, error.firstIssue.message)
    throw error
  }
  printJson(result)
  return 0
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
  return runRead(family, `/api/v1/metrics/${name}`, queryOf(values), context)
}

/** The flags of a read endpoint's parameters, strings all (its schema parses them). */
function flagsOf(endpoint: ReadEndpoint) {
  return {
    ...Object.fromEntries(Object.keys(endpoint.input.shape).map((parameter) => [flagName(parameter).slice(2), { type: 'string' as const }])),
    json: { type: 'boolean' as const },
  }
}

/** A command for a threshold read: `oversight recommend`, `oversight whatif` (SPEC §4), the JSON of GET /api/v1/thresholds/<name>. */
function thresholdCommand(name: ThresholdReadName): Command {
  const endpoint = THRESHOLD_READS[name] as unknown as ReadEndpoint
  return async (argv, context) => {
    const { values, positionals } = parseCommandArgs(argv, flagsOf(endpoint))
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}; flags: ${thresholdUsage(name).trim()}`)
    return runRead(endpoint, `/api/v1/thresholds/${name}`, queryOf(values), context)
  }
}

export const recommendCommand = thresholdCommand('recommendation')
export const whatIfCommand = thresholdCommand('what-if')

/** The usage lines of a threshold read's command: the required flags first, wrapped as `metricsUsage`. */
export function thresholdUsage(name: ThresholdReadName): string {
  const endpoint = THRESHOLD_READS[name]
  const shape = endpoint.input.shape as Record<string, z.ZodType>
  const required = ['model', 'threshold']
  const parameters = Object.keys(shape).sort((a, b) => Number(required.includes(b)) - Number(required.includes(a)))
  const lines: string[] = []
  let line = `  ${endpoint.command}`
  for (const parameter of [...parameters, 'json']) {
    const flag = parameter === 'json' ? ' --json' : required.includes(parameter) ? ` ${flagName(parameter)} ${placeholder(parameter, shape[parameter])}` : ` [${flagName(parameter)} ${placeholder(parameter, shape[parameter])}]`
    if (line.length + flag.length > 100) {
      lines.push(line)
      line = ' '.repeat(4)
    }
    line += flag
  }
  lines.push(line)
  return lines.join('\n')
}
