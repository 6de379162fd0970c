/**
 * An in-process readers–writer lock (pure): readers run together, a writer alone. First come,
 * first served: a reader that arrives while a writer waits goes after it, so that a stream of
 * readers cannot hold a writer off forever.
 */
export class ReadWriteLock {
  private readers = 0
  private writing = false
  private readonly waiting: Array<{ write: boolean; grant: () => void }> = []

  read<T>(task: () => Promise<T>): Promise<T> {
    return this.run(false, task)
  }

  write<T>(task: () => Promise<T>): Promise<T> {
    return this.run(true, task)
  }

  private async run<T>(write: boolean, task: () => Promise<T>): Promise<T> {
    await this.acquire(write)
    try {
      return await task()
    } finally {
      if (write) this.writing = false
      else this.readers--
      this.grantWaiting()
    }
  }

  private free(write: boolean): boolean {
    return write ? !this.writing && this.readers === 0 : !this.writing
  }

  private take(write: boolean): void {
    if (write) this.writing = true
    else this.readers++
  }

  private acquire(write: boolean): Promise<void> {
    if (this.waiting.length === 0 && this.free(write)) {
      this.take(write)
      return Promise.resolve()
    }
    return new Promise((grant) => this.waiting.push({ write, grant }))
  }

  private grantWaiting(): void {
    while (this.waiting.length > 0 && this.free(this.waiting[0].write)) {
      const next = this.waiting.shift()!
      this.take(next.write)
      next.grant()
      if (next.write) return
    }
  }
}
