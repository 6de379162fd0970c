'use client'

import Link from 'next/link'
import { Bar, CartesianGrid, Cell, ComposedChart, Tooltip, XAxis, YAxis } from 'recharts'
import { formatCount } from '@/lib/format'
import type { WorkloadResponse, WorkloadStaffing } from '@/analytics/workload/workload.schema'
import { ScrollTable } from '../../_components/chart-card'
import { SeriesLegend, useSeriesToggle } from '../../_components/chart-legend'
import { AXIS_TICK, CHART_COLORS, CHART_HEIGHT } from '../../_components/chart-theme'
import { CsvDownloadButton } from '../../_components/csv-download'
import { Explain, TipBlock } from '../../_components/explain'
import { MixedTooltip, type MixedSeries } from './mixed-tooltip'
import { prepareStaffing, staffingFacts, type StaffingPoint } from './prepare-team'
import { WORKLOAD_COLORS } from './workload-colors'
import { staffingCsv } from './workload-csv'
import styles from './workload.module.css'

const CHART_STYLE = { width: '100%', height: CHART_HEIGHT } as const
const CHART_MARGIN = { top: 16, right: 12, bottom: 0, left: 0 } as const
/** Where Settings → Capacity is: its heading's id (settings/_components/capacity-section.tsx). */
export const CAPACITY_SETTINGS_HREF = '/settings#capacity-title'

const reviewers = (v: number | null | undefined) => (typeof v === 'number' ? formatCount(v) : '—')

const SERIES: readonly MixedSeries[] = [
  { key: 'needed', name: 'Needed (Erlang C)', color: WORKLOAD_COLORS.needed, format: reviewers },
  { key: 'staffed', name: 'Staffed', color: WORKLOAD_COLORS.staffed, format: reviewers },
  { key: 'expected', name: 'Expected escalations', color: WORKLOAD_COLORS.arrivals, format: (v) => (typeof v === 'number' ? (Math.round(v * 10) / 10).toString() : '—') },
]
const LEGEND = [...SERIES.slice(0, 2), { key: 'short', name: 'Short: needed > staffed', color: WORKLOAD_COLORS.short }]

function titled(points: readonly StaffingPoint[]) {
  return points.map((p) => ({ ...p, title: `${p.label}–${String(p.hour + 1).padStart(2, '0')}:00 UTC` }))
}

function StaffingExplanation({ staffing }: { staffing: WorkloadStaffing }) {
  return (
    <Explain openOnHover about="Staffing">
      <TipBlock term="Expected escalations">
        per UTC hour of the forecast day, from the 28 days before it: the same weekday when the history shows a weekly pattern, else every day.
      </TipBlock>
      <TipBlock term="Needed">
        the fewest reviewers on shift in the hour for {Math.round(staffing.sla_target * 100)}% of its items to start within the SLA, by Erlang C from the hour’s expected
        escalations and the mean handle time. Their sum over the day is the total, in reviewer-hours.
      </TipBlock>
      <TipBlock term="Staffed">reviewers on shift in that hour, from Settings → Capacity. An hour is short when fewer are staffed than needed.</TipBlock>
      <TipBlock term="Reviewer-hours per day">
        expected escalations × mean handle time ÷ target occupancy: the work alone. It is less than the hourly total, which also keeps waits short when items bunch up.
      </TipBlock>
    </Explain>
  )
}

/**
 * The staffing panel (SPEC §3.3): tomorrow's reviewers needed against those staffed, per UTC hour
 * of day, short hours in red, with the total and the figures it rests on; the hour-by-hour table
 * behind a disclosure. Without capacity settings, it says so and where to set them.
 */
