#!/usr/bin/env python3
"""Writes the demo-only seed CSVs of this folder (see README.md). Standard library only, fixed random seed, so a
rerun rewrites the same bytes.

    python3 seed-data-demo/generate.py      # then: python3 seed-data-demo/check_ranks.py

Everything written here is ILLUSTRATIVE: invented projects, plans, reports, targets and land issues for the counties of
绍兴 (330600) and 台州 (331000) other than 诸暨 and 温岭, so that a ranking of a city's counties has real rows.

The one designed figure is the 绍兴 ranking by completion of the assessed effective-investment task (YTD actual of the
`effective` scope ÷ the 2023 `effective` task): 诸暨 ranks 2nd in 2023-01..09 and 1st in 2023-10..12 (the 诸暨 document:
"1-9月在绍兴6个县市区排名均列第二，10、11、12月排名第一"). 诸暨's figures are read from ../seed-data (never changed).
柯桥 is the rival: its cumulative ratio is 诸暨's times a factor above 1 through September and below 1 from October.
The four other counties follow their own back-loaded profiles and stay below 诸暨 every month. The rival's and the
others' effective plans are sized so that the same order also holds for YTD ÷ Σ annual plan, the ratio the roll-up's
rank_by_completion uses.
"""
import csv
import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal as D, ROUND_HALF_UP
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parent / 'seed-data'
RNG = random.Random(20231231)
ZJ = '330681'
YEARS = (2022, 2023)
MONTHS = range(1, 13)

# ------------------------------------------------------------------------------------------------ 诸暨 from seed-data


def read(path):
    with open(path, encoding='utf-8', newline='') as f:
        return list(csv.DictReader(f))


def zhuji_curves():
    """诸暨's 2023 cumulative effective actual by month, its task and its effective plan (all from seed-data)."""
    eff = {r['project_code'] for r in read(SEED / 'project_scopes.csv') if r['scope'] == 'effective'}
    sections = {(r['project_code'], r['region_code']) for r in read(SEED / 'sections.csv')}
    keys = {k for k in sections if k[1] == ZJ and k[0] in eff}
    month = defaultdict(D)
    for r in read(SEED / 'monthly_reports.csv'):
        if (r['project_code'], r['region_code']) in keys and r['period'].startswith('2023-'):
            month[int(r['period'][5:])] += D(r['month_actual'])
    cum, total = [], D(0)
    for m in MONTHS:
        total += month[m]
        cum.append(total)
    task = next(D(r['task']) for r in read(SEED / 'region_targets.csv')
                if r['region_code'] == ZJ and r['scope'] == 'effective' and r['year'] == '2023')
    plan = sum((D(r['planned_investment']) for r in read(SEED / 'annual_plans.csv')
                if (r['project_code'], r['region_code']) in keys and r['year'] == '2023'), D(0))
    return cum, task, plan


ZJ_CUM, ZJ_TASK, ZJ_PLAN = zhuji_curves()

# ------------------------------------------------------------------------------------------------ counties
# task: 2023 effective task (万元); growth: growth target; dec: Dec-2023 YTD ÷ task; eff: Dec-2023 YTD ÷ Σ plan;
# a22: 2022 effective actual. 柯桥 (rival) has neither dec nor eff: its curve is derived from 诸暨's (RIVAL_FACTOR).
COUNTIES = {
    # 绍兴
    '330602': dict(name='越城区', task=230000, growth='0.08', dec=1.12, eff=0.95, a22=213000),
    '330603': dict(name='柯桥区', task=300000, growth='0.08', rival=True, a22=276500),
    '330604': dict(name='上虞区', task=280000, growth='0.10', dec=1.28, eff=1.00, a22=254000),
    '330624': dict(name='新昌县', task=150000, growth='0.12', dec=0.90, eff=0.82, a22=128500),
    '330683': dict(name='嵊州市', task=200000, growth='0.10', dec=1.02, eff=0.90, a22=183000),
    # 台州 (温岭 331081 is in seed-data)
    '331002': dict(name='椒江区', task=220000, growth='0.10', dec=1.06, eff=0.97, a22=205000),
    '331003': dict(name='黄岩区', task=120000, growth='0.08', dec=0.94, eff=0.88, a22=112000),
    '331004': dict(name='路桥区', task=260000, growth='0.10', dec=1.17, eff=1.02, a22=231000),
    '331022': dict(name='三门县', task=90000, growth='0.12', dec=1.11, eff=0.95, a22=76000),
    '331023': dict(name='天台县', task=80000, growth='0.08', dec=0.86, eff=0.80, a22=79000),
    '331024': dict(name='仙居县', task=60000, growth='0.08', dec=1.03, eff=0.96, a22=55000),
    '331082': dict(name='临海市', task=300000, growth='0.10', dec=1.21, eff=1.01, a22=262000),
    '331083': dict(name='玉环市', task=110000, growth='0.10', dec=1.08, eff=0.94, a22=98000),
}
SHAOXING = ['330602', '330603', '330604', '330624', '330683']

