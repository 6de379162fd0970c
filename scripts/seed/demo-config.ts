// The demo scenario's configuration (the story is told in demo-scenario.ts): volumes and daily
// and weekly rhythms, the rates of re-scores, gold labels, second reviews, corrections and
// adjudications, how reviewers work (fatigue, handle times, shifts and breaks), the three models
// with their segments, versions and policies, the team and its shifts, and the timeline (when the
// policy changes, the spam wave hits and v2.4 ships). Data and the arithmetic of when things
// happen only; demo-simulation.ts runs it.

export interface DemoOptions {
  /** Length of the range in days (> 0, may be fractional). */
  days: number
  /** Volume multiplier: 1 ≈ 1,000,000 predictions per 30 days. */
  scale: number
  seed: number
  /** Epoch ms, the (exclusive) end of the range; the caller passes "now" rounded to the hour. */
  end: number
}

// ---------------------------------------------------------------------------------------------
// Scenario parameters
// ---------------------------------------------------------------------------------------------

export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000
/** Scale 1 = about 1,000,000 predictions over 30 days. */
const PREDICTIONS_PER_DAY_AT_SCALE_1 = 1_000_000 / 30
/** Batches stay below this many events so a consumer can post each one as one ingest request. */
export const MAX_BATCH_EVENTS = 5_000

/** Relative arrivals per UTC hour (operations and most users in Europe): night trough, day plateau. */
const DIURNAL = normalise([
  0.32, 0.22, 0.17, 0.15, 0.18, 0.28, 0.5, 0.8, 1.1, 1.35, 1.48, 1.55, 1.5, 1.48, 1.52, 1.55, 1.5, 1.42, 1.32, 1.22,
  1.08, 0.9, 0.68, 0.48,
])
/** Relative arrivals per UTC weekday, Sunday first: weekends lower. */
const WEEKLY = normalise([0.62, 1.04, 1.07, 1.08, 1.06, 1.0, 0.72])

export const RESCORE_RATE = 0.005
/** Median delay of a re-score (new evidence, a retried pipeline step); at least an hour later. */
export const RESCORE_DELAY_MEDIAN_H = 5
export const GOLD_RATE = 0.03
/** Of escalated items: P(≥ 2 reviewers) and P(3 reviewers). */
export const SECOND_REVIEW_RATE = 0.08
export const THIRD_REVIEW_RATE = 0.02
/** Share of reviews the same reviewer reopens and reviews again later (a correction). */
export const CORRECTION_RATE = 0.01
export const CORRECTION_DELAY_MEDIAN_MS = 40 * 60_000
/** Items whose reviewers disagreed go to adjudication with this probability; model overrides rarely. */
export const ADJUDICATE_DISAGREEMENT_RATE = 0.7
export const ADJUDICATE_OVERRIDE_RATE = 0.05
export const ADJUDICATION_DELAY_MEDIAN_H = 18

/**
 * Humans err on hard items: a reviewer's error rate (1 − accuracy) is scaled by
 * HUMAN_EASY_ERROR_FLOOR + HUMAN_HARD_ERROR_SCALE · (1 − ease)², ease the item's normalised
 * confidence. A confident, easy item is seldom mislabeled (0.01× at ease 1); the hardest ones
 * 3× as often. Audit draws (confident items) then measure the model's error, not the reviewers'.
 */
export const HUMAN_EASY_ERROR_FLOOR = 0.01
export const HUMAN_HARD_ERROR_SCALE = 3
/** When the model is wrong, this share of human errors repeats the model's label (automation bias). */
export const HUMAN_ERROR_FOLLOWS_MODEL = 0.5
/** Fatigue: accuracy lost and handle time added per hour into a shift. */
export const FATIGUE_ACCURACY_PER_HOUR = 0.006
export const FATIGUE_SLOWDOWN_PER_HOUR = 0.045
/** Low-confidence items take longer: handle × (1 + this × (1 − normalised confidence)). */
export const DIFFICULTY_SLOWDOWN = 0.4
/** Overriding the model takes longer than confirming it (writing a reason, picking the label). */
export const OVERRIDE_SLOWDOWN = 1.3
export const HANDLE_SIGMA = 0.55
export const MIN_HANDLE_MS = 1_500
/** Time between finishing one item and picking the next (saving, loading the next item). */
export const SWITCH_MS = 3_000
export const SHIFT_HOURS = 8
/** A 30-minute break four hours into every shift. */
export const BREAK_OFFSET_MS = 4 * HOUR_MS
export const BREAK_MS = 30 * 60_000
/** Probability a reviewer misses a given scheduled day (sick, training). */
export const ABSENCE_RATE = 0.04
/**
 * How often the rubber-stamper takes the model's label. Always: her disagreements then come only
 * from items re-scored after her review, so the page's rule (agreement ≥ 98 %) flags her at every
 * scale, also the e2e's 5 % demo (~170 reviews), where 0.99 left 4 disagreements in 168 now and then.
 */
