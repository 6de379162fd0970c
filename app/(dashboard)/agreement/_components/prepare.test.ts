import { describe, expect, it } from 'vitest'
import { AgreementResponse, type ReviewerAgreement } from '@/analytics/agreement/agreement.schema'
import { readAgreementOptions, readReviewerSort, updateAgreementOptions, updateReviewerSort } from './agreement-options'
import { agreementCsvName, confusionCsv, confusionsCsv, reviewersCsv, seriesCsv } from './agreement-csv'
import {
  alphaReading,
  cellAlpha,
  interReviewerScope,
  prepareTopConfusions,
  isEmptyAgreement,
  kappaReading,
  nextSort,
  prepareAgreementKpis,
  prepareAgreementSeries,
  prepareConfusionHeatmap,
  prepareInterReviewerKpis,
  prepareReviewerRows,
  reviewerFlags,
  sortReviewerRows,
  teamBaseline,
} from './prepare'

function reviewer(id: string, overrides: Partial<ReviewerAgreement> = {}): ReviewerAgreement {
  return {
    reviewer_id: id,
    reviews: 200,
    agreement_with_model: 0.9,
    agreement_with_majority: 0.93,
    gold_accuracy: 0.94,
    median_handle_ms: 50_000,
    ...overrides,
  }
}

/** A team like the demo's: r07 agrees with everything in seconds, r11 misses gold items. */
const team: ReviewerAgreement[] = [
  reviewer('r01-alice', { gold_accuracy: 0.97, median_handle_ms: 45_000 }),
  reviewer('r02-bob', { gold_accuracy: 0.93, median_handle_ms: 60_000 }),
  reviewer('r03-carol', { gold_accuracy: 0.99, median_handle_ms: 110_000 }),
  reviewer('r07-grace', { reviews: 60, agreement_with_model: 0.99, gold_accuracy: 0.9, median_handle_ms: 6_000 }),
  reviewer('r11-mallory', { gold_accuracy: 0.82, median_handle_ms: 28_000 }),
  reviewer('r12-niaj', { gold_accuracy: 0.95, median_handle_ms: 65_000 }),
  reviewer('r99-new', { reviews: 5, agreement_with_model: 1, gold_accuracy: 0.2, median_handle_ms: 1_000 }),
]

const response = AgreementResponse.parse({
  filters: { model: 'fraud-detector', segment: null, model_version: null, reviewer_id: null, queue: null, from: '2026-10-25T00:00:00.000Z', to: '2026-11-24T00:00:00.000Z' },
  reviewed: 1000,
  agreement_rate: 0.912,
  agreement_ci: { lower: 0.893, upper: 0.928 },
  override_rate: 0.088,
  cohen_kappa: 0.701,
  confusion: { labels: ['fraud', 'legit'], matrix: [[90, 10], [78, 822]] },
  krippendorff_alpha: 0.81,
  fleiss_kappa: null,
  gwet_ac1: 0.9,
  pairwise_agreement: 0.95,
  inter_reviewer: { units: 120, krippendorff_alpha: 0.81, fleiss_kappa: null, gwet_ac1: 0.9, pairwise_agreement: 0.95 },
  reviewers: team,
  series: [
    { date: '2026-11-03', reviewed: 10, agreement_rate: 0.9, cohen_kappa: 0.5 },
    { date: '2026-11-01', reviewed: 20, agreement_rate: 0.95, cohen_kappa: 0.6 },
  ],
})

describe('agreement options in the URL', () => {
  it('reads the reviewer and queue', () => {
    expect(readAgreementOptions(new URLSearchParams('reviewer_id=r07-grace&queue=%20fraud%20'))).toEqual({ reviewer_id: 'r07-grace', queue: 'fraud' })
    expect(readAgreementOptions(new URLSearchParams('reviewer_id=&model=m'))).toEqual({})
  })
  it('writes them after the filters and clears them', () => {
    const current = new URLSearchParams('queue=q1&model=m')
    expect(updateAgreementOptions(current, { reviewer_id: 'r1' }).toString()).toBe('model=m&reviewer_id=r1&queue=q1')
    expect(updateAgreementOptions(current, { queue: undefined }).toString()).toBe('model=m')
  })
})

