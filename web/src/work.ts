// Calls of the work screens outside the generated client (downloads, endpoints openapi.json does not list yet) and
// the role check of a screen. Kept apart from planning.ts, whose pure helpers are unit-tested without a browser.
import { computed, onBeforeUnmount, reactive } from 'vue'
import { api, apiUrl, unwrap, type Schemas } from './api/client'
import { ApiError, problemFromBody } from './api/errors'
import { navEntries } from './nav'
import { attachmentName, jobFinished } from './planning'
import { session } from './session'

/** Whether the signed-in role may use the screen of a route (the nav's roles, which mirror the API's). */
export function roleMayUse(route: string): boolean {
  const entry = navEntries.find((e) => e.route === route)
  const role = session.user?.role
  return !!entry && !!role && entry.roles.includes(role)
}

const headers = { 'Accept-Language': 'zh-CN', Accept: 'application/json, application/problem+json' }

/** A GET outside the generated client (an endpoint openapi.json does not list yet), with the same errors. */
export async function getJson<T>(path: string, query: Record<string, string | number | undefined | null> = {}): Promise<T> {
  let response: Response
  try {
    response = await fetch(apiUrl(path, query), { credentials: 'same-origin', headers })
  } catch (e) {
    throw new ApiError(0, null, e)
  }
  const body = await response.json().catch(() => null)
  if (!response.ok) throw new ApiError(response.status, problemFromBody(body))
  return body as T
}

/**
 * Downloads a file from the API and hands it to the browser under its own name; a problem answer becomes an
 * {@link ApiError} (e.g. 409 when an export is too large to answer at once).
 */
export async function downloadFile(url: string, fallbackName = 'export.xlsx'): Promise<string> {
  let response: Response
  try {
    response = await fetch(url, { credentials: 'same-origin', headers: { 'Accept-Language': 'zh-CN' } })
  } catch (e) {
    throw new ApiError(0, null, e)
  }
  if (!response.ok) {
    const body = await response.json().catch(() => null)
    throw new ApiError(response.status, problemFromBody(body))
  }
  const name = attachmentName(response.headers.get('Content-Disposition'), fallbackName)
  const blob = await response.blob()
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 60_000)
  return name
}


export type Job = Schemas['JobResponse']

/**
 * A background job on screen: start it (a 202 with the job), then poll GET /api/v1/jobs/{id} every second until it
 * has finished. Polling stops when the component goes away.
 */
export function useJob() {
  const state = reactive({ job: null as Job | null, error: null as unknown, starting: false })
  let timer: ReturnType<typeof setTimeout> | null = null
  let alive = true
  onBeforeUnmount(() => {
    alive = false
    if (timer) clearTimeout(timer)
  })

  async function poll(id: string) {
    if (!alive) return
    try {
      const job = await unwrap(api.GET('/api/v1/jobs/{id}', { params: { path: { id } } }))
      state.job = job
      if (!jobFinished(job.status)) timer = setTimeout(() => void poll(id), 1000)
    } catch (e) {
      if (e instanceof ApiError && e.transient) timer = setTimeout(() => void poll(id), 3000)
      else state.error = e
    }
  }

  async function start(call: () => Promise<Job>) {
    if (state.starting || (state.job && !jobFinished(state.job.status))) return
    state.starting = true
    state.error = null
    state.job = null
    if (timer) clearTimeout(timer)
    try {
      const job = await call()
      state.job = job
      if (!jobFinished(job.status)) timer = setTimeout(() => void poll(job.id), 500)
    } catch (e) {
      state.error = e
    } finally {
      state.starting = false
    }
  }

  /** Follows a job started elsewhere (e.g. one listed on the jobs page). */
  function follow(job: Job) {
    state.job = job
    if (!jobFinished(job.status)) void poll(job.id)
  }

  const running = computed(() => state.starting || (!!state.job && !jobFinished(state.job.status)))
  return { state, start, follow, running }
}
