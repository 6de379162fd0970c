import { Suspense, type ReactNode } from 'react'
import { requirePageSession } from '@/lib/auth/page'
import { LoadingState, PageHeader, metricPageLabels } from './query-states'

/**
 * The page of one metric family (Overview, Agreement, Calibration…): the session check every
 * dashboard page makes itself (lib/auth/page.ts), and a Suspense boundary around the family's
 * view, which reads its filters from the URL (useSearchParams). Until the view renders, the title
 * and the same skeleton the view shows while its first load runs.
 *
 *   export default function WorkloadPage() {
 *     return <MetricPage title="Workload" skeleton={<WorkloadSkeleton />}><WorkloadView /></MetricPage>
 *   }
 */
export async function MetricPage({ title, skeleton, children }: { title: string; skeleton: ReactNode; children: ReactNode }) {
  await requirePageSession()
  return (
    <Suspense
      fallback={
        <>
          <PageHeader title={title} />
          <LoadingState label={metricPageLabels(title).loading}>{skeleton}</LoadingState>
        </>
      }
    >
      {children}
    </Suspense>
  )
}
