/** Chart colours: one meaning per colour across the dashboard (auto is always blue, review amber…). */
export const CHART_COLORS = {
  auto: '#3b82f6',
  review: '#f59e0b',
  audit: '#8b5cf6',
  escalation: '#f59e0b',
  automation: '#3b82f6',
  reviews: '#14b8a6',
  backlog: '#ef4444',
  agreement: '#16a34a',
  /** Calibration: observed accuracy per bin, and the perfect-calibration diagonal. */
  accuracy: '#4f46e5',
  diagonal: '#9ca3af',
  /** Gap between accuracy and confidence: below the diagonal (overconfident) red, above it (underconfident) sky. */
  overconfident: '#ef4444',
  underconfident: '#0ea5e9',
  /** Predictions per bin under the reliability curve, and the labeled part of the histogram. */
  binCount: '#cbd5e1',
  labeled: '#64748b',
  unlabeled: '#cbd5e1',
  ece: '#db2777',
  brier: '#0891b2',
  grid: '#e5e7eb',
  axis: '#6b7280',
} as const

/** Plot height in px: tall enough for four gridlines, short enough for two charts per row on a laptop. */
export const CHART_HEIGHT = 240

export const AXIS_TICK = { fontSize: 12, fill: CHART_COLORS.axis } as const
