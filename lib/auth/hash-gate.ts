/**
 * Bounds work that runs at once, with a short queue: beyond it, callers are refused at once
 * (GateFullError) instead of piling up. The sign-in route runs its password check (one scrypt
 * hash, ~0.1–0.3 s of a core, for unknown users too) through one of these, so a flood of
 * sign-ins takes at most MAX_CONCURRENT_HASHES cores and leaves the rest to metrics and ingest.
 */
export class GateFullError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many sign-ins at once')
  }
}

export class ConcurrencyGate {
  private running = 0
  private readonly waiting: Array<() => void> = []
  private readonly waitingFirst: Array<() => void> = []

  constructor(
    readonly maxRunning: number,
    readonly maxWaiting: number,
  ) {}

  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waitingFirst.length + this.waiting.length }
  }

  /**
   * Runs `task` when a slot is free. `priority` tasks (a user signing in from an address they used
   * before) go to the head of the queue and are never refused: a flood of strangers cannot keep
   * known users out, and there are only as many of them as users who signed in.
   */
  async run<T>(task: () => Promise<T>, options: { priority?: boolean } = {}): Promise<T> {
    if (this.running >= this.maxRunning) {
      if (!options.priority && this.waiting.length >= this.maxWaiting) throw new GateFullError(1)
      await new Promise<void>((resolve) => (options.priority ? this.waitingFirst : this.waiting).push(resolve))
    } else {
      this.running++
    }
    try {
      return await task()
    } finally {
      // Hand the slot straight to the next waiter, or free it.
      const next = this.waitingFirst.shift() ?? this.waiting.shift()
      if (next) next()
      else this.running--
    }
  }
}

/** One hash at a time: on 2 cores that leaves a core free however many sign-ins arrive. */
export const MAX_CONCURRENT_HASHES = 1
/** About 1–2 s of queued hashes; a sign-in beyond that gets 503 and retries. */
export const MAX_QUEUED_HASHES = 8

const holder = globalThis as unknown as { __oversightHashGate?: ConcurrencyGate }

export function getHashGate(): ConcurrencyGate {
  return (holder.__oversightHashGate ??= new ConcurrencyGate(MAX_CONCURRENT_HASHES, MAX_QUEUED_HASHES))
}
