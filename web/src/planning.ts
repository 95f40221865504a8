// Helpers of the planning section's and administrators' screens: the 12-month profile check, percentages in forms
// against the ratios the API stores, jobs to poll, raw downloads, and the API's own messages for a clerk.
import { ApiError, errorMessage, type Subject } from './api/errors'
import { isStale, parsePercent, parseWan, type Parsed } from './forms'

// ---------------------------------------------------------------- profile

/** 万元 as whole ten-thousandths (one yuan): exact integers for up to 11 integer digits and 4 decimals. */
export function toUnits(wan: number): number {
  return Math.round(wan * 10000)
}

export function fromUnits(units: number): number {
  return units / 10000
}

export interface ProfileCheck {
  /** Months filled in. */
  filled: number
  /** The sum of the months, in 万元 (exact to the yuan). */
  sum: number
  /** sum − planned, null while the planned amount is missing. */
  difference: number | null
  /** All 12 months valid and their sum equals the planned amount exactly. */
  matches: boolean
  /** Months whose text is not a valid amount (index 0 = January), with the message. */
  errors: Record<number, string>
}

/** Checks a month-by-month profile the way the API does: 12 amounts ≥ 0 adding up exactly to the annual plan. */
export function checkProfile(planned: string | null | undefined, months: readonly (string | null | undefined)[]): ProfileCheck {
  const plan = parseWan(planned)
  let units = 0
  let filled = 0
  const errors: Record<number, string> = {}
  months.forEach((text, i) => {
    const p = parseWan(text)
    if (p.error) errors[i] = p.error
    else if (p.value !== null) {
      filled++
      units += toUnits(p.value)
    }
  })
  const sum = fromUnits(units)
  const difference = plan.value === null || plan.error ? null : fromUnits(units - toUnits(plan.value))
  return {
    filled,
    sum,
    difference,
    matches: months.length === 12 && filled === 12 && Object.keys(errors).length === 0 && difference === 0,
    errors,
  }
}

/** Spreads an annual amount over 12 months evenly to the yuan, the remainder in December (a starting point to edit). */
export function evenProfile(planned: number): number[] {
  const total = toUnits(planned)
  const month = Math.floor(total / 12)
  const out = Array.from({ length: 12 }, () => fromUnits(month))
  out[11] = fromUnits(total - month * 11)
  return out
}

// ---------------------------------------------------------------- percentages ↔ ratios

/** A ratio (0.1) as the percentage a form shows ("10"), at most `digits` decimals, no trailing zeros. */
export function ratioToPercentText(ratio: number | null | undefined, digits = 2): string {
  if (ratio === null || ratio === undefined) return ''
  return String(Number((ratio * 100).toFixed(digits)))
}

/** A percentage typed in a form ("10", "−5.5%") as a ratio with at most 4 decimals (0.1, −0.055). */
export function parseSignedPercent(
  text: string | null | undefined,
  options: { required?: boolean; min?: number; max?: number } = {},
): Parsed {
  const t = (text ?? '').trim().replace(/^[−－]/, '-').replace(/[%％]$/, '').replace(/[,，\s]/g, '')
  if (t === '') return { value: null, error: options.required ? '请填写百分比' : null }
  const m = /^[+-]?(\d+)(?:\.(\d+))?$/.exec(t)
  if (!m) return { value: null, error: '请填写数字，例如 8 或 −5.5' }
  if ((m[2]?.length ?? 0) > 2) return { value: null, error: '最多2位小数' }
  const value = Number(t)
  if (options.min !== undefined && value < options.min) return { value: null, error: `不能低于${options.min}%` }
  if (options.max !== undefined && value > options.max) return { value: null, error: `不能高于${options.max}%` }
  return { value: Number((value / 100).toFixed(4)), error: null }
}

/** Lag thresholds are ratios ≤ 0 (−0.10 = 10 points behind); the form shows the points behind as a positive number. */
export function thresholdToPoints(ratio: number): string {
  return ratioToPercentText(-ratio)
}

export function pointsToThreshold(text: string | null | undefined): Parsed {
  const p = parsePercent(text, { required: true })
  if (p.error || p.value === null) return { value: null, error: p.error ?? '请填写百分点' }
  return { value: p.value === 0 ? 0 : -Number((p.value / 100).toFixed(4)), error: null }
}

// ---------------------------------------------------------------- messages

/**
 * What to tell the clerk after a write failed: the API's own words (field errors, conflict details; in Chinese since
 * the client asks for zh-CN), else the general message for the status.
 */
