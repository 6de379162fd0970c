import type { ApiKeyScope, UserRole } from '@/db/relational/schema'

/**
 * API key scopes (SPEC §6): `admin` implies `read` and `ingest`. `read` and `ingest` are
 * disjoint on purpose: a producer's ingest key leaked from a pipeline must not read the
 * metrics, and a dashboard's read key must not write telemetry.
 */
export function keyHasScope(granted: ApiKeyScope, needed: ApiKeyScope): boolean {
  return granted === 'admin' || granted === needed
}

/**
 * Signed-in users: every role may read; `admin` and `ingest` need the admin role (people
 * normally ingest through keys; an admin may do so from the browser while setting up).
 */
export function roleHasScope(role: UserRole, needed: ApiKeyScope): boolean {
  return needed === 'read' || role === 'admin'
}
