/** A progress line on stderr for long jobs, redrawn at most every PROGRESS_INTERVAL_MS. */
const PROGRESS_INTERVAL_MS = 250

export class Progress {
  private last = 0
  private lastDone = -1
  private readonly started = Date.now()
  private readonly live = process.stderr.isTTY === true

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit = 'events',
  ) {}

  update(done: number, force = false): void {
    const now = Date.now()
    if (!force && now - this.last < PROGRESS_INTERVAL_MS) return
    // Without a terminal, print a line every few seconds instead of redrawing one.
    if (!this.live && !force && now - this.last < 5_000) return
    // Without a terminal, a final line that repeats the last one adds nothing.
    if (!this.live && done === this.lastDone) return
    this.last = now
    this.lastDone = done
    const seconds = (now - this.started) / 1000
    const rate = seconds > 0 ? Math.round(done / seconds) : 0
    const pct = this.total > 0 ? Math.min(100, (100 * done) / this.total).toFixed(0) : '?'
    const line = `${this.label}: ${pct}% ${done.toLocaleString('en-US')} ${this.unit} (${rate.toLocaleString('en-US')}/s)`
    process.stderr.write(this.live ? `\r${line}\x1b[K` : `${line}\n`)
  }

  done(done: number): void {
    this.update(done, true)
    if (this.live) process.stderr.write('\n')
  }
}
