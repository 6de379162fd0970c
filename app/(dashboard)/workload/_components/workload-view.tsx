'use client'

import { useQuery } from '@tanstack/react-query'
import { usePathname, useSearchParams } from 'next/navigation'
import { DEFAULT_SLA_TARGET } from '@/lib/capacity/capacity.schema'
import { formatCount, formatDay } from '@/lib/format'
import type { WorkloadResponse } from '@/analytics/workload/workload.schema'
import { metricQueryOptions } from '../../_queries'
import { ChartCard, ChartGridSkeleton } from '../../_components/chart-card'
import { scopeLine } from '../../_components/chart-math'
import { KpiCards, KpiCardsSkeleton } from '../../_components/kpi-cards'
import { MetricView, useMetricFilters, useMetricQuery } from '../../_components/metric-view'
import { usePartialLastPeriod } from '../../_components/use-partial-period'
import { DayFlowChart, HourFlowChart } from './backlog-charts'
import { Explain, TipBlock } from '../../_components/explain'
import { FatigueChart } from './fatigue-chart'
import { activeDays, backlogStory, findBacklogPeak, isEmptyWorkload, KPI_EXPLANATIONS, PEAK_WINDOW_HOURS, prepareDayFlow, prepareHourFlow, prepareWorkloadKpis } from './prepare'
import { preparePercentileStrip, prepareQueueRows, prepareSlaSeries, prepareWaitSeries, slaLegend, slaLines, slaStory } from './prepare-sla'
import { fatigueSummary, prepareShiftHours } from './prepare-team'
import { ReviewerTable } from './reviewer-table'
import { PercentileStripChart, QueueTable, SlaPerDayChart, WaitPerDayChart } from './sla-charts'
import { StaffingPanel } from './staffing-panel'
import { WorkloadControls } from './workload-controls'
import { daysCsv, hoursCsv, percentilesCsv, queuesCsv, shiftHoursCsv } from './workload-csv'
import { readWorkloadOptions, updateWorkloadOptions } from './workload-options'
import styles from './workload.module.css'

/** What the workload shows while it loads: the KPI cards and the first charts. */
export function WorkloadSkeleton() {
  return (
    <>
      <KpiCardsSkeleton count={8} />
      <ChartGridSkeleton count={4} />
    </>
  )
}

export function WorkloadView() {
  const searchParams = useSearchParams()
  const pathname = usePathname()
  const options = readWorkloadOptions(searchParams)
  const query = useMetricQuery('workload', options)
  // With a reviewer or queue chosen, the pickers' lists come from the same view without them (usually cached already).
  const narrowed = options.reviewer_id !== undefined || options.queue !== undefined
  const everyone = useQuery({ ...metricQueryOptions('workload', useMetricFilters()), enabled: narrowed })
  const source = narrowed ? everyone.data : query.data
  const reviewerIds = source?.reviewers.map((r) => r.reviewer_id) ?? []
  const queues = source?.queues.map((q) => q.queue) ?? []

  const hrefFor = (patch: { reviewer_id?: string; queue?: string }) => `${pathname}?${updateWorkloadOptions(new URLSearchParams(searchParams), patch)}`

  return (
    <MetricView
      family="workload"
      title="Workload"
      query={query}
      scope={(data) => scopeLine(data.filters, [data.filters.reviewer_id ? `reviewer ${data.filters.reviewer_id}` : null, data.filters.queue ? `queue ${data.filters.queue}` : null])}
      controls={<WorkloadControls reviewerIds={reviewerIds} queues={queues} />}
      skeleton={<WorkloadSkeleton />}
      isEmpty={isEmptyWorkload}
      empty={
        <>
          No escalated items in this view{narrowed ? ' for this reviewer or queue' : ''} — widen the dates{narrowed ? ', clear the reviewer and queue' : ''}, or ingest
          telemetry: see README
        </>
      }
    >
      {(data) => (
        <WorkloadContent
          data={data}
          hrefForReviewer={(reviewer_id) => hrefFor({ reviewer_id })}
          hrefForQueue={(queue) => hrefFor({ queue })}
        />
      )}
    </MetricView>
  )
}

