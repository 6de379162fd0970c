/**
 * Pure shaping of the agreement response for the cards, the confusion heatmap, the time series and
 * the reviewer table (data → prepare → visualise), and the rules that flag a reviewer for a
 * closer look. No I/O, no clock.
 */
import { formatCount, formatDay, formatPercent } from '@/lib/format'
import { fillPeriods, formatDuration, formatScore, median, toPercent } from '../../_components/chart-math'
import type { Kpi } from '../../_components/kpi-cards'
import type { AgreementDay, AgreementResponse, ConfusionMatrix, InterReviewerFigures, ReviewerAgreement } from '@/analytics/agreement/agreement.schema'

// ---------------------------------------------------------------------------------------------
// KPI cards

export const AGREEMENT_EXPLANATIONS = {
  agreement_rate:
    'Matching pairs ÷ pairs. Each counted review is one pair: the item’s predicted label and the reviewer’s label (a reviewer’s latest review of an item counts once). ' +
    'The interval is the Wilson score interval at 95% (z = 1.96).',
  override_rate: '1 − agreement rate: the share of reviews in which the human chose a different label than the model.',
  cohen_kappa:
    'Cohen’s unweighted kappa over the model–human pairs: (observed agreement − chance agreement) ÷ (1 − chance agreement), chance from how often each side uses each label. ' +
    '1 is perfect, 0 no better than chance; it drops when one label dominates even if agreement is high.',
  reviewed: 'Counted reviews in the range, by review time: the model–human pairs above. A reviewer reviewing the same item again counts once (the latest).',
  krippendorff_alpha:
    'Krippendorff’s alpha (nominal): 1 − observed ÷ expected disagreement between reviewers of the same item, from the coincidence matrix, over the units. ' +
    '1 is perfect, 0 chance level; ≥ 0.8 is commonly read as reliable, ≥ 0.667 as tentative. n/a when no disagreement is possible (a single label).',
  fleiss_kappa:
    'Fleiss’ kappa: chance-corrected agreement among reviewers when every unit has the same number of reviewers. n/a when the number of reviewers per item varies.',
  gwet_ac1:
    'Gwet’s AC1: chance-corrected agreement among reviewers that, unlike kappa, does not collapse when one label dominates (e.g. 97% legit). Over the same units.',
  pairwise_agreement: 'Mean over units of (agreeing reviewer pairs ÷ all reviewer pairs): the plain share of reviewer pairs that gave the same label.',
  units: 'Items with reviews from 2 or more distinct reviewers: the units the inter-reviewer figures are computed over.',
} as const

/** Landis & Koch's (1977) reading of a kappa-like coefficient. */
export function kappaReading(value: number | null): string {
  if (value === null) return ''
  if (value < 0) return 'worse than chance'
  if (value <= 0.2) return 'slight'
  if (value <= 0.4) return 'fair'
  if (value <= 0.6) return 'moderate'
  if (value <= 0.8) return 'substantial'
  return 'almost perfect'
}

export function prepareAgreementKpis(data: AgreementResponse): Kpi[] {
  const agreeing = data.agreement_rate === null ? null : Math.round(data.agreement_rate * data.reviewed)
  return [
    {
      id: 'agreement_rate',
      label: 'Agreement rate',
      value: formatPercent(data.agreement_rate),
      detail: data.agreement_ci ? `95% CI ${formatPercent(data.agreement_ci.lower)} – ${formatPercent(data.agreement_ci.upper)}` : 'no reviews to compare',
      explanation: AGREEMENT_EXPLANATIONS.agreement_rate,
    },
    {
      id: 'override_rate',
      label: 'Override rate',
      value: formatPercent(data.override_rate),
      detail: agreeing === null ? 'no reviews to compare' : `${formatCount(data.reviewed - agreeing)} reviews changed the label`,
      explanation: AGREEMENT_EXPLANATIONS.override_rate,
    },
    {
      id: 'cohen_kappa',
      label: 'Cohen’s kappa',
      value: formatScore(data.cohen_kappa, 3),
      detail: data.cohen_kappa === null ? (data.reviewed > 0 ? 'n/a: a single label in use' : 'no reviews') : `${kappaReading(data.cohen_kappa)} (Landis & Koch)`,
      explanation: AGREEMENT_EXPLANATIONS.cohen_kappa,
    },
    {
      id: 'reviewed',
      label: 'Reviewed',
      value: formatCount(data.reviewed),
      detail: `${formatCount(data.confusion.labels.length)} labels in use`,
      explanation: AGREEMENT_EXPLANATIONS.reviewed,
    },
  ]
}

