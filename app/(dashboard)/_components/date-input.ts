/**
 * Reading a day typed into a date field of the filter bar (date-field.tsx), and when it applies.
 *
 * The field is plain text, one Tab stop, shown as YYYY-MM-DD (the URL's spelling). What people
 * type is read as a day in these forms:
 *   2026-11-20, 2026/11/20, 2026.11.20   year first (a one-digit month or day: 2026-11-5)
 *   20261120                             eight digits, year first…
 *   11202026                             …or month first, as Chromium's own date field takes it
 *   11/20/2026, 11-20-2026               month first (en-US), 4-digit year last
 *   20.11.2026                           day first with dots (as most of Europe writes it)
 *   Nov 20, 2026 / November 20 2026      the dashboard's own label (lib/format.ts formatDay)
 *
 * A day applies on its own only once it is typed in full: a fixed-width form with its last digit
 * in (so "2026-11-2" on the way to "2026-11-24" never applies), Enter or leaving the field
 * applies the shorter forms too. Nothing else moves: the other end of the range stays as it is.
 */
import { MAX_TS_MS, MIN_TS_MS } from '@/analytics/events/events.schema'
import { isDay } from '@/lib/filters'

/**
 * The years events can have (ingest takes [2000, 2200)): other days are refused here, not by a
 * 400. Eight bare digits are read year first (20261120) when they start with such a year; a
 * month-first reading (11202026) would need a year starting 01–12, so the two never compete.
 */
export const DAY_YEARS = { min: new Date(MIN_TS_MS).getUTCFullYear(), max: new Date(MAX_TS_MS - 1).getUTCFullYear() } as const

/** What a field's text reads as. `complete`: typed in full, so it applies without Enter. */
export type DayInput =
  | { kind: 'empty' }
  | { kind: 'day'; day: string; complete: boolean }
  /** On the way to a day: digits and separators that can still become one. */
  | { kind: 'partial' }
  | { kind: 'invalid'; message: string }

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'] as const

/** "Nov", "nov." and "November" → 11; anything else → null. */
function monthNumber(name: string): number | null {
  const lower = name.toLowerCase()
  const index = MONTH_NAMES.findIndex((m) => lower === m || lower === m.slice(0, 3) || (m === 'september' && lower === 'sept'))
  return index >= 0 ? index + 1 : null
}

/** The format hint shown under an invalid entry. */
export const DAY_FORMAT_HINT = 'Type a day as YYYY-MM-DD (or MM/DD/YYYY)'

function pad2(value: string): string {
  return value.length === 1 ? `0${value}` : value
}

/** Y, M, D as typed → YYYY-MM-DD when it is a real calendar day in a 4-digit year. */
function dayFrom(year: string, month: string, day: string): string | null {
  if (year.length !== 4 || month.length > 2 || day.length > 2) return null
  const candidate = `${year}-${pad2(month)}-${pad2(day)}`
  return isDay(candidate) ? candidate : null
}

function plausibleYear(year: string): boolean {
  const y = Number(year)
  return y >= DAY_YEARS.min && y <= DAY_YEARS.max
}

function notADay(text: string): DayInput {
  return { kind: 'invalid', message: `“${text}” is not a day. ${DAY_FORMAT_HINT}.` }
}