function WorkloadContent({ data, hrefForReviewer, hrefForQueue }: { data: WorkloadResponse; hrefForReviewer: (id: string) => string; hrefForQueue: (queue: string) => string }) {
  const { days, trimmedBefore } = activeDays(data.series)
  const hours = prepareHourFlow(data.hourly)
  const peak = findBacklogPeak(hours)
  const partial = usePartialLastPeriod(days[days.length - 1]?.date, data.filters)
  const target = data.staffing?.sla_target ?? DEFAULT_SLA_TARGET
  const slas = slaLines(data.queues)
  const shift = prepareShiftHours(data.shift_hours)
  const fatigue = fatigueSummary(shift.points)
  const from = days[0] ? formatDay(days[0].date) : null
  const since = trimmedBefore && from ? ` From ${from}, the first day with escalations.` : ''

  return (
    <div className={styles.page}>
      <header className="section-header">
        <h2 className="visually-hidden">At a glance</h2>
        <p className="muted small">
          Escalated items, their waits and the SLA, measured at the end of the range or now.{' '}
          <Explain openOnHover label="What the figures count" about="the figures at a glance" testId="kpi-explain">
            <TipBlock term="Backlog">{KPI_EXPLANATIONS.backlog}</TipBlock>
            <TipBlock term="Peak backlog">{KPI_EXPLANATIONS.peak_backlog}</TipBlock>
            <TipBlock term="Escalated">{KPI_EXPLANATIONS.escalated}</TipBlock>
            <TipBlock term="SLA attainment">{KPI_EXPLANATIONS.sla_attainment}</TipBlock>
            <TipBlock term="Wait">{KPI_EXPLANATIONS.wait}</TipBlock>
            <TipBlock term="Handle">{KPI_EXPLANATIONS.handle}</TipBlock>
            <TipBlock term="Reviewers">{KPI_EXPLANATIONS.reviewers}</TipBlock>
            <TipBlock term="Needed tomorrow">{KPI_EXPLANATIONS.staffing}</TipBlock>
          </Explain>
        </p>
      </header>
      <KpiCards kpis={prepareWorkloadKpis(data, peak)} label="Workload figures" />

      <section className={styles.section} aria-labelledby="backlog-heading">
        <header className="section-header">
          <h2 id="backlog-heading">Backlog</h2>
          <p className="muted small">How big it got and why: escalations arriving against reviews completed.</p>
        </header>
        <p className="callout" role="note" data-testid="backlog-story">
          {backlogStory(peak, data.backlog, data.measured_at)}
        </p>
        <div className="chart-grid">
          <ChartCard
            wide
            title="Backlog hour by hour"
            testId="chart-backlog-hourly"
            csv={hoursCsv(data.filters, data.hourly)}
            subtitle={
              <>
                Items open at the end of each hour (filled), with the escalations arriving and the reviews completed per hour.{since}{' '}
                <Explain openOnHover about="Backlog hour by hour">
                  <TipBlock term="Open at end of hour">escalated items predicted by then with no review by then (the backlog). It grows in an hour when more arrive than are reviewed.</TipBlock>
                  <TipBlock term="Escalated per hour">predictions routed to review or audit in the hour.</TipBlock>
                  <TipBlock term="Reviewed per hour">items whose first review completed in the hour (or closed by a re-score to auto).</TipBlock>
                  <TipBlock>The dashed line marks the peak; “Peak ±{PEAK_WINDOW_HOURS} h” shows the {PEAK_WINDOW_HOURS} hours either side of it. Hours in UTC.</TipBlock>
                </Explain>
              </>
            }
          >
            <HourFlowChart points={hours} peak={peak} />
          </ChartCard>
          <ChartCard
            wide
            title="Arrivals, completions and backlog per day"
            testId="chart-backlog-daily"
            csv={daysCsv(data.filters, days)}
            subtitle={
              <>
                Escalations arriving and items reviewed each UTC day (bars), and the backlog left at the day’s end (line).{' '}
                <Explain openOnHover about="Arrivals, completions and backlog per day">
                  <TipBlock>
                    A day whose bar of arrivals is taller than its completions adds to the backlog. The backlog line is measured at the end of the day, so a spike
                    worked off within the day shows in the hourly chart above but less here.
                  </TipBlock>
                  <TipBlock>A day the data do not cover fully yet is hatched and its bars faint.</TipBlock>
                </Explain>
              </>
            }
          >
            <DayFlowChart points={prepareDayFlow(days)} partial={partial} peakDay={peak ? peak.hour.slice(0, 10) : null} />
          </ChartCard>
        </div>
      </section>

      <section className={styles.section} aria-labelledby="sla-heading">
        <header className="section-header">
          <h2 id="sla-heading">Waits and the SLA</h2>
          <p className="muted small">How long items wait for a reviewer, and how many start within their SLA.</p>
        </header>
        <p className="callout" role="note" data-testid="sla-story">
          {slaStory(data, days, target)}
        </p>
        <div className="chart-grid">
          <ChartCard
            title="SLA attainment per day"
            testId="chart-sla-daily"
            csv={daysCsv(data.filters, days, 'sla per day')}
            subtitle={
              <>
                Items met, breached and pending by prediction day (bars), and the day’s attainment (line, right axis) against the target.{' '}
                <Explain openOnHover about="SLA attainment per day">
                  <TipBlock term="Met">the item’s first review started within its SLA of the prediction (exactly the SLA is met).</TipBlock>
                  <TipBlock term="Breached">it started later, or the item is still open more than the SLA after its prediction.</TipBlock>
                  <TipBlock term="Pending">still open and still within the SLA at the end of the range: left out of the attainment.</TipBlock>
                  <TipBlock term="Attainment">met ÷ (met + breached). The dashed line is the target{data.staffing ? ' from Settings → Capacity' : ' (the default 90 %; set it in Settings → Capacity)'}.</TipBlock>
                </Explain>
              </>
            }
          >
            <SlaPerDayChart points={prepareSlaSeries(days)} partial={partial} target={target} />
          </ChartCard>
          <ChartCard
            title="Wait per day"
            testId="chart-wait-daily"
            csv={daysCsv(data.filters, days, 'wait per day')}
            subtitle={
              <>
                Each day’s p50, p90 and p99 wait from prediction to first review, on a log scale, with the SLA{slas.length > 1 ? 's' : ''} dashed
                {slaLegend(slas) ? ` (${slaLegend(slas)})` : ''}.{' '}
                <Explain openOnHover about="Wait per day">
                  <TipBlock>
                    Wait: from the prediction to the start of the item’s first review (started_at, else completion − duration, else completion), by prediction day. Exact
                    percentiles: p50 is the median; on a p90 day nine in ten items waited less.
                  </TipBlock>
                  <TipBlock>A p90 line above the SLA line is a day where more than one item in ten breached. The axis is logarithmic: each step is several times the last. Waits under a second (an item picked up at once) sit on its floor, “≤ 1 s”.</TipBlock>
                </Explain>
              </>
            }
          >
            <WaitPerDayChart points={prepareWaitSeries(days)} slas={slas} partial={partial} />
          </ChartCard>
          <ChartCard
            wide
            title="Wait and handle time distributions"
            testId="chart-percentiles"
            csv={percentilesCsv(data)}
            subtitle={
              <>
                How the whole view’s waits and handle times spread, on one log time axis, with p50, p90 and p99 marked and the SLA on the wait track.{' '}
                <Explain openOnHover about="Wait and handle time distributions">
                  <TipBlock term="Wait">{KPI_EXPLANATIONS.wait}</TipBlock>
                  <TipBlock term="Handle time">{KPI_EXPLANATIONS.handle}</TipBlock>
                  <TipBlock term="Bars">
                    items per time bin (1–2 min, 2–5 min, …), drawn as density on the log axis so that a wide bin does not look bigger for its width; hover a bar for its count.
                  </TipBlock>
                  <TipBlock>The band spans p50 to p99: a long band is an uneven queue, a few items waiting far longer than most.</TipBlock>
                </Explain>
              </>
            }
          >
            <PercentileStripChart strip={preparePercentileStrip(data.wait_ms, data.handle_ms, slas, data.distributions)} />
          </ChartCard>
        </div>
        {data.queues.length > 0 ? <QueueTable rows={prepareQueueRows(data.queues)} csv={queuesCsv(data)} target={target} hrefForQueue={hrefForQueue} /> : null}
      </section>

      <section className={styles.section} aria-labelledby="reviewers-heading">
        <header className="section-header">
          <h2 id="reviewers-heading">Reviewers</h2>
          <p className="muted small">Who carries the load, and how the pace and accuracy hold up over a shift.</p>
        </header>
        {data.reviewers.length > 0 ? <ReviewerTable data={data} hrefForReviewer={hrefForReviewer} /> : <p className="muted">No reviews in this view.</p>}
        {shift.points.length > 0 ? (
          <div className="chart-grid">
            <ChartCard
              wide
              title="Fatigue: by hour into the shift"
              testId="chart-fatigue"
              csv={shiftHoursCsv(data)}
              subtitle={
                <>
                  {fatigue ? <span data-testid="fatigue-summary">{fatigue} </span> : null}
                  {shift.leftOut > 0 ? `${formatCount(shift.leftOut)} reviews later into a shift are left out: too few per hour to compare. ` : ''}
                  <Explain openOnHover about="Fatigue by hour into the shift">
                    <TipBlock>
                      Every counted review by the hour of its reviewer’s shift it was completed in, every reviewer together. A shift is a run of clock hours with
                      completed reviews, ended by 4 hours without one: a night shift across midnight is one shift.
                    </TipBlock>
                    <TipBlock term="Mean handle time">the mean duration of the hour’s reviews (left axis). Rising: slower late in a shift.</TipBlock>
                    <TipBlock term="Agreement with model">share of the hour’s reviews whose label equals the model’s (right axis). Falling late in a shift can be tiredness.</TipBlock>
                    <TipBlock term="Reviews">the grey bars: how many reviews each hour’s figures rest on. Hours with under 2 % of the reviews are not compared.</TipBlock>
                  </Explain>
                </>
              }
            >
              <FatigueChart points={shift.points} />
            </ChartCard>
          </div>
        ) : null}
      </section>

      <section className={styles.section} aria-label="Staffing">
        <StaffingPanel data={data} />
      </section>
    </div>
  )
}
