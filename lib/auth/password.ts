import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { randomBase62 } from './random'

/**
 * scrypt parameters: N = 2^15, r = 8, p = 1 uses 32 MiB and about 0.1–0.3 s per hash on the
 * 2-core reference machine: twice Node's default cost, while a burst of sign-ins stays cheap in
 * memory (OWASP's 2^17 would take 128 MiB each). They are written into every hash, so raising
 * them later keeps old hashes verifiable.
 */
const SCRYPT_N = 2 ** 15
const SCRYPT_R = 8
const SCRYPT_P = 1
const SALT_BYTES = 16
const HASH_BYTES = 32
/** Upper bounds on parameters read back from a stored hash, so a corrupt row cannot pin the CPU. */
const MAX_N = 2 ** 20
const MAX_R = 32
const MAX_P = 16

/** Passwords are bounded: short ones are guessable, huge ones are a cheap denial of service. */
export const MIN_PASSWORD_LENGTH = 8
export const MAX_PASSWORD_LENGTH = 1024
/** Generated one-time passwords: 20 base62 characters, about 119 bits. */
const GENERATED_PASSWORD_LENGTH = 20

function scryptAsync(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

function scryptOptions(N: number, r: number, p: number): ScryptOptions {
  // Node refuses to allocate more than 32 MiB by default; scrypt needs 128·N·r bytes plus slack.
  return { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }
}

/** Hashes a password as `scrypt$N$r$p$<salt base64url>$<hash base64url>` with a fresh random salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const hash = await scryptAsync(password, salt, HASH_BYTES, scryptOptions(SCRYPT_N, SCRYPT_R, SCRYPT_P))
  return ['scrypt', SCRYPT_N, SCRYPT_R, SCRYPT_P, salt.toString('base64url'), hash.toString('base64url')].join('$')
}

function parseHash(encoded: string): { N: number; r: number; p: number; salt: Buffer; hash: Buffer } | null {
  const parts = encoded.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null
  const [N, r, p] = parts.slice(1, 4).map(Number)
  const valid = (value: number, max: number) => Number.isInteger(value) && value >= 1 && value <= max
  if (!valid(N, MAX_N) || !valid(r, MAX_R) || !valid(p, MAX_P) || (N & (N - 1)) !== 0) return null
  const salt = Buffer.from(parts[4], 'base64url')
  const hash = Buffer.from(parts[5], 'base64url')
  if (salt.length === 0 || hash.length === 0) return null
  return { N, r, p, salt, hash }
}

/** Checks a password against a stored hash in constant time; false for a malformed hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded)
  if (!parsed) return false
  const candidate = await scryptAsync(password, parsed.salt, parsed.hash.length, scryptOptions(parsed.N, parsed.r, parsed.p))
  return timingSafeEqual(candidate, parsed.hash)
}

/** A random one-time password for a new user, shown once. */
export function generatePassword(): string {
  return randomBase62(GENERATED_PASSWORD_LENGTH)
}

/** Why a password is unacceptable, or null when it is fine. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`
  return null
}
