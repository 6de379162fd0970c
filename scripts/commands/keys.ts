import { API_KEY_SCOPES } from '@/db/relational/schema'
import { getDb } from '@/lib/db'
import { apiKeyJson, createApiKey, isApiKeyScope, listApiKeys, revokeApiKey } from '@/lib/auth/api-keys'
import { UsageError, parseCommandArgs, printJson, type Command } from '../cli-args'
import { cliActor } from './cli-actor'
import { printTable } from './print-table'

const USAGE = 'keys create --scope ingest|read|admin [--name NAME] [--by USER] | keys revoke ID [--by USER] | keys list [--json]'

const create: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(argv, {
    scope: { type: 'string' },
    name: { type: 'string' },
    by: { type: 'string' },
  })
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}". Usage: ${USAGE}`)
  const scope = values.scope
  if (!scope || !isApiKeyScope(scope)) throw new UsageError(`--scope must be one of ${API_KEY_SCOPES.join(', ')}`)
  const db = await getDb()
  const created = await createApiKey(db, { scope, name: values.name, createdBy: await cliActor(db, values.by) })
  printJson({ ...apiKeyJson(created.info), key: created.key })
  process.stderr.write(
    `Store this key now: it is shown only once (Oversight keeps only its hash). ` +
      `Send it as "Authorization: Bearer ${created.prefix}…"; revoke it with "oversight keys revoke ${created.id}".\n`,
  )
  return 0
}

const revoke: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(argv, { by: { type: 'string' } })
  const id = Number(positionals[0])
  if (positionals.length !== 1 || !Number.isInteger(id) || id <= 0) throw new UsageError(`keys revoke needs one numeric key ID. Usage: ${USAGE}`)
  const db = await getDb()
  printJson(apiKeyJson(await revokeApiKey(db, id, new Date(), await cliActor(db, values.by))))
  return 0
}

const list: Command = async (argv) => {
  const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } })
  const keys = await listApiKeys(await getDb())
  if (values.json) {
    printJson(keys.map(apiKeyJson))
    return 0
  }
  if (keys.length === 0) {
    process.stdout.write('No API keys. Create one with: oversight keys create --scope ingest\n')
    return 0
  }
  const rows = keys.map((k) => [
    String(k.id),
    k.name,
    `${k.prefix}…`,
    k.scope,
    k.createdBy ?? '',
    k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active',
    k.lastUsedAt?.toISOString() ?? 'never',
  ])
  printTable(['ID', 'NAME', 'PREFIX', 'SCOPE', 'BY', 'STATUS', 'LAST USED'], rows)
  return 0
}

/** `oversight keys create|revoke|list`. */
export const keysCommand: Command = async (argv) => {
  const [sub, ...rest] = argv
  if (sub === 'create') return create(rest)
  if (sub === 'revoke') return revoke(rest)
  if (sub === 'list') return list(rest)
  throw new UsageError(`unknown or missing subcommand${sub ? ` "${sub}"` : ''}. Usage: ${USAGE}`)
}