# 柯桥's cumulative 2023 ratio = 诸暨's × factor: above 诸暨 in Jan–Sep, below from October (the 亚运会 stoppage in
# late September / early October is the narrative reason for its weak October).
RIVAL_FACTOR = [1.18, 1.11, 1.075, 1.045, 1.04, 1.027, 1.027, 1.02, 1.014, 0.972, 0.95, 0.917]

# Monthly weights of a county's year (back-loaded; Spring Festival 2022-02-01 and 2023-01-22).
BASE = {2022: [4.0, 2.8, 7.0, 8.0, 8.5, 9.0, 8.5, 8.2, 8.8, 9.5, 11.0, 14.7],
        2023: [3.4, 3.4, 7.0, 8.0, 8.5, 9.0, 8.5, 8.5, 9.0, 9.5, 11.0, 14.2]}

# ------------------------------------------------------------------------------------------------ projects
# kind: cont (under construction since before 2022), new (starts in 2023; 2022 money is preliminary work),
# prelim (no start yet: land and design money only, not in `effective`).
# s22/s23: share of the county's effective actual of the year (effective projects), or a22/a23 amounts (others).
# e: relative 2023 delivery against plan (<1 = lags), p0/p1: physical progress at end 2021 / end 2023.
P = []


def project(code, name, county, mode, scopes, kind, start, s23=None, s22=None, e=1.0, p0=0, p1=0, route='',
            owner='', length='', a22=None, a23=None, milestones=(), extra=(), land=None):
    P.append(dict(code=code, name=name, county=county, mode=mode, scopes=scopes, kind=kind, start=start, s23=s23,
                  s22=s22 if s22 is not None else s23, e=e, p0=p0, p1=p1, route=route, owner=owner, length=length,
                  a22=a22, a23=a23, milestones=list(milestones), extra=list(extra), land=land))


EFF, KEY, COMP, LIV, MAJ = 'effective', 'key_project', 'comprehensive', 'livelihood', 'major_programme'

# 越城区
project('DM-YC-G329', 'G329国道越城段改建工程', '330602', 'trunk_highway', [EFF, COMP], 'cont', '2021-03-26',
        s23=.45, s22=.50, e=.86, p0=18, p1=72, route='G329', owner='绍兴市越城区交通运输局', length='16.8')
project('DM-YC-YDL', '越东路智慧快速路工程', '330602', 'urban_road', [EFF, KEY], 'cont', '2020-09-28',
        s23=.55, s22=.50, e=1.04, p0=35, p1=100, owner='越东路智慧快速路工程建设指挥部', length='11.6',
        milestones=[('handover_acceptance', '', '2023-12-20'), ('opening', '', '2023-12-28')],
        extra=['高架段箱梁架设{n}跨', '匝道桥现浇箱梁浇筑{k}联', '地面道路管线迁改{a}公里'])
project('DM-YC-GQ', '绍兴港越城港区综合码头工程', '330602', 'port', [KEY, COMP], 'prelim', None,
        a22=2400, a23=8600, e=.72, owner='绍兴港越城港区开发建设有限公司',
        milestones=[('proposal', '', '2022-03-18'), ('feasibility_study', '', '2022-08-19'),
                    ('site_land_prereview', '', '2023-05-26'), ('land_approval', '2024-03-31', ''),
                    ('start', '2024-06-30', '')])
# 柯桥区 (the rival)
project('DM-KQ-HSY', '杭绍甬高速公路柯桥段', '330603', 'expressway', [EFF, KEY, MAJ], 'cont', '2020-12-30',
        s23=.46, s22=.44, e=.97, p0=22, p1=78, owner='浙江杭绍甬高速公路有限公司', length='21.4',
        extra=['钢混组合梁吊装{k}榀', '智慧高速外场设备基础施工{k}处'], land='柯桥')
project('DM-KQ-G104', 'G104国道柯桥段改建工程', '330603', 'trunk_highway', [EFF, COMP], 'cont', '2021-05-20',
        s23=.24, s22=.26, e=1.0, p0=12, p1=70, route='G104', owner='绍兴市柯桥区交通运输局', length='13.2')
project('DM-KQ-KBDD', '柯北大道快速化改造工程', '330603', 'urban_road', [EFF, KEY], 'cont', '2021-10-18',
        s23=.22, s22=.24, e=.98, p0=5, p1=66, owner='柯桥区城市建设投资开发集团有限公司', length='9.7',
        extra=['高架段墩柱施工{n}个', '交通导改及管线迁改{a}公里'])
project('DM-KQ-NCGL', '柯桥区农村公路提升工程', '330603', 'rural_road', [EFF, COMP, LIV], 'cont', '2021-11-15',
        s23=.08, s22=.06, e=1.05, p0=8, p1=85, owner='绍兴市柯桥区交通运输局')
# 上虞区
project('DM-SY-HST', '杭绍台高速公路上虞段', '330604', 'expressway', [EFF, KEY], 'cont', '2020-04-28',
        s23=.50, e=1.03, p0=40, p1=94, owner='杭绍台高速公路有限公司', length='18.5',
        milestones=[('opening', '2024-06-30', '')])
project('DM-SY-CEJ', '曹娥江航道整治工程（上虞段）', '330604', 'waterway', [EFF, COMP, KEY], 'cont', '2021-07-08',
        s23=.30, e=.78, p0=10, p1=52, owner='绍兴市上虞区港航管理中心', length='22.0')
