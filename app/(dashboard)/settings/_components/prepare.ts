import type { ApiKeyScope } from '@/db/relational/schema'
import { ROLE_LABELS } from '../../_components/role-labels'
import { describeCapacityChange } from './capacity-draft'

// Pure shaping for the Settings page: no I/O, `now` and `origin` come in as arguments.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const

/** An ISO timestamp as "Nov 24, 2026, 10:05 UTC" (UTC like the rest of the dashboard); anything else as is. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`
}

/** What a key of each scope may do (SPEC §6), for the scope picker and the table. */
export const SCOPE_DESCRIPTIONS: Record<ApiKeyScope, string> = {
  ingest: 'send telemetry (POST /api/v1/events, /api/v1/route)',
  read: 'read metrics and the change log',
  admin: 'everything, including users and keys',
}

function roleName(value: unknown): string {
  return typeof value === 'string' && value in ROLE_LABELS ? ROLE_LABELS[value as keyof typeof ROLE_LABELS].toLowerCase() : String(value)
}

/** The name part of a `kind:name` subject ("user:alice" → "alice"). */
function subjectName(subject: string): string {
  const colon = subject.indexOf(':')
  return colon >= 0 ? subject.slice(colon + 1) : subject
}

/** A change-log entry in words: "changed alice's role from viewer to team lead". Unknown actions are shown raw. */
export function describeChange(entry: { action: string; subject: string; payload: Record<string, unknown> }): string {
  const name = subjectName(entry.subject)
  const p = entry.payload
  const keyName = typeof p.name === 'string' ? ` “${p.name}”` : ''
  switch (entry.action) {
    case 'user.create':
      return `created user ${name} (${roleName(p.role)})`
    case 'user.role_change':
      return `changed ${name}'s role from ${roleName(p.from)} to ${roleName(p.to)}`
    case 'user.disable':
      return `disabled ${name} (signed out)`
    case 'user.enable':
      return `enabled ${name}`
    case 'user.password_reset':
      return p.generated === true ? `reset ${name}'s password to a one-time password` : `set a new password for ${name}`
    case 'key.create':
      return `created API key ${name}${keyName}${typeof p.scope === 'string' ? ` (${p.scope})` : ''}`
    case 'key.revoke':
      return `revoked API key ${name}${keyName}`
    case 'capacity.update':
      return describeCapacityChange(p)
    default:
      return `${entry.action} ${entry.subject}`
  }
}

/** Shell-quotes a value for a copy-paste example. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/**
 * A ready-to-paste curl call for a new key against this server: one NDJSON event for an ingest
 * key (stamped `now`), a metrics read for a read key, the key list for an admin key.
 */
export function curlExample(origin: string, key: string, scope: ApiKeyScope, now: Date): string {
  const auth = `-H ${shellQuote(`Authorization: Bearer ${key}`)}`
  if (scope === 'ingest') {
    const event = {
      type: 'prediction',
      event_id: `example-${now.getTime()}`,
      ts: now.toISOString(),
      model: 'example-model',
      item_id: 'item-1',
      predicted_label: 'approve',
      confidence: 0.97,
      route: 'auto',
      propensity: 0.02,
    }
    return [
      `curl -sS -X POST ${shellQuote(`${origin}/api/v1/events`)} \\`,
      `  ${auth} \\`,
      `  -H 'Content-Type: application/x-ndjson' \\`,
      `  --data-binary ${shellQuote(JSON.stringify(event))}`,
    ].join('\n')
  }
  const path = scope === 'read' ? '/api/v1/metrics/overview' : '/api/v1/keys'
  return [`curl -sS ${shellQuote(`${origin}${path}`)} \\`, `  ${auth}`].join('\n')
}
