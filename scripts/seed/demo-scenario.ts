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
 * - r07-grace rubber-stamps: agrees with the model 99 % of the time in a few seconds.
 */
import { Prng, cumulativeWeights, hashUnit } from './prng'

export interface DemoOptions {
  /** Length of the range in days (> 0, may be fractional). */
  days: number
  /** Volume multiplier: 1 ≈ 1,000,000 predictions per 30 days. */
  scale: number
  seed: number
  /** Epoch ms, the (exclusive) end of the range; the caller passes "now" rounded to the hour. */
  end: number
}

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

// ---------------------------------------------------------------------------------------------
// Scenario parameters
// ---------------------------------------------------------------------------------------------

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000
/** Scale 1 = about 1,000,000 predictions over 30 days. */
const PREDICTIONS_PER_DAY_AT_SCALE_1 = 1_000_000 / 30
/** Batches stay below this many events so a consumer can post each one as one ingest request. */
const MAX_BATCH_EVENTS = 5_000

/** Relative arrivals per UTC hour (operations and most users in Europe): night trough, day plateau. */
const DIURNAL = normalise([
  0.32, 0.22, 0.17, 0.15, 0.18, 0.28, 0.5, 0.8, 1.1, 1.35, 1.48, 1.55, 1.5, 1.48, 1.52, 1.55, 1.5, 1.42, 1.32, 1.22,
  1.08, 0.9, 0.68, 0.48,
])
/** Relative arrivals per UTC weekday, Sunday first: weekends lower. */
const WEEKLY = normalise([0.62, 1.04, 1.07, 1.08, 1.06, 1.0, 0.72])

const RESCORE_RATE = 0.005
/** Median delay of a re-score (new evidence, a retried pipeline step); at least an hour later. */
const RESCORE_DELAY_MEDIAN_H = 5
const GOLD_RATE = 0.03
/** Of escalated items: P(≥ 2 reviewers) and P(3 reviewers). */
const SECOND_REVIEW_RATE = 0.08
const THIRD_REVIEW_RATE = 0.02
/** Share of reviews the same reviewer reopens and reviews again later (a correction). */
const CORRECTION_RATE = 0.01
const CORRECTION_DELAY_MEDIAN_MS = 40 * 60_000
/** Items whose reviewers disagreed go to adjudication with this probability; model overrides rarely. */
const ADJUDICATE_DISAGREEMENT_RATE = 0.7
const ADJUDICATE_OVERRIDE_RATE = 0.05
const ADJUDICATION_DELAY_MEDIAN_H = 18

/** When the model is wrong, this share of human errors repeats the model's label (automation bias). */
const HUMAN_ERROR_FOLLOWS_MODEL = 0.5
/** Fatigue: accuracy lost and handle time added per hour into a shift. */
const FATIGUE_ACCURACY_PER_HOUR = 0.006
const FATIGUE_SLOWDOWN_PER_HOUR = 0.045
/** Low-confidence items take longer: handle × (1 + this × (1 − normalised confidence)). */
const DIFFICULTY_SLOWDOWN = 0.4
/** Overriding the model takes longer than confirming it (writing a reason, picking the label). */
const OVERRIDE_SLOWDOWN = 1.3
const HANDLE_SIGMA = 0.55
const MIN_HANDLE_MS = 1_500
/** Time between finishing one item and picking the next (saving, loading the next item). */
const SWITCH_MS = 3_000
const SHIFT_HOURS = 8
/** A 30-minute break four hours into every shift. */
const BREAK_OFFSET_MS = 4 * HOUR_MS
const BREAK_MS = 30 * 60_000
/** Probability a reviewer misses a given scheduled day (sick, training). */
const ABSENCE_RATE = 0.04
const RUBBER_STAMP_AGREEMENT = 0.99

const POLICY_CHANGE_FRACTION = 0.25
const SPIKE_DAY_FRACTION = 0.4
/** Days to move the spike from its nominal weekday (Sunday first) onto a Tuesday–Thursday. */
const SPIKE_DAY_SHIFT = [2, 1, 0, 0, 0, -1, -2]
const SPIKE_START_UTC_HOUR = 12
const SPIKE_HOURS = 5
/** content-moderation arrivals during the spam wave, × normal: the whole system sees ≈ 3×. */
const SPIKE_CONTENT_MULTIPLIER = 7
const RELEASE_FRACTION = 0.6
const CANARY_MS = DAY_MS

export interface SegmentSpec {
  name: string
  share: number
  /** Mix of predicted labels, in the order of the model's labels. */
  labelMix: readonly number[]
}

export interface VersionSpec {
  name: string
  /** Kumaraswamy `a` of the normalised confidence: larger = more mass near 1. */
  sharpness: number
  /** Per segment: true accuracy = c − o · (c − floor) / (1 − floor); o > 0 is overconfident. */
  overconfidence: Readonly<Record<string, number>>
}

export interface PolicySpec {
  /** Fraction of the range from which this policy is active. */
  from: number
  policyVersion: number
  threshold: number
  auditRate: number
}

