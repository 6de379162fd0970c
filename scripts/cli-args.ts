import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { ServerClient } from './server-client'

/** A usage mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>

/** Parses `argv` strictly: an unknown flag is a UsageError naming it. */
export function parseCommandArgs<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
}

/** Writes a JSON document to stdout, the CLI's machine-readable output. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

export interface CommandContext {
  /** The running server that holds the data dir: the command goes through its HTTP API (SPEC §4). */
  server: ServerClient | null
}

export type Command = (argv: string[], context?: CommandContext) => Promise<number>