project('DM-SY-NCGL', '上虞区农村公路提升工程', '330604', 'rural_road', [EFF, COMP, LIV], 'cont', '2021-12-10',
        s23=.20, e=1.0, p0=3, p1=88, owner='绍兴市上虞区交通运输局')
# 新昌县
project('DM-XC-SXK', '嵊新城际快速路新昌段', '330624', 'urban_road', [EFF, KEY], 'cont', '2021-06-30',
        s23=.55, s22=.62, e=.90, p0=15, p1=58, owner='新昌县交通投资集团有限公司', length='8.9', land='新昌')
project('DM-XC-S214', 'S214省道新昌段改建工程', '330624', 'trunk_highway', [EFF, COMP], 'cont', '2021-09-09',
        s23=.30, s22=.33, e=.74, p0=6, p1=40, route='S214', owner='新昌县交通运输局', length='12.3')
project('DM-XC-CNHT', '新昌城南互通连接线工程', '330624', 'trunk_highway', [EFF, COMP], 'new', '2023-04-18',
        s23=.15, s22=.05, e=.95, p1=18, owner='新昌县交通投资集团有限公司', length='4.6',
        milestones=[('feasibility_study', '', '2022-05-20'), ('land_approval', '', '2023-02-24'),
                    ('construction_tender', '', '2023-03-15')])
# 嵊州市
project('DM-SZ-SXK', '嵊新城际快速路嵊州段', '330683', 'urban_road', [EFF, KEY], 'cont', '2021-06-30',
        s23=.48, e=.92, p0=18, p1=63, owner='嵊州市交通投资发展集团有限公司', length='10.2', land='嵊州')
project('DM-SZ-G104', 'G104国道嵊州段改建工程', '330683', 'trunk_highway', [EFF, COMP], 'cont', '2020-11-11',
        s23=.37, e=.88, p0=30, p1=86, route='G104', owner='嵊州市交通运输局', length='15.4',
        milestones=[('opening', '2024-05-31', '')])
project('DM-SZ-NCGL', '嵊州市农村公路提升工程', '330683', 'rural_road', [EFF, COMP, LIV], 'cont', '2021-12-20',
        s23=.15, e=1.02, p0=4, p1=90, owner='嵊州市交通运输局')
# 椒江区
project('DM-JJ-EQ', '椒江二桥', '331002', 'urban_road', [EFF, KEY], 'cont', '2020-10-30',
        s23=.50, e=.97, p0=30, p1=88, owner='台州市椒江区交通投资集团有限公司', length='7.3',
        extra=['主塔塔柱爬模施工至{n}米', '钢箱梁吊装{k}节段', '斜拉索挂设{k}对'])
project('DM-JJ-TZWD', '台州湾大道椒江段', '331002', 'urban_road', [EFF, COMP], 'cont', '2021-08-16',
        s23=.35, e=.90, p0=10, p1=60, owner='台州市椒江区交通运输局', length='9.1')
project('DM-JJ-NCGL', '椒江区农村公路提升工程', '331002', 'rural_road', [EFF, COMP, LIV], 'cont', '2021-12-01',
        s23=.15, e=1.0, p0=2, p1=86, owner='台州市椒江区交通运输局')
# 黄岩区
project('DM-HY-S82', '82省道延伸线黄岩段', '331003', 'trunk_highway', [EFF, COMP, KEY], 'cont', '2020-12-12',
        s23=.70, e=.84, p0=25, p1=70, route='S82', owner='台州市黄岩区交通运输局', length='14.6')
project('DM-HY-NCGL', '黄岩区农村公路提升工程', '331003', 'rural_road', [EFF, LIV], 'cont', '2021-11-25',
        s23=.30, e=.98, p0=5, p1=88, owner='台州市黄岩区交通运输局')
# 路桥区
project('DM-LQ-TZWD', '台州湾大道路桥段', '331004', 'urban_road', [EFF, COMP], 'cont', '2021-08-16',
        s23=.58, e=1.04, p0=12, p1=75, owner='台州市路桥区交通运输局', length='8.4')
project('DM-LQ-JC', '台州路桥机场改扩建工程', '331004', 'airport', [EFF, KEY, MAJ], 'cont', '2021-04-29',
        s23=.42, e=.98, p0=15, p1=68, owner='台州民用航空发展有限公司',
        extra=['航站楼主体结构施工', '站坪扩建道面混凝土浇筑{a}万平方米', '跑道延长段土石方{a}万立方米'])
# 三门县
project('DM-SM-SMW', '三门湾大桥及接线工程', '331022', 'trunk_highway', [EFF, KEY], 'cont', '2020-06-18',
        s23=.72, s22=.90, e=1.0, p0=50, p1=96, owner='三门县交通投资有限公司', length='12.8',
        milestones=[('opening', '2024-03-31', '')])
project('DM-SM-JTHD', '健跳港区航道整治工程', '331022', 'waterway', [EFF, COMP], 'new', '2023-05-16',
        s23=.28, s22=.10, e=.80, p1=20, owner='三门县港航管理中心', length='9.5',
        milestones=[('feasibility_study', '', '2022-04-22'), ('preliminary_design', '', '2022-11-08'),
                    ('construction_tender', '', '2023-04-10')])