export interface ModelSpec {
  name: string
  itemPrefix: string
  labels: readonly string[]
  /** Per label, multiplies the version's sharpness: rare classes are predicted less confidently. */
  labelEase: readonly number[]
  /** Share of normal traffic. */
  share: number
  segments: readonly SegmentSpec[]
  /** The first version, then (optionally) the one released at RELEASE_FRACTION after a canary. */
  versions: readonly [VersionSpec] | readonly [VersionSpec, VersionSpec]
  canaryShare: number
  policies: readonly PolicySpec[]
  /** Multiplies every reviewer's handle time for this model's items. */
  handleFactor: number
  /** Median delay of gold labels (chargebacks take days, document QA a day, moderation QA hours). */
  goldDelayMedianH: number
  attribute: { key: string; values: readonly string[]; weights: readonly number[] }
}

/** Kumaraswamy `b` of every confidence distribution (< 1: density rises towards confidence 1). */
const CONFIDENCE_TAIL = 0.55

export const DEMO_MODELS: readonly ModelSpec[] = [
  {
    name: 'fraud-detector',
    itemPrefix: 'txn-',
    labels: ['legit', 'fraud'],
    labelEase: [1, 0.22],
    share: 0.5,
    segments: [
      { name: 'eu', share: 0.45, labelMix: [0.978, 0.022] },
      { name: 'us', share: 0.35, labelMix: [0.972, 0.028] },
      { name: 'apac', share: 0.2, labelMix: [0.965, 0.035] },
    ],
    versions: [
      { name: 'v2.3', sharpness: 10.5, overconfidence: { eu: 0, us: 0.005, apac: 0 } },
      { name: 'v2.4', sharpness: 13, overconfidence: { eu: -0.01, us: 0, apac: 0.09 } },
    ],
    canaryShare: 0.1,
    policies: [{ from: 0, policyVersion: 12, threshold: 0.9, auditRate: 0.02 }],
    handleFactor: 1.3,
    goldDelayMedianH: 96,
    attribute: { key: 'channel', values: ['ecommerce', 'card_present', 'wallet'], weights: [0.6, 0.3, 0.1] },
  },
  {
    name: 'doc-classifier',
    itemPrefix: 'doc-',
    labels: ['invoice', 'receipt', 'contract', 'id_card', 'other'],
    labelEase: [1, 0.9, 0.75, 1.1, 0.35],
    share: 0.2,
    segments: [
      { name: 'ap-automation', share: 0.45, labelMix: [0.62, 0.1, 0.14, 0.02, 0.12] },
      { name: 'expenses', share: 0.35, labelMix: [0.18, 0.7, 0.02, 0.02, 0.08] },
      { name: 'kyc-onboarding', share: 0.2, labelMix: [0.03, 0.04, 0.08, 0.75, 0.1] },
    ],
    versions: [
      {
        name: 'v1.8',
        sharpness: 9,
        overconfidence: { 'ap-automation': 0, expenses: 0, 'kyc-onboarding': -0.005 },
      },
    ],
    canaryShare: 0,
    policies: [{ from: 0, policyVersion: 4, threshold: 0.85, auditRate: 0.05 }],
    handleFactor: 1,
    goldDelayMedianH: 24,
    attribute: { key: 'source', values: ['email', 'upload', 'api'], weights: [0.5, 0.35, 0.15] },
  },
  {
    name: 'content-moderation',
    itemPrefix: 'post-',
    labels: ['allow', 'spam', 'nudity', 'violence', 'hate_speech'],
    labelEase: [1, 0.8, 0.55, 0.5, 0.4],
    share: 0.3,
    segments: [
      { name: 'en', share: 0.5, labelMix: [0.8, 0.11, 0.04, 0.03, 0.02] },
      { name: 'es', share: 0.2, labelMix: [0.78, 0.13, 0.04, 0.03, 0.02] },
      { name: 'de', share: 0.18, labelMix: [0.82, 0.1, 0.03, 0.03, 0.02] },
      { name: 'ja', share: 0.12, labelMix: [0.8, 0.12, 0.04, 0.02, 0.02] },
    ],
    versions: [{ name: 'cm-5.1', sharpness: 8.5, overconfidence: { en: 0.11, es: 0.12, de: 0.1, ja: 0.13 } }],
    canaryShare: 0,
    policies: [
      { from: 0, policyVersion: 7, threshold: 0.8, auditRate: 0.03 },
      { from: POLICY_CHANGE_FRACTION, policyVersion: 8, threshold: 0.85, auditRate: 0.03 },
    ],
    handleFactor: 0.5,
    goldDelayMedianH: 10,
    attribute: { key: 'surface', values: ['comment', 'post', 'profile'], weights: [0.6, 0.3, 0.1] },
  },
]

/** Spam-wave items: predicted mix (over content-moderation labels) and confidence ease (novel content). */
const SPIKE_LABEL_MIX = [0.3, 0.62, 0.03, 0.03, 0.02]
const SPIKE_EASE = 0.8
const SPIKE_MODEL = 'content-moderation'

