/**
 * Seeded pseudo-random numbers for the demo generator: same seed, same sequence, on every platform.
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state, passes PractRand) seeded
 * through splitmix32, so nearby seeds (1, 2, 3…) give unrelated streams. Not for anything secret.
 */

const TWO_POW_32 = 4_294_967_296

/** splitmix32 finaliser: a 32-bit avalanche mix, also used to hash small integer tuples. */
function mix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
  return (z ^ (z >>> 15)) >>> 0
}

/** A deterministic hash of up to three integers to [0, 1), for draws that must not depend on call order. */
export function hashUnit(a: number, b: number, c: number): number {
  return mix32(mix32(mix32(a) ^ b) ^ c) / TWO_POW_32
}

export class Prng {
  private a: number
  private b: number
  private c: number
  private d: number
  /** Second value of the last Box–Muller pair, NaN when none is cached. */
  private spareNormal = Number.NaN

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`)
    // Fold the seed to 32 bits (keeping the high part of large integer seeds) before mixing.
    const s = (Math.trunc(seed) ^ Math.trunc(seed / TWO_POW_32)) | 0
    this.a = mix32(s)
    this.b = mix32(this.a)
    this.c = mix32(this.b)
    this.d = 1
    // Discard the first outputs: sfc32 needs a few rounds to decorrelate from the seed.
    for (let i = 0; i < 12; i++) this.nextUint32()
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / TWO_POW_32
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  /** Standard normal (Box–Muller; the pair's second value is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const spare = this.spareNormal
      this.spareNormal = Number.NaN
      return spare
    }
    const u = 1 - this.next() // (0, 1]: log stays finite
    const v = this.next()
    const radius = Math.sqrt(-2 * Math.log(u))
    this.spareNormal = radius * Math.sin(2 * Math.PI * v)
    return radius * Math.cos(2 * Math.PI * v)
  }

  /** Exponential with mean 1. */
  exponential(): number {
    return -Math.log(1 - this.next())
  }

  /** Log-normal with the given median and log-scale standard deviation sigma. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal())
  }

  /**
   * Poisson count with mean lambda: Knuth's product method for small means, the normal
   * approximation (continuity-corrected, never negative) above 40 where its error is negligible
   * for arrival counts.
   */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0
    if (lambda > 40) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()))
    const limit = Math.exp(-lambda)
    let count = 0
    let product = this.next()
    while (product > limit) {
      count++
      product *= this.next()
    }
    return count
  }

  /** Index drawn from a cumulative weight table (last entry = total weight). */
  pick(cumulative: ArrayLike<number>): number {
    const last = cumulative.length - 1
    const target = this.next() * cumulative[last]
    for (let i = 0; i < last; i++) if (target < cumulative[i]) return i
    return last
  }
}

/** Running sums of weights, the table `Prng.pick` expects. */
export function cumulativeWeights(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length)
  let sum = 0
  for (let i = 0; i < weights.length; i++) {
    if (!(weights[i] >= 0)) throw new RangeError(`weight ${i} must be ≥ 0, got ${weights[i]}`)
    sum += weights[i]
    out[i] = sum
  }
  if (!(sum > 0)) throw new RangeError('weights must not all be zero')
  return out
}