# 天台县
project('DM-TT-TJGS', '台金高速公路天台段改扩建工程', '331023', 'expressway', [EFF, KEY], 'cont', '2021-09-28',
        s23=.75, e=.80, p0=6, p1=35, owner='浙江台金高速公路有限公司', length='24.3')
project('DM-TT-NCGL', '天台县农村公路提升工程', '331023', 'rural_road', [EFF, LIV], 'cont', '2021-12-15',
        s23=.25, e=.97, p0=3, p1=84, owner='天台县交通运输局')
# 仙居县
project('DM-XJ-G351', 'G351国道仙居段改建工程', '331024', 'trunk_highway', [EFF, COMP], 'cont', '2021-03-18',
        s23=.70, e=.95, p0=20, p1=74, route='G351', owner='仙居县交通运输局', length='17.9')
project('DM-XJ-NCGL', '仙居县农村公路提升工程', '331024', 'rural_road', [EFF, LIV], 'cont', '2021-12-08',
        s23=.30, e=1.0, p0=4, p1=86, owner='仙居县交通运输局')
# 临海市
project('DM-LH-TMHD', '台州港头门港区10万吨级航道工程', '331082', 'waterway', [EFF, KEY, COMP], 'cont', '2021-06-26',
        s23=.40, e=.96, p0=12, p1=70, owner='台州港头门港区开发建设有限公司', length='26.0')
project('DM-LH-SG2', '头门港区疏港公路二期工程', '331082', 'trunk_highway', [EFF, COMP], 'cont', '2021-10-20',
        s23=.38, e=.92, p0=8, p1=65, owner='临海市交通投资集团有限公司', length='11.7', land='临海')
project('DM-LH-NCGL', '临海市农村公路提升工程', '331082', 'rural_road', [EFF, LIV], 'cont', '2021-12-05',
        s23=.22, e=1.02, p0=3, p1=87, owner='临海市交通运输局')
# 玉环市
project('DM-YH-SG', '大麦屿港区疏港公路工程', '331083', 'trunk_highway', [EFF, COMP], 'cont', '2021-02-26',
        s23=.70, e=.92, p0=20, p1=80, owner='玉环市交通投资集团有限公司', length='8.2')
project('DM-YH-MT', '大麦屿港区集装箱码头三期工程', '331083', 'port', [KEY, COMP], 'cont', '2021-08-08',
        a22=18500, a23=26300, e=.95, p0=10, p1=62, owner='台州港大麦屿港务有限公司',
        extra=['码头桩基施工{n}根', '沉箱预制{k}个', '后方堆场地基处理{a}万平方米'])
project('DM-YH-NCGL', '玉环市农村公路提升工程', '331083', 'rural_road', [EFF, LIV], 'cont', '2021-12-12',
        s23=.30, e=1.0, p0=4, p1=88, owner='玉环市交通运输局')

BY_CODE = {p['code']: p for p in P}

# ------------------------------------------------------------------------------------------------ amounts


def jittered(weights, spread=0.10):
    w = [x * RNG.uniform(1 - spread, 1 + spread) for x in weights]
    s = sum(w)
    return [x / s for x in w]


def cumulative_round(total, shares):
    """Integer monthly amounts adding up to round(total), each cumulative sum the rounded cumulative share."""
    out, prev, acc = [], 0, 0.0
    for s in shares:
        acc += s
        cur = round(total * acc)
        out.append(cur - prev)
        prev = cur
    return out


def county_months(code, year):
    c = COUNTIES[code]
    if year == 2023 and c.get('rival'):
        cum = [int((ZJ_CUM[m] / ZJ_TASK * D(str(RIVAL_FACTOR[m])) * c['task']).quantize(D(1), ROUND_HALF_UP))
               for m in range(12)]
        months = [cum[0]] + [cum[m] - cum[m - 1] for m in range(1, 12)]
        assert all(x > 0 for x in months), months
        return months
    total = c['a22'] if year == 2022 else round(c['task'] * c['dec'])
    return cumulative_round(total, jittered(BASE[year]))


def allocate(columns, rows_target, prior):
    """Matrix with the given column sums (exact integers) and row sums close to rows_target (RAS, then rounding)."""
    m = [row[:] for row in prior]
    for _ in range(200):
        for i, t in enumerate(rows_target):
            s = sum(m[i])
            m[i] = [x * t / s for x in m[i]]
        for j, t in enumerate(columns):
            s = sum(m[i][j] for i in range(len(m)))
            for i in range(len(m)):
                m[i][j] = m[i][j] * t / s
    out = [[0] * 12 for _ in m]
    for j, t in enumerate(columns):
        exact = [m[i][j] for i in range(len(m))]
        base = [int(x) for x in exact]
        rest = t - sum(base)
        for i in sorted(range(len(m)), key=lambda i: exact[i] - base[i], reverse=True)[:rest]:
            base[i] += 1
        for i in range(len(m)):
            out[i][j] = base[i]
    return out


