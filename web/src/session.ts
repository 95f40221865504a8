// The signed-in user (GET /api/v1/auth/manage/info) and the regions they may see (GET /api/v1/regions), loaded once
// per sign-in.
import { reactive } from 'vue'
import { api, forgetAntiforgeryToken, unwrap, type RegionNode, type UserInfo } from './api/client'
import { ApiError } from './api/errors'

export interface FlatRegion {
  code: string
  name: string
  level: string
  parentCode: string | null
  depth: number
}

export const session = reactive({
  user: null as UserInfo | null,
  regions: [] as FlatRegion[],
  /** Set when the account could not be loaded for another reason than a missing sign-in (server down, …). */
  error: null as unknown,
  loaded: false,
})

let loading: Promise<void> | null = null

function flatten(nodes: RegionNode[], depth = 0, out: FlatRegion[] = []): FlatRegion[] {
  for (const n of nodes) {
    out.push({ code: n.code, name: n.name, level: n.level, parentCode: n.parentCode ?? null, depth })
    flatten(n.children, depth + 1, out)
  }
  return out
}

/** Loads the account and its regions; throws ApiError 401 when nobody is signed in. */
export function loadSession(force = false): Promise<void> {
  if (session.loaded && !force) return Promise.resolve()
  if (loading && !force) return loading
  loading = (async () => {
    try {
      const user = await unwrap(api.GET('/api/v1/auth/manage/info'))
      const tree = await unwrap(api.GET('/api/v1/regions'))
      session.user = user
      session.regions = flatten(tree)
      session.error = null
      session.loaded = true
    } catch (e) {
      session.user = null
      session.loaded = false
      if (!(e instanceof ApiError && e.status === 401)) session.error = e
      throw e
    } finally {
      loading = null
    }
  })()
  return loading
}

export function clearSession() {
  forgetAntiforgeryToken()
  session.user = null
  session.regions = []
  session.loaded = false
  session.error = null
}

export function canSeeRegion(code: string): boolean {
  return session.regions.some((r) => r.code === code)
}

/** The region a dashboard opens on: the user's first scope region, else the top of what they may see. */
export function defaultRegionCode(): string | null {
  const own = session.user?.regionCodes ?? []
  if (own.length > 0) return own[0]
  return session.regions[0]?.code ?? null
}

export const roleLabels: Record<string, string> = {
  administrator: '管理员',
  planning: '规划科',
  leadership: '领导',
  headquarters: '项目指挥部',
}