export function apiMessage(error: unknown, subject: Subject = 'page'): string {
  if (error instanceof ApiError) {
    if (isStale(error)) return '该记录已被他人修改，请重新加载后再操作'
    const p = error.problem
    if (error.status === 400 && p?.errors) {
      const messages = Object.values(p.errors).flat()
      if (messages.length > 0) return messages.join('；')
    }
    if (error.status === 403) return '您的角色无权执行此操作'
    if (error.status === 404) return errorMessage(error, subject)
    if ([400, 409, 410, 422, 428].includes(error.status) && p?.detail) return p.detail
  }
  return errorMessage(error, subject)
}

/** The file name of an attachment: RFC 5987 filename* first (UTF-8, the Chinese name), else filename. */
export function attachmentName(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)
  if (star) {
    try {
      return decodeURIComponent(star[1].trim())
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition)
  return plain ? plain[1].trim() : fallback
}

// ---------------------------------------------------------------- jobs

export const jobKindLabels: Record<string, string> = {
  rollup: '月度汇总',
  missing_reports_reminder: '催报名单',
  export: '导出',
  import: 'Excel导入',
}

export const jobStatusLabels: Record<string, string> = {
  queued: '排队中',
  running: '运行中',
  succeeded: '完成',
  failed: '失败',
}

/** Element Plus tag types of job and report states. */
export const jobStatusTags: Record<string, 'info' | 'primary' | 'success' | 'danger' | 'warning'> = {
  queued: 'info',
  running: 'primary',
  succeeded: 'success',
  failed: 'danger',
}

export const reportStateTags: Record<string, 'info' | 'primary' | 'success' | 'danger' | 'warning'> = {
  missing: 'danger',
  draft: 'info',
  submitted: 'warning',
  returned: 'danger',
  approved: 'success',
}

export function jobFinished(status: string): boolean {
  return status === 'succeeded' || status === 'failed'
}

/** Progress 0..1 as a whole percentage for el-progress. */
export function progressPercent(progress: number | null | undefined, status?: string): number {
  if (status === 'succeeded') return 100
  return Math.max(0, Math.min(100, Math.round((progress ?? 0) * 100)))
}

export interface ExportKind {
  code: string
  label: string
  description: string
  /** Query parameters it takes. */
  params: readonly ('regionCode' | 'period' | 'scope' | 'rankBy' | 'status')[]
  /** May be too large to answer at once (the API answers 409 above Exports:SynchronousMaxRows): offered as a job too. */
  large: boolean
  /** Needs the month rolled up first. */
  needsRollup: boolean
}

export const exportKinds: readonly ExportKind[] = [
  { code: 'county-ranking', label: '县市排名表', description: '各县（市、区）完成投资、完成率、同比与排名', params: ['regionCode', 'period', 'scope', 'rankBy'], large: false, needsRollup: true },
  { code: 'mode-breakdown', label: '分方向投资表', description: '公路、铁路、水运等各方向的计划与完成', params: ['regionCode', 'period', 'scope'], large: false, needsRollup: true },
  { code: 'project-detail', label: '项目明细表', description: '每个项目标段的计划、本月、累计与完成率', params: ['regionCode', 'period', 'scope'], large: true, needsRollup: true },
  { code: 'land-issues', label: '政策处理问题清单', description: '征迁、青苗、电力塔基等问题及办结情况', params: ['regionCode', 'status'], large: true, needsRollup: false },
  { code: 'data-quality', label: '数据质量问题表', description: '汇总时发现的缺报、进度倒退、分项不符等', params: ['regionCode', 'period'], large: true, needsRollup: true },
  { code: 'missing-reports', label: '未报/未审核月报清单', description: '该月未报或未审核的标段及指挥部联系人邮箱', params: ['regionCode', 'period'], large: false, needsRollup: false },
] as const

/** The query string of an export from the screen's options, only with the parameters that export takes. */
export function exportQuery(kind: ExportKind, options: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const p of kind.params) {
    const v = options[p]
    if (v) out[p] = v
  }
  return out
}