/** Why a figure is missing, in a few words (units = 0 explains all of them). */
function noUnits(ir: InterReviewerFigures): string | null {
  if (ir.units > 0) return null
  return ir.units_with_reviewer === undefined ? 'no item has 2+ reviewers' : `no item of ${ir.units_with_reviewer}'s has another reviewer`
}

/**
 * What the inter-reviewer figures are over, for the section's subtitle: every item in view with 2+
 * reviewers, or, under a reviewer filter (SPEC §3.1), the items that reviewer took part in, with
 * all of their reviewers: the filter narrows whose figures are shown, not the evidence.
 */
export function interReviewerScope(ir: InterReviewerFigures): string {
  const reviewer = ir.units_with_reviewer
  if (reviewer === undefined) return 'Over items labeled by two or more reviewers: do the humans agree with each other?'
  return (
    `Over the items ${reviewer} took part in that have two or more reviewers (${formatCount(ir.units)}), with all of their reviewers, not only ${reviewer}: ` +
    `how well the reviewers of ${reviewer}'s items agree with each other.`
  )
}

export function prepareInterReviewerKpis(ir: InterReviewerFigures): Kpi[] {
  const none = noUnits(ir)
  // Fleiss needs the same number of reviewers on every unit; with units and an alpha, null means they vary.
  const fleissNote = ir.fleiss_kappa === null && !none ? (ir.krippendorff_alpha === null ? 'n/a — a single label' : 'n/a — raters per item vary') : null
  return [
    {
      id: 'krippendorff_alpha',
      label: 'Krippendorff’s alpha',
      value: formatScore(ir.krippendorff_alpha, 3),
      detail: none ?? (ir.krippendorff_alpha === null ? 'n/a: a single label' : alphaReading(ir.krippendorff_alpha)),
      explanation: AGREEMENT_EXPLANATIONS.krippendorff_alpha,
    },
    {
      id: 'fleiss_kappa',
      label: 'Fleiss’ kappa',
      value: fleissNote ?? formatScore(ir.fleiss_kappa, 3),
      detail: none ?? (fleissNote ? 'see alpha or AC1 instead' : `${kappaReading(ir.fleiss_kappa)} (Landis & Koch)`),
      explanation: AGREEMENT_EXPLANATIONS.fleiss_kappa,
      tone: fleissNote ? 'note' : undefined,
    },
    {
      id: 'gwet_ac1',
      label: 'Gwet’s AC1',
      value: formatScore(ir.gwet_ac1, 3),
      detail: none ?? (ir.gwet_ac1 === null ? 'n/a: a single label' : `${kappaReading(ir.gwet_ac1)} (Landis & Koch)`),
      explanation: AGREEMENT_EXPLANATIONS.gwet_ac1,
    },
    {
      id: 'pairwise_agreement',
      label: 'Pairwise agreement',
      value: formatPercent(ir.pairwise_agreement),
      detail: none ?? 'of reviewer pairs agree',
      explanation: AGREEMENT_EXPLANATIONS.pairwise_agreement,
    },
    {
      id: 'units',
      label: 'Units',
      value: formatCount(ir.units),
      // Short: the section's subtitle says the rest (interReviewerScope).
      detail: ir.units_with_reviewer === undefined ? 'items with 2+ reviewers' : `items ${ir.units_with_reviewer} shared`,
      explanation:
        ir.units_with_reviewer === undefined
          ? AGREEMENT_EXPLANATIONS.units
          : `${AGREEMENT_EXPLANATIONS.units} With a reviewer chosen: the items that reviewer took part in, each with all of its reviewers.`,
    },
  ]
}

/** Krippendorff's own thresholds: ≥ 0.8 reliable, ≥ 0.667 tentative conclusions only. */
export function alphaReading(alpha: number): string {
  if (alpha >= 0.8) return 'reliable (≥ 0.8)'
  if (alpha >= 0.667) return 'tentative (0.667–0.8)'
  return 'unreliable (< 0.667)'
}

