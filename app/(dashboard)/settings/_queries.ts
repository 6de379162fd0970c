import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query'
import { z } from 'zod'
import { API_KEY_SCOPES, USER_ROLES, type ApiKeyScope, type UserRole } from '@/db/relational/schema'
import { apiGet, apiSend } from '@/lib/api-client'
import { CapacitySettingsJson } from '@/lib/capacity/capacity.schema'

// The admin API (/api/v1/users, /api/v1/keys), capacity settings and the change log, as the
// Settings page reads them.

const Timestamp = z.string()

export const UserJson = z.object({
  id: z.number(),
  username: z.string(),
  role: z.enum(USER_ROLES),
  disabled: z.boolean(),
  created_at: Timestamp,
  disabled_at: Timestamp.nullable(),
})
export type UserJson = z.infer<typeof UserJson>

/** A created or reset user; `password` only when the server generated a one-time password. */
const UserWithPassword = UserJson.extend({ password: z.string().optional() })

export const ApiKeyJson = z.object({
  id: z.number(),
  name: z.string(),
  prefix: z.string(),
  scope: z.enum(API_KEY_SCOPES),
  created_by: z.string().nullable(),
  created_at: Timestamp,
  revoked_at: Timestamp.nullable(),
  last_used_at: Timestamp.nullable(),
})
export type ApiKeyJson = z.infer<typeof ApiKeyJson>

/** A new key: the only answer that carries the key itself. */
const CreatedKey = ApiKeyJson.extend({ key: z.string() })
export type CreatedKey = z.infer<typeof CreatedKey>

export const ChangeLogEntryJson = z.object({
  seq: z.number(),
  at: Timestamp,
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  payload: z.record(z.string(), z.unknown()),
})
export type ChangeLogEntryJson = z.infer<typeof ChangeLogEntryJson>

const ChangeLogPage = z.object({ entries: z.array(ChangeLogEntryJson), next_cursor: z.string().nullable() })

/** Entries per "Recent changes" page. */
const CHANGE_LOG_PAGE_SIZE = 20

export const settingsKeys = {
  users: ['settings', 'users'] as const,
  keys: ['settings', 'keys'] as const,
  changeLog: ['audit', 'log'] as const,
  capacity: ['settings', 'capacity'] as const,
}

export function usersQueryOptions() {
  return queryOptions({
    queryKey: settingsKeys.users,
    queryFn: ({ signal }) => apiGet('/api/v1/users', {}, z.object({ users: z.array(UserJson) }), { signal }),
    // Admin state is edited here and by the CLI: refetch on every visit rather than trust a minute-old list.
    staleTime: 0,
  })
}

export function apiKeysQueryOptions() {
  return queryOptions({
    queryKey: settingsKeys.keys,
    queryFn: ({ signal }) => apiGet('/api/v1/keys', {}, z.object({ keys: z.array(ApiKeyJson) }), { signal }),
    staleTime: 0,
  })
}

export function changeLogQueryOptions() {
  return infiniteQueryOptions({
    queryKey: settingsKeys.changeLog,
    queryFn: ({ signal, pageParam }) => apiGet('/api/v1/audit/log', { limit: CHANGE_LOG_PAGE_SIZE, cursor: pageParam }, ChangeLogPage, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    staleTime: 0,
  })
}

export function capacityQueryOptions() {
  return queryOptions({
    queryKey: settingsKeys.capacity,
    queryFn: ({ signal }) => apiGet('/api/v1/settings/capacity', {}, CapacitySettingsJson, { signal }),
    staleTime: 0,
  })
}

/** Replaces every capacity entry (lead or admin); the answer is the stored set, sorted. */
export function saveCapacity(body: { entries: unknown[] }) {
  return apiSend('PUT', '/api/v1/settings/capacity', body, CapacitySettingsJson)
}

export function createUser(input: { username: string; role: UserRole; password?: string }) {
  return apiSend('POST', '/api/v1/users', input, UserWithPassword)
}

export function updateUser(username: string, changes: { role?: UserRole; disabled?: boolean }) {
  return apiSend('PATCH', `/api/v1/users/${encodeURIComponent(username)}`, changes, UserJson)
}

export function resetPassword(username: string, password?: string) {
  return apiSend('POST', `/api/v1/users/${encodeURIComponent(username)}/password`, password === undefined ? {} : { password }, UserWithPassword)
}

export function createApiKey(input: { name: string; scope: ApiKeyScope }) {
  return apiSend('POST', '/api/v1/keys', input, CreatedKey)
}

export function revokeApiKey(id: number) {
  return apiSend('POST', `/api/v1/keys/${id}/revoke`, undefined, ApiKeyJson)
}