def prior_for(p, year):
    w = []
    start = p['start'] and dt.date.fromisoformat(p['start'])
    for month in MONTHS:
        x = RNG.uniform(0.7, 1.3)
        if p['kind'] == 'new' and year == 2023 and month < start.month:
            x *= 0.25  # land and tender money before the start
        if p['mode'] == 'rural_road' and month in (1, 2):
            x *= 0.5
        if p['mode'] == 'rural_road' and month >= 10:
            x *= 1.3
        w.append(x)
    return w


ACTUAL = {}  # code -> {year: [12 ints]}
for code in COUNTIES:
    eff = [p for p in P if p['county'] == code and EFF in p['scopes']]
    for year in YEARS:
        cols = county_months(code, year)
        key = 's22' if year == 2022 else 's23'
        shares = [p[key] for p in eff]
        total = sum(cols)
        targets = [total * s / sum(shares) for s in shares]
        prior = [prior_for(p, year) for p in eff]
        for p, row in zip(eff, allocate(cols, targets, prior)):
            ACTUAL.setdefault(p['code'], {})[year] = row
for p in P:
    if EFF not in p['scopes']:
        ACTUAL[p['code']] = {y: cumulative_round(p['a22'] if y == 2022 else p['a23'], jittered(BASE[y], 0.25))
                             for y in YEARS}

# Plans: plan ∝ actual ÷ e within a county's effective projects, scaled so the county's Σ plan is the designed one.


def round100(x):
    return int((D(x) / 100).quantize(D(1), ROUND_HALF_UP)) * 100


PLAN = {}
for code, c in COUNTIES.items():
    eff = [p for p in P if p['county'] == code and EFF in p['scopes']]
    a23 = {p['code']: sum(ACTUAL[p['code']][2023]) for p in eff}
    total = sum(a23.values())
    if c.get('rival'):
        target = c['task'] * ZJ_PLAN / ZJ_TASK  # same task/plan ratio as 诸暨, so both rankings agree
    else:
        target = total / c['eff']
    raw = {k: a23[k] / BY_CODE[k]['e'] for k in a23}
    lam = float(target) / sum(raw.values())
    plans = {k: round100(v * lam) for k, v in raw.items()}
    biggest = max(plans, key=plans.get)
    plans[biggest] += round100(float(target)) - sum(plans.values())
    for k, v in plans.items():
        PLAN[(k, 2023)] = v
    for p in eff:
        PLAN[(p['code'], 2022)] = round100(sum(ACTUAL[p['code']][2022]) / RNG.uniform(0.93, 1.07))
for p in P:
    if EFF not in p['scopes']:
        for y in YEARS:
            PLAN[(p['code'], y)] = round100(sum(ACTUAL[p['code']][y]) / (p['e'] if y == 2023 else RNG.uniform(0.9, 1.05)))

# ------------------------------------------------------------------------------------------------ progress


def progress_path(p):
    """Physical progress per (year, month) as a 1-decimal string or '' (not started)."""
    months = [(y, m) for y in YEARS for m in MONTHS]
    amounts = [ACTUAL[p['code']][y][m - 1] for y, m in months]
    if p['kind'] == 'prelim':
        return {k: '' for k in months}
    if p['kind'] == 'new':
        s = dt.date.fromisoformat(p['start'])
        first = months.index((s.year, s.month))
        p0, span = D(0), amounts[first:]
    else:
        first, p0, span = 0, D(p['p0']), amounts
    total, acc, out, last = sum(span), 0, {}, D(0)
    for i, k in enumerate(months):
        if i < first:
            out[k] = ''
            continue
        acc += amounts[i]
        v = p0 + (D(p['p1']) - p0) * D(acc) / D(total)
        v = max(v.quantize(D('0.1'), ROUND_HALF_UP), D('0.5'), last)
        last = v
        out[k] = f'{v.normalize():f}' if v == v.to_integral() else str(v)
    return out


PROGRESS = {p['code']: progress_path(p) for p in P}


def target_progress(p, year):
    if p['kind'] == 'prelim' or (p['kind'] == 'new' and year == 2022):
        return ''
    start = D(p['p0']) if year == 2022 else D(PROGRESS[p['code']][(2022, 12)] or 0)
    end = D(PROGRESS[p['code']][(year, 12)])
    if end == 100:
        return '100'
    ratio = D(sum(ACTUAL[p['code']][year])) / D(PLAN[(p['code'], year)])
    t = start + (end - start) / ratio
    return str(min(D(100), t.quantize(D(1), ROUND_HALF_UP)))