// ---------------------------------------------------------------------------------------------
// Confusion heatmap

export interface HeatmapCell {
  human: string
  count: number
  /** count ÷ the row's total (the model label's reviews); null for an empty row. */
  rowShare: number | null
  diagonal: boolean
  /** Cell colour: green on the diagonal (agreement), red off it (overrides), stronger with the row share. */
  background: string
  /** White text on a strong colour. */
  strong: boolean
  title: string
}

export interface HeatmapRow {
  model: string
  total: number
  cells: HeatmapCell[]
}

export interface Heatmap {
  labels: string[]
  rows: HeatmapRow[]
  columnTotals: number[]
  total: number
}

const AGREE_RGB = '22, 163, 74'
const OVERRIDE_RGB = '220, 38, 38'
/** Opacity of the faintest non-empty cell, and the range above it. */
const MIN_ALPHA = 0.06
const ALPHA_RANGE = 0.84
/** Above this opacity the cell's text turns white. */
const STRONG_ALPHA = 0.55

/**
 * Colour opacity for a row share: the square root lifts small shares (a 2 % confusion is worth
 * seeing next to a 95 % diagonal) while keeping the order. 0 for an empty cell.
 */
export function cellAlpha(count: number, rowShare: number | null): number {
  if (count <= 0 || rowShare === null || rowShare <= 0) return 0
  return Math.round((MIN_ALPHA + ALPHA_RANGE * Math.sqrt(Math.min(1, rowShare))) * 1000) / 1000
}

/** Rows are the model's labels, columns the humans' (SPEC §3.1), both in the API's sorted order. */
export function prepareConfusionHeatmap(confusion: ConfusionMatrix): Heatmap {
  const { labels, matrix } = confusion
  const columnTotals = labels.map((_, j) => matrix.reduce((sum, row) => sum + (row[j] ?? 0), 0))
  const rows = labels.map((model, i) => {
    const counts = labels.map((_, j) => matrix[i]?.[j] ?? 0)
    const total = counts.reduce((sum, c) => sum + c, 0)
    return {
      model,
      total,
      cells: labels.map((human, j) => {
        const count = counts[j]
        const rowShare = total > 0 ? count / total : null
        const diagonal = i === j
        const alpha = cellAlpha(count, rowShare)
        const verb = diagonal ? 'agreed' : 'overrode it'
        return {
          human,
          count,
          rowShare,
          diagonal,
          background: alpha > 0 ? `rgba(${diagonal ? AGREE_RGB : OVERRIDE_RGB}, ${alpha})` : 'transparent',
          strong: alpha > STRONG_ALPHA,
          title:
            total > 0
              ? `Model: ${model} → human: ${human}. ${formatCount(count)} of the ${formatCount(total)} reviews of "${model}" predictions (${formatPercent(rowShare)})${count > 0 ? `: the human ${verb}` : ''}.`
              : `The model predicted no reviewed "${model}" in this view.`,
        }
      }),
    }
  })
  return { labels: [...labels], rows, columnTotals, total: columnTotals.reduce((s, c) => s + c, 0) }
}

// ---------------------------------------------------------------------------------------------
// The most frequent confusions

/** How many confusions the ranked list shows (a dozen labels give up to 132 off the diagonal). */
export const TOP_CONFUSIONS = 10

export interface Confusion {
  model: string
  human: string
  count: number
  /** count ÷ every review where the human chose another label than the model. */
  shareOfDisagreements: number
  /** count ÷ the reviews of this model label (its row in the matrix). */
  shareOfModelLabel: number
}

/**
 * The off-diagonal cells of the confusion matrix (the model said `model`, the human `human`),
 * most frequent first (ties in the matrix's label order), the first `limit` of them, with the
 * number of disagreements they are shares of and how many confusions were left out.
 */
