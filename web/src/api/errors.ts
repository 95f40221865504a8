// RFC 9457 problem details from the API, turned into messages a leader can act on. The API's own titles and details
// may still be English, so the message is chosen by status (and a few known titles), and field errors are listed by
// their Chinese field names.

export interface Problem {
  type?: string
  title?: string
  status?: number
  detail?: string
  errors?: Record<string, string[]>
  /** A machine-readable reason some answers carry (ANTIFORGERY_TOKEN, IMPORT_…). */
  code?: string
}

export type Subject = 'region' | 'project' | 'section' | 'page'

const subjectNames: Record<Subject, string> = {
  region: '地区',
  project: '项目',
  section: '标段',
  page: '内容',
}

const fieldNames: Record<string, string> = {
  period: '月份',
  regionCode: '地区',
  scope: '口径',
  rankBy: '排名依据',
  year: '年度',
  asOf: '截止日期',
  groupBy: '分组',
  mode: '投资方向',
  modeCategory: '投资类别',
  email: '邮箱',
  password: '密码',
  status: '状态',
  page: '页码',
  pageSize: '每页条数',
  monthActual: '本月完成投资',
  physicalProgress: '形象进度',
  narrative: '完成情况',
  problems: '存在问题',
  progressDecreaseReason: '进度回退原因',
  reason: '原因',
  kind: '问题类型',
  description: '问题描述',
  identifiedOn: '发现日期',
  dueOn: '计划解决日期',
  resolvedOn: '解决日期',
  town: '镇街',
  responsibleUnit: '责任单位',
  reference: '编号',
  file: '文件',
}

export function problemFromBody(body: unknown): Problem | null {
  if (body && typeof body === 'object') return body as Problem
  return null
}

/** An error from the API, with a message in Chinese. status 0 = the server could not be reached. */
export class ApiError extends Error {
  readonly status: number
  readonly problem: Problem | null

  constructor(status: number, problem: Problem | null, cause?: unknown) {
    super(`API ${status}${problem?.title ? `: ${problem.title}` : ''}`, { cause })
    this.status = status
    this.problem = problem
  }

  get notRolledUp(): boolean {
    return this.status === 404 && this.problem?.title === 'Not rolled up yet'
  }

  /** A region, project or section the caller may not see reads as unknown: 404, or 400 naming the region code. */
  get outOfScope(): boolean {
    if (this.status === 404 && !this.notRolledUp) return true
    return this.status === 400 && !!this.problem?.errors && 'regionCode' in this.problem.errors
  }

  /** Worth retrying: the server could not be reached or failed. */
  get transient(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429
  }
}

export function notFoundMessage(subject: Subject): string {
  if (subject === 'page') return '没有找到该内容，或不在您的权限范围内'
  return `没有这个${subjectNames[subject]}，或不在您的权限范围内`
}

/** The Chinese message for an error, worded for what was being looked at. */
export function errorMessage(error: unknown, subject: Subject = 'page'): string {
  if (!(error instanceof ApiError)) {
    return '页面出错了，请刷新后重试'
  }
  const p = error.problem
  if (error.status === 0 || error.status >= 500) return '无法连接服务器，请稍后重试'
  if (error.notRolledUp) return '该月尚未汇总'
  if (error.outOfScope) return notFoundMessage(error.status === 400 ? 'region' : subject)
  switch (error.status) {
    case 401:
      return '登录已过期，请重新登录'
    case 403:
      return '您的角色无权查看此内容'
    case 409:
      return '数据量较大，无法直接下载，请联系规划科导出'
    case 429:
      return '请求过于频繁，请稍后再试'
    case 400: {
      // The page's antiforgery token was stale; the client has already dropped it, so trying again works.
      if (p?.code === 'ANTIFORGERY_TOKEN') return '页面已过期，请再试一次'
      const fields = Object.entries(p?.errors ?? {})
      if (fields.length === 0) return '请求有误，请检查后重试'
      return '请求有误：' + fields.map(([f, msgs]) => `${fieldNames[f] ?? f}（${msgs.join('；')}）`).join('，')
    }
    default:
      return `请求失败（${error.status}），请稍后重试`
  }
}
