import { describe, expect, it } from 'vitest'
import { ApiError } from './api/errors'
import { fieldErrors, isStale, parsePercent, parseWan, useBusy } from './forms'

describe('parseWan', () => {
  it('takes what a clerk types or pastes', () => {
    expect(parseWan('1,234.5678')).toEqual({ value: 1234.5678, error: null })
    expect(parseWan(' １２３．５ ')).toEqual({ value: 123.5, error: null })
    expect(parseWan('')).toEqual({ value: null, error: null })
  })
  it('refuses letters, a fifth decimal, negatives outside a correction and missing required amounts', () => {
    expect(parseWan('12a').error).toContain('数字')
    expect(parseWan('1.23456').error).toContain('4位小数')
    expect(parseWan('-5').error).toContain('负数')
    expect(parseWan('-5', { allowNegative: true })).toEqual({ value: -5, error: null })
    expect(parseWan('', { required: true }).error).toContain('请填写')
    expect(parseWan('123456789012').error).toContain('过大')
  })
})

describe('parsePercent', () => {
  it('keeps 0–100 with two decimals', () => {
    expect(parsePercent('45.5%')).toEqual({ value: 45.5, error: null })
    expect(parsePercent('100.01').error).toContain('0到100')
    expect(parsePercent('3.333').error).toContain('2位小数')
  })
})

describe('API errors at their fields', () => {
  it('maps a validation problem by field and spots a stale edit', () => {
    const e = new ApiError(400, { status: 400, errors: { monthActual: ['必填。', '最多4位小数。'] } })
    expect(fieldErrors(e)).toEqual({ monthActual: '必填。；最多4位小数。' })
    expect(fieldErrors(new ApiError(404, null))).toEqual({})
    expect(isStale(new ApiError(412, null))).toBe(true)
    expect(isStale(e)).toBe(false)
  })
})

describe('useBusy', () => {
  it('runs a double click once', async () => {
    const { run } = useBusy()
    let calls = 0
    const slow = () => new Promise<void>((r) => setTimeout(() => { calls++; r() }, 10))
    await Promise.all([run(slow), run(slow)])
    expect(calls).toBe(1)
  })
})