export interface ReviewerSpec {
  id: string
  /** Probability of the right label when rested. */
  accuracy: number
  /** Median handle time before the model factor, seconds. */
  medianSec: number
  /** Share of shift time spent on this queue (leads, trainers and part-timers do other work too). */
  availability: number
  /** UTC start hour of the 8-hour shift. */
  shiftStart: number
  /** Weekdays (0 = Sunday) on which a shift starts. */
  days: readonly number[]
  rubberStamp?: boolean
}

const WEEKDAYS = [1, 2, 3, 4, 5]
const EARLY = 6
const MID = 9
const LATE = 14
const SWING = 17
const NIGHT = 22

/** The team at scale 1 (larger scales add copies of it, smaller ones reduce each person's availability). */
export const DEMO_REVIEWERS: readonly ReviewerSpec[] = [
  { id: 'r01-alice', accuracy: 0.97, medianSec: 45, availability: 1, shiftStart: EARLY, days: WEEKDAYS },
  { id: 'r02-bob', accuracy: 0.93, medianSec: 60, availability: 1, shiftStart: EARLY, days: WEEKDAYS },
  { id: 'r03-carol', accuracy: 0.99, medianSec: 110, availability: 0.9, shiftStart: EARLY, days: WEEKDAYS },
  { id: 'r04-dave', accuracy: 0.9, medianSec: 32, availability: 1, shiftStart: EARLY, days: [2, 3, 4, 5, 6] },
  { id: 'r05-erin', accuracy: 0.95, medianSec: 50, availability: 1, shiftStart: EARLY, days: [3, 4, 5, 6, 0] },
  { id: 'r06-frank', accuracy: 0.92, medianSec: 70, availability: 0.8, shiftStart: MID, days: WEEKDAYS },
  {
    id: 'r07-grace',
    accuracy: 0.88,
    medianSec: 6,
    availability: 0.15,
    shiftStart: MID,
    days: WEEKDAYS,
    rubberStamp: true,
  },
  { id: 'r08-heidi', accuracy: 0.96, medianSec: 55, availability: 0.6, shiftStart: MID, days: WEEKDAYS },
  { id: 'r09-ivan', accuracy: 0.89, medianSec: 38, availability: 1, shiftStart: LATE, days: WEEKDAYS },
  { id: 'r10-judy', accuracy: 0.97, medianSec: 80, availability: 1, shiftStart: LATE, days: WEEKDAYS },
  { id: 'r11-mallory', accuracy: 0.86, medianSec: 28, availability: 1, shiftStart: LATE, days: [0, 1, 2, 3, 4] },
  { id: 'r12-niaj', accuracy: 0.94, medianSec: 65, availability: 1, shiftStart: LATE, days: [4, 5, 6, 0, 1] },
  { id: 'r13-olivia', accuracy: 0.98, medianSec: 95, availability: 0.9, shiftStart: LATE, days: WEEKDAYS },
  { id: 'r14-peggy', accuracy: 0.93, medianSec: 50, availability: 0.4, shiftStart: NIGHT, days: [0, 1, 2, 3, 4] },
  { id: 'r15-rupert', accuracy: 0.91, medianSec: 45, availability: 1, shiftStart: 7, days: [0, 5, 6] },
  { id: 'r16-sybil', accuracy: 0.95, medianSec: 60, availability: 1, shiftStart: 8, days: [0, 1, 6] },
  { id: 'r17-trent', accuracy: 0.92, medianSec: 40, availability: 1, shiftStart: 15, days: [0, 5, 6] },
  { id: 'r18-victor', accuracy: 0.94, medianSec: 75, availability: 1, shiftStart: 14, days: [0, 6] },
  { id: 'r19-walter', accuracy: 0.9, medianSec: 55, availability: 1, shiftStart: SWING, days: WEEKDAYS },
  { id: 'r20-wendy', accuracy: 0.96, medianSec: 65, availability: 1, shiftStart: LATE, days: WEEKDAYS },
  { id: 'r21-xavier', accuracy: 0.92, medianSec: 42, availability: 1, shiftStart: SWING, days: [0, 1, 2, 3, 4] },
  { id: 'r22-yasmin', accuracy: 0.97, medianSec: 58, availability: 1, shiftStart: 10, days: WEEKDAYS },
  { id: 'r23-zoe', accuracy: 0.91, medianSec: 36, availability: 1, shiftStart: LATE, days: WEEKDAYS },
  { id: 'r24-quentin', accuracy: 0.94, medianSec: 48, availability: 1, shiftStart: EARLY, days: [5, 6, 0] },
]

/** Key instants of the scenario for the given options (epoch ms). */
export interface DemoTimeline {
  start: number
  end: number
  /** content-moderation policy 7 (threshold 0.80) → 8 (0.85). */
  policyChangeAt: number
  /** Spam wave on content-moderation: [spikeStart, spikeEnd). */
  spikeStart: number
  spikeEnd: number
  /** fraud-detector v2.4: canary from canaryAt, all traffic from releaseAt. */
  canaryAt: number
  releaseAt: number
}

