// The menu of the work screens, by role. A screen appears only once its route exists, and only for the roles the API
// lets use it (the API still decides: hiding is for the clerk's sake, not the door).
import type { Router } from 'vue-router'

export interface NavEntry {
  /** The route's name in router.ts. */
  route: string
  label: string
  roles: readonly string[]
}

const everyone = ['administrator', 'planning', 'leadership', 'headquarters'] as const

export const navEntries: readonly NavEntry[] = [
  { route: 'dashboard', label: '领导驾驶舱', roles: ['administrator', 'planning', 'leadership'] },
  // 项目指挥部
  { route: 'my-sections', label: '我的标段', roles: ['headquarters'] },
  { route: 'land-issues', label: '政策处理', roles: ['headquarters', 'planning', 'administrator'] },
  { route: 'report-import', label: 'Excel填报', roles: ['headquarters', 'planning', 'administrator'] },
  // 规划科
  { route: 'review', label: '审核', roles: ['planning', 'administrator'] },
  { route: 'reminders', label: '催报', roles: ['planning', 'administrator'] },
  { route: 'plans', label: '项目与计划', roles: ['planning', 'administrator'] },
  { route: 'rollups', label: '汇总与导出', roles: ['planning', 'administrator'] },
  // 管理员
  { route: 'admin-users', label: '用户', roles: ['administrator'] },
  { route: 'admin-settings', label: '预警与任务', roles: ['administrator'] },
  { route: 'admin-audit', label: '操作日志', roles: ['administrator'] },
  { route: 'jobs', label: '后台任务', roles: ['administrator', 'planning'] },
]

export function navFor(role: string | null | undefined, router: Router): NavEntry[] {
  if (!role) return []
  return navEntries.filter((e) => e.roles.includes(role) && router.hasRoute(e.route))
}

/** Where a user lands after signing in: headquarters at their sections, everyone else at the dashboard. */
export function homeRouteFor(role: string | null | undefined, router: Router): string {
  if (role === 'headquarters' && router.hasRoute('my-sections')) return 'my-sections'
  return 'dashboard'
}

export const allRoles = everyone
