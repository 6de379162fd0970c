import { sql, type Kysely, type Transaction } from 'kysely'
import type { RelationalDatabase } from '@/db/relational/schema'

// The change log of SPEC §3.4 (table change_log): one row per change, in the order made.

type DbLike = Kysely<RelationalDatabase>
export type ChangeTransaction = Transaction<RelationalDatabase>

/** The changes recorded so far; later families (policies, halts, capacity) add theirs here. */
export const CHANGE_LOG_ACTIONS = [
  'user.create',
  'user.role_change',
  'user.disable',
  'user.enable',
  'user.password_reset',
  'key.create',
  'key.revoke',
  'capacity.update',
] as const
export type ChangeLogAction = (typeof CHANGE_LOG_ACTIONS)[number]

/** The actor of changes the server makes on its own (the first admin at start-up) and of callers naming none. */
export const SYSTEM_ACTOR = 'system'
/** The actor of CLI changes made without `--by USER`. */
export const CLI_ACTOR = 'cli'

/** Entries per page of GET /api/v1/audit/log: default and cap (a page is one indexed range scan). */
export const DEFAULT_CHANGE_LOG_LIMIT = 50
export const MAX_CHANGE_LOG_LIMIT = 500

const MAX_ACTOR_LENGTH = 128
const MAX_SUBJECT_LENGTH = 256

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

export interface ChangeLogEntryInput {
  actor: string
  action: ChangeLogAction
  /** What was changed, as `kind:id`: `user:alice`, `key:3`. */
  subject: string
  /** What changed: never a password, a hash or a key (appendChangeLog refuses such field names). */
  payload?: { [key: string]: JsonValue }
}

export interface ChangeLogEntry {
  seq: number
  at: Date
  actor: string
  action: string
  subject: string
  payload: Record<string, unknown>
}

/** An entry as GET /api/v1/audit/log answers it. */
export function changeLogEntryJson(entry: ChangeLogEntry) {
  return {
    seq: entry.seq,
    at: entry.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    payload: entry.payload,
  }
}

export const userSubject = (username: string) => `user:${username}`
export const keySubject = (id: number) => `key:${id}`

/** Field names that would carry a secret; a payload holding one is a programming error, refused loudly. */
const SECRET_FIELD = /password|hash|secret|token|^key$/i

function secretField(value: unknown, path: string): string | null {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = secretField(item, `${path}[${index}]`)
      if (found) return found
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key
      if (SECRET_FIELD.test(key)) return here
      const found = secretField(item, here)
      if (found) return found
    }
  }
  return null
}

/**
 * Serialises changes: EXCLUSIVE mode conflicts with itself and with inserts, not with reads. Every
 * audited change takes it first, so checks such as "the last enabled admin" cannot race, and seq
 * order is commit order (which the hash chain will need: each entry hashes the one before).
 */
async function lockChangeLog(trx: ChangeTransaction): Promise<void> {
  await sql`lock table change_log in exclusive mode`.execute(trx)
}

/**
 * Runs an audited change in one transaction (or inside the caller's), holding the change-log lock
 * from the start: the change and its entries commit together or not at all. Use only `trx` inside
 * `body`: on PGlite the outer handle waits for the transaction's connection.
 */
export async function inChangeTransaction<T>(db: DbLike, body: (trx: ChangeTransaction) => Promise<T>): Promise<T> {
  const run = async (trx: ChangeTransaction) => {
    await lockChangeLog(trx)
    return body(trx)
  }
  return db.isTransaction ? run(db as ChangeTransaction) : db.transaction().execute(run)
}

function toEntry(row: { seq: string | number; at: Date; actor: string; action: string; subject: string; payload: unknown }): ChangeLogEntry {
  const payload = typeof row.payload === 'string' ? (JSON.parse(row.payload) as unknown) : row.payload
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    payload: typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {},
  }
}

const ENTRY_COLUMNS = ['seq', 'at', 'actor', 'action', 'subject', 'payload'] as const

/**
 * Appends one entry: the only writer of change_log (the hash chain will be computed here). Takes a
 * transaction so that the change it records is written with it; see inChangeTransaction.
 */
export async function appendChangeLog(trx: ChangeTransaction, entry: ChangeLogEntryInput): Promise<ChangeLogEntry> {
  if (!trx.isTransaction) throw new Error('appendChangeLog must run inside the transaction of the change it records')
  const payload = entry.payload ?? {}
  const secret = secretField(payload, '')
  if (secret) throw new Error(`change log payload field "${secret}" looks like a secret; log what changed, never the secret`)
  if (!entry.actor || entry.actor.length > MAX_ACTOR_LENGTH) throw new Error(`change log actor must be 1–${MAX_ACTOR_LENGTH} characters`)
  if (!entry.subject || entry.subject.length > MAX_SUBJECT_LENGTH) throw new Error(`change log subject must be 1–${MAX_SUBJECT_LENGTH} characters`)
  await lockChangeLog(trx)
  const row = await trx
    .insertInto('change_log')
    .values({ actor: entry.actor, action: entry.action, subject: entry.subject, payload: JSON.stringify(payload) })
    .returning(ENTRY_COLUMNS)
    .executeTakeFirstOrThrow()
  return toEntry(row)
}

/**
 * Entries newest first, `limit` at a time; `before` (a seq, the previous page's `nextCursor`)
 * continues where that page ended. `nextCursor` is null on the last page.
 */
export async function listChangeLog(
  db: DbLike,
  options: { limit?: number; before?: number } = {},
): Promise<{ entries: ChangeLogEntry[]; nextCursor: number | null }> {
  const limit = Math.min(Math.max(1, Math.trunc(options.limit ?? DEFAULT_CHANGE_LOG_LIMIT)), MAX_CHANGE_LOG_LIMIT)
  let query = db.selectFrom('change_log').select(ENTRY_COLUMNS).orderBy('seq', 'desc').limit(limit + 1)
  if (options.before !== undefined) query = query.where('seq', '<', options.before)
  const rows = await query.execute()
  const entries = rows.slice(0, limit).map(toEntry)
  return { entries, nextCursor: rows.length > limit ? entries[entries.length - 1].seq : null }
}
