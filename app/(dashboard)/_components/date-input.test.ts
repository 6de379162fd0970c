import { describe, expect, it } from 'vitest'
import { dayCommit, daysIncluded, readDayInput, type DayCommitContext } from './date-input'

describe('readDayInput', () => {
  it('reads the forms people type, as YYYY-MM-DD', () => {
    expect(readDayInput('2026-11-20')).toEqual({ kind: 'day', day: '2026-11-20', complete: true })
    expect(readDayInput(' 2026/11/20 ')).toEqual({ kind: 'day', day: '2026-11-20', complete: true })
    expect(readDayInput('20261120')).toEqual({ kind: 'day', day: '2026-11-20', complete: true })
    expect(readDayInput('11202026')).toEqual({ kind: 'day', day: '2026-11-20', complete: true })
    expect(readDayInput('11/20/2026')).toEqual({ kind: 'day', day: '2026-11-20', complete: true })
    expect(readDayInput('1/5/2027')).toEqual({ kind: 'day', day: '2027-01-05', complete: true })
    expect(readDayInput('20.11.2026')).toEqual({ kind: 'day', day: '2026-11-20', complete: true })
    expect(readDayInput('Nov 20, 2026')).toEqual({ kind: 'day', day: '2026-11-20', complete: true })
    expect(readDayInput('november 20 2026')).toEqual({ kind: 'day', day: '2026-11-20', complete: true })
    expect(readDayInput('Sept 3, 2026')).toEqual({ kind: 'day', day: '2026-09-03', complete: true })
  })

  it('a year-first day with a one-digit month or day is whole only on Enter or leaving (it may still grow)', () => {
    expect(readDayInput('2026-11-2')).toEqual({ kind: 'day', day: '2026-11-02', complete: false })
    expect(readDayInput('2026-1-15')).toEqual({ kind: 'day', day: '2026-01-15', complete: false })
  })

  it('every prefix of 11202026 typed a key at a time is on the way, none a day, until the last', () => {
    const typed = '11202026'
    for (let i = 1; i < typed.length; i++) expect(readDayInput(typed.slice(0, i)), typed.slice(0, i)).toEqual({ kind: 'partial' })
    expect(readDayInput(typed)).toEqual({ kind: 'day', day: '2026-11-20', complete: true })
  })

  it('every prefix of 2026-11-24 is on the way or an incomplete day', () => {
    const typed = '2026-11-24'
    for (let i = 1; i < typed.length; i++) {
      const read = readDayInput(typed.slice(0, i))
      expect(read.kind === 'partial' || (read.kind === 'day' && !read.complete), typed.slice(0, i)).toBe(true)
    }
  })

  it('tells blank, on the way and not a day apart', () => {
    expect(readDayInput('  ')).toEqual({ kind: 'empty' })
    expect(readDayInput('2026-1')).toEqual({ kind: 'partial' })
    expect(readDayInput('Nov 2')).toEqual({ kind: 'partial' })
    expect(readDayInput('2026-02-30').kind).toBe('invalid')
    expect(readDayInput('13/01/2026').kind).toBe('invalid')
    expect(readDayInput('99999999').kind).toBe('invalid')
    expect(readDayInput('yesterday').kind).toBe('invalid')
    expect(readDayInput('Novx 20, 2026').kind).toBe('invalid')
    expect(readDayInput('2026-11-20T10:00').kind).toBe('invalid')
  })

  it('reads eight digits year first only for years events can have', () => {
    // 1120-20-26 is no day and 1120 no year of events: month first.
    expect(readDayInput('12012026')).toEqual({ kind: 'day', day: '2026-12-01', complete: true })
    expect(readDayInput('20260102')).toEqual({ kind: 'day', day: '2026-01-02', complete: true })
  })
})

describe('dayCommit', () => {
  const from: DayCommitContext = { end: 'from', current: '2026-11-21', other: '2026-12-04', maxDays: 400 }
  const to: DayCommitContext = { end: 'to', current: '2026-12-04', other: '2026-11-21', maxDays: 400 }

  it('applies a whole day as it is typed, a shorter form only on Enter or leaving', () => {
    expect(dayCommit('11202026', from, false)).toEqual({ action: 'apply', day: '2026-11-20' })
    expect(dayCommit('2026-11-2', from, false)).toEqual({ action: 'wait' })
    expect(dayCommit('2026-11-2', from, true)).toEqual({ action: 'apply', day: '2026-11-02' })
  })

  it('never applies on the way to a day; says why on Enter or leaving', () => {
    for (const text of ['1', '11', '112', '1120', '11202', '112020', '1120202']) expect(dayCommit(text, from, false)).toEqual({ action: 'wait' })
    expect(dayCommit('1120', from, true)).toMatchObject({ action: 'reject', message: expect.stringContaining('not a whole day') })
    expect(dayCommit('2026-02-30', from, false)).toEqual({ action: 'wait' })
    expect(dayCommit('2026-02-30', from, true)).toMatchObject({ action: 'reject', message: expect.stringContaining('is not a day') })
  })

  it('refuses an end past the other one instead of moving it', () => {
    expect(dayCommit('2026-12-10', from, false)).toEqual({ action: 'reject', message: 'From must be on or before To (2026-12-04).' })
    expect(dayCommit('2026-11-01', to, true)).toEqual({ action: 'reject', message: 'To must be on or after From (2026-11-21).' })
    // The same day at both ends is a one-day range.
    expect(dayCommit('2026-12-04', from, false)).toEqual({ action: 'apply', day: '2026-12-04' })
  })

  it('refuses a range longer than the API takes, and days outside the years of events', () => {
    expect(dayCommit('2025-01-01', from, true)).toMatchObject({ action: 'reject', message: expect.stringContaining('at most 400 days') })
    expect(dayCommit('2025-10-31', from, true)).toEqual({ action: 'apply', day: '2025-10-31' })
    expect(daysIncluded('2025-10-31', '2026-12-04')).toBe(400)
    expect(dayCommit('1999-12-31', { ...from, other: undefined }, true)).toMatchObject({ action: 'reject', message: expect.stringContaining('2000-01-01') })
  })

  it('with no other end, any day applies; a cleared field clears its end on Enter or leaving', () => {
    expect(dayCommit('2030-01-01', { ...from, other: undefined }, false)).toEqual({ action: 'apply', day: '2030-01-01' })
    expect(dayCommit('', from, false)).toEqual({ action: 'wait' })
    expect(dayCommit('', from, true)).toEqual({ action: 'apply', day: undefined })
    expect(dayCommit('', { ...from, current: undefined }, true)).toEqual({ action: 'wait' })
  })

  it('the day already applied is nothing to do', () => {
    expect(dayCommit('2026-11-21', from, true)).toEqual({ action: 'wait' })
    expect(dayCommit('11/21/2026', from, false)).toEqual({ action: 'wait' })
  })
})
