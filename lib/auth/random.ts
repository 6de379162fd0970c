import { createHash, randomBytes } from 'node:crypto'

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
// Bytes at or above this are rejected so every base62 character is equally likely (248 = 4 × 62).
const UNBIASED_LIMIT = 248

/** `length` characters from [A-Za-z0-9], uniformly random (about 5.95 bits each). */
export function randomBase62(length: number): string {
  let out = ''
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < UNBIASED_LIMIT) out += BASE62[byte % 62]
      if (out.length === length) break
    }
  }
  return out
}

/** Hex sha256: tokens and keys are stored only this way, so a leaked table grants nothing. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex')
}
