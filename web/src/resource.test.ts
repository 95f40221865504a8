import { describe, expect, it } from 'vitest'
import { resource } from './resource'

describe('resource', () => {
  it('keeps only the newest of overlapping loads', async () => {
    const r = resource<string>()
    let release: (v: string) => void = () => undefined
    const slow = r.load(() => new Promise<string>((resolve) => (release = resolve)))
    await r.load(async () => 'new')
    release('old')
    await slow
    expect(r.data).toBe('new')
    expect(r.loading).toBe(false)
  })

  it('shows an error on a load, but a failed background refresh keeps the data on screen', async () => {
    const r = resource<number>()
    let fail = false
    await r.load(async () => {
      if (fail) throw new Error('down')
      return 42
    })
    fail = true
    await r.refresh()
    expect(r.data).toBe(42)
    expect(r.error).toBeNull()
    await r.reload()
    expect(r.data).toBeNull()
    expect(r.error).toBeInstanceOf(Error)
  })
})
