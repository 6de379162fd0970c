import type { Metadata } from 'next'
import { Suspense } from 'react'
import { KpiCardsSkeleton } from '../_components/kpi-cards'
import { CalibrationChartsSkeleton } from './_components/calibration-charts'
import { CalibrationView } from './_components/calibration-view'
import { requirePageSession } from '@/lib/auth/page'

export const metadata: Metadata = { title: 'Calibration' }

/** Calibration (SPEC §3.2): reliability diagram, ECE, MCE, Brier, per version or segment, for the filters in the URL. */
export default async function CalibrationPage() {
  await requirePageSession()
  return (
    // The view reads the filters and options from the URL (useSearchParams), which needs a Suspense boundary.
    <Suspense
      fallback={
        <>
          <header className="page-header">
            <h1>Calibration</h1>
          </header>
          <KpiCardsSkeleton count={5} columns={5} />
          <CalibrationChartsSkeleton />
        </>
      }
    >
      <CalibrationView />
    </Suspense>
  )
}
