import { API_KEY_SCOPES } from '@/db/relational/schema'
import { getDb } from '@/lib/db'
import { createApiKey, isApiKeyScope, listApiKeys, revokeApiKey, type ApiKeyInfo } from '@/lib/auth/api-keys'
import { findUser } from '@/lib/auth/users'
import { UsageError, parseCommandArgs, printJson, type Command } from '../cli-args'
import { printTable } from './print-table'

const USAGE = 'keys create --scope ingest|read|admin [--name NAME] [--by USER] | keys revoke ID | keys list [--json]'

function keyJson(key: ApiKeyInfo) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scope: key.scope,
    created_by: key.createdBy,
    created_at: key.createdAt.toISOString(),
    revoked_at: key.revokedAt?.toISOString() ?? null,
    last_used_at: key.lastUsedAt?.toISOString() ?? null,
  }
}

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
  if (values.by && !(await findUser(db, values.by))) throw new UsageError(`--by: there is no user named "${values.by}"`)
  const created = await createApiKey(db, { scope, name: values.name, createdBy: values.by ?? null })
  printJson({ id: created.id, key: created.key, scope: created.scope, name: created.name })
  process.stderr.write(
    `Store this key now: it is shown only once (Oversight keeps only its hash). ` +
      `Send it as "Authorization: Bearer ${created.prefix}…"; revoke it with "oversight keys revoke ${created.id}".\n`,
  )
  return 0
}

const revoke: Command = async (argv) => {
  const { positionals } = parseCommandArgs(argv, {})
  const id = Number(positionals[0])
  if (positionals.length !== 1 || !Number.isInteger(id) || id <= 0) throw new UsageError(`keys revoke needs one numeric key ID. Usage: ${USAGE}`)
  printJson(keyJson(await revokeApiKey(await getDb(), id)))
  return 0
}

const list: Command = async (argv) => {
  const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } })
  const keys = await listApiKeys(await getDb())
  if (values.json) {
    printJson(keys.map(keyJson))
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
