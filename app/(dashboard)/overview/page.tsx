import type { Metadata } from 'next'
import { Suspense } from 'react'
import { ChartGridSkeleton } from '../_components/chart-card'
import { KpiCardsSkeleton } from '../_components/kpi-cards'
import { OverviewView } from './_components/overview-view'
import { requirePageSession } from '@/lib/auth/page'

export const metadata: Metadata = { title: 'Overview' }

/** Overview (SPEC §3.0): volumes, automation, reviews and agreement for the filters in the URL. */
export default async function OverviewPage() {
  await requirePageSession()
  return (
    // The view reads the filters from the URL (useSearchParams), which needs a Suspense boundary.
    <Suspense
      fallback={
        <>
          <header className="page-header">
            <h1>Overview</h1>
          </header>
          <KpiCardsSkeleton />
          <ChartGridSkeleton />
        </>
      }
    >
      <OverviewView />
    </Suspense>
  )
}