const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/
const MONTH_FIRST = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/
const DAY_FIRST_DOTS = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/
const EIGHT_DIGITS = /^\d{8}$/
const MONTH_NAME = /^([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$/i
/** Text that can still grow into one of the numeric forms. */
const NUMERIC_PREFIX = /^[\d\s/.-]{0,10}$/
const NAME_PREFIX = /^([a-z]{1,9})\.?(\s+\d{0,2},?(\s*\d{0,4})?)?$/i

/** "No", "Nov 2", "November 20, 20" can still become a day; "yesterday" cannot. */
function isNamePrefix(text: string): boolean {
  const letters = NAME_PREFIX.exec(text)?.[1]?.toLowerCase()
  return letters !== undefined && MONTH_NAMES.some((m) => m.startsWith(letters) || letters === 'sept')
}

/** Reads what is typed into a date field (see the forms above). */
export function readDayInput(raw: string): DayInput {
  const text = raw.trim()
  if (text === '') return { kind: 'empty' }

  let match = YEAR_FIRST.exec(text)
  if (match) {
    const day = dayFrom(match[1]!, match[2]!, match[3]!)
    // Complete once both month and day have two digits: "2026-11-2" may become "2026-11-24".
    return day ? { kind: 'day', day, complete: match[2]!.length === 2 && match[3]!.length === 2 } : notADay(text)
  }

  if (EIGHT_DIGITS.test(text)) {
    const yearFirst = plausibleYear(text.slice(0, 4)) ? dayFrom(text.slice(0, 4), text.slice(4, 6), text.slice(6, 8)) : null
    const monthFirst = dayFrom(text.slice(4, 8), text.slice(0, 2), text.slice(2, 4))
    const day = yearFirst ?? monthFirst
    return day ? { kind: 'day', day, complete: true } : notADay(text)
  }

  match = MONTH_FIRST.exec(text)
  if (match) {
    const day = dayFrom(match[3]!, match[1]!, match[2]!)
    return day ? { kind: 'day', day, complete: true } : notADay(text)
  }

  match = DAY_FIRST_DOTS.exec(text)
  if (match) {
    const day = dayFrom(match[3]!, match[2]!, match[1]!)
    return day ? { kind: 'day', day, complete: true } : notADay(text)
  }

  match = MONTH_NAME.exec(text)
  if (match) {
    const month = monthNumber(match[1]!)
    const day = month ? dayFrom(match[3]!, String(month), match[2]!) : null
    return day ? { kind: 'day', day, complete: true } : notADay(text)
  }

  if ((NUMERIC_PREFIX.test(text) && /\d/.test(text)) || isNamePrefix(text)) return { kind: 'partial' }
  return notADay(text)
}

/** What a date field does with its text. */
export type DayCommit =
  /** Nothing to apply (yet): keep the text as typed. */
  | { action: 'wait' }
  /** Apply this end of the range (undefined clears it). */
  | { action: 'apply'; day: string | undefined }
  /** Show why the text cannot apply; the range stays as it is. */
  | { action: 'reject'; message: string }

/** One end of the range, and the other end as the filter bar shows it (the URL's, or the default range's). */
export interface DayCommitContext {
  end: 'from' | 'to'
  /** The day the field applied last (what the URL holds or the bar shows). */
  current: string | undefined
  /** The other end as shown: never moved by this field. */
  other: string | undefined
  /** The longest range the API takes, in days (analytics/shared MAX_WINDOW_DAYS). */
  maxDays: number
}

const MS_PER_DAY = 86_400_000

/** Days from `from` to `to`, both included. */
export function daysIncluded(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY) + 1
}

/**
 * What to do with a field's text, `final` when the person pressed Enter or left the field (a
 * keystroke otherwise). A day after To (before From) or a range longer than the API takes is
 * refused with the reason, rather than dragging the other end along.
 */
export function dayCommit(raw: string, context: DayCommitContext, final: boolean): DayCommit {
  const input = readDayInput(raw)
  if (input.kind === 'empty') return final ? (context.current === undefined ? { action: 'wait' } : { action: 'apply', day: undefined }) : { action: 'wait' }
  if (input.kind === 'partial') return final ? { action: 'reject', message: `“${raw.trim()}” is not a whole day yet. ${DAY_FORMAT_HINT}.` } : { action: 'wait' }
  if (input.kind === 'invalid') return final ? { action: 'reject', message: input.message } : { action: 'wait' }
  if (!input.complete && !final) return { action: 'wait' }

  const { day } = input
  const { other, end } = context
  if (!plausibleYear(day.slice(0, 4))) {
    return { action: 'reject', message: `${day}: days run from ${DAY_YEARS.min}-01-01 to ${DAY_YEARS.max}-12-31, the times events can have.` }
  }
  if (other) {
    const [from, to] = end === 'from' ? [day, other] : [other, day]
    if (from > to) {
      return { action: 'reject', message: end === 'from' ? `From must be on or before To (${other}).` : `To must be on or after From (${other}).` }
    }
    const days = daysIncluded(from, to)
    if (days > context.maxDays) return { action: 'reject', message: `${days} days: a range can hold at most ${context.maxDays} days.` }
  }
  if (day === context.current) return { action: 'wait' }
  return { action: 'apply', day }
}