export function prepareTopConfusions(confusion: ConfusionMatrix, limit = TOP_CONFUSIONS): { rows: Confusion[]; disagreements: number; more: number } {
  const { labels, matrix } = confusion
  const all: Omit<Confusion, 'shareOfDisagreements'>[] = []
  let disagreements = 0
  labels.forEach((model, i) => {
    const counts = labels.map((_, j) => matrix[i]?.[j] ?? 0)
    const total = counts.reduce((sum, c) => sum + c, 0)
    counts.forEach((count, j) => {
      if (i === j || count <= 0) return
      disagreements += count
      all.push({ model, human: labels[j], count, shareOfModelLabel: count / total })
    })
  })
  // Stable: equal counts keep the matrix's row-then-column order.
  const ranked = [...all].sort((a, b) => b.count - a.count)
  return {
    rows: ranked.slice(0, limit).map((c) => ({ ...c, shareOfDisagreements: c.count / disagreements })),
    disagreements,
    more: Math.max(0, ranked.length - limit),
  }
}

// ---------------------------------------------------------------------------------------------
// Time series

export interface AgreementPoint {
  date: string
  label: string
  /** Percent, null for a day without reviews. */
  agreement: number | null
  reviewed: number
  kappa: number | null
}

export function prepareAgreementSeries(series: readonly AgreementDay[]): AgreementPoint[] {
  return fillPeriods(series, (d) => d.date, (date) => ({ date, reviewed: 0, agreement_rate: null, cohen_kappa: null })).map((d) => ({
    date: d.date,
    label: formatDay(d.date),
    agreement: toPercent(d.agreement_rate),
    reviewed: d.reviewed,
    kappa: d.cohen_kappa,
  }))
}

// ---------------------------------------------------------------------------------------------
// Reviewers: outlier rules

/** Below this many reviews a reviewer's figures are too noisy to flag, and stay out of the team baseline. */
export const MIN_REVIEWS_FOR_FLAGS = 20
/** Rubber-stamping: agrees with the model at least this often… */
export const RUBBER_STAMP_MIN_AGREEMENT = 0.98
/** …while taking less than this share of the team's median handle time. */
export const RUBBER_STAMP_MAX_HANDLE_RATIO = 0.5
/** Low gold accuracy: an error rate on gold items at least this multiple of the team median's… */
export const LOW_GOLD_ERROR_RATIO = 2
/** …and at least this far (absolute) below the team median accuracy ("far below"; a 99.0 % vs 99.6 % team is not flagged). */
export const LOW_GOLD_MIN_GAP = 0.1
const FLOAT_EPSILON = 1e-9

/** The team's typical reviewer: medians over reviewers with enough reviews (over all when none has). */
export interface TeamBaseline {
  medianHandleMs: number | null
  goldAccuracy: number | null
  agreementWithModel: number | null
  reviewers: number
}

export function teamBaseline(reviewers: readonly ReviewerAgreement[]): TeamBaseline {
  const seasoned = reviewers.filter((r) => r.reviews >= MIN_REVIEWS_FOR_FLAGS)
  const pool = seasoned.length > 0 ? seasoned : reviewers
  return {
    medianHandleMs: median(pool.map((r) => r.median_handle_ms)),
    goldAccuracy: median(pool.map((r) => r.gold_accuracy)),
    agreementWithModel: median(pool.map((r) => r.agreement_with_model)),
    reviewers: pool.length,
  }
}

export interface ReviewerFlag {
  kind: 'rubber_stamp' | 'low_gold'
  label: string
  /** The rule and this reviewer's figures against the team's. */
  explanation: string
}

/**
 * The rules, one reviewer against the team:
 * - possible rubber-stamping: agreement with the model ≥ 98 % AND median handle time < half the
 *   team's median handle time (agreeing fast with everything);
 * - low gold accuracy: error rate on gold items ≥ 2× the team median's AND ≥ 10 points below the
 *   team median accuracy.
 * Reviewers with fewer than MIN_REVIEWS_FOR_FLAGS reviews are never flagged.
 */
