// Which events stay their key's head (latest by ts, then event_id, as argMax(tuple(ts, event_id)))
// and which lose it. Pure: the ingest path feeds it the stored heads and the batch.

export interface HeadCandidate {
  key: string
  ts: string // 'YYYY-MM-DD hh:mm:ss.sss' (UTC): sorts as text in time order
  event_id: string
}

export interface HeadChanges {
  /** New heads to upsert (keys whose head changed). */
  heads: HeadCandidate[]
  /** Events that are not (or no longer) their key's head. */
  superseded: HeadCandidate[]
}

/** True when a is later than b in (ts, event_id) order; ids compare by UTF-8 bytes, as in ClickHouse. */
export function isLater(a: HeadCandidate, b: HeadCandidate): boolean {
  if (a.ts !== b.ts) return a.ts > b.ts
  return Buffer.compare(Buffer.from(a.event_id), Buffer.from(b.event_id)) > 0
}

/** Folds a batch into the stored heads: each key keeps its latest event; all others are superseded. */
export function computeHeadChanges(stored: ReadonlyMap<string, HeadCandidate>, batch: readonly HeadCandidate[]): HeadChanges {
  const newest = new Map<string, HeadCandidate>()
  const superseded: HeadCandidate[] = []
  for (const candidate of batch) {
    const current = newest.get(candidate.key) ?? stored.get(candidate.key)
    if (!current) {
      newest.set(candidate.key, candidate)
    } else if (isLater(candidate, current)) {
      newest.set(candidate.key, candidate)
      superseded.push(current)
    } else {
      superseded.push(candidate)
    }
  }
  return { heads: [...newest.values()], superseded }
}
