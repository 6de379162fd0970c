/**
 * Sign-in limits, in memory in the server process (one Oversight server per data dir), so they
 * reset on restart, which is acceptable for slowing password guessing.
 *
 * - Hard, per (username, address): SIGN_IN_FAILURES_PER_USER_ADDRESS failures in the window, then
 *   429. A stranger who guesses a user's password locks only themselves out, never the user at
 *   their own address.
 * - Hard, per address: SIGN_IN_FAILURES_PER_ADDRESS failures across usernames (password spraying).
 * - Soft, per username across addresses: past SOFT_FREE_FAILURES failures, attempts for that user
 *   are spaced by a short, growing delay (at most SOFT_MAX_STEP_MS apart), so distributed guessing
 *   slows down without locking the user out. An address the user signed in from before skips it.
 * - Hard, global: SIGN_IN_ATTEMPTS_GLOBAL attempts per GLOBAL_WINDOW_MS from addresses not yet known,
 *   so a flood of sign-ins cannot keep the password hashing busy (the hashing itself is bounded by
 *   lib/auth/hash-gate.ts).
 *
 * An attempt is counted when it starts, before its password is checked: concurrent guesses cannot
 * all pass the check while the slow hash of the first is still running. A success takes its own
 * count back.
 */
export interface LimitDecision {
  allowed: boolean
  /** Seconds until the oldest event in the window expires; 0 when allowed. */
  retryAfterSeconds: number
}

export class SlidingWindowLimiter {
  private readonly events = new Map<string, number[]>()

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    /** Keys kept at most; the least recently touched are dropped first, so memory stays bounded. */
    private readonly maxKeys = 10_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const kept = (this.events.get(key) ?? []).filter((t) => t > now - this.windowMs)
    if (kept.length === 0) this.events.delete(key)
    else this.events.set(key, kept)
    return kept
  }

  count(key: string, now: number): number {
    return this.recent(key, now).length
  }

  check(key: string, now: number): LimitDecision {
    const kept = this.recent(key, now)
    if (kept.length < this.limit) return { allowed: true, retryAfterSeconds: 0 }
    const oldest = kept[kept.length - this.limit]
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)) }
  }

  record(key: string, now: number): void {
    const kept = this.recent(key, now)
    kept.push(now)
    // Re-insert so Map order is least recently touched first.
    this.events.delete(key)
    this.events.set(key, kept)
    while (this.events.size > this.maxKeys) {
      const first = this.events.keys().next().value
      if (first === undefined) break
      this.events.delete(first)
    }
  }

  /** Takes back one event recorded at `at` (an attempt that turned out to succeed). */
  unrecord(key: string, at: number): void {
    const kept = this.events.get(key)
    if (!kept) return
    const index = kept.lastIndexOf(at)
    if (index >= 0) kept.splice(index, 1)
    if (kept.length === 0) this.events.delete(key)
  }

  reset(key: string): void {
    this.events.delete(key)
  }
}

/** Failed sign-ins per (username, address) in the window: 10 per 15 min, then 429. */
export const SIGN_IN_FAILURES_PER_USER_ADDRESS = 10
/** Failed sign-ins per client address across usernames: higher, since an office may share one address. */
export const SIGN_IN_FAILURES_PER_ADDRESS = 30
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000
/** Failures of one username (from any address) before its attempts are spaced out. */
export const SOFT_FREE_FAILURES = 10
/** The first spacing; it doubles with each further failure, up to SOFT_MAX_STEP_MS. */
export const SOFT_FIRST_STEP_MS = 250
export const SOFT_MAX_STEP_MS = 4_000
/** An attempt that would wait longer than this for its turn is refused (429) instead of held open. */
export const SOFT_MAX_WAIT_MS = 15_000
/**
 * Sign-in attempts over all users, from addresses not known for the user: 30 per 15 s (2 a second,
 * bursts of 30). At ~0.2 s of a core per hash that caps a flood's hashing at ~40 % of one core, so
 * metric requests keep most of the machine (`oversight bench --only signin_flood`).
 */
export const SIGN_IN_ATTEMPTS_GLOBAL = 30
export const GLOBAL_WINDOW_MS = 15 * 1000
/** How long an address a user signed in from skips that user's soft delay and the global limit. */
export const KNOWN_ADDRESS_TTL_MS = 30 * 24 * 60 * 60 * 1000
const GLOBAL_KEY = '*'

export type SignInDecision =
  | {
      allowed: true
      /** How long to wait before checking the password. */
      delayMs: number
      /** The user signed in from this address before: their check goes first (lib/auth/hash-gate.ts). */
      knownAddress: boolean
      attempt: SignInAttempt
    }
  | { allowed: false; retryAfterSeconds: number; limit: 'user_address' | 'address' | 'user' | 'global' }

/** A started attempt: passed back to `succeeded` to take its count back. */
export interface SignInAttempt {
  user: string
  address: string
  at: number
}

