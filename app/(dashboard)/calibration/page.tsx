import type { Metadata } from 'next'
import { MetricPage } from '../_components/metric-page'
import { CalibrationSkeleton, CalibrationView } from './_components/calibration-view'

export const metadata: Metadata = { title: 'Calibration' }

/** Calibration (SPEC §3.2): reliability diagram, ECE, MCE, Brier, per version or segment, for the filters and options in the URL. */
export default function CalibrationPage() {
  return (
    <MetricPage title="Calibration" skeleton={<CalibrationSkeleton />}>
      <CalibrationView />
    </MetricPage>
  )
}
