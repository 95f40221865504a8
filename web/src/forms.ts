// What every work screen's form needs: the clerk's text turned into the numbers the API takes (checked the way the API
// checks them, so most mistakes are caught at the field before a round trip), the API's field errors put back next to
// their fields, and a guard against a double-clicked submit.
import { ref } from 'vue'
import { ApiError } from './api/errors'

export interface Parsed {
  value: number | null
  error: string | null
}

const decimalPattern = /^[+-]?(\d+)(?:\.(\d+))?$/

/** Digits, one point, a sign: full-width digits and thousands separators a clerk pastes from Excel are accepted. */
function normalise(text: string): string {
  return text
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[,，\s]/g, '')
    .replace(/^[−－]/, '-')
}

/**
 * An amount in 万元: at most 4 decimals (one yuan), at most 11 integer digits (a JS number keeps 15 significant digits
 * exactly). `allowNegative` only for a correction that reverses an approved amount.
 */
export function parseWan(text: string | null | undefined, options: { required?: boolean; allowNegative?: boolean } = {}): Parsed {
  const t = normalise(text ?? '')
  if (t === '') return { value: null, error: options.required ? '请填写金额（万元）' : null }
  const m = decimalPattern.exec(t)
  if (!m) return { value: null, error: '金额只能是数字（万元），例如 1234.5678' }
  if ((m[2]?.length ?? 0) > 4) return { value: null, error: '金额最多4位小数（万元精确到元）' }
  if (m[1].replace(/^0+(?=\d)/, '').length > 11) return { value: null, error: '金额过大，请确认单位为万元' }
  const value = Number(t)
  if (value < 0 && !options.allowNegative) return { value: null, error: '金额不能为负数；冲减已审核金额请走“更正”' }
  return { value, error: null }
}

/** A percentage 0–100 with at most 2 decimals (形象进度, 计划形象进度). */
export function parsePercent(text: string | null | undefined, options: { required?: boolean } = {}): Parsed {
  const t = normalise(text ?? '').replace(/%$/, '')
  if (t === '') return { value: null, error: options.required ? '请填写百分比' : null }
  const m = decimalPattern.exec(t)
  if (!m) return { value: null, error: '请填写0到100之间的数字' }
  if ((m[2]?.length ?? 0) > 2) return { value: null, error: '最多2位小数' }
  const value = Number(t)
  if (value < 0 || value > 100) return { value: null, error: '应在0到100之间' }
  return { value, error: null }
}

/** A number as the text a form field starts with: no grouping, no trailing zeros (670.6135 → "670.6135"). */
export function inputText(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value)
}

/**
 * The API's field errors by field name (camelCase JSON keys as the API sends them, e.g. "monthActual",
 * "monthlyProfile[3]"), each the messages joined; empty when the error is not a validation problem.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.status !== 400 || !error.problem?.errors) return {}
  const out: Record<string, string> = {}
  for (const [field, messages] of Object.entries(error.problem.errors)) {
    out[field] = messages.join('；')
  }
  return out
}

/** True when the API refused a stale edit: someone else saved since this form was loaded (412 Precondition Failed). */
export function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.status === 412
}

/**
 * Runs one save at a time: a second click while the first is on its way does nothing, so a double-clicked submit is
 * one request (the API's version check refuses a repeat anyway).
 */
export function useBusy() {
  const busy = ref(false)
  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    if (busy.value) return undefined
    busy.value = true
    try {
      return await action()
    } finally {
      busy.value = false
    }
  }
  return { busy, run }
}
