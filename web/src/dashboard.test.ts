import { describe, expect, it } from 'vitest'
import type { Schemas } from './api/client'
import { ApiError, errorMessage } from './api/errors'
import { endOfMonth, forecastPath, isPeriod, laggingProjects, metricValue, previousPeriod, rankText } from './dashboard'

describe('periods', () => {
  it('accepts yyyy-MM months only', () => {
    expect(isPeriod('2023-12')).toBe(true)
    expect(isPeriod('2023-13')).toBe(false)
    expect(isPeriod('2023-1')).toBe(false)
    expect(isPeriod(undefined)).toBe(false)
  })

  it('steps back a month across the year', () => {
    expect(previousPeriod('2023-12')).toBe('2023-11')
    expect(previousPeriod('2024-01')).toBe('2023-12')
  })

  it('ends a month on its last day, never after today', () => {
    const today = new Date(2026, 11, 4)
    expect(endOfMonth('2023-12', today)).toBe('2023-12-31')
    expect(endOfMonth('2024-02', today)).toBe('2024-02-29')
    expect(endOfMonth('2026-12', today)).toBe('2026-12-04')
  })
})

function figures(over: Partial<Schemas['FigureSetResponse']>): Schemas['FigureSetResponse'] {
  return {
    plan: 100, plannedToDate: 100, monthActual: 0, ytdActual: 100, sinceStartActual: 0, previousYearYtd: 0, yoyGrowth: null,
    completionRate: 1, timeElapsedProgress: 1, lag: 0, lagStatus: 'green', physicalProgress: null, targetPhysicalProgress: null,
    physicalCompletion: null, ...over,
  }
}
function project(code: string, f: Partial<Schemas['FigureSetResponse']>): Schemas['ProjectFiguresRow'] {
  return { projectId: code.length, code, name: code, mode: 'expressway', status: 'active', sectionCount: 1, figures: figures(f) }
}

describe('lagging projects', () => {
  it('lists red before yellow, the largest lag first, with the gap in 万元', () => {
    const rows = [
      project('A', { lagStatus: 'yellow', lag: -0.08, plannedToDate: 500, ytdActual: 460 }),
      project('B', { lagStatus: 'green', lag: 0.02 }),
      project('C', { lagStatus: 'red', lag: -0.2, plannedToDate: 1000, ytdActual: 800 }),
      project('D', { lagStatus: 'red', lag: -0.7, plannedToDate: 500, ytdActual: 150 }),
      project('E', { lagStatus: null, lag: null }),
    ]
    const lagging = laggingProjects(rows)
    expect(lagging.map((l) => l.row.code)).toEqual(['D', 'C', 'A'])
    expect(lagging.map((l) => l.gap)).toEqual([350, 200, 40])
  })
})

function region(code: string, rank: number | null, over: Partial<Schemas['RollupRowResponse']> = {}): Schemas['RollupRowResponse'] {
  return {
    regionCode: code, regionName: code, regionLevel: 'county', parentCode: '330600', modeCategory: 'all', mode: 'all', scope: 'all',
    sectionCount: 1, plan: 100, plannedToDate: 100, monthActual: 0, ytdActual: 90, previousYtd: 0, task: null, yoyGrowth: null,
    completionRate: 0.9, timeElapsedProgress: 1, lag: -0.1, lagStatus: 'red', rank, rankByYtd: rank, rankByCompletion: rank,
    rankByYoy: null, taskCompletionRate: null, rankByTask: null, forecast: null, ...over,
  }
}

describe('ranking labels', () => {
  it('shares a rank on ties and says why a region has none', () => {
    const items = [region('a', 1), region('b', 2), region('c', 2), region('d', null, { plan: 0 })]
    expect(items.map((i) => rankText(i, items, 'completion'))).toEqual(['第1名', '并列第2', '并列第2', '无计划'])
    expect(rankText(region('e', null), items, 'task')).toBe('无年度任务')
  })

  it('draws rates in percent and amounts in 亿元', () => {
    expect(metricValue(region('a', 1, { completionRate: 1.0357 }), 'completion')).toBe(103.6)
    expect(metricValue(region('a', 1, { ytdActual: 637000 }), 'ytd')).toBe(63.7)
    expect(metricValue(region('a', 1), 'task')).toBeNull()
  })
})

describe('error messages', () => {
  it('maps statuses to Chinese messages', () => {
    expect(errorMessage(new ApiError(0, null))).toBe('无法连接服务器，请稍后重试')
    expect(errorMessage(new ApiError(503, { title: 'Service Unavailable' }))).toBe('无法连接服务器，请稍后重试')
    expect(errorMessage(new ApiError(404, { title: 'Not found' }), 'region')).toBe('没有这个地区，或不在您的权限范围内')
    expect(errorMessage(new ApiError(404, { title: 'Not found' }), 'project')).toBe('没有这个项目，或不在您的权限范围内')
    expect(errorMessage(new ApiError(404, { title: 'Not rolled up yet' }))).toBe('该月尚未汇总')
    expect(errorMessage(new ApiError(403, { title: 'Forbidden' }))).toBe('您的角色无权查看此内容')
  })

  it('reads a region outside the scope like an unknown one, and lists other fields at fault', () => {
    expect(errorMessage(new ApiError(400, { errors: { regionCode: ["Unknown region code '331081'."] } }))).toBe(
      '没有这个地区，或不在您的权限范围内',
    )
    expect(errorMessage(new ApiError(400, { errors: { period: ['Must not be later than the current month.'], scope: ['bad'] } }))).toBe(
      '请求有误：月份（Must not be later than the current month.），口径（bad）',
    )
  })
})

describe('forecast path', () => {
  it('runs from the year to date at the last reported month to the forecast and its interval in December', () => {
    const p = forecastPath(300, 9, { yearEnd: 600, low: 450, high: 750 })
    expect(p.line.slice(0, 8)).toEqual(Array(8).fill(null))
    expect(p.line.slice(8)).toEqual([300, 400, 500, 600])
    expect(p.low.slice(8)).toEqual([300, 350, 400, 450])
    expect(p.high[11]).toBe(750)
  })
})