# ------------------------------------------------------------------------------------------------ narratives
ROAD = {
    1: ['路基土石方施工，完成填方{a}万立方米', '桥梁桩基施工，完成桩基{n}根', '涵洞通道施工{k}道', '软基处理{a}万平方米',
        '清表及临时便道施工{a}公里', '桥梁承台施工{k}个'],
    2: ['桥梁下部结构施工，完成墩柱{n}个', '架设T梁{n}片', '盖梁浇筑{k}个', '路基成型{a}公里',
        '箱梁预制{n}片', '路基防护及排水工程{a}公里'],
    3: ['路面底基层施工{a}公里', '水稳层摊铺{a}公里', '桥面铺装{a}公里', '沥青下面层摊铺{a}公里', '护栏基础施工{a}公里'],
    4: ['沥青上面层摊铺{a}公里', '交安设施及标志标线施工', '绿化及附属工程施工', '照明及机电工程安装', '交工验收准备，缺陷整改'],
}
TUNNEL = ['隧道进洞施工，掘进{n}米', '隧道二次衬砌{n}米']
WATER = {
    1: ['航道疏浚{a}万立方米', '护岸基础施工{n}米', '施工船舶进场，开展水下地形测量'],
    2: ['航道疏浚{a}万立方米', '护岸施工{n}米', '抛石护底{a}万立方米'],
    3: ['护岸施工{n}米', '航标配布及锚地施工', '疏浚{a}万立方米'],
    4: ['航标及助航设施安装', '扫床及竣工测量', '附属工程收尾'],
}
PORT = {1: ['码头桩基施工{n}根', '沉箱预制{k}个'], 2: ['沉箱安装{k}个', '上部结构横梁浇筑{k}榀'],
        3: ['面层及轨道梁施工', '后方堆场地基处理{a}万平方米'], 4: ['装卸设备安装调试', '附属设施收尾']}
AIR = {1: ['跑道延长段土石方{a}万立方米', '航站楼桩基施工{n}根'], 2: ['航站楼主体结构施工', '站坪扩建道面混凝土浇筑{a}万平方米'],
       3: ['航站楼钢结构屋盖施工', '助航灯光及弱电工程施工'], 4: ['航站楼装饰装修', '校飞准备及设备调试']}
RURAL = ['完成农村公路路面提升{a}公里', '安防工程{a}公里', '危桥改造{k}座', '完成县道大中修{a}公里', '村道拓宽改造{a}公里',
         '港湾式停靠站建设{k}个']
PRELIM = ['开展工可深化及初步设计', '用地报批材料编制', '开展征地拆迁，完成土地征收{n}亩', '环评及水土保持方案报批',
          '施工图设计及招标准备']
TOWNS = {
    '330602': ['灵芝街道', '东湖街道', '皋埠街道', '陶堰街道', '马山街道'],
    '330603': ['钱清街道', '杨汛桥街道', '齐贤街道', '安昌街道', '华舍街道', '柯岩街道', '兰亭街道', '平水镇', '漓渚镇'],
    '330604': ['曹娥街道', '百官街道', '东关街道', '道墟街道', '丰惠镇', '章镇镇'],
    '330624': ['七星街道', '南明街道', '羽林街道', '沙溪镇', '儒岙镇', '澄潭街道'],
    '330683': ['三江街道', '剡湖街道', '鹿山街道', '浦口街道', '甘霖镇', '长乐镇', '崇仁镇', '黄泽镇'],
    '331002': ['海门街道', '葭沚街道', '洪家街道', '前所街道', '章安街道'],
    '331003': ['北城街道', '江口街道', '院桥镇', '沙埠镇', '头陀镇'],
    '331004': ['路桥街道', '峰江街道', '金清镇', '新桥镇', '蓬街镇'],
    '331022': ['海游街道', '健跳镇', '浦坝港镇', '沙柳街道'],
    '331023': ['赤城街道', '始丰街道', '平桥镇', '白鹤镇', '坦头镇'],
    '331024': ['福应街道', '南峰街道', '白塔镇', '田市镇', '横溪镇'],
    '331082': ['古城街道', '大洋街道', '江南街道', '杜桥镇', '上盘镇', '桃渚镇', '涌泉镇', '东塍镇'],
    '331083': ['玉城街道', '大麦屿街道', '坎门街道', '楚门镇', '清港镇'],
}
PROBLEMS = ['政策处理：{town}{k}户民房未签约', '用地报批进度滞后，先行用地手续尚未批复', '地方配套资金到位不足，缺口约{n}00万元',
            '砂石料供应紧张，价格上涨', '电力、通信管线迁改进度慢', '设计变更审批未完成，影响约{a}公里施工',
            '林地使用审批未完成', '连续降雨影响路基施工', '{town}段青苗补偿争议未解决', '施工队伍人员不足，需加大投入']


def fill(text, county):
    return (text.replace('{a}', str(round(RNG.uniform(0.6, 6.0), 1))).replace('{n}', str(RNG.randint(8, 90)))
            .replace('{k}', str(RNG.randint(2, 9))).replace('{town}', RNG.choice(TOWNS[county])))


def stage(pp):
    v = float(pp)
    return 1 if v < 25 else 2 if v < 55 else 3 if v < 85 else 4