export function StaffingPanel({ data }: { data: WorkloadResponse }) {
  const { hidden, toggle } = useSeriesToggle()
  const staffing = data.staffing
  if (!staffing) {
    return (
      <section className="card chart-card chart-card-wide" aria-labelledby="staffing-title" data-testid="staffing-panel">
        <header className="chart-header">
          <h2 id="staffing-title">Staffing</h2>
        </header>
        <p className={`callout ${styles.notConfigured}`} role="note" data-testid="staffing-not-configured">
          Capacity is not configured, so the page cannot say how many reviewers tomorrow needs. Set the SLA and the reviewers on shift per hour in{' '}
          <Link href={CAPACITY_SETTINGS_HREF}>Settings → Capacity</Link>; the needed reviewers per hour then appear here.
        </p>
      </section>
    )
  }
  const view = prepareStaffing(staffing, data.measured_at)
  const facts = staffingFacts(staffing)
  const csv = staffingCsv(data.filters, staffing)
  return (
    <section className="card chart-card chart-card-wide" aria-labelledby="staffing-title" data-testid="staffing-panel">
      <header className={`chart-header ${styles.panelHeader}`}>
        <div>
          <h2 id="staffing-title">Staffing {view.tomorrow ? 'tomorrow' : `on ${view.dayLabel}`}</h2>
          <p className="muted small">
            Reviewers needed on shift per UTC hour against those staffed. {view.basis}. <StaffingExplanation staffing={staffing} />
          </p>
        </div>
        <CsvDownloadButton csv={csv} what="Staffing" />
      </header>
      <p className={`callout ${staffing.short_hours > 0 ? styles.calloutShort : styles.calloutOk}`} role="note" data-testid="staffing-headline">
        {view.headline}
      </p>
      <dl className={styles.facts} data-testid="staffing-totals">
        <div data-fact="needed_total">
          <dt>Needed, whole day</dt>
          <dd>{staffing.reviewers_needed_total === null ? '—' : `${formatCount(staffing.reviewers_needed_total)} reviewer-hours`}</dd>
        </div>
        <div data-fact="staffed_total">
          <dt>Staffed, whole day</dt>
          <dd>{formatCount(staffing.reviewers_staffed_total)} reviewer-hours</dd>
        </div>
        <div data-fact="short_hours">
          <dt>Short hours</dt>
          <dd className={staffing.short_hours > 0 ? styles.bad : undefined}>{staffing.short_hours === 0 ? 'none' : `${staffing.short_hours}: ${view.shortRanges.join(', ')}`}</dd>
        </div>
        {facts.map((f) => (
          <div key={f.id} data-fact={f.id} title={f.title}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
      </dl>
      <div className="chart-box">
        <ComposedChart responsive data={titled(view.points)} style={CHART_STYLE} margin={CHART_MARGIN} barGap={1} barCategoryGap="18%">
          <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
          <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} interval="preserveStartEnd" minTickGap={8} tickFormatter={(label: string) => label.slice(0, 2)} />
          <YAxis tick={AXIS_TICK} tickLine={false} axisLine={false} width={36} allowDecimals={false} />
          <Tooltip
            content={(props) => (
              <MixedTooltip
                {...props}
                series={SERIES}
                hidden={hidden}
                titleKey="title"
                extra={(p) => (p.short ? `Short by ${formatCount(Number(p.gap))} ${Number(p.gap) === 1 ? 'reviewer' : 'reviewers'}` : null)}
              />
            )}
          />
          <Bar dataKey="needed" name="Needed" fill={WORKLOAD_COLORS.needed} hide={hidden.has('needed')} isAnimationActive={false}>
            {view.points.map((p) => (
              <Cell key={p.hour} fill={p.short ? WORKLOAD_COLORS.short : WORKLOAD_COLORS.needed} />
            ))}
          </Bar>
          <Bar dataKey="staffed" name="Staffed" fill={WORKLOAD_COLORS.staffed} hide={hidden.has('staffed')} isAnimationActive={false} />
        </ComposedChart>
        <SeriesLegend series={LEGEND.filter((s) => s.key !== 'short')} hidden={hidden} onToggle={toggle} label="Staffing" />
        <p className={`muted small ${styles.axisNote}`}>
          <span aria-hidden="true" className={styles.dot} style={{ background: WORKLOAD_COLORS.short }} /> Red: an hour short of reviewers. Hours of day in UTC.
        </p>
      </div>
      <details className={styles.hourDetails}>
        <summary>Hour by hour</summary>
        <ScrollTable label={`Staffing per hour, ${view.dayLabel}`} testId="staffing-table">
          <thead>
            <tr>
              <th scope="col">Hour (UTC)</th>
              <th scope="col" className="num">
                Expected escalations
              </th>
              <th scope="col" className="num">
                Needed
              </th>
              <th scope="col" className="num">
                Staffed
              </th>
              <th scope="col" className="num">
                Short by
              </th>
            </tr>
          </thead>
          <tbody>
            {view.points.map((p) => (
              <tr key={p.hour} className={p.short ? 'row-flagged' : undefined} data-hour={p.hour} data-short={p.short}>
                <th scope="row">{p.label}</th>
                <td className="num">{(Math.round(p.expected * 10) / 10).toString()}</td>
                <td className="num">{reviewers(p.needed)}</td>
                <td className="num">{formatCount(p.staffed)}</td>
                <td className={`num ${p.short ? styles.bad : ''}`}>{p.short ? formatCount(p.gap) : '—'}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td className="num">{formatCount(Math.round(staffing.expected_escalations))}</td>
              <td className="num">{reviewers(staffing.reviewers_needed_total)}</td>
              <td className="num">{formatCount(staffing.reviewers_staffed_total)}</td>
              <td className="num">{view.missingReviewerHours > 0 ? formatCount(view.missingReviewerHours) : '—'}</td>
            </tr>
          </tfoot>
        </ScrollTable>
      </details>
    </section>
  )
}
