// The headquarters' calls that need more than a plain typed `api.GET`: the month's worklist and the Excel upload.
import { api, apiUrl, unwrap, type Schemas } from './api/client'

export type Worklist = Schemas['WorklistResponse']
export type WorklistSection = Schemas['WorklistSection']

/**
 * GET /api/v1/reports/worklist?period= (the reporting month by default): the caller's sections and their month. One
 * page of the API's largest size: a headquarters has a handful of sections (the page says so if there are more).
 */
export function loadWorklist(period?: string | null): Promise<Worklist> {
  return unwrap(api.GET('/api/v1/reports/worklist', { params: { query: { period: period || undefined, pageSize: WORKLIST_PAGE } } }))
}

export const WORKLIST_PAGE = 200

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