def narrative(p, year, month, pp):
    c = p['county']
    if pp == '':
        parts = [fill(RNG.choice(PRELIM), c)]
    elif float(pp) >= 100:
        parts = ['主体工程完工，开展交工验收及缺陷整改']
    elif p['mode'] == 'rural_road':
        parts = [fill(x, c) for x in RNG.sample(RURAL, 2)]
    else:
        pool = {'waterway': WATER, 'port': PORT, 'airport': AIR}.get(p['mode'], ROAD)[stage(pp)][:]
        if p['mode'] == 'expressway' and stage(pp) == 2:
            pool += TUNNEL
        if p['extra'] and RNG.random() < 0.5:
            pool = p['extra']
        parts = [fill(x, c) for x in RNG.sample(pool, min(2, len(pool)))]
    text = '，'.join(parts)
    spring = (year == 2022 and month in (1, 2)) or (year == 2023 and month == 1)
    if spring:
        text = '春节前后部分工点停工，' + text
    elif month in (7, 8) and RNG.random() < 0.4:
        text = '高温时段调整作业时间，' + text
    elif month in (8, 9) and RNG.random() < 0.25:
        text = f'受台风影响停工{RNG.randint(2, 4)}天，' + text
    elif month == 12 and RNG.random() < 0.5:
        text = '年底冲刺，' + text
    if c == '330603' and year == 2023 and month in (9, 10):
        text = ('亚运会保障期间（9月23日起）部分工点停工、渣土运输管控，' if month == 9
                else '亚运会、亚残运会保障期间（至10月28日）停工及限工，月度投资放缓，') + text
    return text


def problems(p, pp):
    lag = p['e'] < 0.9
    if RNG.random() < (0.45 if lag else 0.18):
        return fill(RNG.choice(PROBLEMS[:2] if pp == '' else PROBLEMS), p['county'])
    return ''


# ------------------------------------------------------------------------------------------------ land issues
LAND_KINDS = [('house', '{pk}民房{k}户征收补偿未签约', 'town'), ('crops', '{pk}段青苗（苗木）补偿争议，约{n}亩', 'town'),
              ('grave', '{pk}用地红线内坟墓{k}穴迁移', 'town'), ('power_tower', '{pk}处110kV电力塔基迁改', 'grid'),
              ('enterprise', '{pk}沿线企业厂房约{n}00平方米征收', 'hq'), ('farmland', '{pk}段永久基本农田占补平衡指标落实', 'nr')]
LAND = {  # project code, number of rows, towns, grid company, natural-resources bureau
    'DM-KQ-HSY': (9, ['钱清街道', '杨汛桥街道', '齐贤街道', '安昌街道', '华舍街道'], '国网绍兴市柯桥区供电公司',
                  '绍兴市自然资源和规划局柯桥分局'),
    'DM-SZ-SXK': (6, ['三江街道', '剡湖街道', '浦口街道', '甘霖镇'], '国网浙江嵊州市供电有限公司', '嵊州市自然资源和规划局'),
    'DM-XC-SXK': (4, ['七星街道', '羽林街道', '南明街道'], '国网浙江新昌县供电有限公司', '新昌县自然资源和规划局'),
    'DM-LH-SG2': (6, ['杜桥镇', '上盘镇', '桃渚镇', '东塍镇'], '国网浙江临海市供电有限公司', '临海市自然资源和规划局'),
}


def land_rows():
    rows = []
    for code, (n, towns, grid, nr) in LAND.items():
        p = BY_CODE[code]
        days = sorted(RNG.randint(0, 330) for _ in range(n))
        for i, d in enumerate(days, start=1):
            kind, text, unit = RNG.choice(LAND_KINDS)
            town = RNG.choice(towns)
            pk = f'K{RNG.randint(0, int(float(p["length"])))}+{RNG.randint(0, 999):03d}'
            ident = dt.date(2023, 1, 3) + dt.timedelta(days=d)
            due = ident + dt.timedelta(days=RNG.choice([30, 45, 60, 90]))
            resolved = ''
            if RNG.random() < 0.75:
                r = ident + dt.timedelta(days=RNG.randint(5, 110))
                if r <= dt.date(2023, 12, 31):
                    resolved = r.isoformat()
            responsible = {'town': town + ('办事处' if town.endswith('街道') else '人民政府'), 'grid': grid, 'nr': nr,
                           'hq': p['name'] + '建设指挥部'}[unit]
            rows.append([code, p['county'], f'{code}-{i:03d}', town, kind, fill(text.replace('{pk}', pk), p['county']),
                         ident.isoformat(), due.isoformat(), resolved, responsible,
                         'illustrative:demo-only land issue (generate.py, fixed seed); invented so the land-issue views '
                         'have rows outside 诸暨'])
    return rows


# ------------------------------------------------------------------------------------------------ write

