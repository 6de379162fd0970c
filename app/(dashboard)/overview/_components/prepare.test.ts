import { describe, expect, it } from 'vitest'
import { OverviewResponse, type OverviewDay } from '@/analytics/overview/overview.schema'
import {
  fillDays,
  isEmptyOverview,
  modelTableCsv,
  overviewDayCsv,
  prepareAgreementSeries,
  prepareKpis,
  prepareModelRows,
  prepareRateSeries,
  prepareReviewSeries,
  prepareVolumeSeries,
} from './prepare'

function day(date: string, overrides: Partial<OverviewDay> = {}): OverviewDay {
  return {
    date,
    predictions: 100,
    escalated: 20,
    escalation_rate: 0.2,
    audited: 5,
    automation_rate: 0.8,
    reviews: 18,
    labeled: 17,
    agreement_rate: 0.9,
    backlog: 4,
    ...overrides,
  }
}

/** The example of SPEC §3.0, parsed like the page does. */
const response = OverviewResponse.parse({
  filters: { model: null, segment: null, model_version: null, from: '2026-10-25T00:00:00.000Z', to: '2026-11-24T00:00:00.000Z' },
  predictions: 1_000_000,
  escalated: 180_000,
  escalation_rate: 0.18,
  audited: 20_000,
  automation_rate: 0.82,
  reviews: 195_000,
  labeled: 190_000,
  agreement_rate: 0.91,
  backlog: 1200,
  series: [day('2026-10-25', { predictions: 33000, escalated: 6000, escalation_rate: 0.18, audited: 700 })],
  models: [
    { model: 'b-model', ...day('x'), predictions: 250, series: [day('2026-10-25'), day('2026-10-26')] },
    { model: 'a-model', ...day('x'), predictions: 750, agreement_rate: null, series: [] },
  ],
})

describe('fillDays', () => {
  it('sorts days and fills the holes with zero counts and unknown rates and backlog', () => {
    const filled = fillDays([day('2026-10-27'), day('2026-10-25')])
    expect(filled.map((d) => d.date)).toEqual(['2026-10-25', '2026-10-26', '2026-10-27'])
    expect(filled[1]).toMatchObject({ predictions: 0, reviews: 0, escalation_rate: null, agreement_rate: null, backlog: null })
  })
  it('handles an empty series', () => {
    expect(fillDays([])).toEqual([])
  })
})

describe('prepareKpis', () => {
  it('formats the eight figures with an explanation each', () => {
    const kpis = prepareKpis(response)
    expect(kpis.map((k) => k.id)).toEqual([
      'predictions',
      'automation_rate',
      'escalation_rate',
      'audited',
      'reviews',
      'labeled',
      'agreement_rate',
      'backlog',
    ])
    const byId = Object.fromEntries(kpis.map((k) => [k.id, k]))
    expect(byId.predictions.value).toBe('1,000,000')
    expect(byId.predictions.detail).toBe('820,000 auto · 180,000 escalated')
    expect(byId.automation_rate.value).toBe('82.0%')
    expect(byId.escalation_rate.value).toBe('18.0%')
    expect(byId.audited.detail).toBe('2.00% of predictions')
    expect(byId.agreement_rate.value).toBe('91.0%')
    expect(byId.backlog.value).toBe('1,200')
    for (const kpi of kpis) expect(kpi.explanation.length).toBeGreaterThan(20)
  })
  it('shows null rates as a dash, not NaN', () => {
    const kpis = prepareKpis({ ...response, predictions: 0, escalated: 0, audited: 0, escalation_rate: null, automation_rate: null, agreement_rate: null })
    const byId = Object.fromEntries(kpis.map((k) => [k.id, k]))
    expect(byId.automation_rate.value).toBe('—')
    expect(byId.agreement_rate.value).toBe('—')
    expect(byId.agreement_rate.detail).toBe('no reviews to compare')
    expect(byId.audited.detail).toBe('no predictions')
    expect(kpis.some((k) => k.value.includes('NaN') || k.detail.includes('NaN'))).toBe(false)
  })
})

