// Pure helpers of the dashboard: periods, lagging projects, and the chart options (no Vue, no HTTP).
import type { Schemas } from './api/client'
import { formatPercent, formatRank, formatYi, isTied, percentValue, roundHalfAway } from './format'
import { lagColors, modeLabel, type RankMetric } from './vocab'

export const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/

export function isPeriod(p: unknown): p is string {
  return typeof p === 'string' && PERIOD_RE.test(p)
}

/** The month before: "2024-01" → "2023-12". */
export function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number)
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

/** The last day of the month ("2023-02" → "2023-02-28"), or `today` when that is earlier (the API refuses a future asOf). */
export function endOfMonth(period: string, today = new Date()): string {
  const [y, m] = period.split('-').map(Number)
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  const end = `${period}-${String(last).padStart(2, '0')}`
  const t = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`
  return end > t ? t : end
}

export function yearOf(period: string): number {
  return Number(period.slice(0, 4))
}

export function thisMonth(today = new Date()): string {
  return `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}`
}

type ProjectRow = Schemas['ProjectFiguresRow']

export interface LaggingProject {
  row: ProjectRow
  /** 万元 behind the planned-to-date amount (plannedToDate − ytdActual). */
  gap: number
}

/** The projects behind schedule: red before yellow, then the largest lag first, then the largest gap. */
export function laggingProjects(rows: readonly ProjectRow[]): LaggingProject[] {
  const order: Record<string, number> = { red: 0, yellow: 1 }
  return rows
    .filter((r) => r.figures.lagStatus === 'red' || r.figures.lagStatus === 'yellow')
    .map((row) => ({ row, gap: row.figures.plannedToDate - row.figures.ytdActual }))
    .sort(
      (a, b) =>
        order[a.row.figures.lagStatus!] - order[b.row.figures.lagStatus!] ||
        (a.row.figures.lag ?? 0) - (b.row.figures.lag ?? 0) ||
        b.gap - a.gap ||
        a.row.code.localeCompare(b.row.code),
    )
}

type RollupRow = Schemas['RollupRowResponse']

/** The value a ranking is drawn by: percentages for rates, 亿元 for the amount. */
export function metricValue(row: RollupRow, metric: RankMetric): number | null {
  switch (metric) {
    case 'ytd':
      return row.plan > 0 || row.ytdActual > 0 ? Number(roundHalfAway(row.ytdActual / 10000, 2)) : null
    case 'yoy':
      return percentValue(row.yoyGrowth)
    case 'task':
      return percentValue(row.taskCompletionRate)
    default:
      return percentValue(row.completionRate)
  }
}

export function metricText(row: RollupRow, metric: RankMetric): string {
  switch (metric) {
    case 'ytd':
      return formatYi(row.ytdActual)
    case 'yoy':
      return formatPercent(row.yoyGrowth)
    case 'task':
      return formatPercent(row.taskCompletionRate)
    default:
      return formatPercent(row.completionRate)
  }
}

/** Why a region has no rank by this metric. */
export function unrankedText(row: RollupRow, metric: RankMetric): string {
  if (row.plan <= 0 && metric !== 'task') return '无计划'
  if (metric === 'task') return '无年度任务'
  if (metric === 'yoy') return '无上年同期数'
  return '无计划'
}

export function rankText(row: RollupRow, all: readonly RollupRow[], metric: RankMetric): string {
  if (row.rank === null || row.rank === undefined) return unrankedText(row, metric)
  return formatRank(row.rank, isTied(row.rank, all.map((r) => r.rank)))
}

export interface ChartTheme {
  text: string
  axis: string
  split: string
  fontSize: number
}

export const lightTheme: ChartTheme = { text: '#303133', axis: '#606266', split: '#e4e7ed', fontSize: 12 }
export const wallTheme: ChartTheme = { text: '#e8eef7', axis: '#b8c4d6', split: '#2b3a52', fontSize: 18 }

/** Sorted horizontal bars of the parent's children, coloured by lag status, the viewer's own region outlined. */
export function rankingOption(
  items: readonly RollupRow[],
  metric: RankMetric,
  ownCode: string,
  clickable: (code: string) => boolean,
  theme: ChartTheme,
) {
  const unit = metric === 'ytd' ? '亿元' : '%'
  const labels = items.map((r) => `${rankText(r, items, metric)}  ${r.regionName}${r.regionCode === ownCode ? '（本地）' : ''}`)
  return {
    aria: {
      enabled: true,
      label: {
        description: `排名：${items.map((r) => `${rankText(r, items, metric)} ${r.regionName} ${r.rank ? metricText(r, metric) : ''}`).join('；')}`,
      },
    },
    grid: { left: 8, right: 70, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const r = items[p.dataIndex]
        return `${r.regionName}<br/>${rankText(r, items, metric)}<br/>年度计划 ${formatYi(r.plan)}<br/>累计完成 ${formatYi(r.ytdActual)}<br/>完成率 ${formatPercent(r.completionRate)}<br/>同比 ${formatPercent(r.yoyGrowth)}`
      },
    },
    xAxis: {
      type: 'value',
      name: unit,
      axisLabel: { color: theme.axis, fontSize: theme.fontSize },
      splitLine: { lineStyle: { color: theme.split } },
      nameTextStyle: { color: theme.axis },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: labels,
      axisLabel: {
        color: theme.text,
        fontSize: theme.fontSize,
        formatter: (value: string, index: number) =>
          items[index]?.regionCode === ownCode ? `{own|${value}}` : value,
        rich: { own: { fontWeight: 'bold', color: theme === wallTheme ? '#ffd666' : '#1f5fa8', fontSize: theme.fontSize } },
      },
      axisLine: { lineStyle: { color: theme.split } },
    },
    series: [
      {
        type: 'bar',
        name: metric === 'ytd' ? '累计完成（亿元）' : '百分比',
        barMaxWidth: 28,
        cursor: items.some((r) => clickable(r.regionCode)) ? 'pointer' : 'default',
        data: items.map((r) => {
          const value = r.rank === null || r.rank === undefined ? 0 : (metricValue(r, metric) ?? 0)
          const colour = r.plan > 0 ? lagColors[r.lagStatus ?? 'none'] ?? lagColors.none : lagColors.none
          const own = r.regionCode === ownCode
          return {
            value,
            name: r.regionCode,
            itemStyle: {
              color: colour,
              borderColor: own ? (theme === wallTheme ? '#ffd666' : '#1f3a68') : colour,
              borderWidth: own ? 3 : 0,
              opacity: clickable(r.regionCode) || own ? 1 : 0.85,
            },
            label: {
              show: true,
              position: 'right',
              color: theme.text,
              fontSize: theme.fontSize,
              formatter: () => (r.rank === null || r.rank === undefined ? unrankedText(r, metric) : metricText(r, metric)),
            },
          }
        }),
      },
    ],
  }
}

type SeriesResponse = Schemas['SeriesResponse']

type Forecast = Schemas['ForecastResponse']

/**
 * The forecast drawn from the last reported month to December (12 values, January first, null before that month): a
 * straight line from the year to date to the forecast year end, and the 80% interval opening from nothing to low..high.
 */
export function forecastPath(ytd: number, throughMonth: number, forecast: Pick<Forecast, 'yearEnd' | 'low' | 'high'>) {
  const at = (end: number) =>
    Array.from({ length: 12 }, (_, i) => {
      const month = i + 1
      return month < throughMonth ? null : ytd + ((end - ytd) * (month - throughMonth)) / (12 - throughMonth)
    })
  return { line: at(forecast.yearEnd), low: at(forecast.low), high: at(forecast.high) }
}

const FORECAST = '预计全年完成'
const FORECAST_BAND = '预计80%区间'

/**
 * This year's cumulative actual (bars) against the planned-to-date curve and last year's cumulative actual; with a
 * forecast made before December, the axis runs to December and a dashed line with its shaded 80% interval goes on from
 * the last reported month.
 */
export function trendOption(series: SeriesResponse, unit: '亿元' | '万元', theme: ChartTheme, throughMonth = 12, forecast: Forecast | null = null) {
  const scale = unit === '亿元' ? 10000 : 1
  const v = (x: number) => Number(roundHalfAway(x / scale, 2))
  const ahead = forecast !== null && forecast.basis !== 'reported' && throughMonth < 12
  const lastMonth = ahead ? 12 : throughMonth
  const byMonth = new Map(series.months.map((m) => [m.month, m]))
  const monthNumbers = Array.from({ length: lastMonth }, (_, i) => i + 1).filter((m) => ahead || byMonth.has(m))
  const reported = series.months.filter((m) => m.month <= throughMonth)
  const ytdAt = byMonth.get(throughMonth)?.ytdActual ?? 0
  const path = ahead ? forecastPath(ytdAt, throughMonth, forecast) : null
  const scaled = (values: (number | null)[]) => monthNumbers.map((m) => (values[m - 1] === null ? null : v(values[m - 1]!)))
  const band = path ? { low: scaled(path.low), high: scaled(path.high) } : null
  const forecastText = ahead
    ? `；虚线为预计全年完成 ${v(forecast.yearEnd)}${unit}（80%区间 ${v(forecast.low)}–${v(forecast.high)}${unit}）`
    : ''
  return {
    aria: {
      enabled: true,
      label: {
        description: `${series.year}年逐月累计完成（${unit}）：${reported.map((m) => `${m.month}月 ${v(m.ytdActual)}`).join('，')}；序时计划与上年同期累计为折线${forecastText}。`,
      },
    },
    legend: { bottom: 0, textStyle: { color: theme.text, fontSize: theme.fontSize } },
    grid: { left: 8, right: 16, top: 32, bottom: 40, containLabel: true },
    tooltip: {
      trigger: 'axis',
      // The band is drawn as a stack (low, then high − low); the tooltip says the interval itself.
      formatter: (params: { seriesName: string; value: number | null; marker: string; dataIndex: number; axisValue: string }[]) => {
        const lines = params
          .filter((p) => p.seriesName !== FORECAST_BAND && p.value !== null && p.value !== undefined)
          .map((p) => `${p.marker}${p.seriesName} ${p.value} ${unit}`)
        const i = params[0]?.dataIndex ?? -1
        if (band && band.low[i] !== null && band.high[i] !== null && band.low[i] !== band.high[i]) {
          lines.push(`${FORECAST_BAND} ${band.low[i]}–${band.high[i]} ${unit}`)
        }
        return [params[0]?.axisValue ?? '', ...lines].join('<br/>')
      },
    },
    xAxis: {
      type: 'category',
      data: monthNumbers.map((m) => `${m}月`),
      axisLabel: { color: theme.axis, fontSize: theme.fontSize },
      axisLine: { lineStyle: { color: theme.split } },
    },
    yAxis: {
      type: 'value',
      name: unit,
      nameTextStyle: { color: theme.axis, fontSize: theme.fontSize },
      axisLabel: { color: theme.axis, fontSize: theme.fontSize },
      splitLine: { lineStyle: { color: theme.split } },
    },
    series: [
      {
        type: 'bar',
        name: `${series.year}年累计完成`,
        data: monthNumbers.map((m) => (m <= throughMonth && byMonth.has(m) ? v(byMonth.get(m)!.ytdActual) : null)),
        itemStyle: { color: '#3b7dd8' },
        barMaxWidth: 32,
      },
      {
        type: 'line',
        name: '序时计划',
        data: monthNumbers.map((m) => (byMonth.has(m) ? v(byMonth.get(m)!.plannedToDate) : null)),
        itemStyle: { color: '#e6a23c' },
        // Solid: dashed is the forecast's, what is not yet done.
        lineStyle: { width: 3 },
        symbolSize: 6,
      },
      {
        type: 'line',
        name: `${series.year - 1}年同期累计`,
        data: monthNumbers.map((m) => (byMonth.has(m) ? v(byMonth.get(m)!.previousYtd) : null)),
        itemStyle: { color: theme === wallTheme ? '#a0aec0' : '#7f8c8d' },
        lineStyle: { width: 2 },
        symbolSize: 5,
      },
      ...(path && band
        ? [
            {
              type: 'line',
              name: FORECAST_BAND,
              data: band.low,
              stack: 'forecast-band',
              symbol: 'none',
              lineStyle: { opacity: 0 },
              itemStyle: { color: '#c0504d' },
              silent: true,
            },
            {
              type: 'line',
              name: FORECAST_BAND,
              data: band.high.map((h, i) => (h === null || band.low[i] === null ? null : Number((h - band.low[i]!).toFixed(2)))),
              stack: 'forecast-band',
              symbol: 'none',
              lineStyle: { opacity: 0 },
              areaStyle: { color: '#c0504d', opacity: theme === wallTheme ? 0.3 : 0.18 },
              itemStyle: { color: '#c0504d' },
              silent: true,
            },
            {
              type: 'line',
              name: FORECAST,
              data: scaled(path.line),
              itemStyle: { color: '#c0504d' },
              lineStyle: { width: 3, type: 'dashed' },
              symbolSize: 6,
            },
          ]
        : []),
    ],
  }
}

type ByMode = Schemas['RegionFiguresByModeResponse']

export interface ModeSlice {
  code: string
  label: string
  ytd: number
  share: number | null
  completionRate: number | null
}

/** The modes with something done this year, largest first. */
export function modeSlices(byMode: ByMode): ModeSlice[] {
  return byMode.categories
    .flatMap((c) => c.modes)
    .filter((m) => m.figures.ytdActual !== 0 || m.figures.plan !== 0)
    .map((m) => ({
      code: m.mode,
      label: modeLabel(m.mode),
      ytd: m.figures.ytdActual,
      share: m.shareOfTotal,
      completionRate: m.figures.completionRate,
    }))
    .sort((a, b) => b.ytd - a.ytd)
}

const modePalette = ['#3b7dd8', '#2f8a4f', '#e6a23c', '#8e5bd0', '#d9534f', '#17a2b8', '#795548', '#607d8b', '#c2185b', '#00897b', '#9e9d24']

export function modeOption(slices: readonly ModeSlice[], theme: ChartTheme, unit: '亿元' | '万元' = '亿元', narrow = false) {
  const scale = unit === '亿元' ? 10000 : 1
  const positive = slices.filter((s) => s.ytd > 0)
  return {
    aria: {
      enabled: true,
      label: {
        description: `按投资方向：${positive.map((s) => `${s.label} ${formatYi(s.ytd)}，占${formatPercent(s.share)}`).join('；')}`,
      },
    },
    color: modePalette,
    legend: { bottom: 0, type: narrow ? 'plain' : 'scroll', textStyle: { color: theme.text, fontSize: theme.fontSize } },
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const s = positive[p.dataIndex]
        return `${s.label}<br/>完成 ${formatYi(s.ytd)}<br/>占比 ${formatPercent(s.share)}<br/>完成率 ${formatPercent(s.completionRate)}`
      },
    },
    series: [
      {
        type: 'pie',
        radius: narrow ? ['30%', '58%'] : ['38%', '66%'],
        center: ['50%', narrow ? '40%' : '44%'],
        avoidLabelOverlap: true,
        // On a phone the labels would be cut off: the legend and the table below carry the names and shares.
        label: {
          show: !narrow,
          color: theme.text,
          fontSize: theme.fontSize,
          formatter: (p: { dataIndex: number }) => `${positive[p.dataIndex].label}\n${formatPercent(positive[p.dataIndex].share)}`,
        },
        data: positive.map((s) => ({ name: s.label, value: Number(roundHalfAway(s.ytd / scale, 2)) })),
      },
    ],
  }
}
