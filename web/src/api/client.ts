// The typed API client: paths and schemas are generated from openapi.json (npm run api-types), so a field renamed in
// C# breaks `vue-tsc`. Same origin: the session is the HttpOnly cookie the API sets at sign-in.
import createClient, { type Middleware } from 'openapi-fetch'
import type { components, paths } from './schema'
import { ApiError, problemFromBody } from './errors'

export type Schemas = components['schemas']
export type FigureSet = Schemas['FigureSetResponse']
export type RollupRow = Schemas['RollupRowResponse']
export type RollupResponse = Schemas['RollupResponse']
export type RegionDetail = Schemas['RegionDetail']
export type RegionNode = Schemas['RegionNode']
export type UserInfo = Schemas['UserResponse']

let onUnauthorized: (() => void) | null = null

/** What to do when the API answers 401 to anything but sign-in itself (the router sends the user to /login). */
export function setUnauthorizedHandler(handler: () => void) {
  onUnauthorized = handler
}

const unauthorized: Middleware = {
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url, location.origin).pathname.endsWith('/auth/login')) {
      onUnauthorized?.()
    }
    return undefined
  },
}

// Cross-site request forgery: every change sent with the session cookie carries the antiforgery token in a header
// (GET /api/v1/auth/antiforgery). The token belongs to the signed-in user, so it is fetched after signing in and
// forgotten when the session ends.
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
let antiforgery: Promise<{ headerName: string; requestToken: string }> | null = null

export function forgetAntiforgeryToken() {
  antiforgery = null
}

/** The header a raw fetch (a multipart upload, …) adds to a change it sends; `api` adds it by itself. */
export async function antiforgeryHeaders(): Promise<Record<string, string>> {
  antiforgery ??= fetch('/api/v1/auth/antiforgery', { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(
    async (r) => {
      if (!r.ok) throw new ApiError(r.status, problemFromBody(await r.json().catch(() => null)))
      return r.json()
    },
  )
  try {
    const t = await antiforgery
    return { [t.headerName]: t.requestToken }
  } catch (e) {
    antiforgery = null
    throw e
  }
}

const isSignIn = (request: Request) => /\/auth\/(login|refresh)$/.test(new URL(request.url, location.origin).pathname)

const crossSite: Middleware = {
  async onRequest({ request }) {
    if (!unsafeMethods.has(request.method) || isSignIn(request)) return undefined
    for (const [name, value] of Object.entries(await antiforgeryHeaders())) request.headers.set(name, value)
    return request
  },
  onResponse({ request, response }) {
    if (isSignIn(request) || new URL(request.url, location.origin).pathname.endsWith('/auth/logout')) forgetAntiforgeryToken()
    // A stale token (signed in again in another tab, …): the next try fetches a fresh one.
    if (response.status === 400 && unsafeMethods.has(request.method)) forgetAntiforgeryToken()
    return undefined
  },
}

export const api = createClient<paths>({
  baseUrl: location.origin,
  credentials: 'same-origin',
  headers: { 'Accept-Language': 'zh-CN', Accept: 'application/json, application/problem+json' },
})
api.use(unauthorized, crossSite)

/**
 * Awaits an openapi-fetch call and returns its data, or throws an {@link ApiError} (problem details, or a network
 * failure as status 0).
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response }
  try {
    result = await call
  } catch (e) {
    throw new ApiError(0, null, e)
  }
  if (!result.response.ok) {
    throw new ApiError(result.response.status, problemFromBody(result.error))
  }
  return result.data as T
}

/** An URL of the API with a query string, for the plain download links (the cookie goes along). */
export function apiUrl(path: string, query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}
