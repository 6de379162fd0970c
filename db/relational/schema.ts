import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'

/** Roles from SPEC §4 (`oversight users create NAME --role ...`). */
export const USER_ROLES = ['viewer', 'lead', 'ml', 'compliance', 'admin'] as const
export type UserRole = (typeof USER_ROLES)[number]

/** API key scopes from SPEC §6. `admin` implies the others. */
export const API_KEY_SCOPES = ['ingest', 'read', 'admin'] as const
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number]

type Timestamp = ColumnType<Date, Date | string, Date | string>

export interface UsersTable {
  id: Generated<number>
  username: string
  role: UserRole
  password_hash: string
  created_at: ColumnType<Date, Date | string | undefined, never>
  disabled_at: Timestamp | null
}

export interface SessionsTable {
  /** sha256 of the cookie token: a leaked table does not give sessions away. */
  token_hash: string
  user_id: number
  created_at: ColumnType<Date, Date | string | undefined, never>
  expires_at: Timestamp
}

export interface ApiKeysTable {
  id: Generated<number>
  name: string
  /** The first characters of the key, shown in lists so a key can be recognised. */
  prefix: string
  key_hash: string
  scope: ApiKeyScope
  created_by: string | null
  created_at: ColumnType<Date, Date | string | undefined, never>
  revoked_at: Timestamp | null
  last_used_at: Timestamp | null
}

/**
 * The change log (SPEC §3.4), append-only: no column is updatable, and the database refuses
 * UPDATE and DELETE too. Write it only through `appendChangeLog` (lib/audit/change-log.ts).
 */
export interface ChangeLogTable {
  /** bigint: pg answers a string, PGlite a number. */
  seq: ColumnType<string | number, never, never>
  at: ColumnType<Date, Date | string | undefined, never>
  actor: ColumnType<string, string, never>
  action: ColumnType<string, string, never>
  subject: ColumnType<string, string, never>
  /** jsonb: what changed, never a password, hash or key. Written as JSON text. */
  payload: ColumnType<unknown, string, never>
}

/**
 * Capacity settings (SPEC §3.3), one row per (queue, model); replaced as a whole through
 * `replaceCapacity` (lib/capacity/capacity.ts), which records the change.
 */
export interface CapacityEntriesTable {
  id: Generated<number>
  /** '' is the default entry for every queue without its own. */
  queue: string
  /** '' means any model (the API answers null). */
  model: ColumnType<string, string | undefined, string>
  sla_minutes: ColumnType<number, number | undefined, number>
  sla_target: ColumnType<number, number | undefined, number>
  target_occupancy: ColumnType<number, number | undefined, number>
  /** jsonb array of 24 whole numbers: reviewers on shift per UTC hour of day. Written as JSON text. */
  staffed: ColumnType<unknown, string, string>
}

export interface RelationalDatabase {
  users: UsersTable
  sessions: SessionsTable
  api_keys: ApiKeysTable
  change_log: ChangeLogTable
  capacity_entries: CapacityEntriesTable
}

export type UserRow = Selectable<UsersTable>
export type NewUserRow = Insertable<UsersTable>
export type UserUpdate = Updateable<UsersTable>
export type SessionRow = Selectable<SessionsTable>
export type ApiKeyRow = Selectable<ApiKeysTable>
export type NewApiKeyRow = Insertable<ApiKeysTable>
export type ChangeLogRow = Selectable<ChangeLogTable>
export type NewChangeLogRow = Insertable<ChangeLogTable>
export type CapacityEntryRow = Selectable<CapacityEntriesTable>
export type NewCapacityEntryRow = Insertable<CapacityEntriesTable>
