import type { Metadata } from 'next'
import { MetricPage } from '../_components/metric-page'
import { WorkloadSkeleton, WorkloadView } from './_components/workload-view'

export const metadata: Metadata = { title: 'Workload' }

/** Workload (SPEC §3.3): backlog, waits and the SLA, reviewers' load and fatigue, and tomorrow's staffing, for the filters in the URL. */
export default function WorkloadPage() {
  return (
    <MetricPage title="Workload" skeleton={<WorkloadSkeleton />}>
      <WorkloadView />
    </MetricPage>
  )
}