def write(name, header, rows):
    with open(HERE / name, 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerows(rows)
    print(f'  {name:22} {len(rows):4} rows')


SRC_PROJECT = 'illustrative:demo-only project (seed-data-demo/generate.py); name modelled on typical projects of the city, not taken from a document'


def main():
    city = {c: ('绍兴' if c.startswith('3306') else '台州') for c in COUNTIES}
    print('writing:')
    write('projects.csv', ['code', 'name', 'route_code', 'mode', 'total_investment', 'length_km', 'owner', 'region_code', 'source'],
          [[p['code'], p['name'], p['route'], p['mode'], total_investment(p), p['length'], p['owner'], p['county'], SRC_PROJECT]
           for p in P])
    scope_rows = []
    for p in P:
        for s in p['scopes']:
            why = {EFF: 'counts in the county\'s assessed effective investment (under construction in 2023)',
                   KEY: 'assumed on the county\'s key-project list', COMP: 'assumed in the city\'s comprehensive-transport list',
                   LIV: 'rural-road programme assumed to be a 民生实事', MAJ: 'assumed in the province\'s 十项重大工程'}[s]
            scope_rows.append([p['code'], s, f'illustrative:demo scope membership invented: {why}'])
    write('project_scopes.csv', ['project_code', 'scope', 'source'], scope_rows)
    write('sections.csv', ['project_code', 'region_code', 'name', 'apportioned_investment', 'active_from', 'source'],
          [[p['code'], p['county'], p['name'], '', '2022-01-01',
            'illustrative:demo-only single section in the registering county; reports from 2022-01'] for p in P])
    ms = []
    for p in P:
        if p['kind'] == 'cont':
            ms.append([p['code'], 'start', '', p['start'],
                       'illustrative:start date invented before 2022 so the project classifies as continuing'])
        elif p['kind'] == 'new':
            ms.append([p['code'], 'start', '', p['start'], 'illustrative:2023 start invented so the demo has 新开工 projects'])
        for kind, planned, actual in p['milestones']:
            ms.append([p['code'], kind, planned, actual, 'illustrative:demo milestone date invented'])
    order = {k: i for i, k in enumerate(['proposal', 'feasibility_study', 'site_land_prereview', 'preliminary_design',
                                         'construction_drawings', 'construction_tender', 'land_approval', 'start',
                                         'handover_acceptance', 'opening', 'completion_acceptance'])}
    ms.sort(key=lambda r: ([p['code'] for p in P].index(r[0]), order[r[1]]))
    write('milestones.csv', ['project_code', 'kind', 'planned_on', 'actual_on', 'source'], ms)
    write('annual_plans.csv', ['project_code', 'region_code', 'year', 'planned_investment', 'target_physical_progress', 'source'],
          [[p['code'], p['county'], y, PLAN[(p['code'], y)], target_progress(p, y),
            'illustrative:demo plan invented (generate.py): the actual ÷ an assumed delivery rate, so some projects lag'
            + ('; 柯桥 effective plans sized so its task/plan ratio equals 诸暨\'s' if p['county'] == '330603' and EFF in p['scopes'] and y == 2023 else '')]
           for p in P for y in YEARS])
    targets = []
    for code, c in COUNTIES.items():
        why = ('task chosen so that 诸暨 ranks 2nd (Jan–Sep) and 1st (Oct–Dec) of the 6 绍兴 counties by task completion in 2023'
               if code == '330603' else 'task and growth target invented; the county\'s 2023 actuals stay below 诸暨\'s completion every month'
               if code in SHAOXING else 'task and growth target invented so the city\'s county ranking has rows')
        targets.append([code, 'effective', 2023, c['task'], c['growth'], f'illustrative:demo {why}'])
    write('region_targets.csv', ['region_code', 'scope', 'year', 'task', 'growth_target', 'source'], targets)
    reports = []
    for p in P:
        src = (f'illustrative:demo report (generate.py, fixed seed); {city[p["county"]]} county figures invented'
               + ('; 2023 county effective totals shaped for the 诸暨 rank constraint' if p['county'] in SHAOXING and EFF in p['scopes'] else ''))
        for y in YEARS:
            for m in MONTHS:
                pp = PROGRESS[p['code']][(y, m)]
                reports.append([p['code'], p['county'], f'{y}-{m:02d}', ACTUAL[p['code']][y][m - 1], pp,
                                narrative(p, y, m, pp), problems(p, pp), src])
    write('monthly_reports.csv', ['project_code', 'region_code', 'period', 'month_actual', 'physical_progress', 'narrative',
                                  'problems', 'source'], reports)
    write('land_issues.csv', ['project_code', 'region_code', 'reference', 'town', 'kind', 'description', 'identified_on',
                              'due_on', 'resolved_on', 'responsible_unit', 'source'], land_rows())
    summary()


def total_investment(p):
    spent = sum(ACTUAL[p['code']][2022]) + sum(ACTUAL[p['code']][2023])
    if p['kind'] == 'prelim':
        return str(round100(spent * 9) // 1000 * 1000)
    span = (p['p1'] - p['p0']) / 100
    return str(round(spent / span / 1000) * 1000)


def summary():
    print('2023 effective, by county: task, YTD Dec, YTD/task, Σ plan, YTD/plan, 2022 actual, YoY')
    for code, c in COUNTIES.items():
        eff = [p['code'] for p in P if p['county'] == code and EFF in p['scopes']]
        a23 = sum(sum(ACTUAL[k][2023]) for k in eff)
        a22 = sum(sum(ACTUAL[k][2022]) for k in eff)
        pl = sum(PLAN[(k, 2023)] for k in eff)
        print(f'  {code} {c["name"]} {c["task"]:7} {a23:7} {a23 / c["task"]:.4f} {pl:7} {a23 / pl:.4f} {a22:7} {a23 / a22 - 1:+.3f}')
    print('projects: 2023 actual / plan')
    for p in P:
        a, pl = sum(ACTUAL[p['code']][2023]), PLAN[(p['code'], 2023)]
        print(f'  {p["code"]:12} {a:7} / {pl:7} = {a / pl:.3f}  progress {PROGRESS[p["code"]][(2023, 12)] or "-"}'
              f' target {target_progress(p, 2023) or "-"}')


if __name__ == '__main__':
    main()
