import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { ApiError, apiErrorFromBody, apiGet, buildApiUrl, shouldRetryQuery } from './api-client'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

function stubFetch(status: number, body: unknown, statusText = '') {
  const fetchMock = vi.fn(async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, statusText }))
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

describe('buildApiUrl', () => {
  it('leaves out empty parameters', () => {
    expect(buildApiUrl('/api/v1/x', { model: 'a b', segment: undefined, model_version: null, from: '', bins: 10 })).toBe('/api/v1/x?model=a+b&bins=10')
    expect(buildApiUrl('/api/v1/x')).toBe('/api/v1/x')
    expect(buildApiUrl('/api/v1/x?a=1', { b: 2 })).toBe('/api/v1/x?a=1&b=2')
  })
})

describe('apiErrorFromBody', () => {
  it('reads the SPEC error shape', () => {
    const error = apiErrorFromBody(400, 'Bad Request', { error: { code: 'invalid_request', message: 'Invalid parameter from', details: { issues: [] } } })
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(400)
    expect(error.code).toBe('invalid_request')
    expect(error.message).toBe('Invalid parameter from')
    expect(error.details).toEqual({ issues: [] })
  })
  it('falls back to the status for anything else', () => {
    const error = apiErrorFromBody(502, 'Bad Gateway', undefined)
    expect(error.code).toBe('http_502')
    expect(error.message).toBe('The server answered 502 Bad Gateway.')
  })
})

describe('apiGet', () => {
  it('sends a same-origin GET with credentials and parses with the schema', async () => {
    const fetchMock = stubFetch(200, { n: 3, extra: true })
    const data = await apiGet('/api/v1/thing', { model: 'm' }, z.object({ n: z.number() }))
    expect(data).toEqual({ n: 3 })
    expect(fetchMock).toHaveBeenCalledWith('/api/v1/thing?model=m', expect.objectContaining({ method: 'GET', credentials: 'include' }))
  })
  it('throws the server message on an error status', async () => {
    stubFetch(422, { error: { code: 'query_too_expensive', message: 'Narrow the range.' } })
    await expect(apiGet('/api/v1/thing')).rejects.toMatchObject({ status: 422, code: 'query_too_expensive', message: 'Narrow the range.' })
  })
  it('throws invalid_response when the body does not match the schema', async () => {
    stubFetch(200, { n: 'three' })
    await expect(apiGet('/api/v1/thing', {}, z.object({ n: z.number() }))).rejects.toMatchObject({ code: 'invalid_response' })
  })
  it('throws network_error when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('fetch failed'))))
    await expect(apiGet('/api/v1/thing')).rejects.toMatchObject({ status: 0, code: 'network_error' })
  })
  it('sends the browser to the login page on 401, keeping the view', async () => {
    stubFetch(401, { error: { code: 'unauthorized', message: 'Sign in' } })
    const assign = vi.fn()
    vi.stubGlobal('window', { location: { pathname: '/overview', search: '?model=a', assign } })
    await expect(apiGet('/api/v1/thing')).rejects.toMatchObject({ status: 401 })
    expect(assign).toHaveBeenCalledWith('/login?next=%2Foverview%3Fmodel%3Da')
  })
})

describe('shouldRetryQuery', () => {
  it('retries once, never on a 4xx', () => {
    expect(shouldRetryQuery(0, new ApiError(503, 'store_unavailable', 'down'))).toBe(true)
    expect(shouldRetryQuery(1, new ApiError(503, 'store_unavailable', 'down'))).toBe(false)
    expect(shouldRetryQuery(0, new ApiError(400, 'invalid_request', 'bad'))).toBe(false)
    expect(shouldRetryQuery(0, new ApiError(0, 'network_error', 'offline'))).toBe(true)
    expect(shouldRetryQuery(0, new Error('boom'))).toBe(true)
  })
})
