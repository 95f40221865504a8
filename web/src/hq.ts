// Pure helpers of the headquarters' screens (我的标段, 月报填报, 政策处理, Excel填报): states, deadlines, what the form
// allows, land-issue filters and import errors. No Vue, no HTTP.
import type { Schemas } from './api/client'
import { formatPeriod, groupThousands, NONE } from './format'

/** Where a section's month stands, as the worklist reports it. */
export type MonthState = 'missing' | 'draft' | 'submitted' | 'returned' | 'approved'

/** The states in the headquarters' own words (shorter than the planning section's 已提交待审核 / 已审核). */
export const monthStateLabels: Record<string, string> = {
  missing: '未填报',
  draft: '草稿',
  submitted: '已提交',
  returned: '已退回',
  approved: '已通过',
  superseded: '已被更正',
}

/** Element Plus tag type of each state: what still needs the clerk stands out (red returned, orange draft). */
export const monthStateTags: Record<string, 'primary' | 'success' | 'warning' | 'info' | 'danger'> = {
  missing: 'info',
  draft: 'warning',
  submitted: 'primary',
  returned: 'danger',
  approved: 'success',
  superseded: 'info',
}

export function monthStateLabel(state: string | null | undefined): string {
  return state ? (monthStateLabels[state] ?? state) : monthStateLabels.missing
}

/** True while the month still needs something from the headquarters (fill, finish, correct after a return). */
export function needsAction(state: string): boolean {
  return state === 'missing' || state === 'draft' || state === 'returned'
}

export interface Deadline {
  text: string
  overdue: boolean
}

/**
 * The reporting deadline as a clerk reads it: "2026年11月月报 截止 2026-12-05，还剩3天", "…，今天截止",
 * "…，已逾期2天" (overdue: shown in red).
 */
export function deadlineText(period: string, dueDate: string, daysLeft: number): Deadline {
  const head = `${formatPeriod(period)}月报 截止 ${dueDate}`
  if (daysLeft > 0) return { text: `${head}，还剩${daysLeft}天`, overdue: false }
  if (daysLeft === 0) return { text: `${head}，今天截止`, overdue: false }
  return { text: `${head}，已逾期${-daysLeft}天`, overdue: true }
}

/**
 * An amount in 万元 as entered, to the yuan: grouped, at least 2 and at most 4 decimals, no rounding of what the clerk
 * typed (1234.5678 → "1,234.5678 万元", 999 → "999.00 万元", −120 → "−120.00 万元").
 */
export function formatWanExact(value: number | null | undefined, unit = true): string {
  if (value === null || value === undefined || Number.isNaN(value)) return NONE
  let fixed = value.toFixed(4).replace(/0{1,2}$/, '')
  if (fixed.startsWith('-') && Number(fixed) === 0) fixed = fixed.slice(1)
  const text = groupThousands(fixed)
  return unit ? `${text} 万元` : text
}

/** "2024-03" for a route parameter that is a real month, else null. */
export function routePeriod(value: unknown): string | null {
  return typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value) ? value : null
}

/** A positive integer id from a route parameter, else null. */
export function routeId(value: unknown): number | null {
  if (typeof value !== 'string' || !/^[1-9]\d{0,15}$/.test(value)) return null
  const n = Number(value)
  return Number.isSafeInteger(n) ? n : null
}

type MonthReport = Schemas['MonthReportResponse']
type Revision = Schemas['ReportRevisionResponse']

/** What the month's report page offers, decided from the API's month view. */
export type FormMode =
  /** No report yet: an empty form; saving creates the draft (PUT without If-Match). */
  | 'new'
  /** An open draft or a returned revision: edit, save (If-Match), submit. */
  | 'edit'
  /** Submitted: waiting for the planning section, read only. */
  | 'submitted'
  /** Approved and locked: read only, with 更正 (a correction revision with a reason). */
  | 'approved'

export function formMode(report: MonthReport | null | undefined): FormMode {
  const open = report?.open
  if (open) {
    if (open.status === 'submitted') return 'submitted'
    return 'edit'
  }
  if (report?.approved) return 'approved'
  return 'new'
}

/** The revision the form shows: the open one, else the approved one. */
export function shownRevision(report: MonthReport | null | undefined): Revision | null {
  return report?.open ?? report?.approved ?? null
}

/** The figures a month counts with, for "last month": the approved revision, else the open one. */
export function effectiveRevision(report: MonthReport | null | undefined): Revision | null {
  return report?.approved ?? report?.open ?? null
}

/** A correction in progress: its negative amounts are allowed and its reason is shown. */
export function isCorrection(revision: Revision | null | undefined): boolean {
  return !!revision?.correctionReason
}

/**
 * Whether to ask for 进度回退原因 before the API does: the typed progress is below last month's (physical progress is
 * cumulative). The API also compares with every earlier month and answers 400 on physicalProgress; the page then asks too.
 */
