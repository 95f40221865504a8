// One piece of a page loaded from the API, with its own loading and error state, so one failing call (a 403 here, a
// missing roll-up there) never blanks the whole page. A newer load supersedes an older one still in flight.
import { onBeforeUnmount, reactive, ref, type Ref } from 'vue'

export interface Resource<T> {
  data: T | null
  error: unknown
  loading: boolean
  /** Loads (again) with the last loader. */
  reload: () => Promise<void>
  /** Loads again in the background: the current data stays on screen until the new data is there. */
  refresh: () => Promise<void>
  load: (loader: () => Promise<T>, silent?: boolean) => Promise<void>
  clear: () => void
}

export function resource<T>(): Resource<T> {
  let generation = 0
  let last: (() => Promise<T>) | null = null
  const r = reactive({
    data: null,
    error: null,
    loading: false,
    async load(loader: () => Promise<T>, silent = false) {
      last = loader
      const mine = ++generation
      if (!silent) {
        r.loading = true
        r.error = null
      }
      try {
        const data = await loader()
        if (mine !== generation) return
        r.data = data as never
        r.error = null
      } catch (e) {
        if (mine !== generation) return
        // A background refresh that fails keeps what is on screen (the wall screen tries again in 5 minutes).
        if (silent && r.data !== null) return
        r.data = null
        r.error = e as never
      } finally {
        if (mine === generation) r.loading = false
      }
    },
    async reload() {
      if (last) await r.load(last)
    },
    async refresh() {
      if (last) await r.load(last, true)
    },
    clear() {
      generation++
      r.data = null
      r.error = null
      r.loading = false
    },
  }) as Resource<T>
  return r
}

/** True on a phone-sized screen (≤ 640 px), updated when the window changes. */
export function useNarrow(): Ref<boolean> {
  const query = window.matchMedia('(max-width: 640px)')
  const narrow = ref(query.matches)
  const update = () => (narrow.value = query.matches)
  query.addEventListener('change', update)
  onBeforeUnmount(() => query.removeEventListener('change', update))
  return narrow
}
