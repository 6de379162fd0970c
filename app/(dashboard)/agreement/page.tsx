import type { Metadata } from 'next'
import { Suspense } from 'react'
import { ChartGridSkeleton } from '../_components/chart-card'
import { KpiCardsSkeleton } from '../_components/kpi-cards'
import { AgreementView } from './_components/agreement-view'
import { requirePageSession } from '@/lib/auth/page'

export const metadata: Metadata = { title: 'Agreement' }

/** Agreement (SPEC §3.1): model–human and inter-reviewer agreement, per reviewer, for the filters in the URL. */
export default async function AgreementPage() {
  await requirePageSession()
  return (
    // The view reads the filters from the URL (useSearchParams), which needs a Suspense boundary.
    <Suspense
      fallback={
        <>
          <header className="page-header">
            <h1>Agreement</h1>
          </header>
          <KpiCardsSkeleton count={4} />
          <ChartGridSkeleton count={2} />
        </>
      }
    >
      <AgreementView />
    </Suspense>
  )
}