export const RUBBER_STAMP_AGREEMENT = 1

const POLICY_CHANGE_FRACTION = 0.25
const SPIKE_DAY_FRACTION = 0.4
/** Days to move the spike from its nominal weekday (Sunday first) onto a Tuesday–Thursday. */
const SPIKE_DAY_SHIFT = [2, 1, 0, 0, 0, -1, -2]
const SPIKE_START_UTC_HOUR = 12
const SPIKE_HOURS = 5
/** content-moderation arrivals during the spam wave, × normal: the whole system sees ≈ 3×. */
export const SPIKE_CONTENT_MULTIPLIER = 7
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
  /** Per segment: true accuracy = c − o · fade(c) · (c − floor) / (1 − floor) (see trueAccuracy); o > 0 is overconfident. */
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
export const SPIKE_LABEL_MIX = [0.3, 0.62, 0.03, 0.03, 0.02]
export const SPIKE_EASE = 0.8
export const SPIKE_MODEL = 'content-moderation'

// How the models' numbers are read: confidences drawn from Kumaraswamy(sharpness, CONFIDENCE_TAIL),
// logged to 4 decimals, right with the probability VersionSpec.overconfidence describes.

/** Kumaraswamy(a, CONFIDENCE_TAIL) by inversion: a beta-like variable on [0, 1], cheap to draw. */
export function kumaraswamy(u: number, a: number): number {
  return Math.pow(1 - Math.pow(1 - u, 1 / CONFIDENCE_TAIL), 1 / a)
}

/** Confidences as a model would log them: 4 decimals. */
export function roundConfidence(c: number): number {
  return Math.round(c * 10_000) / 10_000
}

/**
 * Over the last OVERCONFIDENCE_FADE of confidence the gap of an overconfident model fades to 0:
 * sure predictions are nearly right (a threshold near the top can be certified), the ones a little
 * below are too confident (it must go higher than a calibrated model's).
 */
export const OVERCONFIDENCE_FADE = 0.1

/** The model's true probability of being right at confidence c (its real calibration curve). */
export function trueAccuracy(c: number, floor: number, overconfidence: number): number {
  const fade = Math.min(1, (1 - c) / OVERCONFIDENCE_FADE)
  const accuracy = c - (overconfidence * fade * (c - floor)) / (1 - floor)
  return accuracy < 0 ? 0 : accuracy > 1 ? 1 : accuracy
}

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

/**
 * The team at a scale. Above scale 1 it grows by whole copies of DEMO_REVIEWERS (their ids
 * numbered on: r25-alice2, …); below it each person spends less time on the queue, so waits and
 * utilisation look alike at every scale.
 */
export function demoTeam(scale: number): { spec: ReviewerSpec; availability: number }[] {
  const copies = Math.max(1, Math.ceil(scale))
  const availabilityScale = scale / copies
  const team: { spec: ReviewerSpec; availability: number }[] = []
  for (let copy = 0; copy < copies; copy++) {
    for (const spec of DEMO_REVIEWERS) {
      const index = team.length
      const id = copy === 0 ? spec.id : `r${String(index + 1).padStart(2, '0')}-${spec.id.slice(4)}${copy + 1}`
      team.push({ spec: copy === 0 ? spec : { ...spec, id }, availability: spec.availability * availabilityScale })
    }
  }
  return team
}

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

/** The instant at a fraction of [start, end), on a whole hour from start. */
export function instantAt(start: number, end: number, fraction: number): number {
  return start + Math.round((fraction * (end - start)) / HOUR_MS) * HOUR_MS
}

function normalise(values: readonly number[]): number[] {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length
  return values.map((v) => v / mean)
}

/** UTC weekday of a day number since the epoch (1970-01-01 was a Thursday), 0 = Sunday. */
export function weekday(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7
}

/** Expected predictions per hour, all models, outside the spike. */
export function slotRate(slotStart: number, scale: number): number {
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