/** The period before today's month ("2024-01" on 2024-02-10): the month clerks usually work on. */
export function lastMonth(today = new Date()): string {
  const d = new Date(today.getFullYear(), today.getMonth() - 1, 1)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`
}

/** A timestamp in the bureau's way: 2024-01-20 10:05. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

// ---------------------------------------------------------------- audit

export const auditTableLabels: Record<string, string> = {
  regions: '地区',
  projects: '项目',
  project_scopes: '项目口径',
  sections: '标段',
  milestones: '里程碑',
  annual_plans: '年度计划',
  region_targets: '地区年度任务',
  monthly_reports: '月报',
  lag_thresholds: '预警阈值',
  land_issues: '政策处理问题',
  land_issue_reopenings: '政策处理问题重开',
  quantity_targets: '实物量目标',
  quantity_progress: '实物量完成',
  funding_sources: '资金来源',
  users: '用户',
  user_roles: '用户角色',
  user_claims: '用户声明',
  user_scopes: '用户权限范围',
  rollup_runs: '汇总记录',
}

export const auditActionLabels: Record<string, string> = { insert: '新增', update: '修改', delete: '删除' }

export interface FieldChange {
  field: string
  before: string
  after: string
}

function show(v: unknown): string {
  if (v === null || v === undefined) return '—'
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

/** The fields an audit entry changed (an insert: every field after; a delete: every field before). */
export function auditChanges(before: unknown, after: unknown): FieldChange[] {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>
  const keys = Array.from(new Set([...Object.keys(b), ...Object.keys(a)]))
  const out: FieldChange[] = []
  for (const k of keys) {
    const bv = show(b[k])
    const av = show(a[k])
    if (before && after && bv === av) continue
    out.push({ field: k, before: before ? bv : '', after: after ? av : '' })
  }
  return out
}

// ---------------------------------------------------------------- users

export const roleOptions = [
  { code: 'planning', label: '规划科' },
  { code: 'leadership', label: '领导' },
  { code: 'headquarters', label: '项目指挥部' },
  { code: 'administrator', label: '管理员' },
] as const

/** A lock set by an administrator lasts for ever (DateTimeOffset.MaxValue); a lockout after wrong passwords, 15 minutes. */
export function isLocked(lockedOutUntil: string | null | undefined, now = new Date()): boolean {
  if (!lockedOutUntil) return false
  const until = new Date(lockedOutUntil)
  return Number.isNaN(until.getTime()) || until.getTime() > now.getTime()
}

/** The password rule of the API: at least 12 characters with upper case, lower case and a digit. */
export function passwordError(password: string): string | null {
  if (password.length < 12) return '密码至少12位'
  if (!/[A-Z]/.test(password) || !/[a-z]/.test(password) || !/\d/.test(password)) return '密码须包含大写字母、小写字母和数字'
  return null
}

/** Column names of the audited tables a clerk meets most, in Chinese (others are shown as they are). */
export const auditColumnLabels: Record<string, string> = {
  email: '邮箱',
  user_name: '用户名',
  lockout_end: '锁定至',
  access_failed_count: '密码错误次数',
  email_confirmed: '邮箱已确认',
  lockout_enabled: '允许锁定',
  two_factor_enabled: '双重验证',
  phone_number_confirmed: '手机已确认',
  role_id: '角色',
  region_code: '地区',
  project_id: '项目',
  section_id: '标段',
  name: '名称',
  code: '编号',
  status: '状态',
  year: '年度',
  month: '月份',
  revision: '版本',
  month_actual: '本月完成（万元）',
  physical_progress: '形象进度（%）',
  narrative: '进展情况',
  problems: '存在问题',
  return_reason: '退回原因',
  correction_reason: '更正原因',
  planned_investment: '计划投资（万元）',
  monthly_profile: '月度分配',
  target_physical_progress: '目标形象进度（%）',
  apportioned_investment: '分摊投资（万元）',
  total_investment: '总投资（万元）',
  active_from: '起报月份',
  task: '年度任务（万元）',
  growth_target: '增长目标',
  scope: '口径',
  yellow_below: '黄色阈值',
  red_below: '红色阈值',
  kind: '类型',
  planned_on: '计划日期',
  actual_on: '实际日期',
  created_at: '创建时间',
  updated_at: '更新时间',
  submitted_by: '提交人',
  decided_by: '审核人',
}

/** Technical columns an audit line need not show a clerk. */
const hiddenAuditColumns = new Set(['password_hash', 'security_stamp', 'concurrency_stamp', 'normalized_email', 'normalized_user_name', 'xmin'])

export function auditColumnLabel(column: string): string {
  return auditColumnLabels[column] ?? column
}

/** An audit value for reading: "infinity" (locked for good) as 永久, booleans as 是/否, timestamps as local time. */
export function auditValue(text: string): string {
  if (text === 'infinity' || text.startsWith('9999-12-31')) return '永久'
  if (text === 'true') return '是'
  if (text === 'false') return '否'
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return formatDateTime(text)
  return text
}

/** The changes of an entry worth showing: an update's changed columns; an insert's or delete's non-empty ones. */
export function auditLines(before: unknown, after: unknown): FieldChange[] {
  return auditChanges(before, after).filter(
    (c) => !hiddenAuditColumns.has(c.field) && (before && after ? true : (after ? c.after : c.before) !== '—'),
  )
}
