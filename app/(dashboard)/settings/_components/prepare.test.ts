import { describe, expect, it } from 'vitest'
import { curlExample, describeChange, formatTimestamp } from './prepare'

describe('formatTimestamp', () => {
  it('shows UTC minutes, and a dash for none', () => {
    expect(formatTimestamp('2026-11-24T09:05:59.999Z')).toBe('Nov 24, 2026, 09:05 UTC')
    expect(formatTimestamp(null)).toBe('—')
    expect(formatTimestamp('soon')).toBe('soon')
  })
})

describe('describeChange', () => {
  it('puts each action in words', () => {
    const cases: Array<[string, string, Record<string, unknown>, string]> = [
      ['user.create', 'user:alice', { role: 'lead' }, 'created user alice (team lead)'],
      ['user.role_change', 'user:alice', { from: 'viewer', to: 'ml' }, "changed alice's role from viewer to ml engineer"],
      ['user.disable', 'user:alice', {}, 'disabled alice (signed out)'],
      ['user.enable', 'user:alice', {}, 'enabled alice'],
      ['user.password_reset', 'user:alice', { generated: true }, "reset alice's password to a one-time password"],
      ['user.password_reset', 'user:alice', { generated: false }, 'set a new password for alice'],
      ['key.create', 'key:3', { name: 'pipeline', scope: 'ingest', prefix: 'ovs_abcd1234' }, 'created API key 3 “pipeline” (ingest)'],
      ['key.revoke', 'key:3', { name: 'pipeline', scope: 'ingest' }, 'revoked API key 3 “pipeline”'],
      ['policy.approve', 'policy:9', {}, 'policy.approve policy:9'],
    ]
    for (const [action, subject, payload, text] of cases) expect(describeChange({ action, subject, payload })).toBe(text)
  })
})

describe('curlExample', () => {
  const now = new Date('2026-11-24T10:00:00.000Z')
  it('posts one NDJSON event with an ingest key, to this origin', () => {
    const text = curlExample('http://localhost:3000', 'ovs_KEY', 'ingest', now)
    expect(text).toContain("-X POST 'http://localhost:3000/api/v1/events'")
    expect(text).toContain("-H 'Authorization: Bearer ovs_KEY'")
    expect(text).toContain("-H 'Content-Type: application/x-ndjson'")
    const body = /--data-binary '(.*)'$/.exec(text)?.[1]
    expect(JSON.parse(body!)).toMatchObject({ type: 'prediction', ts: '2026-11-24T10:00:00.000Z', confidence: 0.97, route: 'auto' })
  })
  it('reads with a read key, lists keys with an admin key', () => {
    expect(curlExample('https://o.example', 'ovs_R', 'read', now)).toBe("curl -sS 'https://o.example/api/v1/metrics/overview' \\\n  -H 'Authorization: Bearer ovs_R'")
    expect(curlExample('https://o.example', 'ovs_A', 'admin', now)).toContain("'https://o.example/api/v1/keys'")
  })
})
