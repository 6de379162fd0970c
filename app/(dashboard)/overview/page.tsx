import type { Metadata } from 'next'
import { MetricPage } from '../_components/metric-page'
import { OverviewSkeleton, OverviewView } from './_components/overview-view'

export const metadata: Metadata = { title: 'Overview' }

/** Overview (SPEC §3.0): volumes, automation, reviews and agreement for the filters in the URL. */
export default function OverviewPage() {
  return (
    <MetricPage title="Overview" skeleton={<OverviewSkeleton />}>
      <OverviewView />
    </MetricPage>
  )
}
