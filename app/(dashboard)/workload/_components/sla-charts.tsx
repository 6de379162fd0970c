'use client'

import Link from 'next/link'
import { Bar, CartesianGrid, Cell, ComposedChart, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts'
import { formatCompact, formatCount, formatPercent } from '@/lib/format'
import { formatDuration, percentTick, type PartialPeriod } from '../../_components/chart-math'
import { SeriesLegend, useSeriesToggle } from '../../_components/chart-legend'
import { PartialPeriodArea } from '../../_components/chart-tooltip'
import { AXIS_TICK, CHART_COLORS, CHART_HEIGHT } from '../../_components/chart-theme'
import type { CsvExport } from '../../_components/csv'
import { TableCard } from '../../_components/chart-card'
import { Explain, TipBlock } from '../../_components/explain'
import { MixedTooltip, type MixedSeries } from './mixed-tooltip'
import { onQueryLinkClick } from './query-link'
import { logDurationAxis } from './prepare'
import { hasFlooredWaits, type PercentileStrip, type QueueRow, type SlaLine, type SlaPoint, type WaitPoint, waitTickLabel } from './prepare-sla'
import { WORKLOAD_COLORS } from './workload-colors'
import styles from './workload.module.css'

const CHART_STYLE = { width: '100%', height: CHART_HEIGHT } as const
const CHART_MARGIN = { top: 16, right: 12, bottom: 0, left: 0 } as const
const PARTIAL_BAR_OPACITY = 0.4

const PERCENTILE_NAMES = { p50: 'p50 (median)', p90: 'p90', p99: 'p99' } as const

const ANCHOR_CLASS = { start: styles.anchorStart, middle: styles.anchorMiddle, end: styles.anchorEnd } as const

/**
 * Wait and handle time percentiles on one logarithmic time axis, the SLA drawn across the wait
 * track: how far the median, the p90 and the p99 are from each other and from the SLA. The values
 * are written out beside each track too, so nothing needs reading off the axis.
 */
export function PercentileStripChart({ strip }: { strip: PercentileStrip }) {
  return (
    <div className={styles.strip} data-testid="percentile-strip">
      {strip.rows.map((row) => (
        <div key={row.id} className={styles.stripRow} data-measure={row.id}>
          <div className={styles.stripName}>{row.name}</div>
          <div className={styles.stripTrackBox}>
            <div className={styles.stripLabels} aria-hidden="true">
              {row.markers.map((m) => (
                <span
                  key={m.key}
                  className={`${styles.stripLabel} ${ANCHOR_CLASS[m.anchor]} ${m.row === 1 ? styles.stripLabelLow : ''}`}
                  style={{ left: `${m.position}%`, color: WORKLOAD_COLORS[m.key] }}
                >
                  {m.key}
                </span>
              ))}
            </div>
            {row.bars.length > 0 ? (
              <div className={styles.stripBars} data-testid={`distribution-${row.id}`}>
                {row.bars.map((bar) => (
                  <span key={bar.left} className={styles.stripBar} style={{ left: `${bar.left}%`, width: `${bar.width}%`, height: `${bar.height}%` }} title={bar.title} />
                ))}
                {row.markers.map((m) => (
                  <span key={m.key} aria-hidden="true" className={styles.stripBarMark} style={{ left: `${m.position}%`, borderColor: WORKLOAD_COLORS[m.key] }} />
                ))}
              </div>
            ) : null}
            <div className={styles.stripTrack} aria-hidden="true">
              {strip.ticks.map((t) => (
                <span key={t.ms} className={styles.stripGrid} style={{ left: `${t.position}%` }} />
              ))}
              {row.markers.length >= 2 ? (
                <span
                  className={styles.stripRange}
                  style={{ left: `${row.markers[0].position}%`, width: `${row.markers[row.markers.length - 1].position - row.markers[0].position}%` }}
                />
              ) : null}
              {row.slas.map((s) => (
                <span key={s.label} className={styles.stripSla} style={{ left: `${s.position}%` }} />
              ))}
              {row.markers.map((m) => (
                <span key={m.key} className={styles.stripMarker} style={{ left: `${m.position}%`, background: WORKLOAD_COLORS[m.key] }} />
              ))}
            </div>
            <div className={styles.stripAxis} aria-hidden="true">
              {strip.ticks.map((t) => (
                <span key={t.ms} className={ANCHOR_CLASS[t.anchor]} style={{ left: `${t.position}%` }}>
                  {t.label}
                </span>
              ))}
            </div>
            {row.slas.length > 0 ? (
              <div className={`${styles.stripSlaLabels} ${row.slas.some((s) => s.row === 1) ? styles.stripSlaLabelsTwo : ''}`} aria-hidden="true">
                {row.slas.map((s) => (
                  <span key={s.label} className={`${styles.stripSlaLabel} ${ANCHOR_CLASS[s.anchor]} ${s.row === 1 ? styles.stripLabelLow : ''}`} style={{ left: `${s.position}%` }}>
                    {s.label}
                  </span>
                ))}
              </div>
            ) : null}
          </div>
          <dl className={styles.stripValues}>
            {row.belowAxis > 0 ? (
              <div data-percentile="below">
                <dt>Below 0</dt>
                <dd title="Items re-scored after their first review: the review came before the prediction that counts">{formatCount(row.belowAxis)}</dd>
              </div>
            ) : null}
            {row.markers.map((m) => (
              <div key={m.key} data-percentile={m.key}>
                <dt>
                  <span aria-hidden="true" className={styles.dot} style={{ background: WORKLOAD_COLORS[m.key] }} />
                  {PERCENTILE_NAMES[m.key]}
                </dt>
                <dd>{m.value}</dd>
              </div>
            ))}
            {row.slas.map((s) => (
              <div key={s.label} data-sla={s.label}>
                <dt>
                  <span aria-hidden="true" className={styles.slaSwatch} />
                  SLA
                </dt>
                <dd>{s.label.replace(/^SLA /, '')}</dd>
              </div>
            ))}
            {row.markers.length === 0 ? <div className="muted">No {row.name.toLowerCase()}s in this view</div> : null}
          </dl>
        </div>
      ))}
    </div>
  )
}

const waitValue = (v: number | null | undefined) => formatDuration(v)
const WAIT_SERIES: readonly MixedSeries[] = [
  { key: 'p50', name: 'p50 (median)', color: WORKLOAD_COLORS.p50, swatch: 'line', format: waitValue, valueKey: 'p50Ms' },
  { key: 'p90', name: 'p90', color: WORKLOAD_COLORS.p90, swatch: 'line', format: waitValue, valueKey: 'p90Ms' },
  { key: 'p99', name: 'p99', color: WORKLOAD_COLORS.p99, swatch: 'line', format: waitValue, valueKey: 'p99Ms' },
]

/** Each day's wait percentiles on a log axis, with the SLA lines: a p90 above an SLA line is a day that missed a 90 % target. */
export function WaitPerDayChart({ points, slas, partial }: { points: readonly WaitPoint[]; slas: readonly SlaLine[]; partial: PartialPeriod | null }) {
  const { hidden, toggle } = useSeriesToggle()
  const axis = logDurationAxis([...points.flatMap((p) => [p.p50, p.p90, p.p99]), ...slas.map((s) => s.ms)])
  const floored = hasFlooredWaits(points)
  const last = points[points.length - 1]
  const partialLabel = partial && last?.date === partial.period ? last.label : null
  return (
    <>
      <LineChart responsive data={points as WaitPoint[]} style={CHART_STYLE} margin={CHART_MARGIN}>
        <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
        <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} minTickGap={16} />
        <YAxis scale="log" domain={axis.domain} ticks={axis.ticks} tickFormatter={(ms: number) => waitTickLabel(ms, floored)} tick={AXIS_TICK} tickLine={false} axisLine={false} width={52} allowDataOverflow />
        {partialLabel ? <PartialPeriodArea x={partialLabel} /> : null}
        {slas.map((s) => (
          <ReferenceLine key={s.minutes} y={s.ms} stroke={WORKLOAD_COLORS.sla} strokeDasharray="5 4" label={{ value: s.label, position: 'insideBottomLeft', fontSize: 11, fontWeight: 600, fill: WORKLOAD_COLORS.sla }} />
        ))}
        <Tooltip content={(props) => <MixedTooltip {...props} series={WAIT_SERIES} hidden={hidden} partial={partial} />} />
        {WAIT_SERIES.map((s) => (
          <Line key={s.key} dataKey={s.key} name={s.name} stroke={s.color} strokeWidth={s.key === 'p90' ? 2.5 : 1.75} dot={points.length <= 31 ? { r: 2 } : false} hide={hidden.has(s.key)} isAnimationActive={false} />
        ))}
      </LineChart>
      <SeriesLegend series={WAIT_SERIES} hidden={hidden} onToggle={toggle} label="Wait percentiles" />
    </>
  )
}

