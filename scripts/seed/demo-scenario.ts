/**
 * The "demo" scenario: a deterministic, pure generator of SPEC §2 telemetry for three models, their
 * escalation policies and a team of reviewers working a FIFO queue in shifts. No I/O and no clock:
 * the caller passes `end`, the same options always give the same events in the same order.
 *
 * Story the dashboard should show:
 * - content-moderation is overconfident (accuracy ≈ confidence − 0.1 near the top), and a spam wave
 *   on one weekday afternoon (≈ 3× arrivals for 5 hours) builds a backlog that drains the next day;
 *   its policy moves from threshold 0.80 to 0.85 a quarter of the way in.
 * - fraud-detector ships v2.4 at 60 % of the range (a day of 10 % canary first): sharper
 *   confidences, so more auto-accepts, but overconfident in apac where v2.3 was calibrated.
 * - doc-classifier is well calibrated throughout (the control).
 * - r07-grace rubber-stamps: takes the model's label every time, in a few seconds.
 */
import { DEMO_MODELS, HOUR_MS, MAX_BATCH_EVENTS, RESCORE_RATE, SPIKE_CONTENT_MULTIPLIER, SPIKE_MODEL, demoTimeline, slotRate, type DemoOptions } from './demo-config'
import type { DemoEvent } from './demo-events'
import { DemoSimulation } from './demo-simulation'

// The configuration (demo-config.ts) apart from the simulation (demo-simulation.ts); this file is
// what the seed command and the tests import.
export { DEMO_MODELS, DEMO_REVIEWERS, demoTimeline } from './demo-config'
export type { DemoOptions, DemoTimeline, ModelSpec, PolicySpec, ReviewerSpec, SegmentSpec, VersionSpec } from './demo-config'
export type { DemoEvent, OutcomeEvent, OutcomeSource, PredictionEvent, ReviewEvent, Route } from './demo-events'

/** Expected number of prediction events, for a progress bar (within a few percent of the actual). */
export function estimateDemoSize(options: DemoOptions): { predictions: number } {
  const timeline = demoTimeline(options)
  const spikeShare = DEMO_MODELS.find((m) => m.name === SPIKE_MODEL)?.share ?? 0
  let expected = 0
  for (let slot = timeline.start; slot < timeline.end; slot += HOUR_MS) {
    const base = slotRate(slot, options.scale) * (Math.min(slot + HOUR_MS, timeline.end) - slot) / HOUR_MS
    const inSpike = slot >= timeline.spikeStart && slot < timeline.spikeEnd
    expected += base * (1 + (inSpike ? spikeShare * (SPIKE_CONTENT_MULTIPLIER - 1) : 0))
  }
  return { predictions: Math.round(expected * (1 + RESCORE_RATE)) }
}

/** Yields the events in batches (one simulated hour, split at MAX_BATCH_EVENTS), each sorted by ts. */
export function* generateDemo(options: DemoOptions): Generator<DemoEvent[]> {
  const simulation = new DemoSimulation(options)
  for (let slot = 0; slot < simulation.slots; slot++) {
    const events = simulation.runSlot(slot)
    for (let from = 0; from < events.length; from += MAX_BATCH_EVENTS) {
      yield from === 0 && events.length <= MAX_BATCH_EVENTS ? events : events.slice(from, from + MAX_BATCH_EVENTS)
    }
  }
}