export function demoTimeline(options: DemoOptions): DemoTimeline {
  validate(options)
  const end = options.end
  const start = end - Math.round(options.days * DAY_MS)
  const atFraction = (fraction: number) => instantAt(start, end, fraction)
  // The spam wave hits a Tuesday–Thursday afternoon (UTC) about 40 % into the range, so that the
  // weekday team drains it before the thinner weekend crew takes over.
  const nominalDay = Math.floor((start + SPIKE_DAY_FRACTION * (end - start)) / DAY_MS)
  const spikeDay = nominalDay + SPIKE_DAY_SHIFT[weekday(nominalDay)]
  const spikeStart = spikeDay * DAY_MS + SPIKE_START_UTC_HOUR * HOUR_MS
  const releaseAt = atFraction(RELEASE_FRACTION)
  return {
    start,
    end,
    policyChangeAt: atFraction(POLICY_CHANGE_FRACTION),
    spikeStart,
    spikeEnd: spikeStart + SPIKE_HOURS * HOUR_MS,
    canaryAt: releaseAt - Math.min(CANARY_MS, Math.round((end - start) / 20)),
    releaseAt,
  }
}

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

// ---------------------------------------------------------------------------------------------
// Simulation
// ---------------------------------------------------------------------------------------------

/** The instant at a fraction of [start, end), on a whole hour from start. */
function instantAt(start: number, end: number, fraction: number): number {
  return start + Math.round((fraction * (end - start)) / HOUR_MS) * HOUR_MS
}

function normalise(values: readonly number[]): number[] {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length
  return values.map((v) => v / mean)
}

/** UTC weekday of a day number since the epoch (1970-01-01 was a Thursday), 0 = Sunday. */
function weekday(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7
}

