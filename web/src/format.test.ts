import { describe, expect, it } from 'vitest'
import {
  formatInterval,
  formatOutlook,
  isOutlook,
  MINUS,
  formatNumber,
  formatPercent,
  formatPeriod,
  formatPoints,
  formatRank,
  formatRankChange,
  formatWan,
  formatYi,
  isTied,
  percentValue,
  roundHalfAway,
  ytdLabel,
} from './format'

describe('roundHalfAway', () => {
  it('rounds halves away from zero, also where binary floating point falls just short', () => {
    expect(roundHalfAway(1035.5, 0)).toBe('1036')
    expect(roundHalfAway(-1035.5, 0)).toBe('-1036')
    expect(roundHalfAway(1.0355 * 1000, 0)).toBe('1036') // 1035.4999999999998 in binary
    expect(roundHalfAway(670.615, 2)).toBe('670.62') // 670.61499999… in binary
    expect(roundHalfAway(2.5, 0)).toBe('3') // not banker's rounding
  })

  it('shows no minus for a negative figure that rounds to zero', () => {
    expect(roundHalfAway(-0.004, 2)).toBe('0.00')
  })
})

describe('万元', () => {
  it('keeps two decimals with thousands separators', () => {
    expect(formatWan(670.6135)).toBe('670.61 万元')
    expect(formatWan(12345.678)).toBe('12,345.68 万元')
    expect(formatWan(637000)).toBe('637,000.00 万元')
    expect(formatWan(0)).toBe('0.00 万元')
  })

  it('uses the print minus for negatives and a dash when missing', () => {
    expect(formatWan(-1234.5)).toBe(`${MINUS}1,234.50 万元`)
    expect(formatWan(null)).toBe('—')
    expect(formatNumber(undefined)).toBe('—')
  })
})

describe('亿元', () => {
  it('divides 万元 by 10,000 and keeps two decimals', () => {
    expect(formatYi(615000)).toBe('61.50 亿元')
    expect(formatYi(637000)).toBe('63.70 亿元')
    expect(formatYi(436800)).toBe('43.68 亿元')
    expect(formatYi(5200)).toBe('0.52 亿元')
  })

  it('rounds half away from zero and groups thousands', () => {
    expect(formatYi(12345)).toBe('1.23 亿元') // 1.2345
    expect(formatYi(12350)).toBe('1.24 亿元') // 1.235 exactly half
    expect(formatYi(123456789)).toBe('12,345.68 亿元')
    expect(formatYi(null)).toBe('—')
  })
})

describe('percentages', () => {
  it('shows a ratio as a percentage with one decimal', () => {
    expect(formatPercent(1.0357)).toBe('103.6%')
    expect(formatPercent(1.0357723577235773)).toBe('103.6%')
    expect(formatPercent(1.0810)).toBe('108.1%')
    expect(formatPercent(1)).toBe('100.0%')
    expect(formatPercent(0)).toBe('0.0%')
  })

  it('rounds half away from zero', () => {
    expect(formatPercent(0.12345)).toBe('12.3%')
    expect(formatPercent(0.12355)).toBe('12.4%')
    expect(formatPercent(1.0355)).toBe('103.6%')
    expect(formatPercent(-0.2577472629)).toBe(`${MINUS}25.8%`)
    expect(formatPercent(-0.0005)).toBe(`${MINUS}0.1%`)
    expect(formatPercent(-0.00045)).toBe("0.0%")
  })

  it('shows a dash for a rate that is undefined', () => {
    expect(formatPercent(null)).toBe('—')
    expect(formatPercent(undefined)).toBe('—')
    expect(formatPercent(Number.NaN)).toBe('—')
  })

  it('gives the rounded number for chart axes', () => {
    expect(percentValue(0.699)).toBe(69.9)
    expect(percentValue(1.0357)).toBe(103.6)
    expect(percentValue(null)).toBeNull()
  })
})

describe('lag in points', () => {
  it('shows the lag in percentage points with a sign', () => {
    expect(formatPoints(-0.0523)).toBe(`${MINUS}5.2 个百分点`)
    expect(formatPoints(0.035772)).toBe('+3.6 个百分点')
    expect(formatPoints(-0.7)).toBe(`${MINUS}70.0 个百分点`)
  })

  it('shows zero without a sign and a dash when missing', () => {
    expect(formatPoints(0)).toBe('0.0 个百分点')
    expect(formatPoints(-0.0004)).toBe('0.0 个百分点')
    expect(formatPoints(null)).toBe('—')
  })

  it('rounds half away from zero', () => {
    expect(formatPoints(-0.0525)).toBe(`${MINUS}5.3 个百分点`)
    expect(formatPoints(0.0525)).toBe('+5.3 个百分点')
  })
})

describe('ranks', () => {
  it('names a rank, a shared rank and no rank', () => {
    expect(formatRank(2)).toBe('第2名')
    expect(formatRank(1)).toBe('第1名')
    expect(formatRank(2, true)).toBe('并列第2')
    expect(formatRank(null)).toBe('无计划')
  })

  it('finds ties in competition ranking', () => {
    const ranks = [1, 2, 2, 4, null, null]
    expect(isTied(2, ranks)).toBe(true)
    expect(isTied(1, ranks)).toBe(false)
    expect(isTied(4, ranks)).toBe(false)
    expect(isTied(null, ranks)).toBe(false)
  })

  it('shows the change since last month', () => {
    expect(formatRankChange(2, 3)).toBe('↑1')
    expect(formatRankChange(4, 2)).toBe('↓2')
    expect(formatRankChange(1, 1)).toBe('持平')
    expect(formatRankChange(1, null)).toBe('—')
    expect(formatRankChange(null, 2)).toBe('—')
  })
})

describe('periods', () => {
  it('names the month and the year-to-date span', () => {
    expect(formatPeriod('2023-12')).toBe('2023年12月')
    expect(formatPeriod('2024-01')).toBe('2024年1月')
    expect(ytdLabel('2023-12')).toBe('1–12月')
    expect(ytdLabel('2023-01')).toBe('1月')
  })
})

describe('预计全年完成', () => {
  it('writes the 80% interval in 亿元', () => {
    expect(formatInterval(521000, 613500)).toBe('52.10–61.35 亿元')
  })

  it('says whether a target will be met, with the gap when it may not', () => {
    expect(formatOutlook('年度计划', 'met', 600000, 650000)).toBe('年度计划达成')
    expect(formatOutlook('年度计划', 'atRisk', 600000, 594800)).toBe('年度计划有风险（预计差 0.52 亿元）')
    expect(formatOutlook('年度任务', 'missed', 600000, 450000)).toBe('年度任务难以完成（预计差 15.00 亿元）')
    // A forecast above a target still at risk (its interval reaches below it) has no gap to show.
    expect(formatOutlook('年度计划', 'atRisk', 600000, 610000)).toBe('年度计划有风险')
  })

  it('says nothing without a target or an outlook', () => {
    expect(formatOutlook('年度任务', null, 600000, 1)).toBe('')
    expect(formatOutlook('年度任务', 'met', null, 1)).toBe('')
    expect(isOutlook('unknown')).toBe(false)
  })
})
