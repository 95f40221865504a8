import { describe, expect, it } from 'vitest'
import {
  attachmentName,
  auditChanges,
  checkProfile,
  evenProfile,
  exportKinds,
  exportQuery,
  isLocked,
  lastMonth,
  parseSignedPercent,
  passwordError,
  pointsToThreshold,
  progressPercent,
  ratioToPercentText,
  thresholdToPoints,
} from './planning'

describe('checkProfile', () => {
  it('matches when the 12 months add up exactly, to the yuan', () => {
    const months = ['100.1', '100.2', '100.3', '100', '100', '100', '100', '100', '100', '100', '100', '0.0001']
    const c = checkProfile('1100.6001', months)
    expect(c.filled).toBe(12)
    expect(c.sum).toBe(1100.6001)
    expect(c.difference).toBe(0)
    expect(c.matches).toBe(true)
  })

  it('reports the difference when they do not', () => {
    const c = checkProfile('1200', Array(12).fill('99.9'))
    expect(c.sum).toBe(1198.8)
    expect(c.difference).toBe(-1.2)
    expect(c.matches).toBe(false)
  })

  it('never matches with a month missing or invalid', () => {
    const months = Array(12).fill('100')
    months[3] = ''
    expect(checkProfile('1100', months).matches).toBe(false)
    months[3] = 'abc'
    const c = checkProfile('1200', months)
    expect(c.matches).toBe(false)
    expect(c.errors[3]).toBeTruthy()
  })

  it('has no difference without a planned amount', () => {
    expect(checkProfile('', Array(12).fill('1')).difference).toBeNull()
  })

  it('accepts thousands separators as the form does', () => {
    expect(checkProfile('12,000', Array(12).fill('1,000')).matches).toBe(true)
  })
})

describe('evenProfile', () => {
  it('spreads to the yuan with the remainder in December', () => {
    const p = evenProfile(1000)
    expect(p.slice(0, 11).every((v) => v === 83.3333)).toBe(true)
    expect(p[11]).toBe(83.3337)
    expect(checkProfile('1000', p.map(String)).matches).toBe(true)
  })
})

describe('percentages and ratios', () => {
  it('shows ratios as percentages without float noise', () => {
    expect(ratioToPercentText(0.1)).toBe('10')
    expect(ratioToPercentText(0.0573)).toBe('5.73')
    expect(ratioToPercentText(-0.055)).toBe('-5.5')
    expect(ratioToPercentText(null)).toBe('')
  })

  it('parses signed percentages into ratios with 4 decimals', () => {
    expect(parseSignedPercent('10').value).toBe(0.1)
    expect(parseSignedPercent('−5.5%').value).toBe(-0.055)
    expect(parseSignedPercent('0.07').value).toBe(0.0007)
    expect(parseSignedPercent('150', { max: 1000 }).value).toBe(1.5)
    expect(parseSignedPercent('1.234').error).toBeTruthy()
    expect(parseSignedPercent('abc').error).toBeTruthy()
    expect(parseSignedPercent('-120', { min: -100 }).error).toBeTruthy()
    expect(parseSignedPercent('', { required: true }).error).toBeTruthy()
    expect(parseSignedPercent('').value).toBeNull()
  })

  it('turns lag thresholds into points behind and back', () => {
    expect(thresholdToPoints(-0.1)).toBe('10')
    expect(thresholdToPoints(-0.05)).toBe('5')
    expect(thresholdToPoints(0)).toBe('0')
    expect(pointsToThreshold('10').value).toBe(-0.1)
    expect(pointsToThreshold('7.25').value).toBe(-0.0725)
    expect(pointsToThreshold('0').value).toBe(0)
    expect(pointsToThreshold('120').error).toBeTruthy()
    expect(pointsToThreshold('').error).toBeTruthy()
  })
})

describe('jobs and exports', () => {
  it('shows progress as a whole percentage', () => {
    expect(progressPercent(0.456)).toBe(46)
    expect(progressPercent(0.2, 'succeeded')).toBe(100)
    expect(progressPercent(null)).toBe(0)
  })

  it('sends only the parameters an export takes', () => {
    const land = exportKinds.find((k) => k.code === 'land-issues')!
    expect(exportQuery(land, { regionCode: '330681', period: '2024-01', status: '' })).toEqual({ regionCode: '330681' })
    const ranking = exportKinds.find((k) => k.code === 'county-ranking')!
    expect(exportQuery(ranking, { regionCode: '330600', period: '2024-01', scope: 'effective', rankBy: 'ytd' })).toEqual({
      regionCode: '330600',
      period: '2024-01',
      scope: 'effective',
      rankBy: 'ytd',
    })
  })

  it('reads the Chinese file name of an attachment', () => {
    expect(attachmentName("attachment; filename=ranking.xlsx; filename*=UTF-8''%E6%8E%92%E5%90%8D.xlsx", 'x')).toBe('排名.xlsx')
    expect(attachmentName('attachment; filename="a.xlsx"', 'x')).toBe('a.xlsx')
    expect(attachmentName(null, 'x.xlsx')).toBe('x.xlsx')
  })

  it('knows last month, across a year end', () => {
    expect(lastMonth(new Date(2024, 0, 20))).toBe('2023-12')
    expect(lastMonth(new Date(2024, 5, 1))).toBe('2024-05')
  })
})

describe('audit and users', () => {
  it('lists only changed fields of an update', () => {
    expect(auditChanges({ a: 1, b: 'x' }, { a: 2, b: 'x' })).toEqual([{ field: 'a', before: '1', after: '2' }])
    expect(auditChanges(null, { a: 1 })).toEqual([{ field: 'a', before: '', after: '1' }])
    expect(auditChanges({ a: null }, null)).toEqual([{ field: 'a', before: '—', after: '' }])
  })

  it('tells a lock from an expired lockout', () => {
    const now = new Date('2024-01-20T00:00:00Z')
    expect(isLocked('9999-12-31T23:59:59.9999999+00:00', now)).toBe(true)
    expect(isLocked('2024-01-19T00:00:00Z', now)).toBe(false)
    expect(isLocked(null, now)).toBe(false)
  })

  it('checks the password rule', () => {
    expect(passwordError('short')).toBeTruthy()
    expect(passwordError('alllowercase123')).toBeTruthy()
    expect(passwordError('Abcdefghijk1')).toBeNull()
  })
})