export function reviewerFlags(reviewer: ReviewerAgreement, team: TeamBaseline): ReviewerFlag[] {
  if (reviewer.reviews < MIN_REVIEWS_FOR_FLAGS || team.reviewers < 2) return []
  const flags: ReviewerFlag[] = []
  const agreement = reviewer.agreement_with_model
  const handle = reviewer.median_handle_ms
  if (
    agreement !== null &&
    handle !== null &&
    team.medianHandleMs !== null &&
    agreement >= RUBBER_STAMP_MIN_AGREEMENT &&
    handle < RUBBER_STAMP_MAX_HANDLE_RATIO * team.medianHandleMs
  ) {
    flags.push({
      kind: 'rubber_stamp',
      label: 'possible rubber-stamping',
      explanation: `Agrees with the model on ${formatPercent(agreement)} of reviews (≥ ${formatPercent(RUBBER_STAMP_MIN_AGREEMENT, 0)}) with a median handle time of ${formatDuration(handle)}, under half the team’s ${formatDuration(team.medianHandleMs)}.`,
    })
  }
  const gold = reviewer.gold_accuracy
  if (gold !== null && team.goldAccuracy !== null) {
    const teamError = 1 - team.goldAccuracy
    const error = 1 - gold
    // The epsilon keeps 0.94 − 0.84 (0.0999… in floating point) at the 10-point line.
    if (error >= LOW_GOLD_ERROR_RATIO * teamError && team.goldAccuracy - gold >= LOW_GOLD_MIN_GAP - FLOAT_EPSILON) {
      flags.push({
        kind: 'low_gold',
        label: 'low gold accuracy',
        explanation: `Right on ${formatPercent(gold)} of gold items against the team median of ${formatPercent(team.goldAccuracy)}: ${teamError > 0 ? `${(error / teamError).toFixed(1)}×` : 'far more than'} the team’s error rate.`,
      })
    }
  }
  return flags
}

// ---------------------------------------------------------------------------------------------
// Reviewer table

export type ReviewerSortKey = 'reviewer_id' | 'reviews' | 'agreement_with_model' | 'agreement_with_majority' | 'gold_accuracy' | 'median_handle_ms'
export type SortDirection = 'asc' | 'desc'

export interface ReviewerRow {
  reviewer: ReviewerAgreement
  reviews: string
  agreementWithModel: string
  agreementWithMajority: string
  goldAccuracy: string
  medianHandle: string
  flags: ReviewerFlag[]
}

/**
 * Rows for the table, flagged against `team`: by default the reviewers listed, but a view narrowed
 * to one reviewer passes the whole team's baseline (one reviewer is not a team to compare with).
 */
export function prepareReviewerRows(reviewers: readonly ReviewerAgreement[], team: TeamBaseline = teamBaseline(reviewers)): { rows: ReviewerRow[]; team: TeamBaseline } {
  const rows = reviewers.map((r) => ({
    reviewer: r,
    reviews: formatCount(r.reviews),
    agreementWithModel: formatPercent(r.agreement_with_model),
    agreementWithMajority: formatPercent(r.agreement_with_majority),
    goldAccuracy: formatPercent(r.gold_accuracy),
    medianHandle: formatDuration(r.median_handle_ms),
    flags: reviewerFlags(r, team),
  }))
  return { rows, team }
}

/** The direction a column sorts in when first clicked: names A→Z, figures largest first. */
export function defaultDirection(key: ReviewerSortKey): SortDirection {
  return key === 'reviewer_id' ? 'asc' : 'desc'
}

/** Sorted by one column; missing figures always last, ties by reviewer id. */
export function sortReviewerRows(rows: readonly ReviewerRow[], key: ReviewerSortKey, direction: SortDirection): ReviewerRow[] {
  const sign = direction === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    const byId = a.reviewer.reviewer_id.localeCompare(b.reviewer.reviewer_id, 'en', { numeric: true })
    if (key === 'reviewer_id') return sign * byId
    const x = a.reviewer[key]
    const y = b.reviewer[key]
    if (x === null && y === null) return byId
    if (x === null) return 1
    if (y === null) return -1
    return x !== y ? sign * (x - y) : byId
  })
}

/** Clicking a header: the same column flips its direction, another one starts in its default. */
export function nextSort(current: { key: ReviewerSortKey; direction: SortDirection }, clicked: ReviewerSortKey): { key: ReviewerSortKey; direction: SortDirection } {
  if (current.key === clicked) return { key: clicked, direction: current.direction === 'asc' ? 'desc' : 'asc' }
  return { key: clicked, direction: defaultDirection(clicked) }
}

/** True when the view holds no reviews: the page shows the empty state instead of zeros. */
export function isEmptyAgreement(data: AgreementResponse): boolean {
  return data.reviewed === 0
}