describe('the reviewer table’s sort in the URL', () => {
  it('reads a column and direction, defaulting what is missing or unknown', () => {
    expect(readReviewerSort(new URLSearchParams(''))).toEqual({ key: 'reviews', direction: 'desc' })
    expect(readReviewerSort(new URLSearchParams('sort=gold_accuracy&dir=asc'))).toEqual({ key: 'gold_accuracy', direction: 'asc' })
    expect(readReviewerSort(new URLSearchParams('sort=reviewer_id'))).toEqual({ key: 'reviewer_id', direction: 'asc' })
    expect(readReviewerSort(new URLSearchParams('sort=median_handle_ms&dir=sideways'))).toEqual({ key: 'median_handle_ms', direction: 'desc' })
    expect(readReviewerSort(new URLSearchParams('sort=constructor&dir=asc'))).toEqual({ key: 'reviews', direction: 'desc' })
  })
  it('writes only what differs from the defaults, after the filters and the review options', () => {
    const current = new URLSearchParams('reviewer_id=r1&model=m')
    expect(updateReviewerSort(current, { key: 'gold_accuracy', direction: 'asc' }).toString()).toBe('model=m&reviewer_id=r1&sort=gold_accuracy&dir=asc')
    expect(updateReviewerSort(current, { key: 'gold_accuracy', direction: 'desc' }).toString()).toBe('model=m&reviewer_id=r1&sort=gold_accuracy')
    expect(updateReviewerSort(new URLSearchParams('sort=x&dir=asc'), { key: 'reviews', direction: 'desc' }).toString()).toBe('')
    // Changing the reviewer keeps the sort, in its place.
    expect(updateAgreementOptions(new URLSearchParams('sort=reviews&dir=asc'), { queue: 'q' }).toString()).toBe('queue=q&sort=reviews&dir=asc')
  })
})

describe('KPI cards', () => {
  it('gives agreement with its interval, override rate, kappa and reviewed', () => {
    const kpis = prepareAgreementKpis(response)
    expect(kpis.map((k) => [k.id, k.value, k.detail])).toEqual([
      ['agreement_rate', '91.2%', '95% CI 89.3% – 92.8%'],
      ['override_rate', '8.8%', '88 reviews changed the label'],
      ['cohen_kappa', '0.701', 'substantial (Landis & Koch)'],
      ['reviewed', '1,000', '2 labels in use'],
    ])
    expect(kpis[0].explanation).toMatch(/Wilson/)
  })
  it('handles a view without reviews', () => {
    const kpis = prepareAgreementKpis({ ...response, reviewed: 0, agreement_rate: null, agreement_ci: null, override_rate: null, cohen_kappa: null })
    expect(kpis.map((k) => k.value)).toEqual(['—', '—', '—', '0'])
    expect(kpis[0].detail).toBe('no reviews to compare')
    expect(kpis[2].detail).toBe('no reviews')
  })
  it('says why Fleiss’ kappa is missing', () => {
    const kpis = prepareInterReviewerKpis(response.inter_reviewer)
    expect(kpis.map((k) => k.id)).toEqual(['krippendorff_alpha', 'fleiss_kappa', 'gwet_ac1', 'pairwise_agreement', 'units'])
    const fleiss = kpis[1]
    expect(fleiss.value).toBe('n/a — raters per item vary')
    expect(fleiss.tone).toBe('note')
    expect(kpis[0].detail).toBe('reliable (≥ 0.8)')
    expect(kpis[3].value).toBe('95.0%')
    expect(kpis[4].value).toBe('120')
  })
  it('shows Fleiss’ kappa when every unit has as many reviewers', () => {
    const fleiss = prepareInterReviewerKpis({ ...response.inter_reviewer, fleiss_kappa: 0.42 })[1]
    expect(fleiss).toMatchObject({ value: '0.420', detail: 'moderate (Landis & Koch)', tone: undefined })
  })
  it('explains empty inter-reviewer figures by the missing units', () => {
    const kpis = prepareInterReviewerKpis({ units: 0, krippendorff_alpha: null, fleiss_kappa: null, gwet_ac1: null, pairwise_agreement: null })
    expect(kpis.slice(0, 4).map((k) => [k.value, k.detail])).toEqual([
      ['—', 'no item has 2+ reviewers'],
      ['—', 'no item has 2+ reviewers'],
      ['—', 'no item has 2+ reviewers'],
      ['—', 'no item has 2+ reviewers'],
    ])
  })
  it('says what the inter-reviewer figures are over under a reviewer filter', () => {
    const everyone = response.inter_reviewer
    expect(interReviewerScope(everyone)).toBe('Over items labeled by two or more reviewers: do the humans agree with each other?')
    const grace = { ...everyone, units: 1199, units_with_reviewer: 'r07-grace' }
    expect(interReviewerScope(grace)).toMatch(/^Over the items r07-grace took part in that have two or more reviewers \(1,199\), with all of their reviewers, not only r07-grace/)
    expect(prepareInterReviewerKpis(grace)[4]).toMatchObject({ value: '1,199', detail: 'items r07-grace shared' })
    expect(prepareInterReviewerKpis(everyone)[4].detail).toBe('items with 2+ reviewers')
    const alone = prepareInterReviewerKpis({ units: 0, krippendorff_alpha: null, fleiss_kappa: null, gwet_ac1: null, pairwise_agreement: null, units_with_reviewer: 'r9' })
    expect(alone[0].detail).toBe("no item of r9's has another reviewer")
  })
  it('reads kappa and alpha on the usual scales', () => {
    expect([-0.1, 0.1, 0.3, 0.5, 0.7, 0.9].map(kappaReading)).toEqual(['worse than chance', 'slight', 'fair', 'moderate', 'substantial', 'almost perfect'])
    expect(kappaReading(null)).toBe('')
    expect([0.85, 0.7, 0.5].map(alphaReading)).toEqual(['reliable (≥ 0.8)', 'tentative (0.667–0.8)', 'unreliable (< 0.667)'])
  })
})

