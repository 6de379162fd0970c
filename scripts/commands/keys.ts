import { API_KEY_SCOPES, type ApiKeyScope } from '@/db/relational/schema'
import { getDb } from '@/lib/db'
import { apiKeyJson, createApiKey, defaultApiKeyName, isApiKeyScope, listApiKeys, revokeApiKey } from '@/lib/auth/api-keys'
import type { ServerClient } from '../server-client'
import { UsageError, parseCommandArgs, printJson, type Command, type CommandContext } from '../cli-args'
import { cliActor } from './cli-actor'
import { printTable } from './print-table'

const USAGE = 'keys create --scope ingest|read|admin [--name NAME] [--by USER] | keys revoke ID [--by USER] | keys list [--json]'

type KeyJson = ReturnType<typeof apiKeyJson>

/** The key operations, in process on the store or through the running server's /api/v1/keys: the same JSON either way. */
interface KeyStore {
  create(input: { scope: ApiKeyScope; name: string | undefined; by: string | undefined }): Promise<KeyJson & { key: string }>
  revoke(id: number, by: string | undefined): Promise<KeyJson>
  list(): Promise<KeyJson[]>
}

const inProcess: KeyStore = {
  async create({ scope, name, by }) {
    const db = await getDb()
    const created = await createApiKey(db, { scope, name, createdBy: await cliActor(db, by) })
    return { ...apiKeyJson(created.info), key: created.key }
  },
  async revoke(id, by) {
    const db = await getDb()
    return apiKeyJson(await revokeApiKey(db, id, new Date(), await cliActor(db, by)))
  },
  list: async () => (await listApiKeys(await getDb())).map(apiKeyJson),
}

function throughServer(server: ServerClient): KeyStore {
  return {
    create: async ({ scope, name, by }) =>
      (await server.request('POST', '/api/v1/keys', { body: { scope, name: name?.trim() || defaultApiKeyName(scope) }, actor: by })) as KeyJson & { key: string },
    revoke: async (id, by) => (await server.request('POST', `/api/v1/keys/${id}/revoke`, { body: {}, actor: by })) as KeyJson,
    list: async () => ((await server.request('GET', '/api/v1/keys')) as { keys: KeyJson[] }).keys,
  }
}

const create = async (argv: string[], keys: KeyStore) => {
  const { values, positionals } = parseCommandArgs(argv, {
    scope: { type: 'string' },
    name: { type: 'string' },
    by: { type: 'string' },
  })
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}". Usage: ${USAGE}`)
  const scope = values.scope
  if (!scope || !isApiKeyScope(scope)) throw new UsageError(`--scope must be one of ${API_KEY_SCOPES.join(', ')}`)
  const created = await keys.create({ scope, name: values.name, by: values.by })
  printJson(created)
  process.stderr.write(
    `Store this key now: it is shown only once (Oversight keeps only its hash). ` +
      `Send it as "Authorization: Bearer ${created.prefix}…"; revoke it with "oversight keys revoke ${created.id}".\n`,
  )
  return 0
}

const revoke = async (argv: string[], keys: KeyStore) => {
  const { values, positionals } = parseCommandArgs(argv, { by: { type: 'string' } })
  const id = Number(positionals[0])
  if (positionals.length !== 1 || !Number.isInteger(id) || id <= 0) throw new UsageError(`keys revoke needs one numeric key ID. Usage: ${USAGE}`)
  printJson(await keys.revoke(id, values.by))
  return 0
}

const list = async (argv: string[], keys: KeyStore) => {
  const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } })
  const all = await keys.list()
  if (values.json) {
    printJson(all)
    return 0
  }
  if (all.length === 0) {
    process.stdout.write('No API keys. Create one with: oversight keys create --scope ingest\n')
    return 0
  }
  const rows = all.map((k) => [
    String(k.id),
    k.name,
    `${k.prefix}…`,
    k.scope,
    k.created_by ?? '',
    k.revoked_at ? `revoked ${k.revoked_at}` : 'active',
    k.last_used_at ?? 'never',
  ])
  printTable(['ID', 'NAME', 'PREFIX', 'SCOPE', 'BY', 'STATUS', 'LAST USED'], rows)
  return 0
}

const SUBCOMMANDS: Record<string, (argv: string[], keys: KeyStore) => Promise<number>> = { create, revoke, list }

/** `oversight keys create|revoke|list`. */
export const keysCommand: Command = async (argv, context?: CommandContext) => {
  const [sub, ...rest] = argv
  if (!sub || !Object.hasOwn(SUBCOMMANDS, sub)) throw new UsageError(`unknown or missing subcommand${sub ? ` "${sub}"` : ''}. Usage: ${USAGE}`)
  return SUBCOMMANDS[sub](rest, context?.server ? throughServer(context.server) : inProcess)
}
