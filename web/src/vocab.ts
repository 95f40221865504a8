// The registry's fixed codes (src/Investment.Api/Features/Projects/Vocabulary.cs and friends) in Chinese.

export const scopes = [
  { code: 'all', label: '全口径' },
  { code: 'comprehensive', label: '综合交通投资' },
  { code: 'effective', label: '交通有效投资' },
  { code: 'key_project', label: '重点交通建设项目' },
  { code: 'major_programme', label: '十项重大工程' },
  { code: 'livelihood', label: '民生实事' },
] as const

export type ScopeCode = (typeof scopes)[number]['code']

export function isScope(code: unknown): code is ScopeCode {
  return typeof code === 'string' && scopes.some((s) => s.code === code)
}

export function scopeLabel(code: string | null | undefined): string {
  return scopes.find((s) => s.code === (code ?? 'all'))?.label ?? code ?? '全口径'
}

export const rankMetrics = [
  { code: 'completion', label: '完成率' },
  { code: 'ytd', label: '累计完成额' },
  { code: 'yoy', label: '同比增长' },
  { code: 'task', label: '完成年度任务' },
] as const

export type RankMetric = (typeof rankMetrics)[number]['code']

export function isRankMetric(code: unknown): code is RankMetric {
  return typeof code === 'string' && rankMetrics.some((m) => m.code === code)
}

export const modeLabels: Record<string, string> = {
  expressway: '高速公路',
  trunk_highway: '国省道',
  urban_road: '城市道路',
  rural_road: '农村公路',
  railway: '铁路',
  urban_rail: '城际/城市轨道',
  port: '港口',
  waterway: '航道',
  airport: '机场',
  hub: '综合枢纽',
  other: '其他',
}

export const categoryLabels: Record<string, string> = {
  road: '公路',
  rail: '铁路',
  water: '水运',
  air: '航空',
  hub: '枢纽',
  other: '其他',
}

export function modeLabel(code: string): string {
  return modeLabels[code] ?? categoryLabels[code] ?? code
}

export const lagStatusLabels: Record<string, string> = {
  green: '正常',
  yellow: '滞后',
  red: '严重滞后',
}

/** Colours of the lag status; green and red are dark enough for white text (contrast ≥ 4.5:1). */
export const lagColors: Record<string, string> = {
  green: '#2f8a4f',
  yellow: '#d49b00',
  red: '#c9302c',
  none: '#9aa0a6',
}

export const landKindLabels: Record<string, string> = {
  house: '房屋征收',
  crops: '青苗',
  power_tower: '电力塔基/管线',
  grave: '坟墓',
  enterprise: '企业',
  farmland: '农田/用地指标',
  other: '其他',
}

export const ageLabels: Record<string, string> = {
  '0-30': '30天以内',
  '31-90': '31–90天',
  '91-180': '91–180天',
  '181-365': '181–365天',
  '>365': '一年以上',
}

export const findingKindLabels: Record<string, string> = {
  sections_exceed_total: '标段投资超过项目总投资',
  parts_do_not_add_up: '分项之和与合计不符',
  progress_backwards: '形象进度倒退',
  missing_month: '月报缺报',
  unapproved_month: '月报未审核',
  no_mode: '投资未归入任何方向',
  unattributed_investment: '项目总投资未全部分摊到标段',
  no_plan: '有月报但无年度计划',
  before_start: '开工前的月份有月报',
}

export const reportStateLabels: Record<string, string> = {
  missing: '未填报',
  draft: '草稿',
  submitted: '已提交待审核',
  returned: '已退回',
  approved: '已审核',
}

export const milestoneLabels: Record<string, string> = {
  proposal: '项目建议书',
  feasibility_study: '工可',
  site_land_prereview: '规划选址与用地预审',
  preliminary_design: '初步设计',
  construction_drawings: '施工图',
  construction_tender: '施工招标',
  land_approval: '用地批复',
  start: '开工',
  handover_acceptance: '交工验收',
  opening: '通车',
  completion_acceptance: '竣工验收',
}

export const projectClassLabels: Record<string, string> = {
  reserve: '储备',
  preliminary: '前期',
  new_start: '新开工',
  continuing: '续建',
  completed: '建成',
  in_service: '已建成',
}

export const projectStatusLabels: Record<string, string> = {
  active: '在建/在册',
  archived: '已归档',
}

export const levelLabels: Record<string, string> = {
  province: '省',
  city: '市',
  county: '县（市、区）',
}
