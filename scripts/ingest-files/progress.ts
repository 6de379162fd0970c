/** Per-file progress on stderr: bytes read of the total and events per second. */

/** Files at least this large report progress even when stderr is not a terminal (a log, CI). */
export const PROGRESS_MIN_BYTES = 8 * 1024 * 1024
/** A terminal line is redrawn at most 4 times a second; a log gets a line every 5 s. */
const TTY_INTERVAL_MS = 250
const LOG_INTERVAL_MS = 5_000

export interface ProgressSink {
  isTTY: boolean
  write(text: string): void
}

export interface ProgressSnapshot {
  bytesRead: number
  events: number
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** The progress line (pure): "events.ndjson  412.0 MB / 1.00 GB (40%)  1,234,567 events  85,000 events/s". */
export function formatProgress(label: string, totalBytes: number, snapshot: ProgressSnapshot, elapsedMs: number): string {
  const percent = totalBytes > 0 ? Math.min(100, Math.floor((snapshot.bytesRead / totalBytes) * 100)) : 100
  const rate = elapsedMs > 0 ? (snapshot.events / elapsedMs) * 1000 : 0
  return `${label}  ${formatBytes(snapshot.bytesRead)} / ${formatBytes(totalBytes)} (${percent}%)  ${integer.format(snapshot.events)} events  ${integer.format(rate)} events/s`
}

export class FileProgress {
  private readonly started = Date.now()
  private lastDraw = 0
  private drawn = false

  constructor(
    private readonly label: string,
    private readonly totalBytes: number,
    private readonly sink: ProgressSink,
    private readonly enabled: boolean,
  ) {}

  static forFile(label: string, totalBytes: number, sink: ProgressSink = process.stderr): FileProgress {
    return new FileProgress(label, totalBytes, sink, sink.isTTY === true || totalBytes >= PROGRESS_MIN_BYTES)
  }

  update(snapshot: ProgressSnapshot): void {
    if (!this.enabled) return
    const now = Date.now()
    if (now - this.lastDraw < (this.sink.isTTY ? TTY_INTERVAL_MS : LOG_INTERVAL_MS)) return
    this.lastDraw = now
    this.draw(snapshot, false)
  }

  finish(snapshot: ProgressSnapshot): void {
    if (!this.enabled) return
    this.draw(snapshot, true)
  }

  private draw(snapshot: ProgressSnapshot, final: boolean): void {
    const line = formatProgress(this.label, this.totalBytes, snapshot, Date.now() - this.started)
    if (this.sink.isTTY) {
      // \r and erase-line redraw one line in place; the final state stays on screen.
      this.sink.write(`\r\x1b[K${line}${final ? '\n' : ''}`)
    } else {
      this.sink.write(`${line}${final ? ' (done)' : ''}\n`)
    }
    this.drawn = true
  }

  get wasShown(): boolean {
    return this.drawn
  }
}
