// Label order shared by the metric families: agreement's labels and reviewers, calibration's
// group keys. Pure.

/**
 * Label order: by Unicode code point, which is UTF-8 byte order, i.e. the order ClickHouse's
 * ORDER BY gives String columns. (JS's default sort compares UTF-16 units and differs above U+FFFF;
 * localeCompare depends on the locale.)
 */
export function compareLabels(a: string, b: string): number {
  if (a === b) return 0
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; ) {
    const ca = a.codePointAt(i)!
    const cb = b.codePointAt(i)!
    if (ca !== cb) return ca < cb ? -1 : 1
    i += ca > 0xffff ? 2 : 1
  }
  return a.length - b.length
}