const SLA_SERIES: readonly MixedSeries[] = [
  { key: 'met', name: 'Met', color: WORKLOAD_COLORS.met, format: (v) => formatCount(v) },
  { key: 'breached', name: 'Breached', color: WORKLOAD_COLORS.breached, format: (v) => formatCount(v) },
  { key: 'pending', name: 'Pending', color: WORKLOAD_COLORS.pending, format: (v) => formatCount(v) },
  { key: 'attainment', name: 'Attainment', color: WORKLOAD_COLORS.attainment, swatch: 'line', format: (v) => (typeof v === 'number' ? formatPercent(v / 100) : 'none met or breached') },
]

/** Items met, breached and pending per prediction day (bars) and that day's attainment (line, right axis), against the target. */
export function SlaPerDayChart({ points, partial, target }: { points: readonly SlaPoint[]; partial: PartialPeriod | null; target: number }) {
  const { hidden, toggle } = useSeriesToggle()
  const last = points.length - 1
  const partialLabel = partial && points[last]?.date === partial.period ? points[last].label : null
  return (
    <>
      <ComposedChart responsive data={points as SlaPoint[]} style={CHART_STYLE} margin={{ ...CHART_MARGIN, right: 4 }}>
        <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
        <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} minTickGap={16} />
        <YAxis yAxisId="count" tick={AXIS_TICK} tickFormatter={formatCompact} tickLine={false} axisLine={false} width={40} allowDecimals={false} />
        <YAxis yAxisId="rate" orientation="right" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} tickFormatter={percentTick} tick={AXIS_TICK} tickLine={false} axisLine={false} width={44} />
        {partialLabel ? <PartialPeriodArea x={partialLabel} yAxisId="count" /> : null}
        <ReferenceLine
          yAxisId="rate"
          y={target * 100}
          stroke={WORKLOAD_COLORS.attainment}
          strokeDasharray="5 4"
          label={{ value: `target ${formatPercent(target, 0)}`, position: 'insideBottomLeft', fontSize: 11, fill: WORKLOAD_COLORS.attainment }}
        />
        <Tooltip content={(props) => <MixedTooltip {...props} series={SLA_SERIES} hidden={hidden} partial={partial} />} />
        {SLA_SERIES.slice(0, 3).map((s) => (
          <Bar key={s.key} yAxisId="count" dataKey={s.key} name={s.name} stackId="sla" fill={s.color} hide={hidden.has(s.key)} isAnimationActive={false}>
            {partialLabel ? points.map((p, i) => <Cell key={p.date} fillOpacity={i === last ? PARTIAL_BAR_OPACITY : 1} />) : null}
          </Bar>
        ))}
        <Line yAxisId="rate" dataKey="attainment" name="Attainment" stroke={WORKLOAD_COLORS.attainment} strokeWidth={2} dot={points.length <= 31 ? { r: 2 } : false} hide={hidden.has('attainment')} isAnimationActive={false} />
      </ComposedChart>
      <SeriesLegend series={SLA_SERIES} hidden={hidden} onToggle={toggle} label="SLA" />
    </>
  )
}