export function progressDecreased(typed: number | null, previous: number | null | undefined): boolean {
  return typed !== null && previous !== null && previous !== undefined && typed < previous
}

/** The month's planned amount: the plan's monthly profile when it has one, else a twelfth of the year's plan. */
export function plannedForMonth(plan: { plannedInvestment: number; monthlyProfile?: number[] | null } | null | undefined, period: string): number | null {
  if (!plan) return null
  const month = Number(period.slice(5, 7))
  const profile = plan.monthlyProfile
  if (profile && profile.length === 12) return profile[month - 1]
  return plan.plannedInvestment / 12
}

/** The form's fields as the clerk typed them (text, so "12a" stays on screen until corrected). */
export interface ReportDraft {
  monthActual: string
  physicalProgress: string
  narrative: string
  problems: string
  progressDecreaseReason: string
}

export function draftFrom(revision: Revision | null | undefined): ReportDraft {
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v))
  return {
    monthActual: num(revision?.monthActual),
    physicalProgress: num(revision?.physicalProgress),
    narrative: revision?.narrative ?? '',
    problems: revision?.problems ?? '',
    progressDecreaseReason: revision?.progressDecreaseReason ?? '',
  }
}

/** The typed values differ from the revision they started from (after a stale-edit reload this says "not yet saved"). */
export function draftChanged(draft: ReportDraft, revision: Revision | null | undefined): boolean {
  const base = draftFrom(revision)
  return (Object.keys(base) as (keyof ReportDraft)[]).some((k) => draft[k].trim() !== base[k].trim())
}

// --- 政策处理 (land issues) ---------------------------------------------------------------------------------------

export const landStatusOptions = [
  { value: '', label: '全部' },
  { value: 'open', label: '未解决' },
  { value: 'overdue', label: '已逾期' },
  { value: 'resolved', label: '已解决' },
] as const

export interface LandStatus {
  label: string
  tag: 'success' | 'warning' | 'danger'
}

/** An issue's status as a tag: 已解决 (green), 已逾期 (red: open past its due date), 未解决 (orange). */
export function landStatus(issue: { status: string; overdue: boolean }): LandStatus {
  if (issue.status === 'resolved') return { label: '已解决', tag: 'success' }
  if (issue.overdue) return { label: '已逾期', tag: 'danger' }
  return { label: '未解决', tag: 'warning' }
}

/** Today's date in the browser as yyyy-MM-dd (the default of 发现日期 and 解决日期). */
export function isoToday(today = new Date()): string {
  return `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`
}

// --- Excel填报 -----------------------------------------------------------------------------------------------------

export interface ImportErrorRow {
  row: number | null
  column: string | null
  field?: string
  code: string
  message: string
}

/**
 * The import's errors from a problem body: `importErrors` as the API lists them (row, Chinese column header, message),
 * sorted by row; a problem without them (a refused file) gives one row from `detail`.
 */
export function importErrorsOf(problem: unknown): ImportErrorRow[] {
  if (!problem || typeof problem !== 'object') return []
  const list = (problem as { importErrors?: unknown }).importErrors
  if (Array.isArray(list)) {
    return list
      .filter((e): e is ImportErrorRow => !!e && typeof e === 'object' && typeof (e as ImportErrorRow).message === 'string')
      .map((e) => ({ row: e.row ?? null, column: e.column ?? null, field: e.field, code: e.code ?? '', message: e.message }))
      .sort((a, b) => (a.row ?? 0) - (b.row ?? 0))
  }
  return []
}

export const importOutcomeLabels: Record<string, string> = {
  created: '新建',
  updated: '已更新',
  unchanged: '无变化',
  skipped: '空行跳过',
}

/** One line summing up a committed upload: "已保存：新建 2 条，更新 1 条，提交 1 条；跳过空行 3 行". */
export function importSummary(r: { created: number; updated: number; unchanged: number; submitted: number; skipped: number }): string {
  const parts = [`新建 ${r.created} 条`, `更新 ${r.updated} 条`]
  if (r.unchanged) parts.push(`无变化 ${r.unchanged} 条`)
  if (r.submitted) parts.push(`提交 ${r.submitted} 条`)
  const tail = r.skipped ? `；跳过空行 ${r.skipped} 行` : ''
  return `已保存：${parts.join('，')}${tail}`
}

/** The upload's file name check before sending: only .xlsx (the API refuses .xls and others with 415 anyway). */
export function uploadFileError(file: { name: string; size: number } | null, maxBytes = 5 * 1024 * 1024): string | null {
  if (!file) return '请选择填好的 Excel 文件（.xlsx）'
  if (!/\.xlsx$/i.test(file.name)) return '只能上传 .xlsx 文件（请在 Excel 中另存为“Excel 工作簿”）'
  if (file.size > maxBytes) return `文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB，请分批上传`
  if (file.size === 0) return '文件是空的，请重新选择'
  return null
}
