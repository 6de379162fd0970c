#!/usr/bin/env node
// The `oversight` CLI: runs the TypeScript entry point through tsx (no separate build step).
import { register } from 'tsx/esm/api'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
// Relative paths (./data, db/clickhouse) resolve against the project, wherever the CLI is called from.
if (!process.env.OVERSIGHT_DATA_DIR) process.env.OVERSIGHT_DATA_DIR = path.join(root, 'data')
process.env.OVERSIGHT_ROOT ??= root
register({ tsconfig: path.join(root, 'tsconfig.json') })
const { main } = await import('./cli.ts')
process.exitCode = await main(process.argv.slice(2))
