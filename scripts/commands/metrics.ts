import { getClickHouse } from '@/lib/clickhouse'
import { FilterError, parseSearchParams } from '@/analytics/shared/filters.schema'
import { OverviewInput } from '@/analytics/overview/overview.schema'
import { getOverview } from '@/analytics/overview/overview'
import { z } from 'zod'
import { parseCommandArgs, printJson, UsageError, type Command } from '../cli-args'

/** Metric families the CLI serves; each answers the same JSON as GET /api/v1/metrics/<family>. */
const FAMILIES = {
  overview: { schema: OverviewInput, run: getOverview },
} as const

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
  json: { type: 'boolean' },
} as const

/** `oversight metrics <family> [filters] --json`: CLI flags map to the API's query parameters. */
export const metricsCommand: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS)
  const family = positionals[0] as keyof typeof FAMILIES | undefined
  if (!family || !(family in FAMILIES)) {
    throw new UsageError(`name a metric family: ${Object.keys(FAMILIES).join(', ')}`)
  }
  const params = new URLSearchParams()
  for (const [flag, value] of Object.entries(values)) {
    if (flag === 'json' || value === undefined) continue
    params.set(flag.replaceAll('-', '_'), String(value))
  }
  const { schema, run } = FAMILIES[family]
  let input
  try {
    input = parseSearchParams(schema, params)
  } catch (error) {
    if (error instanceof FilterError) throw new UsageError(`--${error.parameter.replaceAll('_', '-')}: ${error.message}`)
    if (error instanceof z.ZodError) {
      const issue = error.issues[0]
      throw new UsageError(`--${String(issue?.path[0] ?? '').replaceAll('_', '-')}: ${issue?.message}`)
    }
    throw error
  }
  const result = await run(getClickHouse(), input, Date.now())
  printJson(result)
  return 0
}