/** Expected predictions per hour, all models, outside the spike. */
function slotRate(slotStart: number, scale: number): number {
  const hourOfDay = Math.floor((((slotStart % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS)
  return (PREDICTIONS_PER_DAY_AT_SCALE_1 / 24) * scale * DIURNAL[hourOfDay] * WEEKLY[weekday(Math.floor(slotStart / DAY_MS))]
}

function validate(options: DemoOptions): void {
  const { days, scale, seed, end } = options
  if (!(Number.isFinite(days) && days > 0 && days <= 3660)) throw new RangeError(`days must be in (0, 3660], got ${days}`)
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 1000)) throw new RangeError(`scale must be in (0, 1000], got ${scale}`)
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`)
  if (!Number.isFinite(end)) throw new RangeError(`end must be epoch milliseconds, got ${end}`)
}

interface ModelRuntime {
  spec: ModelSpec
  name: string
  labels: readonly string[]
  /** Lowest possible top-class probability: 1 / number of labels. */
  floor: number
  segmentCumulative: Float64Array
  /** Per segment, cumulative predicted-label mix. */
  labelCumulative: Float64Array[]
  /** Per label, cumulative weights of the other labels (for wrong labels). */
  otherCumulative: Float64Array[]
  spikeLabelCumulative: Float64Array | null
  attributeCumulative: Float64Array
  /** Shared, frozen attribute objects: one per value, never one per event. */
  attributeObjects: readonly Readonly<Record<string, string>>[]
  /** Per version, per segment index: overconfidence. */
  overconfidence: number[][]
  policyFrom: number[]
  nextItem: number
}

interface ReviewTask {
  model: ModelRuntime
  itemId: string
  predicted: number
  truth: number
  /** Normalised confidence in [0, 1]: hard items take longer. */
  ease: number
  /** When the task joined the queue (prediction, or the previous review's completion). */
  arrival: number
  reviewsLeft: number
  reviewCount: number
  /** Reviewers who already reviewed the item (index, −1 = none). */
  by1: number
  by2: number
  firstLabel: number
  disagree: boolean
  lastTs: number
  lastLabel: number
}

interface ReviewerRuntime {
  index: number
  spec: ReviewerSpec
  /** Availability relative to the queue: gaps of duration × (1/availability − 1) after each item. */
  idleFactor: number
  medianMs: number
  freeAt: number
  shiftStart: number
  shiftEnd: number
  breakStart: number
  breakEnd: number
}

class DemoSimulation {
  readonly slots: number
  private readonly rng: Prng
  private readonly timeline: DemoTimeline
  private readonly start: number
  private readonly end: number
  private readonly scale: number
  private readonly seed: number
  private readonly models: ModelRuntime[]
  private readonly modelCumulative: Float64Array
  private readonly spikeModelCumulative: Float64Array
  private readonly spikeModelIndex: number
  private readonly reviewers: ReviewerRuntime[]
  private readonly onShift: ReviewerRuntime[] = []
  /** Events waiting for their slot (by slot index), created when their cause was simulated. */
  private readonly pending: (DemoEvent[] | undefined)[]
  /** Review tasks joining the queue in a later slot (re-scores, second opinions). */
  private readonly futureTasks: (ReviewTask[] | undefined)[]
  private queue: ReviewTask[] = []
  private queueHead = 0
  private deferred: ReviewTask[] = []
  private spacing = new Float64Array(4096)
  private predictionCount = 0
  private reviewCount = 0
  private outcomeCount = 0

  constructor(options: DemoOptions) {
    this.timeline = demoTimeline(options)
    this.start = this.timeline.start
    this.end = this.timeline.end
    this.scale = options.scale
    this.seed = Math.trunc(options.seed) | 0
    this.rng = new Prng(options.seed)
    this.slots = Math.ceil((this.end - this.start) / HOUR_MS)
    this.pending = new Array(this.slots)
    this.futureTasks = new Array(this.slots)
    this.models = DEMO_MODELS.map((spec) => this.buildModel(spec))
    this.modelCumulative = cumulativeWeights(DEMO_MODELS.map((m) => m.share))
    this.spikeModelIndex = DEMO_MODELS.findIndex((m) => m.name === SPIKE_MODEL)
    this.spikeModelCumulative = cumulativeWeights(
      DEMO_MODELS.map((m, i) => m.share * (i === this.spikeModelIndex ? SPIKE_CONTENT_MULTIPLIER : 1)),
    )
    // Above scale 1 the team grows by whole copies; below it each person spends less time on the
    // queue, so waits and utilisation look alike at every scale.
    const copies = Math.max(1, Math.ceil(options.scale))
    const availabilityScale = options.scale / copies
    this.reviewers = []
    for (let copy = 0; copy < copies; copy++) {
      for (const spec of DEMO_REVIEWERS) {
        const index = this.reviewers.length
        const id = copy === 0 ? spec.id : `r${String(index + 1).padStart(2, '0')}-${spec.id.slice(4)}${copy + 1}`
        const availability = spec.availability * availabilityScale
        this.reviewers.push({
          index,
          spec: copy === 0 ? spec : { ...spec, id },
          idleFactor: 1 / availability - 1,
          medianMs: spec.medianSec * 1000,
          freeAt: -Infinity,
          shiftStart: 0,
          shiftEnd: 0,
          breakStart: 0,
          breakEnd: 0,
        })
      }
    }
  }

  private buildModel(spec: ModelSpec): ModelRuntime {
    const prior = spec.labels.map((_, label) => spec.segments.reduce((sum, s) => sum + s.share * s.labelMix[label], 0))
    const versionCount = spec.versions.length
    return {
      spec,
      name: spec.name,
      labels: spec.labels,
      floor: 1 / spec.labels.length,
      segmentCumulative: cumulativeWeights(spec.segments.map((s) => s.share)),
      labelCumulative: spec.segments.map((s) => cumulativeWeights(s.labelMix)),
      otherCumulative: spec.labels.map((_, label) => cumulativeWeights(prior.map((p, i) => (i === label ? 0 : p)))),
      spikeLabelCumulative: spec.name === SPIKE_MODEL ? cumulativeWeights(SPIKE_LABEL_MIX) : null,
      attributeCumulative: cumulativeWeights(spec.attribute.weights),
      attributeObjects: spec.attribute.values.map((value) => Object.freeze({ [spec.attribute.key]: value })),
      overconfidence: Array.from({ length: versionCount }, (_, v) =>
        spec.segments.map((s) => spec.versions[v]?.overconfidence[s.name] ?? 0),
      ),
      policyFrom: spec.policies.map((p) => (p.from === 0 ? -Infinity : instantAt(this.start, this.end, p.from))),
      nextItem: 1,
    }
  }

  /** Simulates one hour: arrivals, queue service, then returns everything that happened in it. */
  runSlot(slot: number): DemoEvent[] {
    const slotStart = this.start + slot * HOUR_MS
    const slotEnd = Math.min(slotStart + HOUR_MS, this.end)
    const events = this.pending[slot] ?? []
    this.pending[slot] = undefined
    this.currentSlot = slot
    this.currentEvents = events

    // Queue for this hour: deferred second opinions first, the carried-over backlog, then the tasks
    // that join now, in arrival order. Compacting copies the backlog, so it happens only when
    // deferred tasks must go first or more than half of the array has been served.
    if (this.deferred.length > 0 || this.queueHead > this.queue.length / 2) {
      this.queue = this.deferred.concat(this.queue.slice(this.queueHead))
      this.deferred = []
      this.queueHead = 0
    }
    const queue = this.queue
    const joinFrom = queue.length
    const joining = this.futureTasks[slot]
    this.futureTasks[slot] = undefined
    if (joining) for (const task of joining) queue.push(task)
    this.arrivals(slotStart, slotEnd, events)
    if (joining && queue.length > joinFrom + joining.length) sortTail(queue, joinFrom)

    this.serve(slotStart, slotEnd, events)
    events.sort(byTs)
    return events
  }

  private arrivals(slotStart: number, slotEnd: number, events: DemoEvent[]): void {
    const rng = this.rng
    const spike = slotStart >= this.timeline.spikeStart && slotStart < this.timeline.spikeEnd
    const spikeShare = this.models[this.spikeModelIndex].spec.share
    const rate = slotRate(slotStart, this.scale) * (1 + (spike ? spikeShare * (SPIKE_CONTENT_MULTIPLIER - 1) : 0))
    const count = rng.poisson((rate * (slotEnd - slotStart)) / HOUR_MS)
    if (count === 0) return
    // Sorted uniform arrival times from normalised exponential spacings: O(n), no sort.
    if (this.spacing.length < count + 1) this.spacing = new Float64Array(2 * (count + 1))
    const spacing = this.spacing
    let total = 0
    for (let i = 0; i <= count; i++) {
      total += rng.exponential()
      spacing[i] = total
    }
    const width = slotEnd - slotStart
    const modelTable = spike ? this.spikeModelCumulative : this.modelCumulative
    // Within the wave, a content item is a wave item with probability (multiplier − 1) / multiplier.
    const waveShare = (SPIKE_CONTENT_MULTIPLIER - 1) / SPIKE_CONTENT_MULTIPLIER
    for (let i = 0; i < count; i++) {
      const ts = slotStart + Math.floor((spacing[i] / total) * width)
      const modelIndex = rng.pick(modelTable)
      const wave = spike && modelIndex === this.spikeModelIndex && rng.next() < waveShare
      this.predict(this.models[modelIndex], ts, wave, events)
    }
  }

  private predict(model: ModelRuntime, ts: number, wave: boolean, events: DemoEvent[]): void {
    const rng = this.rng
    const spec = model.spec
    const segment = rng.pick(model.segmentCumulative)
    const version = this.versionAt(model, ts)
    const predicted = rng.pick(wave && model.spikeLabelCumulative ? model.spikeLabelCumulative : model.labelCumulative[segment])
    const sharpness = spec.versions[version].sharpness * spec.labelEase[predicted] * (wave ? SPIKE_EASE : 1)
    const x = kumaraswamy(rng.next(), sharpness)
    const confidence = roundConfidence(model.floor + (1 - model.floor) * x)
    const correct = rng.next() < trueAccuracy(confidence, model.floor, model.overconfidence[version][segment])
    const truth = correct ? predicted : rng.pick(model.otherCumulative[predicted])
    const itemId = model.spec.itemPrefix + model.nextItem++
    const attributes = model.attributeObjects[rng.pick(model.attributeCumulative)]
    this.emitPrediction(model, ts, itemId, segment, version, predicted, confidence, x, truth, attributes, events)

    if (rng.next() < GOLD_RATE) {
      const at = ts + Math.round(rng.logNormal(spec.goldDelayMedianH * HOUR_MS, 0.8))
      this.schedule(this.outcome(model, at, itemId, truth, 'gold'))
    }
    if (rng.next() < RESCORE_RATE) {
      // Re-scored later (new evidence): a fresh confidence, correct with the model's calibration.
      const at = ts + HOUR_MS + Math.round(rng.logNormal(RESCORE_DELAY_MEDIAN_H * HOUR_MS, 0.7))
      if (at < this.end) {
        const slot = this.slotOf(at)
        const pending = (this.pending[slot] ??= [])
        const version2 = this.versionAt(model, at)
        const x2 = kumaraswamy(rng.next(), spec.versions[version2].sharpness * spec.labelEase[truth])
        const confidence2 = roundConfidence(model.floor + (1 - model.floor) * x2)
        const correct2 = rng.next() < trueAccuracy(confidence2, model.floor, model.overconfidence[version2][segment])
        const predicted2 = correct2 ? truth : rng.pick(model.otherCumulative[truth])
        this.emitPrediction(model, at, itemId, segment, version2, predicted2, confidence2, x2, truth, attributes, pending)
      }
    }
  }

  /** Creates a prediction event with its route; escalated items join the queue (now or at their slot). */
  private emitPrediction(
    model: ModelRuntime,
    ts: number,
    itemId: string,
    segment: number,
    version: number,
    predicted: number,
    confidence: number,
    ease: number,
    truth: number,
    attributes: Readonly<Record<string, string>>,
    events: DemoEvent[],
  ): void {
    const rng = this.rng
    const policy = this.policyAt(model, ts)
    let route: Route = 'review'
    let propensity = 1
    if (confidence >= policy.threshold) {
      route = rng.next() < policy.auditRate ? 'audit' : 'auto'
      propensity = policy.auditRate
    }
    events.push({
      type: 'prediction',
      event_id: `demo-p-${++this.predictionCount}`,
      ts,
      model: model.name,
      item_id: itemId,
      model_version: model.spec.versions[version].name,
      segment: model.spec.segments[segment].name,
      predicted_label: model.labels[predicted],
      confidence,
      route,
      propensity,
      threshold: policy.threshold,
      policy_version: policy.policyVersion,
      attributes,
    })
    if (route === 'auto') return
    const draw = rng.next()
    const task: ReviewTask = {
      model,
      itemId,
      predicted,
      truth,
      ease,
      arrival: ts,
      reviewsLeft: draw < THIRD_REVIEW_RATE ? 3 : draw < SECOND_REVIEW_RATE ? 2 : 1,
      reviewCount: 0,
      by1: -1,
      by2: -1,
      firstLabel: -1,
      disagree: false,
      lastTs: 0,
      lastLabel: -1,
    }
    this.enqueue(task, ts)
  }

  private versionAt(model: ModelRuntime, ts: number): number {
    if (model.spec.versions.length === 1 || ts < this.timeline.canaryAt) return 0
    if (ts >= this.timeline.releaseAt) return 1
    return this.rng.next() < model.spec.canaryShare ? 1 : 0
  }

  private policyAt(model: ModelRuntime, ts: number): PolicySpec {
    let index = 0
    while (index + 1 < model.policyFrom.length && ts >= model.policyFrom[index + 1]) index++
    return model.spec.policies[index]
  }

  /** Puts a task in the live queue when it joins during the slot being simulated, else in its slot. */
  private enqueue(task: ReviewTask, at: number): void {
    if (at >= this.end) return
    const slot = this.slotOf(at)
    if (at < this.start + (this.currentSlot + 1) * HOUR_MS) this.queue.push(task)
    else (this.futureTasks[slot] ??= []).push(task)
  }

  private currentSlot = 0
  /** The batch of the slot being simulated (its pending entry is already taken). */
  private currentEvents: DemoEvent[] = []

  /** FIFO service: the reviewer on shift who can start first takes the head of the queue. */
  private serve(slotStart: number, slotEnd: number, events: DemoEvent[]): void {
    this.collectOnShift(slotStart, slotEnd)
    const onShift = this.onShift
    const queue = this.queue
    while (this.queueHead < queue.length) {
      const task = queue[this.queueHead]
      let best: ReviewerRuntime | null = null
      let bestStart = Infinity
      let blockedByExclusion = false
      for (let i = 0; i < onShift.length; i++) {
        const reviewer = onShift[i]
        let start = Math.max(reviewer.freeAt, reviewer.shiftStart, task.arrival, slotStart)
        if (start >= reviewer.breakStart && start < reviewer.breakEnd) start = reviewer.breakEnd
        if (start >= reviewer.shiftEnd || start >= slotEnd) continue
        if (reviewer.index === task.by1 || reviewer.index === task.by2) {
          blockedByExclusion = true
          continue
        }
        if (start < bestStart) {
          best = reviewer
          bestStart = start
        }
      }
      if (best === null) {
        // Only the item's own earlier reviewer is free: let the queue move on, retry it next hour.
        if (blockedByExclusion) {
          this.deferred.push(task)
          this.queueHead++
          continue
        }
        break
      }
      this.queueHead++
      this.review(task, best, bestStart, slotEnd, events)
    }
  }

  private collectOnShift(slotStart: number, slotEnd: number): void {
    const onShift = this.onShift
    onShift.length = 0
    const today = Math.floor(slotStart / DAY_MS)
    for (const reviewer of this.reviewers) {
      for (let day = today - 1; day <= today; day++) {
        const shiftStart = day * DAY_MS + reviewer.spec.shiftStart * HOUR_MS
        const shiftEnd = shiftStart + SHIFT_HOURS * HOUR_MS
        if (shiftEnd <= slotStart || shiftStart >= slotEnd) continue
        if (!reviewer.spec.days.includes(weekday(day))) continue
        if (hashUnit(this.seed, reviewer.index, day) < ABSENCE_RATE) continue
        reviewer.shiftStart = shiftStart
        reviewer.shiftEnd = shiftEnd
        reviewer.breakStart = shiftStart + BREAK_OFFSET_MS
        reviewer.breakEnd = reviewer.breakStart + BREAK_MS
        onShift.push(reviewer)
      }
    }
  }

  private review(task: ReviewTask, reviewer: ReviewerRuntime, start: number, slotEnd: number, events: DemoEvent[]): void {
    const rng = this.rng
    const model = task.model
    const hoursIn = (start - reviewer.shiftStart) / HOUR_MS
    let label: number
    if (reviewer.spec.rubberStamp && rng.next() < RUBBER_STAMP_AGREEMENT) label = task.predicted
    else label = this.humanLabel(task, reviewer.spec.accuracy - FATIGUE_ACCURACY_PER_HOUR * hoursIn)
    let duration =
      rng.logNormal(reviewer.medianMs * model.spec.handleFactor, HANDLE_SIGMA) *
      (1 + FATIGUE_SLOWDOWN_PER_HOUR * hoursIn) *
      (1 + DIFFICULTY_SLOWDOWN * (1 - task.ease))
    if (label !== task.predicted) duration *= OVERRIDE_SLOWDOWN
    const durationMs = Math.max(MIN_HANDLE_MS, Math.round(duration))
    const ts = start + durationMs
    reviewer.freeAt = ts + SWITCH_MS + Math.round(durationMs * reviewer.idleFactor)
    if (ts >= this.end) return // still in progress at the end of the range: not completed
    this.pushReview(task, reviewer, start, durationMs, label, ts < slotEnd ? events : null)

    task.reviewCount++
    task.reviewsLeft--
    if (task.firstLabel < 0) task.firstLabel = label
    else if (label !== task.firstLabel) task.disagree = true
    task.lastTs = ts
    task.lastLabel = label
    if (task.reviewsLeft > 0) {
      // A second opinion: queued when the first review is done, for someone else.
      if (task.by1 < 0) task.by1 = reviewer.index
      else task.by2 = reviewer.index
      task.arrival = ts
      this.enqueue(task, ts)
    } else {
      this.maybeAdjudicate(task)
    }
    if (rng.next() < CORRECTION_RATE) {
      // The same reviewer reopens the item later and reviews it again; their latest review counts.
      const reopened = ts + Math.round(rng.logNormal(CORRECTION_DELAY_MEDIAN_MS, 0.8))
      const correctionMs = Math.max(MIN_HANDLE_MS, Math.round(rng.logNormal(reviewer.medianMs * 0.6, HANDLE_SIGMA)))
      const relabel = this.humanLabel(task, Math.min(0.995, reviewer.spec.accuracy + 0.03))
      if (reopened + correctionMs < this.end) this.pushReview(task, reviewer, reopened, correctionMs, relabel, null)
    }
  }

  /** The human's decision: right with the given accuracy; errors lean towards the model's label. */
  private humanLabel(task: ReviewTask, accuracy: number): number {
    const rng = this.rng
    if (rng.next() < accuracy) return task.truth
    if (task.predicted !== task.truth && rng.next() < HUMAN_ERROR_FOLLOWS_MODEL) return task.predicted
    return rng.pick(task.model.otherCumulative[task.truth])
  }

  private pushReview(
    task: ReviewTask,
    reviewer: ReviewerRuntime,
    start: number,
    durationMs: number,
    label: number,
    events: DemoEvent[] | null,
  ): void {
    const event: ReviewEvent = {
      type: 'review',
      event_id: `demo-r-${++this.reviewCount}`,
      ts: start + durationMs,
      model: task.model.name,
      item_id: task.itemId,
      reviewer_id: reviewer.spec.id,
      label: task.model.labels[label],
      started_at: start,
      duration_ms: durationMs,
      queue: task.model.name,
    }
    if (events) events.push(event)
    else this.schedule(event)
  }

  private maybeAdjudicate(task: ReviewTask): void {
    const rng = this.rng
    const rate = task.disagree
      ? ADJUDICATE_DISAGREEMENT_RATE
      : task.reviewCount === 1 && task.lastLabel !== task.predicted
        ? ADJUDICATE_OVERRIDE_RATE
        : 0
    if (rate === 0 || rng.next() >= rate) return
    const at = task.lastTs + Math.round(rng.logNormal(ADJUDICATION_DELAY_MEDIAN_H * HOUR_MS, 0.6))
    this.schedule(this.outcome(task.model, at, task.itemId, task.truth, 'adjudication'))
  }

  private outcome(model: ModelRuntime, ts: number, itemId: string, truth: number, source: OutcomeSource): OutcomeEvent {
    return {
      type: 'outcome',
      event_id: `demo-o-${++this.outcomeCount}`,
      ts,
      model: model.name,
      item_id: itemId,
      true_label: model.labels[truth],
      source,
    }
  }

  /** Files an event under the slot of its ts; events at or after the end never happen. */
  private schedule(event: DemoEvent): void {
    if (event.ts >= this.end) return
    const slot = this.slotOf(event.ts)
    if (slot === this.currentSlot) this.currentEvents.push(event)
    else (this.pending[slot] ??= []).push(event)
  }

  private slotOf(ts: number): number {
    return Math.floor((ts - this.start) / HOUR_MS)
  }
}

/** Kumaraswamy(a, CONFIDENCE_TAIL) by inversion: a beta-like variable on [0, 1], cheap to draw. */
function kumaraswamy(u: number, a: number): number {
  return Math.pow(1 - Math.pow(1 - u, 1 / CONFIDENCE_TAIL), 1 / a)
}

/** Confidences as a model would log them: 4 decimals. */
function roundConfidence(c: number): number {
  return Math.round(c * 10_000) / 10_000
}

/** The model's true probability of being right at confidence c (its real calibration curve). */
function trueAccuracy(c: number, floor: number, overconfidence: number): number {
  const accuracy = c - (overconfidence * (c - floor)) / (1 - floor)
  return accuracy < 0 ? 0 : accuracy > 1 ? 1 : accuracy
}

function byTs(a: DemoEvent, b: DemoEvent): number {
  return a.ts - b.ts
}

/** Sorts queue[from…] by arrival (joiners from earlier slots interleave with this hour's arrivals). */
function sortTail(queue: ReviewTask[], from: number): void {
  const tail = queue.slice(from).sort((a, b) => a.arrival - b.arrival)
  for (let i = 0; i < tail.length; i++) queue[from + i] = tail[i]
}
