'use client'

import { useQuery } from '@tanstack/react-query'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { Suspense, useTransition, type ChangeEvent } from 'react'
import { activePreset, DATE_PRESETS, DEFAULT_PRESET, presetRange, readUrlFilters, updateSearchParams, type FilterKey } from '@/lib/filters'
import { formatDay } from '@/lib/format'
import { metaFiltersQueryOptions } from '../_queries'
import { dataBounds, modelOptions, segmentOptions, versionOptions, withSelected, type FilterOption } from './filter-options'

/**
 * Model, segment, version and day range, all kept in the URL query so that a view is a link
 * (conventions in lib/filters.ts). useSearchParams needs a Suspense boundary in the App Router.
 */
export function FilterBar() {
  return (
    <Suspense fallback={<FilterBarSkeleton />}>
      <FilterBarControls />
    </Suspense>
  )
}

/** Shown by a row of controls while the view it asked for loads. */
export function UpdatingNote() {
  return (
    <span className="muted small" role="status">
      Updating…
    </span>
  )
}

function FilterBarSkeleton() {
  return (
    <div className="filter-bar" aria-busy="true">
      <div className="skeleton" style={{ height: 34, width: '100%' }} />
    </div>
  )
}

function FilterSelect(props: {
  id: string
  label: string
  allLabel: string
  value: string | undefined
  options: FilterOption[]
  disabled?: boolean
  title?: string
  onChange: (value: string | undefined) => void
}) {
  return (
    <div className="filter-field">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        className="select"
        value={props.value ?? ''}
        disabled={props.disabled}
        title={props.title}
        onChange={(event: ChangeEvent<HTMLSelectElement>) => props.onChange(event.target.value || undefined)}
      >
        <option value="">{props.allLabel}</option>
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  )
}

/** One end of the day range; `defaultTitle` marks it as showing the API's default range. */
function DateField(props: {
  id: string
  label: string
  labelTitle?: string
  value: string | undefined
  min?: string
  max?: string
  defaultTitle: string | undefined
  onChange: (value: string) => void
}) {
  return (
    <div className="filter-field">
      <label htmlFor={props.id} title={props.labelTitle}>
        {props.label}
      </label>
      <input
        id={props.id}
        className={props.defaultTitle ? 'input input-default' : 'input'}
        type="date"
        title={props.defaultTitle}
        value={props.value ?? ''}
        min={props.min}
        max={props.max}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </div>
  )
}

function FilterBarControls() {
  const router = useRouter()
  const pathname = usePathname()
  const searchParams = useSearchParams()
  const [isPending, startTransition] = useTransition()
  const meta = useQuery(metaFiltersQueryOptions())

  const filters = readUrlFilters(searchParams)
  const models = meta.data?.models ?? []
  const bounds = dataBounds(models, filters.model)
  // Without dates in the URL the API shows its default window: show that range, marked as the default.
  const usesDefaultRange = !filters.from && !filters.to
  const defaultRange = usesDefaultRange && bounds ? presetRange(DEFAULT_PRESET, bounds) : null
  const preset = usesDefaultRange ? (bounds ? DEFAULT_PRESET : null) : activePreset(filters, bounds)
  const defaultTitle = 'Default range: the 30 days up to the latest prediction. Pick dates to change it.'
  const hasFilters = Object.keys(filters).length > 0

  function apply(patch: Partial<Record<FilterKey, string | undefined>>) {
    const query = updateSearchParams(searchParams, patch).toString()
    startTransition(() => {
      // push, not replace: the back button undoes a filter change.
      router.push(query ? `${pathname}?${query}` : pathname, { scroll: false })
    })
  }

  function onModelChange(model: string | undefined) {
    // Keep the segment and version only where the new model has them.
    const segments = segmentOptions(models, model).map((o) => o.value)
    const versions = versionOptions(models, model).map((o) => o.value)
    apply({
      model,
      segment: filters.segment && segments.includes(filters.segment) ? filters.segment : undefined,
      model_version: filters.model_version && versions.includes(filters.model_version) ? filters.model_version : undefined,
    })
  }

  // The range on screen: the URL's, or the default one. Editing one end pins the other as shown.
  const shownFrom = filters.from ?? defaultRange?.from
  const shownTo = filters.to ?? defaultRange?.to

  function onFromChange(from: string) {
    if (!from) return apply({ from: undefined })
    // Keep from ≤ to: moving one end past the other drags the other along.
    apply({ from, to: shownTo && from > shownTo ? from : shownTo })
  }

  function onToChange(to: string) {
    if (!to) return apply({ to: undefined })
    apply({ from: shownFrom && to < shownFrom ? to : shownFrom, to })
  }

  const loadingOptions = meta.isPending
  const scope = filters.model ? `model ${filters.model}` : 'all models'

  return (
    <div className="filter-bar" role="search" aria-label="Filters" aria-busy={isPending}>
      <FilterSelect
        id="filter-model"
        label="Model"
        allLabel="All models"
        value={filters.model}
        options={withSelected(modelOptions(models), filters.model)}
        disabled={loadingOptions}
        onChange={onModelChange}
      />
      <FilterSelect
        id="filter-segment"
        label="Segment"
        allLabel="All segments"
        value={filters.segment}
        options={withSelected(segmentOptions(models, filters.model), filters.segment)}
        disabled={loadingOptions}
        title={`Segments seen for ${scope}`}
        onChange={(segment) => apply({ segment })}
      />
      <FilterSelect
        id="filter-version"
        label="Version"
        allLabel="All versions"
        value={filters.model_version}
        options={withSelected(versionOptions(models, filters.model), filters.model_version)}
        disabled={loadingOptions}
        title={`Model versions seen for ${scope}`}
        onChange={(model_version) => apply({ model_version })}
      />

      <DateField id="filter-from" label="From" value={shownFrom} max={shownTo} defaultTitle={defaultRange ? defaultTitle : undefined} onChange={onFromChange} />
      <DateField
        id="filter-to"
        label="To (incl.)"
        labelTitle="The last day included"
        value={shownTo}
        min={shownFrom}
        defaultTitle={defaultRange ? defaultTitle : undefined}
        onChange={onToChange}
      />

      <div className="filter-field">
        <span className="filter-label" id="filter-presets-label">
          Range
        </span>
        <div className="segmented" role="group" aria-labelledby="filter-presets-label">
          {DATE_PRESETS.map((p) => {
            const range = bounds ? presetRange(p.id, bounds) : null
            return (
              <button
                key={p.id}
                type="button"
                className="segmented-item"
                aria-pressed={preset === p.id}
                disabled={!range}
                title={range ? `${p.title}: ${formatDay(range.from, true)} – ${formatDay(range.to, true)}` : p.title}
                onClick={() => range && apply(range)}
              >
                {p.label}
              </button>
            )
          })}
        </div>
      </div>

      <div className="filter-actions">
        {isPending ? <UpdatingNote /> : null}
        {meta.isError ? (
          <span className="error-text small" role="alert" title={meta.error.message}>
            Filter options unavailable
          </span>
        ) : null}
        {hasFilters ? (
          <button type="button" className="button-ghost" onClick={() => apply({ model: undefined, segment: undefined, model_version: undefined, from: undefined, to: undefined })}>
            Reset
          </button>
        ) : null}
      </div>
    </div>
  )
}
