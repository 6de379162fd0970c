import type { Metadata } from 'next'
import { ComingSoon } from '../_components/coming-soon'
import { requirePageSession } from '@/lib/auth/page'

export const metadata: Metadata = { title: 'Workload' }

export default async function WorkloadPage() {
  await requirePageSession()
  return (
    <ComingSoon
      title="Workload"
      intro="How loaded the reviewers are and whether escalated items are handled within the SLA."
      items={[
        'Arrivals, completions and backlog per hour and per day',
        'Wait and handle times (p50, p90, p99) and SLA attainment',
        'Per reviewer: reviews, reviews per active hour, handle-time percentiles',
        'Staffing: reviewer-hours per day and reviewers needed on shift (Erlang C)',
      ]}
    />
  )
}
