/**
 * The Workload page's chart colours. Flows reuse the dashboard's meanings (escalations amber,
 * reviews teal, backlog red, agreement green: chart-theme.ts); the SLA, percentile and staffing
 * colours are the page's own CSS variables (`--wl-*` on the page's root in workload.module.css,
 * light and dark), since the shared theme has none for them yet.
 */
import { CHART_COLORS } from '../../_components/chart-theme'

export const WORKLOAD_COLORS = {
  arrivals: CHART_COLORS.escalation,
  completions: CHART_COLORS.reviews,
  backlog: CHART_COLORS.backlog,
  agreement: CHART_COLORS.agreement,
  met: 'var(--wl-met)',
  breached: 'var(--wl-breached)',
  pending: 'var(--wl-pending)',
  attainment: 'var(--wl-attainment)',
  p50: 'var(--wl-p50)',
  p90: 'var(--wl-p90)',
  p99: 'var(--wl-p99)',
  sla: 'var(--wl-sla)',
  handle: 'var(--wl-handle)',
  needed: 'var(--wl-needed)',
  short: 'var(--wl-short)',
  staffed: 'var(--wl-staffed)',
} as const