const QUEUE_COLUMNS = [
  { key: 'sla', label: 'SLA', title: 'The SLA of this queue and model from Settings → Capacity (240 minutes by default).' },
  { key: 'escalated', label: 'Escalated', title: 'Items escalated in the range whose first review was in this queue (or, unreviewed, routed to it).' },
  { key: 'met', label: 'Met', title: 'First review started within the SLA (exactly the SLA is met).' },
  { key: 'breached', label: 'Breached', title: 'First review started later than the SLA, or still open more than the SLA after the prediction.' },
  { key: 'pending', label: 'Pending', title: 'Still open, within the SLA at the end of the range: left out of the attainment.' },
  { key: 'attainment', label: 'Attainment', title: 'Met ÷ (met + breached).' },
  { key: 'waitP50', label: 'Wait p50', title: 'Median wait from prediction to the first review’s start.' },
  { key: 'waitP90', label: 'Wait p90', title: 'Nine in ten items waited less than this.' },
] as const

/** SLA attainment per model and queue, with each one's SLA; the worst first. A queue's name narrows the page to it. */
export function QueueTable({ rows, csv, target, hrefForQueue }: { rows: readonly QueueRow[]; csv: CsvExport; target: number; hrefForQueue: (queue: string) => string }) {
  return (
    <TableCard
      title="SLA per queue and model"
      titleId="queue-table-title"
      subtitle={
        <>
          Worst attainment first; marked below the target of {formatPercent(target, 0)}. Select a queue to focus the page on it.{' '}
          <Explain openOnHover about="SLA per queue and model">
            {QUEUE_COLUMNS.map((c) => (
              <TipBlock key={c.key} term={c.label}>
                {c.title}
              </TipBlock>
            ))}
          </Explain>
        </>
      }
      tableLabel="SLA per queue and model"
      tableTestId="queue-table"
      csv={csv}
    >
      <thead>
        <tr>
          <th scope="col">Queue</th>
          <th scope="col">Model</th>
          {QUEUE_COLUMNS.map((c) => (
            <th key={c.key} scope="col" className="num" title={c.title}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const below = row.attainment !== null && row.attainment < target
          return (
            <tr key={row.key} data-queue={row.queueRaw} data-model={row.model} className={below ? 'row-flagged' : undefined}>
              <th scope="row">{row.queueRaw ? <Link href={hrefForQueue(row.queueRaw)} scroll={false} onClick={onQueryLinkClick} title="Show this queue's items only">{row.queue}</Link> : row.queue}</th>
              <td>{row.model}</td>
              <td className="num">{row.sla}</td>
              <td className="num">{formatCount(row.escalated)}</td>
              <td className="num">{formatCount(row.met)}</td>
              <td className={`num ${row.breached > 0 ? styles.bad : ''}`}>{formatCount(row.breached)}</td>
              <td className="num">{formatCount(row.pending)}</td>
              <td className={`num ${styles.relative}`} data-attainment={row.attainment ?? ''}>
                <span className={below ? styles.bad : undefined}>{formatPercent(row.attainment)}</span>
                {below ? <span className="visually-hidden"> (below target)</span> : null}
              </td>
              <td className="num">{formatDuration(row.waitP50)}</td>
              <td className="num">{formatDuration(row.waitP90)}</td>
            </tr>
          )
        })}
      </tbody>
    </TableCard>
  )
}