describe('series', () => {
  it('splits predictions by route so the stack adds up', () => {
    const [point] = prepareVolumeSeries([day('2026-10-25', { predictions: 100, escalated: 20, audited: 5 })])
    expect(point).toEqual({ date: '2026-10-25', label: 'Oct 25', predictions: 100, auto: 80, review: 15, audit: 5 })
    expect(point.auto + point.review + point.audit).toBe(point.predictions)
  })
  it('never stacks negative bars on inconsistent input', () => {
    const [point] = prepareVolumeSeries([day('2026-10-25', { predictions: 3, escalated: 5, audited: 6 })])
    expect(point.auto).toBe(0)
    expect(point.review).toBe(0)
  })
  it('gives rates in percent, null for a day without predictions', () => {
    const points = prepareRateSeries([day('2026-10-25'), day('2026-10-26', { predictions: 0, escalation_rate: null, automation_rate: null })])
    expect(points[0]).toMatchObject({ escalation: 20, automation: 80, label: 'Oct 25' })
    expect(points[1]).toMatchObject({ escalation: null, automation: null })
  })
  it('gives reviews and end-of-day backlog', () => {
    expect(prepareReviewSeries([day('2026-10-25', { reviews: 7, backlog: 0 })])).toEqual([{ date: '2026-10-25', label: 'Oct 25', reviews: 7, backlog: 0 }])
  })
  it('gives agreement in percent with gaps for days without reviews', () => {
    const points = prepareAgreementSeries([day('2026-10-25', { agreement_rate: 0.925 }), day('2026-10-27', { agreement_rate: null, reviews: 0 })])
    expect(points.map((p) => p.agreement)).toEqual([92.5, null, null])
  })
})

describe('prepareModelRows', () => {
  it('orders models by predictions and formats their figures', () => {
    const rows = prepareModelRows(response.models)
    expect(rows.map((r) => r.model)).toEqual(['a-model', 'b-model'])
    expect(rows[0]).toMatchObject({ predictions: '750', share: '75.0%', agreementRate: '—', trend: [] })
    expect(rows[1].trend).toEqual([
      { date: '2026-10-25', predictions: 100 },
      { date: '2026-10-26', predictions: 100 },
    ])
  })
})

describe('isEmptyOverview', () => {
  it('is true only without predictions', () => {
    expect(isEmptyOverview(response)).toBe(false)
    expect(isEmptyOverview({ ...response, predictions: 0 })).toBe(true)
  })
})

describe('OverviewResponse', () => {
  it('is the JSON the server writes: a missing part is an error, not a default', () => {
    expect(OverviewResponse.safeParse({ ...response, models: undefined }).success).toBe(false)
    expect(OverviewResponse.safeParse({ ...response, series: [{ date: '2026-10-25' }] }).success).toBe(false)
  })
})

describe('CSV downloads', () => {
  it('writes a chart’s day series with the API’s figures, unformatted, in date order', () => {
    const csv = overviewDayCsv('rates', [day('2026-11-02', { escalation_rate: 0.123456 }), day('2026-11-01', { escalation_rate: null })], response.filters, ['predictions', 'escalation_rate'])
    expect(csv).toEqual({
      fileName: 'overview-rates-all-models-2026-10-25-2026-11-23',
      header: ['date', 'predictions', 'escalation_rate'],
      rows: [
        ['2026-11-01', 100, null],
        ['2026-11-02', 100, 0.123456],
      ],
    })
  })
  it('writes the model table with the share of predictions, and ECE once it is in', () => {
    const models = [
      { model: 'b', ...day('x'), predictions: 100, series: [] },
      { model: 'a', ...day('x'), predictions: 300, series: [] },
    ].map(({ date: _date, ...m }) => m)
    const without = modelTableCsv(models, response.filters, null)
    expect(without.header).not.toContain('ece')
    expect(without.rows.map((r) => r.slice(0, 3))).toEqual([
      ['a', 300, 0.75],
      ['b', 100, 0.25],
    ])
    const withEce = modelTableCsv(models, response.filters, new Map([['a', { ece: 0.0421, labeled: 10 }]]))
    expect(withEce.header.at(-1)).toBe('ece')
    expect(withEce.rows.map((r) => r.at(-1))).toEqual([0.0421, null])
  })
})
