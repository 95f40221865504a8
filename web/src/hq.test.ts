import { describe, expect, it } from 'vitest'
import {
  deadlineText,
  draftChanged,
  draftFrom,
  formMode,
  formatWanExact,
  importErrorsOf,
  importSummary,
  landStatus,
  monthStateLabel,
  needsAction,
  plannedForMonth,
  progressDecreased,
  routeId,
  routePeriod,
  uploadFileError,
} from './hq'
import type { Schemas } from './api/client'

type Revision = Schemas['ReportRevisionResponse']

function rev(status: string, extra: Partial<Revision> = {}): Revision {
  return {
    id: 1, revision: 1, status, monthActual: 120.5, physicalProgress: 35, narrative: '路基', problems: null, correctionReason: null,
    progressDecreaseReason: null, returnReason: null, createdAt: '2024-01-05T00:00:00Z', createdBy: null, updatedAt: '2024-01-05T00:00:00Z',
    submittedAt: null, submittedBy: null, decidedAt: null, decidedBy: null, version: '"77"', ...extra,
  }
}
function month(open: Revision | null, approved: Revision | null): Schemas['MonthReportResponse'] {
  return { sectionId: 1, projectId: 1, projectCode: 'P', period: '2024-01', open, approved, history: [] }
}

describe('the worklist', () => {
  it('says the deadline as a clerk reads it, overdue in its own words', () => {
    expect(deadlineText('2026-11', '2026-12-05', 3)).toEqual({ text: '2026年11月月报 截止 2026-12-05，还剩3天', overdue: false })
    expect(deadlineText('2026-11', '2026-12-05', 0).text).toContain('今天截止')
    expect(deadlineText('2026-11', '2026-12-05', -2)).toEqual({ text: '2026年11月月报 截止 2026-12-05，已逾期2天', overdue: true })
  })
  it('names the states and knows which need the clerk', () => {
    expect(monthStateLabel('returned')).toBe('已退回')
    expect(monthStateLabel('approved')).toBe('已通过')
    expect(monthStateLabel(null)).toBe('未填报')
    expect(needsAction('missing')).toBe(true)
    expect(needsAction('returned')).toBe(true)
    expect(needsAction('submitted')).toBe(false)
  })
  it('takes only well-formed route parameters', () => {
    expect(routePeriod('2024-01')).toBe('2024-01')
    expect(routePeriod('2024-13')).toBeNull()
    expect(routePeriod(['2024-01'])).toBeNull()
    expect(routeId('42')).toBe(42)
    expect(routeId('0')).toBeNull()
    expect(routeId('4x')).toBeNull()
  })
})

describe('the month form', () => {
  it('shows an amount to the yuan without inventing or losing decimals', () => {
    expect(formatWanExact(1234.5678)).toBe('1,234.5678 万元')
    expect(formatWanExact(999)).toBe('999.00 万元')
    expect(formatWanExact(12.5)).toBe('12.50 万元')
    expect(formatWanExact(0.001)).toBe('0.001 万元')
    expect(formatWanExact(-120, false)).toBe('\u2212120.00')
    expect(formatWanExact(null)).toBe('—')
  })
  it('offers what the month allows', () => {
    expect(formMode(month(null, null))).toBe('new')
    expect(formMode(month(rev('draft'), null))).toBe('edit')
    expect(formMode(month(rev('returned'), null))).toBe('edit')
    expect(formMode(month(rev('submitted'), null))).toBe('submitted')
    expect(formMode(month(null, rev('approved')))).toBe('approved')
    expect(formMode(month(rev('draft', { correctionReason: '重复计量' }), rev('approved')))).toBe('edit')
  })
  it('asks for a reason only when progress goes below last month', () => {
    expect(progressDecreased(30, 35)).toBe(true)
    expect(progressDecreased(35, 35)).toBe(false)
    expect(progressDecreased(null, 35)).toBe(false)
    expect(progressDecreased(30, null)).toBe(false)
  })
  it('starts from the revision and sees what was typed since', () => {
    const d = draftFrom(rev('draft'))
    expect(d).toEqual({ monthActual: '120.5', physicalProgress: '35', narrative: '路基', problems: '', progressDecreaseReason: '' })
    expect(draftChanged(d, rev('draft'))).toBe(false)
    expect(draftChanged({ ...d, monthActual: '121' }, rev('draft'))).toBe(true)
    expect(draftFrom(null).monthActual).toBe('')
  })
  it("takes the month's plan from the profile, else a twelfth", () => {
    const profile = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    expect(plannedForMonth({ plannedInvestment: 78, monthlyProfile: profile }, '2024-03')).toBe(3)
    expect(plannedForMonth({ plannedInvestment: 1200, monthlyProfile: null }, '2024-03')).toBe(100)
    expect(plannedForMonth(null, '2024-03')).toBeNull()
  })
})

describe('land issues and the Excel upload', () => {
  it('colours an issue by where it stands', () => {
    expect(landStatus({ status: 'resolved', overdue: false })).toEqual({ label: '已解决', tag: 'success' })
    expect(landStatus({ status: 'open', overdue: true }).label).toBe('已逾期')
    expect(landStatus({ status: 'open', overdue: false }).tag).toBe('warning')
  })
  it("lists the import's errors by row, and none for another problem", () => {
    const rows = importErrorsOf({
      importErrors: [
        { row: 5, column: '形象进度(%)', field: 'physicalProgress', code: 'IMPORT_OUT_OF_RANGE', message: 'H5 超出范围' },
        { row: 3, column: '本月完成投资(万元)', field: 'monthActual', code: 'IMPORT_NOT_A_NUMBER', message: 'G3 不是数字' },
      ],
    })
    expect(rows.map((r) => r.row)).toEqual([3, 5])
    expect(rows[0].column).toBe('本月完成投资(万元)')
    expect(importErrorsOf({ title: 'x' })).toEqual([])
    expect(importErrorsOf(null)).toEqual([])
  })
  it('sums up a committed upload and checks the file first', () => {
    expect(importSummary({ created: 2, updated: 1, unchanged: 0, submitted: 1, skipped: 3 })).toBe('已保存：新建 2 条，更新 1 条，提交 1 条；跳过空行 3 行')
    expect(uploadFileError(null)).toContain('请选择')
    expect(uploadFileError({ name: 'a.xls', size: 10 })).toContain('.xlsx')
    expect(uploadFileError({ name: 'a.xlsx', size: 6 * 1024 * 1024 })).toContain('5 MB')
    expect(uploadFileError({ name: '月报.XLSX', size: 100 })).toBeNull()
  })
})
