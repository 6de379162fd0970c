// The events the demo scenario sends (SPEC §2), as plain objects with ts in epoch ms: what
// demo-simulation.ts produces and scripts/commands/seed.ts turns into API events.

export type Route = 'auto' | 'review' | 'audit'
export type OutcomeSource = 'gold' | 'audit' | 'downstream' | 'adjudication'

/** SPEC §2 prediction event as the demo sends it: every optional field is set, ts in epoch ms. */
export interface PredictionEvent {
  type: 'prediction'
  event_id: string
  ts: number
  model: string
  item_id: string
  model_version: string
  segment: string
  predicted_label: string
  confidence: number
  route: Route
  propensity: number
  threshold: number
  policy_version: number
  attributes: Readonly<Record<string, string>>
}

/** SPEC §2 review event: ts is the completion, started_at (epoch ms) the start. */
export interface ReviewEvent {
  type: 'review'
  event_id: string
  ts: number
  model: string
  item_id: string
  reviewer_id: string
  label: string
  started_at: number
  duration_ms: number
  queue: string
}

/** SPEC §2 outcome event: ground truth learned later. */
export interface OutcomeEvent {
  type: 'outcome'
  event_id: string
  ts: number
  model: string
  item_id: string
  true_label: string
  source: OutcomeSource
}

export type DemoEvent = PredictionEvent | ReviewEvent | OutcomeEvent
