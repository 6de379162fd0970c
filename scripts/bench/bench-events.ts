import { Prng } from '@/scripts/seed/prng'

/**
 * Deterministic telemetry for the ingest benchmark, shaped like production traffic (pure):
 * mostly predictions, a review for each escalated or audited item some minutes later, and a
 * few ground-truth outcomes. Same seed and count, same events.
 */

const MODELS = [
  { model: 'fraud-detector', labels: ['legit', 'fraud'], versions: ['2026.01', '2026.02'] },
  { model: 'kyc-document', labels: ['valid', 'expired', 'forged'], versions: ['v7'] },
  { model: 'content-moderation', labels: ['allow', 'hide', 'escalate_legal'], versions: ['m3', 'm4'] },
] as const
const SEGMENTS = ['eu', 'us', 'apac', 'latam'] as const
const CHANNELS = ['web', 'ios', 'android', 'api'] as const
const QUEUES = ['default', 'priority'] as const
const THRESHOLD = 0.82
const AUDIT_RATE = 0.05
/** Share of each event type (SPEC §2 workload: predictions dominate). */
const REVIEW_SHARE = 0.15
const OUTCOME_SHARE = 0.05
const START_MS = Date.UTC(2026, 0, 1)
/** Predictions arrive every 250 ms on average: 200,000 events span about half a day. */
const MEAN_GAP_MS = 250

export type BenchEvent = Record<string, unknown> & { type: 'prediction' | 'review' | 'outcome' }

export function generateBenchEvents(count: number, seed = 42): BenchEvent[] {
  const rng = new Prng(seed)
  const events: BenchEvent[] = []
  const recent: Array<{ model: string; item: string; label: string; labels: readonly string[]; ts: number }> = []
  let ts = START_MS
  for (let i = 0; i < count; i++) {
    ts += Math.round(rng.exponential() * MEAN_GAP_MS)
    const roll = rng.next()
    const target = recent.length > 0 ? recent[rng.int(recent.length)] : undefined
    if (target && roll < REVIEW_SHARE) {
      const handleMs = Math.round(rng.logNormal(45_000, 0.6))
      const done = Math.max(ts, target.ts + handleMs + 1_000)
      const agrees = rng.next() < 0.9
      events.push({
        type: 'review',
        event_id: `bench-${seed}-${i}`,
        ts: new Date(done).toISOString(),
        model: target.model,
        item_id: target.item,
        reviewer_id: `reviewer-${rng.int(40)}`,
        label: agrees ? target.label : target.labels[rng.int(target.labels.length)],
        started_at: new Date(done - handleMs).toISOString(),
        queue: QUEUES[rng.next() < 0.8 ? 0 : 1],
      })
      continue
    }
    if (target && roll < REVIEW_SHARE + OUTCOME_SHARE) {
      events.push({
        type: 'outcome',
        event_id: `bench-${seed}-${i}`,
        ts: new Date(ts).toISOString(),
        model: target.model,
        item_id: target.item,
        true_label: rng.next() < 0.92 ? target.label : target.labels[rng.int(target.labels.length)],
        source: rng.next() < 0.7 ? 'downstream' : 'gold',
      })
      continue
    }
    const spec = MODELS[rng.int(MODELS.length)]
    // Confidence skewed towards 1, as for a model that is usually sure.
    const confidence = Math.round((1 - rng.next() ** 3 * 0.6) * 1e4) / 1e4
    const label = spec.labels[rng.next() < 0.8 ? 0 : 1 + rng.int(spec.labels.length - 1)]
    const confident = confidence >= THRESHOLD
    const audited = confident && rng.next() < AUDIT_RATE
    const route = !confident ? 'review' : audited ? 'audit' : 'auto'
    const item = `${spec.model}-item-${i}`
    const event: BenchEvent = {
      type: 'prediction',
      event_id: `bench-${seed}-${i}`,
      ts: new Date(ts).toISOString(),
      model: spec.model,
      model_version: spec.versions[rng.int(spec.versions.length)],
      segment: SEGMENTS[rng.int(SEGMENTS.length)],
      item_id: item,
      predicted_label: label,
      confidence,
      route,
      propensity: route === 'review' ? 1 : AUDIT_RATE,
      threshold: THRESHOLD,
      policy_version: 3,
      attributes: { channel: CHANNELS[rng.int(CHANNELS.length)], customer_tier: rng.next() < 0.2 ? 'enterprise' : 'standard' },
    }
    events.push(event)
    if (route !== 'auto' || rng.next() < 0.1) {
      recent.push({ model: spec.model, item, label, labels: spec.labels, ts })
      if (recent.length > 2_000) recent.splice(0, 1_000)
    }
  }
  return events
}

/** NDJSON request bodies of `batchSize` events each. */
export function toNdjsonBatches(events: readonly BenchEvent[], batchSize: number): Uint8Array<ArrayBuffer>[] {
  const encoder = new TextEncoder()
  const batches: Uint8Array<ArrayBuffer>[] = []
  for (let i = 0; i < events.length; i += batchSize) {
    let text = ''
    for (const event of events.slice(i, i + batchSize)) text += `${JSON.stringify(event)}\n`
    batches.push(encoder.encode(text))
  }
  return batches
}