/** The spacing between two attempts for a user who already has `failures` recent failures. */
export function softStepMs(failures: number): number {
  if (failures < SOFT_FREE_FAILURES) return 0
  return Math.min(SOFT_MAX_STEP_MS, SOFT_FIRST_STEP_MS * 2 ** (failures - SOFT_FREE_FAILURES))
}

export class SignInLimiter {
  private readonly global: SlidingWindowLimiter
  /** `globalAttempts` is there for tests that send more sign-ins than a real burst would. */
  constructor(options: { globalAttempts?: number } = {}) {
    this.global = new SlidingWindowLimiter(options.globalAttempts ?? SIGN_IN_ATTEMPTS_GLOBAL, GLOBAL_WINDOW_MS, 1)
  }

  private readonly byUserAddress = new SlidingWindowLimiter(SIGN_IN_FAILURES_PER_USER_ADDRESS, SIGN_IN_WINDOW_MS, 50_000)
  private readonly byAddress = new SlidingWindowLimiter(SIGN_IN_FAILURES_PER_ADDRESS, SIGN_IN_WINDOW_MS, 50_000)
  /** Failures per username, for the soft delay only (its limit is never the one that refuses). */
  private readonly byUser = new SlidingWindowLimiter(Number.MAX_SAFE_INTEGER, SIGN_IN_WINDOW_MS, 50_000)
  /** When each user's next spaced attempt may run. */
  private readonly nextSlot = new Map<string, number>()
  /** `user\naddress` → until when that address is known for that user. */
  private readonly knownAddresses = new Map<string, number>()

  /**
   * Starts an attempt: refuses it when a hard limit is reached, else counts it as a failure at
   * once and says how long to wait before checking the password.
   */
  begin(username: string, address: string, now: number): SignInDecision {
    const user = username.toLowerCase()
    const pairKey = `${user}\n${address}`
    const known = (this.knownAddresses.get(pairKey) ?? 0) > now
    const pair = this.byUserAddress.check(pairKey, now)
    if (!pair.allowed) return { allowed: false, retryAfterSeconds: pair.retryAfterSeconds, limit: 'user_address' }
    const addr = this.byAddress.check(address, now)
    if (!addr.allowed) return { allowed: false, retryAfterSeconds: addr.retryAfterSeconds, limit: 'address' }
    if (!known) {
      const global = this.global.check(GLOBAL_KEY, now)
      if (!global.allowed) return { allowed: false, retryAfterSeconds: global.retryAfterSeconds, limit: 'global' }
    }
    let delayMs = 0
    if (!known) {
      const step = softStepMs(this.byUser.count(user, now))
      if (step > 0) {
        const slot = Math.max(now, this.nextSlot.get(user) ?? 0)
        delayMs = slot - now
        if (delayMs > SOFT_MAX_WAIT_MS) return { allowed: false, retryAfterSeconds: Math.ceil(delayMs / 1000), limit: 'user' }
        this.nextSlot.set(user, slot + step)
        this.trimSlots(now)
      }
      this.global.record(GLOBAL_KEY, now)
    }
    this.byUserAddress.record(pairKey, now)
    this.byAddress.record(address, now)
    this.byUser.record(user, now)
    return { allowed: true, delayMs, knownAddress: known, attempt: { user, address, at: now } }
  }

  /**
   * The password was right: take the attempt's count back, clear this address's failures for
   * the user (not the address's for other users), and remember the address as the user's own.
   */
  succeeded(attempt: SignInAttempt, now: number): void {
    const pairKey = `${attempt.user}\n${attempt.address}`
    this.byUserAddress.reset(pairKey)
    this.byAddress.unrecord(attempt.address, attempt.at)
    this.byUser.unrecord(attempt.user, attempt.at)
    this.knownAddresses.delete(pairKey)
    this.knownAddresses.set(pairKey, now + KNOWN_ADDRESS_TTL_MS)
    while (this.knownAddresses.size > 50_000) {
      const first = this.knownAddresses.keys().next().value
      if (first === undefined) break
      this.knownAddresses.delete(first)
    }
  }

  private trimSlots(now: number): void {
    if (this.nextSlot.size < 10_000) return
    for (const [user, slot] of this.nextSlot) if (slot <= now) this.nextSlot.delete(user)
  }
}

const holder = globalThis as unknown as { __oversightSignInLimiter?: SignInLimiter }

/** The process-wide sign-in limiter (kept on globalThis so dev reloads do not reset it). */
export function getSignInLimiter(): SignInLimiter {
  return (holder.__oversightSignInLimiter ??= new SignInLimiter())
}

/** Starts over with empty limits (tests, where one process runs many scenarios). */
export function resetSignInLimiter(options: { globalAttempts?: number } = {}): void {
  holder.__oversightSignInLimiter = new SignInLimiter(options)
}
