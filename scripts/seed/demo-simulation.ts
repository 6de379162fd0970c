// The demo simulation: runs the scenario of demo-config.ts hour by hour. Poisson arrivals
// shaped by the daily and weekly rhythms, each prediction routed by its model's policy, and a FIFO
// review queue served by the reviewers on shift (fatigue, breaks, absences, second opinions,
// corrections), with gold labels and adjudications scheduled for later hours. Pure and
// deterministic: one Prng stream, no clock.
import { Prng, cumulativeWeights, hashUnit } from './prng'
import {
  ABSENCE_RATE, ADJUDICATE_DISAGREEMENT_RATE, ADJUDICATE_OVERRIDE_RATE, ADJUDICATION_DELAY_MEDIAN_H, BREAK_MS, BREAK_OFFSET_MS,
  CORRECTION_DELAY_MEDIAN_MS, CORRECTION_RATE, DAY_MS, DEMO_MODELS, DIFFICULTY_SLOWDOWN, FATIGUE_ACCURACY_PER_HOUR, FATIGUE_SLOWDOWN_PER_HOUR,
  GOLD_RATE, HANDLE_SIGMA, HOUR_MS, HUMAN_EASY_ERROR_FLOOR, HUMAN_ERROR_FOLLOWS_MODEL, HUMAN_HARD_ERROR_SCALE, MIN_HANDLE_MS, OVERRIDE_SLOWDOWN, RESCORE_DELAY_MEDIAN_H, RESCORE_RATE,
  RUBBER_STAMP_AGREEMENT, SECOND_REVIEW_RATE, SHIFT_HOURS, SPIKE_CONTENT_MULTIPLIER, SPIKE_EASE, SPIKE_LABEL_MIX, SPIKE_MODEL, SWITCH_MS,
  THIRD_REVIEW_RATE, demoTeam, demoTimeline, instantAt, kumaraswamy, roundConfidence, slotRate, trueAccuracy, weekday, type DemoOptions,
  type DemoTimeline, type ModelSpec, type PolicySpec, type ReviewerSpec,
} from './demo-config'
import type { DemoEvent, OutcomeEvent, OutcomeSource, ReviewEvent, Route } from './demo-events'

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

export class DemoSimulation {
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
    this.reviewers = demoTeam(options.scale).map(({ spec, availability }, index) => ({
      index,
      spec,
      idleFactor: 1 / availability - 1,
      medianMs: spec.medianSec * 1000,
      freeAt: -Infinity,
      shiftStart: 0,
      shiftEnd: 0,
      breakStart: 0,
      breakEnd: 0,
    }))
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

  /** The human's decision: right with the given accuracy on an average item, more often on easy ones; errors lean towards the model's label. */
  private humanLabel(task: ReviewTask, accuracy: number): number {
    const rng = this.rng
    const errorRate = (1 - accuracy) * (HUMAN_EASY_ERROR_FLOOR + HUMAN_HARD_ERROR_SCALE * (1 - task.ease) ** 2)
    if (rng.next() >= errorRate) return task.truth
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

function byTs(a: DemoEvent, b: DemoEvent): number {
  return a.ts - b.ts
}

/** Sorts queue[from…] by arrival (joiners from earlier slots interleave with this hour's arrivals). */
function sortTail(queue: ReviewTask[], from: number): void {
  const tail = queue.slice(from).sort((a, b) => a.arrival - b.arrival)
  for (let i = 0; i < tail.length; i++) queue[from + i] = tail[i]
}
