// Number formats of the dashboard. Money arrives in 万元 (exact decimals from the API, parsed as JS numbers); rates
// arrive as unrounded ratios (1.0357 = 103.6%). Every rounding is half away from zero, like the Excel exports.

/** The minus sign shown for negative figures (U+2212, as in print), not the hyphen. */
export const MINUS = '\u2212'
/** What a missing figure shows (a rate without a plan, growth without last year's figure, …). */
export const NONE = '—'

/**
 * Rounds half away from zero to `digits` decimals and returns the fixed-point text, without sign handling for zero
 * (−0.004 at two decimals is "0.00"). Binary floating point cannot hold 1.0355 or 670.615 exactly, so the scaled value
 * is first cut to 12 significant digits: 1.0355 × 1000 = 1035.4999999999998 becomes 1035.5 and rounds up, as the
 * decimal the API sent would.
 */
export function roundHalfAway(value: number, digits: number): string {
  const scale = 10 ** digits
  const scaled = Number((Math.abs(value) * scale).toPrecision(12))
  const rounded = Math.round(scaled) // scaled ≥ 0, so Math.round's "half up" is half away from zero here
  const sign = value < 0 && rounded !== 0 ? '-' : ''
  return sign + (rounded / scale).toFixed(digits)
}

/** Groups the integer part of a plain fixed-point text in thousands and uses the print minus: "-12345.60" → "−12,345.60". */
export function groupThousands(fixed: string): string {
  const negative = fixed.startsWith('-')
  const body = negative ? fixed.slice(1) : fixed
  const [intPart, fraction] = body.split('.')
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return (negative ? MINUS : '') + grouped + (fraction !== undefined ? '.' + fraction : '')
}

function missing(value: number | null | undefined): value is null | undefined {
  return value === null || value === undefined || Number.isNaN(value)
}

/** A number with thousands separators and `digits` decimals, no unit: 12345.678 → "12,345.68". */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (missing(value)) return NONE
  return groupThousands(roundHalfAway(value, digits))
}

/** A project amount in 万元: 670.6135 → "670.61 万元", 12345.678 → "12,345.68 万元". */
export function formatWan(value: number | null | undefined, digits = 2): string {
  if (missing(value)) return NONE
  return `${formatNumber(value, digits)} 万元`
}

/** 万元 to 亿元 (÷ 10,000), as a bare number with two decimals: 615000 → "61.50". */
export function yiNumber(wan: number | null | undefined, digits = 2): string {
  if (missing(wan)) return NONE
  return formatNumber(wan / 10000, digits)
}

/** A county or city amount given in 万元, shown in 亿元 with two decimals: 615000 → "61.50 亿元". */
export function formatYi(wan: number | null | undefined, digits = 2): string {
  if (missing(wan)) return NONE
  return `${yiNumber(wan, digits)} 亿元`
}

/** A ratio as a percentage with one decimal: 1.0357 → "103.6%", −0.2577 → "−25.8%", null → "—". */
export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  if (missing(ratio)) return NONE
  return `${groupThousands(roundHalfAway(ratio * 100, digits))}%`
}

/** The value of a percentage to one decimal, as a number (for chart axes): 1.0357 → 103.6. */
export function percentValue(ratio: number | null | undefined, digits = 1): number | null {
  if (missing(ratio)) return null
  return Number(roundHalfAway(ratio * 100, digits))
}

/**
 * The lag (completion rate − time-elapsed progress, a ratio) in percentage points: −0.0523 → "−5.2 个百分点",
 * 0.0358 → "+3.6 个百分点", 0 → "0.0 个百分点", null → "—".
 */
export function formatPoints(lag: number | null | undefined, digits = 1): string {
  if (missing(lag)) return NONE
  const text = roundHalfAway(lag * 100, digits)
  const isZero = Number(text) === 0
  const signed = text.startsWith('-') ? MINUS + text.slice(1) : isZero ? text : '+' + text
  return `${signed} 个百分点`
}

/**
 * A competition rank: 2 → "第2名"; shared with another region → "并列第2"; null (no plan, not ranked) → "无计划".
 */
export function formatRank(rank: number | null | undefined, tied = false): string {
  if (rank === null || rank === undefined) return '无计划'
  return tied ? `并列第${rank}` : `第${rank}名`
}

/** Whether `rank` is shared by more than one of `ranks` (standard competition ranking: 1, 2, 2, 4). */
export function isTied(rank: number | null | undefined, ranks: ReadonlyArray<number | null | undefined>): boolean {
  if (rank === null || rank === undefined) return false
  return ranks.filter((r) => r === rank).length > 1
}

/**
 * The change of a rank since last month: moving from 3rd to 2nd is "↑1", from 2nd to 4th "↓2", unchanged "持平";
 * "—" when either month has no rank.
 */
export function formatRankChange(current: number | null | undefined, previous: number | null | undefined): string {
  if (current === null || current === undefined || previous === null || previous === undefined) return NONE
  const up = previous - current
  if (up > 0) return `↑${up}`
  if (up < 0) return `↓${-up}`
  return '持平'
}

/** "2023-12" → "2023年12月"; the YTD label "1–12月" for the same period. */
export function formatPeriod(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period)
  return m ? `${m[1]}年${Number(m[2])}月` : period
}

export function ytdLabel(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period)
  if (!m) return '累计'
  const month = Number(m[2])
  return month === 1 ? '1月' : `1–${month}月`
}

/** A date "2023-12-31" → "2023年12月31日". */
export function formatDate(date: string | null | undefined): string {
  if (!date) return NONE
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date)
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date
}

/** Whether a forecast says a target (the plan, the assessed task) will be met: met / atRisk / missed, as the API says. */
export type Outlook = 'met' | 'atRisk' | 'missed'

export const outlookLabels: Record<Outlook, string> = { met: '达成', atRisk: '有风险', missed: '难以完成' }

/** The card colour of an outlook, as lag statuses colour theirs. */
export const outlookStatus: Record<Outlook, string> = { met: 'green', atRisk: 'yellow', missed: 'red' }

export function isOutlook(value: string | null | undefined): value is Outlook {
  return value === 'met' || value === 'atRisk' || value === 'missed'
}

/** The forecast's 80% interval in 亿元: "52.10–61.35 亿元". */
export function formatInterval(low: number, high: number): string {
  return `${yiNumber(low)}–${yiNumber(high)} 亿元`
}

/**
 * "年度计划 有风险（预计差 0.52 亿元）": a target's outlook, with the gap between the target and the forecast when it may be
 * missed (the forecast's own gap: 达成 needs no figure, and a met target has none). Empty without a target.
 */
export function formatOutlook(what: string, outlook: string | null | undefined, target: number | null | undefined, yearEnd: number): string {
  if (!isOutlook(outlook) || missing(target)) return ''
  const label = `${what}${outlookLabels[outlook]}`
  const gap = target - yearEnd
  return outlook === 'met' || gap <= 0 ? label : `${label}（预计差 ${formatYi(gap)}）`
}
