import type { Kysely } from 'kysely'
import { API_KEY_SCOPES, type ApiKeyScope, type RelationalDatabase } from '@/db/relational/schema'
import { HttpError } from '@/lib/http-error'
import { SYSTEM_ACTOR, appendChangeLog, inChangeTransaction, keySubject } from '@/lib/audit/change-log'
import { randomBase62, sha256Hex } from './random'

/** Keys look like `ovs_` + 40 base62 characters (about 238 bits), recognisable in secret scanners. */
export const API_KEY_PREFIX = 'ovs_'
const API_KEY_RANDOM_LENGTH = 40
const API_KEY_PATTERN = /^ovs_[A-Za-z0-9]{32,128}$/
/** Characters kept in clear (`ovs_` + 8) so a key can be recognised in lists. */
const DISPLAY_PREFIX_LENGTH = 12
/** last_used_at is written at most once a minute per key, so busy ingest does not write per request. */
const LAST_USED_RESOLUTION_MS = 60 * 1000
export const MAX_API_KEY_NAME_LENGTH = 128

type DbLike = Kysely<RelationalDatabase>

/** A key as listed: never the key or its hash. */
export interface ApiKeyInfo {
  id: number
  name: string
  prefix: string
  scope: ApiKeyScope
  createdBy: string | null
  createdAt: Date
  revokedAt: Date | null
  lastUsedAt: Date | null
}

const INFO_COLUMNS = ['id', 'name', 'prefix', 'scope', 'created_by', 'created_at', 'revoked_at', 'last_used_at'] as const

type InfoRow = {
  id: number
  name: string
  prefix: string
  scope: ApiKeyScope
  created_by: string | null
  created_at: Date
  revoked_at: Date | null
  last_used_at: Date | null
}

function toInfo(row: InfoRow): ApiKeyInfo {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  }
}

/** A key as the HTTP API and the CLI print it: snake_case, ISO times, never the key or its hash. */
export function apiKeyJson(key: ApiKeyInfo) {
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

export function isApiKeyScope(value: string): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value)
}

/** The name of a key created without one. */
export function defaultApiKeyName(scope: ApiKeyScope): string {
  return `${scope} key`
}

/**
 * Creates a key and records `key.create`; the returned `key` is the only time it exists in clear.
 * `createdBy` is who asks (a username, `api_key:<id>` or `cli`): stored with the key and logged
 * as the actor (`system` when absent).
 */
export async function createApiKey(
  db: DbLike,
  input: { scope: ApiKeyScope; name?: string; createdBy?: string | null },
): Promise<{ id: number; key: string; prefix: string; scope: ApiKeyScope; name: string; info: ApiKeyInfo }> {
  if (!isApiKeyScope(input.scope)) {
    throw new HttpError(400, 'invalid_request', `Invalid scope: must be one of ${API_KEY_SCOPES.join(', ')}`, {
      issues: [{ path: 'scope', message: `must be one of ${API_KEY_SCOPES.join(', ')}` }],
    })
  }
  const name = (input.name ?? '').trim() || defaultApiKeyName(input.scope)
  if (name.length > MAX_API_KEY_NAME_LENGTH) {
    throw new HttpError(400, 'invalid_request', `Invalid name: at most ${MAX_API_KEY_NAME_LENGTH} characters`, {
      issues: [{ path: 'name', message: `at most ${MAX_API_KEY_NAME_LENGTH} characters` }],
    })
  }
  const key = API_KEY_PREFIX + randomBase62(API_KEY_RANDOM_LENGTH)
  const prefix = key.slice(0, DISPLAY_PREFIX_LENGTH)
  const info = await inChangeTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('api_keys')
      .values({ name, prefix, key_hash: sha256Hex(key), scope: input.scope, created_by: input.createdBy ?? null })
      .returning(INFO_COLUMNS)
      .executeTakeFirstOrThrow()
    // The display prefix is shown in every key list already; the key and its hash never are.
    await appendChangeLog(trx, {
      actor: input.createdBy ?? SYSTEM_ACTOR,
      action: 'key.create',
      subject: keySubject(row.id),
      payload: { name, scope: input.scope, prefix },
    })
    return toInfo(row)
  })
  return { id: info.id, key, prefix, scope: input.scope, name, info }
}

/**
 * Revokes a key and records `key.revoke` (idempotent: a revoked key keeps its first revocation
 * time and is not logged again); 404 for an unknown id.
 */
export async function revokeApiKey(db: DbLike, id: number, now: Date = new Date(), actor: string = SYSTEM_ACTOR): Promise<ApiKeyInfo> {
  const info = await inChangeTransaction(db, async (trx) => {
    const revoked = await trx
      .updateTable('api_keys')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returning(INFO_COLUMNS)
      .executeTakeFirst()
    if (revoked) {
      await appendChangeLog(trx, { actor, action: 'key.revoke', subject: keySubject(id), payload: { name: revoked.name, scope: revoked.scope } })
      return toInfo(revoked)
    }
    const row = await trx.selectFrom('api_keys').select(INFO_COLUMNS).where('id', '=', id).executeTakeFirst()
    if (!row) throw new HttpError(404, 'not_found', `There is no API key with id ${id}.`)
    return toInfo(row)
  })
  // After the commit: a verification running meanwhile may have cached the key as valid.
  verifiedKeys.clear()
  return info
}

export async function listApiKeys(db: DbLike): Promise<ApiKeyInfo[]> {
  const rows = await db.selectFrom('api_keys').select(INFO_COLUMNS).orderBy('id').execute()
  return rows.map(toInfo)
}

/**
 * Verified keys are remembered for VERIFIED_KEY_TTL_MS: one relational query per ingest batch cost
 * ~15 ms of server CPU. A revocation in this process applies at once; one made by another
 * process (the CLI) applies within the TTL.
 */
export const VERIFIED_KEY_TTL_MS = 5_000
const verifiedKeys = new Map<string, { info: ApiKeyInfo; until: number }>()
const MAX_CACHED_KEYS = 1_000

/** The key's row when it exists and is not revoked, else null. Records use at most once a minute. */
export async function verifyApiKey(db: DbLike, key: string, now: Date = new Date()): Promise<ApiKeyInfo | null> {
  // Reject malformed input before touching the database.
  if (!API_KEY_PATTERN.test(key)) return null
  const cached = verifiedKeys.get(key)
  if (cached && cached.until > now.getTime()) return cached.info
  const info = await lookUpApiKey(db, key, now)
  if (verifiedKeys.size >= MAX_CACHED_KEYS) verifiedKeys.clear()
  if (info) verifiedKeys.set(key, { info, until: now.getTime() + VERIFIED_KEY_TTL_MS })
  else verifiedKeys.delete(key)
  return info
}

async function lookUpApiKey(db: DbLike, key: string, now: Date): Promise<ApiKeyInfo | null> {
  const row = await db.selectFrom('api_keys').select(INFO_COLUMNS).where('key_hash', '=', sha256Hex(key)).executeTakeFirst()
  if (!row || row.revoked_at !== null) return null
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS)
  if (row.last_used_at === null || row.last_used_at < staleBefore) {
    // The where clause repeats the staleness test so concurrent requests write once.
    await db
      .updateTable('api_keys')
      .set({ last_used_at: now })
      .where('id', '=', row.id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
      .execute()
    row.last_used_at = now
  }
  return toInfo(row)
}
