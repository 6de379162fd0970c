import { describe, expect, it } from 'vitest'
import { API_KEY_SCOPES, USER_ROLES } from '@/db/relational/schema'
import { keyHasScope, roleHasScope } from './scopes'

describe('API key scopes', () => {
  it('admin implies read and ingest', () => {
    for (const needed of API_KEY_SCOPES) expect(keyHasScope('admin', needed)).toBe(true)
  })
  it('read and ingest do not imply each other, nor admin', () => {
    expect(keyHasScope('read', 'read')).toBe(true)
    expect(keyHasScope('read', 'ingest')).toBe(false)
    expect(keyHasScope('read', 'admin')).toBe(false)
    expect(keyHasScope('ingest', 'ingest')).toBe(true)
    expect(keyHasScope('ingest', 'read')).toBe(false)
    expect(keyHasScope('ingest', 'admin')).toBe(false)
  })
})

describe('user roles', () => {
  it('every role reads; only admin administers and ingests', () => {
    for (const role of USER_ROLES) {
      expect(roleHasScope(role, 'read')).toBe(true)
      expect(roleHasScope(role, 'admin')).toBe(role === 'admin')
      expect(roleHasScope(role, 'ingest')).toBe(role === 'admin')
    }
  })
})
