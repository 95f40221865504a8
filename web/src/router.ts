import { createRouter, createWebHistory, START_LOCATION, type RouteLocationRaw } from 'vue-router'
import { setUnauthorizedHandler } from './api/client'
import { ApiError } from './api/errors'
import { clearSession, loadSession, session } from './session'
import { homeRouteFor } from './nav'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean
    /** The page title's first part. */
    title?: string
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    // The home page depends on who signed in: the guard below sends headquarters to their sections.
    { path: '/', name: 'home', redirect: { name: 'dashboard' } },
    {
      path: '/login',
      name: 'login',
      component: () => import('./views/LoginView.vue'),
      meta: { public: true, title: '登录' },
    },
    {
      path: '/dashboard/:regionCode?',
      name: 'dashboard',
      component: () => import('./views/DashboardView.vue'),
      meta: { title: '领导驾驶舱' },
    },
    {
      // The wall screen: the dashboard in its 1920×1080 dark layout (same as /dashboard/…?wall=1).
      path: '/wall/:regionCode?',
      name: 'wall',
      redirect: (to) => ({ name: 'dashboard', params: to.params, query: { ...to.query, wall: '1' } }),
    },
    {
      path: '/projects/:id',
      name: 'project',
      component: () => import('./views/ProjectView.vue'),
      meta: { title: '项目' },
    },
    {
      path: '/sections/:id',
      name: 'section',
      component: () => import('./views/SectionView.vue'),
      meta: { title: '标段月报' },
    },
    {
      path: '/regions/:regionCode/missing-reports',
      name: 'missing-reports',
      component: () => import('./views/MissingReportsView.vue'),
      meta: { title: '未报/未审核月报' },
    },
    {
      path: '/regions/:regionCode/findings',
      name: 'findings',
      component: () => import('./views/FindingsView.vue'),
      meta: { title: '数据质量问题' },
    },
    // 规划科 and administrators (views/work): each screen shows a no-permission message to other roles.
    {
      path: '/review',
      name: 'review',
      component: () => import('./views/work/ReviewView.vue'),
      meta: { title: '月报审核' },
    },
    {
      path: '/reminders',
      name: 'reminders',
      component: () => import('./views/work/RemindersView.vue'),
      meta: { title: '催报' },
    },
    {
      path: '/plans',
      name: 'plans',
      component: () => import('./views/work/PlansView.vue'),
      meta: { title: '项目与计划' },
    },
    {
      path: '/plans/projects/:id',
      name: 'plan-project',
      component: () => import('./views/work/PlanProjectView.vue'),
      meta: { title: '项目与计划' },
    },
    {
      path: '/rollups',
      name: 'rollups',
      component: () => import('./views/work/RollupsView.vue'),
      meta: { title: '汇总与导出' },
    },
    {
      path: '/admin/users',
      name: 'admin-users',
      component: () => import('./views/work/AdminUsersView.vue'),
      meta: { title: '用户' },
    },
    {
      path: '/admin/settings',
      name: 'admin-settings',
      component: () => import('./views/work/AdminSettingsView.vue'),
      meta: { title: '预警与任务' },
    },
    {
      path: '/admin/audit',
      name: 'admin-audit',
      component: () => import('./views/work/AdminAuditView.vue'),
      meta: { title: '操作日志' },
    },
    {
      path: '/jobs',
      name: 'jobs',
      component: () => import('./views/work/JobsView.vue'),
      meta: { title: '后台任务' },
    },
    // 项目指挥部 (headquarters): their sections' monthly reports, land issues and the Excel upload.
    {
      path: '/my-sections',
      name: 'my-sections',
      component: () => import('./views/MySectionsView.vue'),
      meta: { title: '我的标段' },
    },
    {
      path: '/my-sections/:sectionId/reports/:period',
      name: 'report-form',
      component: () => import('./views/ReportFormView.vue'),
      meta: { title: '月报填报' },
    },
    {
      path: '/land-issues',
      name: 'land-issues',
      component: () => import('./views/LandIssuesView.vue'),
      meta: { title: '政策处理' },
    },
    {
      path: '/report-import',
      name: 'report-import',
      component: () => import('./views/ReportImportView.vue'),
      meta: { title: 'Excel填报' },
    },
    {
      path: '/:pathMatch(.*)*',
      name: 'not-found',
      component: () => import('./views/NotFoundView.vue'),
      meta: { public: true, title: '页面不存在' },
    },
  ],
  scrollBehavior(to, from, saved) {
    if (saved) return saved
    if (to.path !== from.path) return { top: 0 }
    return false
  },
})

function toLogin(redirect: string): RouteLocationRaw {
  return { name: 'login', query: redirect && redirect !== '/' ? { redirect } : {} }
}

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  try {
    await loadSession()
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return toLogin(to.fullPath)
    // Server unreachable: the view shows the error with a retry button.
  }
  if (to.path === '/' || (to.name === 'dashboard' && !to.params.regionCode && session.user?.role === 'headquarters')) {
    const home = homeRouteFor(session.user?.role, router)
    if (home !== to.name) return { name: home }
  }
  return true
})

router.afterEach((to) => {
  document.title = `${to.meta.title ?? '领导驾驶舱'} · 交通投资`
})

// Any 401 later on (session expired, signed out elsewhere): back to sign-in, then to exactly this view.
setUnauthorizedHandler(() => {
  const current = router.currentRoute.value
  clearSession()
  if (current === START_LOCATION || current.name === 'login') return
  void router.push(toLogin(current.fullPath))
})
