/**
 * In-memory sliding-window limiter: at most `limit` events per key within `windowMs`. It lives in
 * the server process (one Oversight server per data dir), so it resets on restart, which is
 * acceptable for slowing password guessing.
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

  reset(key: string): void {
    this.events.delete(key)
  }
}

/** Failed sign-ins per username: 10 per 15 min slows online guessing to ~1,000 tries a day. */
export const SIGN_IN_FAILURES_PER_USER = 10
/** Failed sign-ins per client address: higher, since an office may share one address. */
export const SIGN_IN_FAILURES_PER_ADDRESS = 30
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000

export class SignInLimiter {
  private readonly byUser = new SlidingWindowLimiter(SIGN_IN_FAILURES_PER_USER, SIGN_IN_WINDOW_MS)
  private readonly byAddress = new SlidingWindowLimiter(SIGN_IN_FAILURES_PER_ADDRESS, SIGN_IN_WINDOW_MS)

  /** Whether another attempt is allowed; when not, how long to wait (the longer of both limits). */
  check(username: string, address: string, now: number): LimitDecision {
    const user = this.byUser.check(username.toLowerCase(), now)
    const addr = this.byAddress.check(address, now)
    if (user.allowed && addr.allowed) return user
    return { allowed: false, retryAfterSeconds: Math.max(user.retryAfterSeconds, addr.retryAfterSeconds) }
  }

  recordFailure(username: string, address: string, now: number): void {
    this.byUser.record(username.toLowerCase(), now)
    this.byAddress.record(address, now)
  }

  /** A successful sign-in clears the user's failures, not the address's (one address, many guesses). */
  recordSuccess(username: string): void {
    this.byUser.reset(username.toLowerCase())
  }
}

const holder = globalThis as unknown as { __oversightSignInLimiter?: SignInLimiter }

/** The process-wide sign-in limiter (kept on globalThis so dev reloads do not reset it). */
export function getSignInLimiter(): SignInLimiter {
  return (holder.__oversightSignInLimiter ??= new SignInLimiter())
}

/**
 * The client address for rate limiting: the last X-Forwarded-For entry, which the nearest proxy
 * (or Next's server, when the header is absent) wrote. A client talking to Next directly can
 * forge it, so the per-username limit is the one that cannot be sidestepped.
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for')?.split(',').map((part) => part.trim()).filter(Boolean)
  return forwarded?.at(-1) ?? headers.get('x-real-ip')?.trim() ?? 'unknown'
}
