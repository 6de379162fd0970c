/**
 * Chart colours: one meaning per colour across the dashboard (auto is always blue, review amber…).
 * Each is a CSS variable of app/globals.css (`--chart-*`), with a light and a dark value: the
 * charts follow the system's colour scheme like the rest of the page. Recharts writes them into
 * SVG fill/stroke attributes and inline styles, where var() resolves.
 */
export const CHART_COLORS = {
  auto: 'var(--chart-auto)',
  review: 'var(--chart-review)',
  audit: 'var(--chart-audit)',
  escalation: 'var(--chart-escalation)',
  automation: 'var(--chart-automation)',
  reviews: 'var(--chart-reviews)',
  backlog: 'var(--chart-backlog)',
  agreement: 'var(--chart-agreement)',
  /** Calibration: observed accuracy per bin, and the perfect-calibration diagonal. */
  accuracy: 'var(--chart-accuracy)',
  diagonal: 'var(--chart-diagonal)',
  /** Gap between accuracy and confidence: below the diagonal (overconfident) red, above it (underconfident) sky. */
  overconfident: 'var(--chart-overconfident)',
  underconfident: 'var(--chart-underconfident)',
  /** Predictions per bin under the reliability curve, and the labeled part of the histogram. */
  binCount: 'var(--chart-bin-count)',
  labeled: 'var(--chart-labeled)',
  unlabeled: 'var(--chart-unlabeled)',
  ece: 'var(--chart-ece)',
  brier: 'var(--chart-brier)',
  grid: 'var(--chart-grid)',
  /** The card behind the plot: gaps between bars and rings around points (recharts' own are white). */
  surface: 'var(--surface)',
  axis: 'var(--chart-axis)',
} as const

/** Plot height in px: tall enough for four gridlines, short enough for two charts per row on a laptop. */
export const CHART_HEIGHT = 240

export const AXIS_TICK = { fontSize: 12, fill: CHART_COLORS.axis } as const
