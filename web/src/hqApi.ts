// The headquarters' calls that need more than a plain typed `api.GET`: the month's worklist and the Excel upload.
import { api, apiUrl, unwrap } from './api/client'

export interface WorklistPrevious {
  period: string
  monthActual: number | null
  physicalProgress: number | null
}

export interface WorklistSection {
  sectionId: number
  sectionName: string
  projectId: number
  projectCode: string
  projectName: string
  regionCode: string
  regionName: string
  state: string
  openRevision: number | null
  returnReason: string | null
  version: string | null
  monthActual: number | null
  physicalProgress: number | null
  previousMonth: WorklistPrevious | null
  plannedInvestment: number | null
  plannedThisMonth: number | null
}

export interface Worklist {
  period: string
  dueDate: string
  daysLeft: number
  sections: WorklistSection[]
}

type UntypedGet = (path: string, init?: { params?: { query?: Record<string, string> } }) => Promise<{ data?: unknown; error?: unknown; response: Response }>

/** GET /api/v1/reports/worklist?period= (the reporting month by default): the caller's sections and their month. */
export function loadWorklist(period?: string | null): Promise<Worklist> {
  const get = api.GET as unknown as UntypedGet
  return unwrap(get('/api/v1/reports/worklist', { params: { query: period ? { period } : {} } })) as Promise<Worklist>
}

/** The template's download link (the cookie goes along with a plain link). */
export function templateUrl(regionCode: string, period: string): string {
  return apiUrl('/api/v1/imports/monthly-reports/template', { regionCode, period })
}

/**
 * POST /api/v1/imports/monthly-reports?regionCode=&period= with the file as multipart/form-data. Through `api`, so the
 * antiforgery header the client adds to every unsafe request goes along; throws ApiError with the problem (its
 * `importErrors`) when nothing was saved.
 */
export function uploadMonthlyReports(regionCode: string, period: string, file: File) {
  const form = new FormData()
  form.append('file', file, file.name)
  return unwrap(
    api.POST('/api/v1/imports/monthly-reports', {
      params: { query: { regionCode, period } },
      body: form as never,
      bodySerializer: (b: unknown) => b as FormData,
    }),
  )
}
