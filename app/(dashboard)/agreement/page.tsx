import type { Metadata } from 'next'
import { MetricPage } from '../_components/metric-page'
import { AgreementSkeleton, AgreementView } from './_components/agreement-view'

export const metadata: Metadata = { title: 'Agreement' }

/** Agreement (SPEC §3.1): model–human and inter-reviewer agreement, per reviewer, for the filters in the URL. */
export default function AgreementPage() {
  return (
    <MetricPage title="Agreement" skeleton={<AgreementSkeleton />}>
      <AgreementView />
    </MetricPage>
  )
}