describe('prepareConfusionHeatmap', () => {
  it('keeps rows as model labels and columns as human labels, with row shares', () => {
    const heatmap = prepareConfusionHeatmap(response.confusion)
    expect(heatmap.labels).toEqual(['fraud', 'legit'])
    expect(heatmap.rows.map((r) => [r.model, r.total])).toEqual([
      ['fraud', 100],
      ['legit', 900],
    ])
    expect(heatmap.columnTotals).toEqual([168, 832])
    expect(heatmap.total).toBe(1000)
    const [fraudFraud, fraudLegit] = heatmap.rows[0].cells
    expect(fraudFraud).toMatchObject({ human: 'fraud', count: 90, rowShare: 0.9, diagonal: true, strong: true })
    expect(fraudFraud.background).toMatch(/^rgba\(22, 163, 74, /)
    expect(fraudLegit).toMatchObject({ human: 'legit', count: 10, rowShare: 0.1, diagonal: false })
    expect(fraudLegit.background).toMatch(/^rgba\(220, 38, 38, /)
    expect(fraudLegit.title).toBe('Model: fraud → human: legit. 10 of the 100 reviews of "fraud" predictions (10.0%): the human overrode it.')
  })
  it('grows the colour with the row share, none for an empty cell', () => {
    expect(cellAlpha(0, 0)).toBe(0)
    expect(cellAlpha(5, null)).toBe(0)
    expect(cellAlpha(1, 0.01)).toBeGreaterThan(0.06)
    expect(cellAlpha(1, 0.01)).toBeLessThan(cellAlpha(10, 0.1))
    expect(cellAlpha(10, 1)).toBe(0.9)
  })
  it('handles an empty row and a ragged matrix without NaN', () => {
    const heatmap = prepareConfusionHeatmap({ labels: ['a', 'b'], matrix: [[0, 0], [3]] })
    expect(heatmap.rows[0].cells[0]).toMatchObject({ rowShare: null, background: 'transparent' })
    expect(heatmap.rows[1].cells[1]).toMatchObject({ count: 0, rowShare: 0 })
    expect(heatmap.total).toBe(3)
    expect(prepareConfusionHeatmap({ labels: [], matrix: [] })).toEqual({ labels: [], rows: [], columnTotals: [], total: 0 })
  })
})

describe('prepareTopConfusions', () => {
  const confusion = { labels: ['a', 'b', 'c'], matrix: [[50, 6, 4], [10, 30, 0], [6, 0, 4]] }
  it('ranks the off-diagonal cells by count, ties in the matrix’s order, with both shares', () => {
    const { rows, disagreements, more } = prepareTopConfusions(confusion)
    expect(disagreements).toBe(26)
    expect(more).toBe(0)
    expect(rows.map((c) => [c.model, c.human, c.count])).toEqual([
      ['b', 'a', 10],
      ['a', 'b', 6],
      ['c', 'a', 6],
      ['a', 'c', 4],
    ])
    expect(rows[0]).toMatchObject({ shareOfDisagreements: 10 / 26, shareOfModelLabel: 10 / 40 })
    expect(rows[2]).toMatchObject({ shareOfDisagreements: 6 / 26, shareOfModelLabel: 6 / 10 })
  })
  it('keeps the first few and counts the rest', () => {
    expect(prepareTopConfusions(confusion, 2)).toMatchObject({ rows: [{ count: 10 }, { count: 6, model: 'a' }], more: 2 })
  })
  it('is empty without disagreements', () => {
    expect(prepareTopConfusions({ labels: ['a'], matrix: [[5]] })).toEqual({ rows: [], disagreements: 0, more: 0 })
    expect(prepareTopConfusions({ labels: [], matrix: [] })).toEqual({ rows: [], disagreements: 0, more: 0 })
  })
})

describe('CSV downloads', () => {
  it('names each file by the view, the reviewer and queue included', () => {
    expect(agreementCsvName(response.filters, 'reviewers')).toBe('agreement-reviewers-fraud-detector-2026-10-25-2026-11-23')
    expect(agreementCsvName({ ...response.filters, model: null, reviewer_id: 'r07-grace', queue: 'q1' }, 'confusions')).toBe(
      'agreement-confusions-reviewer-r07-grace-queue-q1-all-models-2026-10-25-2026-11-23',
    )
  })
  it('writes the figures unformatted', () => {
    const { rows } = prepareReviewerRows(team)
    const reviewers = reviewersCsv(response, rows)
    expect(reviewers.header).toEqual(['reviewer_id', 'reviews', 'agreement_with_model', 'agreement_with_majority', 'gold_accuracy', 'median_handle_ms', 'flags'])
    expect(reviewers.rows.find((r) => r[0] === 'r07-grace')).toEqual(['r07-grace', 60, 0.99, 0.93, 0.9, 6_000, 'possible rubber-stamping'])
    expect(confusionCsv(response).rows).toEqual([
      ['fraud', 'fraud', 90, 0.9],
      ['fraud', 'legit', 10, 0.1],
      ['legit', 'fraud', 78, 78 / 900],
      ['legit', 'legit', 822, 822 / 900],
    ])
    expect(confusionsCsv(response, prepareTopConfusions(response.confusion).rows).rows).toEqual([
      ['legit', 'fraud', 78, 78 / 88, 78 / 900],
      ['fraud', 'legit', 10, 10 / 88, 0.1],
    ])
    expect(seriesCsv(response)).toMatchObject({ header: ['date', 'reviewed', 'agreement_rate', 'cohen_kappa'], rows: [['2026-11-03', 10, 0.9, 0.5], ['2026-11-01', 20, 0.95, 0.6]] })
  })
})

describe('prepareAgreementSeries', () => {
  it('sorts days, fills holes and gives percent', () => {
    expect(prepareAgreementSeries(response.series)).toEqual([
      { date: '2026-11-01', label: 'Nov 1', agreement: 95, reviewed: 20, kappa: 0.6 },
      { date: '2026-11-02', label: 'Nov 2', agreement: null, reviewed: 0, kappa: null },
      { date: '2026-11-03', label: 'Nov 3', agreement: 90, reviewed: 10, kappa: 0.5 },
    ])
  })
})

describe('reviewer flags', () => {
  const baseline = teamBaseline(team)
  it('takes the team baseline over reviewers with enough reviews', () => {
    // r99-new (5 reviews) is left out: medians over the other six.
    expect(baseline.reviewers).toBe(6)
    expect(baseline.medianHandleMs).toBe(52_500)
    expect(baseline.goldAccuracy).toBeCloseTo(0.94)
  })
  it('flags possible rubber-stamping: agreement ≥ 98% and under half the team’s handle time', () => {
    const flags = reviewerFlags(team[3], baseline)
    expect(flags.map((f) => f.kind)).toEqual(['rubber_stamp'])
    expect(flags[0].label).toBe('possible rubber-stamping')
    expect(flags[0].explanation).toMatch(/99\.0%.*6\.0 s.*53 s/)
  })
  it('does not flag fast reviewers who disagree, nor slow ones who agree', () => {
    expect(reviewerFlags(reviewer('fast', { agreement_with_model: 0.95, median_handle_ms: 6_000 }), baseline)).toEqual([])
    expect(reviewerFlags(reviewer('slow', { agreement_with_model: 0.99, median_handle_ms: 30_000 }), baseline)).toEqual([])
  })
  it('flags gold accuracy with twice the team’s error rate and 10+ points below it', () => {
    const flags = reviewerFlags(team[4], baseline)
    expect(flags.map((f) => f.kind)).toEqual(['low_gold'])
    expect(flags[0].explanation).toMatch(/82\.0%.*94\.0%.*3\.0×/)
    // Twice the error of a near-perfect team, but less than 10 points below: not flagged.
    const strongTeam = { ...baseline, goldAccuracy: 0.995 }
    expect(reviewerFlags(reviewer('x', { gold_accuracy: 0.985 }), strongTeam)).toEqual([])
    expect(reviewerFlags(reviewer('y', { gold_accuracy: 0.85 }), baseline)).toEqual([])
    // Exactly 10 points below (0.94 − 0.84 is 0.0999… in floating point) is flagged.
    expect(reviewerFlags(reviewer('z', { gold_accuracy: 0.84 }), baseline).map((f) => f.kind)).toEqual(['low_gold'])
  })
  it('never flags on too few reviews, missing figures or a team of one', () => {
    expect(reviewerFlags(team[6], baseline)).toEqual([])
    expect(reviewerFlags(reviewer('n', { agreement_with_model: null, gold_accuracy: null, median_handle_ms: null }), baseline)).toEqual([])
    const alone = [reviewer('solo', { agreement_with_model: 1, median_handle_ms: 1 })]
    expect(reviewerFlags(alone[0], teamBaseline(alone))).toEqual([])
  })
  it('flags one reviewer against the whole team’s baseline', () => {
    const alone = prepareReviewerRows([team[3]])
    expect(alone.rows[0].flags).toEqual([])
    const againstTeam = prepareReviewerRows([team[3]], baseline)
    expect(againstTeam.rows[0].flags.map((f) => f.kind)).toEqual(['rubber_stamp'])
    expect(againstTeam.team).toBe(baseline)
  })
  it('formats rows and attaches the flags', () => {
    const { rows } = prepareReviewerRows(team)
    const grace = rows.find((r) => r.reviewer.reviewer_id === 'r07-grace')!
    expect(grace).toMatchObject({ reviews: '60', agreementWithModel: '99.0%', goldAccuracy: '90.0%', medianHandle: '6.0 s' })
    expect(rows.filter((r) => r.flags.length > 0).map((r) => r.reviewer.reviewer_id)).toEqual(['r07-grace', 'r11-mallory'])
  })
})

describe('sorting the reviewer table', () => {
  const { rows } = prepareReviewerRows([
    reviewer('r2', { reviews: 10, gold_accuracy: null }),
    reviewer('r10', { reviews: 30, gold_accuracy: 0.8 }),
    reviewer('r1', { reviews: 30, gold_accuracy: 0.9 }),
  ])
  const ids = (sorted: typeof rows) => sorted.map((r) => r.reviewer.reviewer_id)
  it('sorts by a figure either way, ties by reviewer id', () => {
    expect(ids(sortReviewerRows(rows, 'reviews', 'desc'))).toEqual(['r1', 'r10', 'r2'])
    expect(ids(sortReviewerRows(rows, 'reviews', 'asc'))).toEqual(['r2', 'r1', 'r10'])
  })
  it('keeps missing figures last in both directions', () => {
    expect(ids(sortReviewerRows(rows, 'gold_accuracy', 'desc'))).toEqual(['r1', 'r10', 'r2'])
    expect(ids(sortReviewerRows(rows, 'gold_accuracy', 'asc'))).toEqual(['r10', 'r1', 'r2'])
  })
  it('sorts reviewer ids naturally', () => {
    expect(ids(sortReviewerRows(rows, 'reviewer_id', 'asc'))).toEqual(['r1', 'r2', 'r10'])
  })
  it('flips the same column and starts a new one in its default direction', () => {
    expect(nextSort({ key: 'reviews', direction: 'desc' }, 'reviews')).toEqual({ key: 'reviews', direction: 'asc' })
    expect(nextSort({ key: 'reviews', direction: 'asc' }, 'median_handle_ms')).toEqual({ key: 'median_handle_ms', direction: 'desc' })
    expect(nextSort({ key: 'reviews', direction: 'desc' }, 'reviewer_id')).toEqual({ key: 'reviewer_id', direction: 'asc' })
  })
})

describe('isEmptyAgreement', () => {
  it('is true only without reviews', () => {
    expect(isEmptyAgreement(response)).toBe(false)
    expect(isEmptyAgreement({ ...response, reviewed: 0 })).toBe(true)
  })
})
