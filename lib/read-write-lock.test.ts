import { describe, expect, it } from 'vitest'
import { ReadWriteLock } from './read-write-lock'

/** A task that records when it starts and ends, and finishes when `release` is called. */
function task(log: string[], name: string) {
  let release!: () => void
  const done = new Promise<void>((resolve) => (release = resolve))
  return {
    run: async () => {
      log.push(`${name}+`)
      await done
      log.push(`${name}-`)
      return name
    },
    release: () => release(),
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('ReadWriteLock', () => {
  it('runs readers together and a writer alone, in the order they came', async () => {
    const lock = new ReadWriteLock()
    const log: string[] = []
    const [r1, r2, w, r3] = [task(log, 'r1'), task(log, 'r2'), task(log, 'w'), task(log, 'r3')]
    const results = [lock.read(r1.run), lock.read(r2.run), lock.write(w.run), lock.read(r3.run)]
    await tick()
    // Both first readers run; the writer waits for them, and the reader after it waits too.
    expect(log).toEqual(['r1+', 'r2+'])
    r1.release()
    await tick()
    expect(log).toEqual(['r1+', 'r2+', 'r1-'])
    r2.release()
    await tick()
    expect(log).toEqual(['r1+', 'r2+', 'r1-', 'r2-', 'w+'])
    w.release()
    await tick()
    expect(log).toEqual(['r1+', 'r2+', 'r1-', 'r2-', 'w+', 'w-', 'r3+'])
    r3.release()
    expect(await Promise.all(results)).toEqual(['r1', 'r2', 'w', 'r3'])
  })

  it('lets the next tasks run after a task fails', async () => {
    const lock = new ReadWriteLock()
    await expect(lock.write(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    await expect(lock.read(async () => Promise.reject(new Error('again')))).rejects.toThrow('again')
    expect(await lock.write(async () => 'after')).toBe('after')
    expect(await Promise.all([lock.read(async () => 1), lock.read(async () => 2)])).toEqual([1, 2])
  })

  it('runs writers one at a time', async () => {
    const lock = new ReadWriteLock()
    let inside = 0
    let most = 0
    await Promise.all(
      Array.from({ length: 5 }, () =>
        lock.write(async () => {
          most = Math.max(most, ++inside)
          await tick()
          inside--
        }),
      ),
    )
    expect(most).toBe(1)
  })
})
