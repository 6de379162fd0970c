import { describe, expect, it, vi } from 'vitest'
import { FileProgress, formatBytes, formatProgress, PROGRESS_MIN_BYTES } from './progress'

describe('progress', () => {
  it('formats bytes and the progress line', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.50 KB')
    expect(formatBytes(1024 ** 3)).toBe('1.00 GB')
    expect(formatProgress('e.ndjson', 1000, { bytesRead: 400, events: 20_000 }, 2000)).toBe('e.ndjson  400 B / 1000 B (40%)  20,000 events  10,000 events/s')
  })

  it('stays quiet for a small file when stderr is not a terminal', () => {
    const write = vi.fn()
    const progress = FileProgress.forFile('small.csv', 1000, { isTTY: false, write })
    progress.update({ bytesRead: 1000, events: 10 })
    progress.finish({ bytesRead: 1000, events: 10 })
    expect(write).not.toHaveBeenCalled()
  })

  it('reports a large file in a log, throttled, and always its final state', () => {
    const write = vi.fn()
    const progress = FileProgress.forFile('big.ndjson', PROGRESS_MIN_BYTES, { isTTY: false, write })
    progress.update({ bytesRead: 1, events: 1 })
    progress.update({ bytesRead: 2, events: 2 })
    progress.finish({ bytesRead: PROGRESS_MIN_BYTES, events: 3 })
    expect(write).toHaveBeenCalledTimes(2)
    expect(write.mock.calls[1][0]).toMatch(/\(100%\)  3 events .* \(done\)\n$/)
  })

  it('redraws one line in place on a terminal', () => {
    const write = vi.fn()
    const progress = FileProgress.forFile('t.csv', 10, { isTTY: true, write })
    progress.update({ bytesRead: 5, events: 5 })
    progress.finish({ bytesRead: 10, events: 10 })
    expect(write.mock.calls[0][0]).toMatch(/^\r\x1b\[K.*[^\n]$/)
    expect(write.mock.calls[1][0]).toMatch(/^\r\x1b\[K.*\n$/)
  })
})
