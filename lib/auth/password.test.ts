import { describe, expect, it } from 'vitest'
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './password'

describe('password hashing', () => {
  it('round-trips and rejects a wrong password', async () => {
    const hash = await hashPassword('correct horse battery')
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/)
    expect(await verifyPassword('correct horse battery', hash)).toBe(true)
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false)
    expect(await verifyPassword('', hash)).toBe(false)
  })

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')])
    expect(a).not.toBe(b)
    expect(await verifyPassword('same password', b)).toBe(true)
  })

  it('reads the parameters from the stored hash', async () => {
    const hash = await hashPassword('abcdefgh')
    const [, , , , salt, digest] = hash.split('$')
    // Same salt and digest with different parameters no longer verifies.
    expect(await verifyPassword('abcdefgh', `scrypt$16384$8$1$${salt}$${digest}`)).toBe(false)
  })

  it('refuses malformed or hostile hashes instead of throwing', async () => {
    for (const bad of ['', 'plain', 'bcrypt$1$2$3$4$5', 'scrypt$1000$8$1$c2FsdA$aGFzaA', 'scrypt$4294967296$8$1$c2FsdA$aGFzaA', 'scrypt$16384$8$1$$']) {
      expect(await verifyPassword('x', bad)).toBe(false)
    }
  })
})

describe('generatePassword', () => {
  it('gives 20 base62 characters, different each time', () => {
    const seen = new Set(Array.from({ length: 50 }, generatePassword))
    expect(seen.size).toBe(50)
    for (const p of seen) expect(p).toMatch(/^[A-Za-z0-9]{20}$/)
  })
})

describe('passwordProblem', () => {
  it('bounds the length', () => {
    expect(passwordProblem('short')).toMatch(/at least 8/)
    expect(passwordProblem('x'.repeat(1025))).toMatch(/at most 1024/)
    expect(passwordProblem('long enough')).toBeNull()
  })
})
