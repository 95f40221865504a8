#!/usr/bin/env python3
"""Checks the seed CSVs in this folder: format, references, data-quality rules and the
figures DESIGN.md says the system must reproduce. Reads the CSVs only; writes nothing.

    python3 seed-data/check_figures.py        # exit code 0 = all checks pass
"""
import csv
import datetime as dt
import re
import sys
from collections import Counter, defaultdict
from decimal import Decimal as D, InvalidOperation
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADERS = {
    'regions.csv': ['code', 'name', 'level', 'parent_code', 'source'],
    'projects.csv': ['code', 'name', 'route_code', 'mode', 'total_investment', 'length_km', 'owner', 'region_code', 'source'],
    'project_scopes.csv': ['project_code', 'scope', 'source'],
    'sections.csv': ['project_code', 'region_code', 'name', 'apportioned_investment', 'active_from', 'source'],
    'milestones.csv': ['project_code', 'kind', 'planned_on', 'actual_on', 'source'],
    'annual_plans.csv': ['project_code', 'region_code', 'year', 'planned_investment', 'target_physical_progress', 'source'],
    'region_targets.csv': ['region_code', 'scope', 'year', 'task', 'growth_target', 'source'],
    'monthly_reports.csv': ['project_code', 'region_code', 'period', 'month_actual', 'physical_progress', 'narrative', 'problems', 'source'],
    'land_issues.csv': ['project_code', 'region_code', 'reference', 'town', 'kind', 'description', 'identified_on', 'due_on', 'resolved_on', 'responsible_unit', 'source'],
}
MODES = {'expressway', 'trunk_highway', 'urban_road', 'rural_road', 'railway', 'urban_rail', 'port', 'waterway', 'airport', 'hub', 'other'}
SCOPES = {'comprehensive', 'effective', 'key_project', 'major_programme', 'livelihood'}
KINDS = ['proposal', 'feasibility_study', 'site_land_prereview', 'preliminary_design', 'construction_drawings',
         'construction_tender', 'land_approval', 'start', 'handover_acceptance', 'opening', 'completion_acceptance']
ISSUE_KINDS = {'house', 'crops', 'power_tower', 'grave', 'enterprise', 'farmland', 'other'}
ZJ_TOWNS = {'店口镇', '大唐街道', '浣东街道', '牌头镇', '枫桥镇', '次坞镇', '姚江镇', '暨阳街道', '陶朱街道', '东和乡',
            '马剑镇', '璜山镇', '五泄镇', '安华镇', '草塔镇', '应店街镇', '山下湖镇', '赵家镇', '同山镇', '王家井镇', '岭北镇'}
ZJ, WL, YY = '330681', '331081', '370323'

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
    return cond


def load(name):
    raw = (HERE / name).read_bytes()
    check(not raw.startswith(b'\xef\xbb\xbf'), f'{name}: has a BOM')
    check(b'\r' not in raw, f'{name}: contains CR (must be LF only)')
    check(raw.endswith(b'\n'), f'{name}: no final newline')
    text = raw.decode('utf-8')
    rows = list(csv.reader(text.splitlines(keepends=True), strict=True))
    check(rows[0] == HEADERS[name], f'{name}: header {rows[0]} != {HEADERS[name]}')
    out = []
    for i, r in enumerate(rows[1:], start=2):
        if check(len(r) == len(rows[0]), f'{name}:{i}: {len(r)} fields'):
            out.append(dict(zip(rows[0], r), _line=i))
    return out


def dec(v, where, nullable=True, lo=None, hi=None):
    if v == '':
        check(nullable, f'{where}: empty but required')
        return None
    try:
        d = D(v)
    except InvalidOperation:
        check(False, f'{where}: not a decimal: {v!r}')
        return None
    check(d.is_finite() and re.fullmatch(r'-?\d+(\.\d{1,4})?', v) is not None, f'{where}: bad decimal {v!r} (max 4 decimals, "." separator)')
    if lo is not None:
        check(d >= lo, f'{where}: {v} < {lo}')
    if hi is not None:
        check(d <= hi, f'{where}: {v} > {hi}')
    return d


def date(v, where, nullable=True):
    if v == '':
        check(nullable, f'{where}: empty date')
        return None
    try:
        d = dt.date.fromisoformat(v)
        check(re.fullmatch(r'\d{4}-\d{2}-\d{2}', v) is not None, f'{where}: not yyyy-MM-dd: {v}')
        return d
    except ValueError:
        check(False, f'{where}: bad date {v!r}')
        return None


T = {n: load(n) for n in HEADERS}

for n, rows in T.items():
    for r in rows:
        check(re.fullmatch(r'(sourced|illustrative):\S.*', r['source']) is not None, f'{n}:{r["_line"]}: bad source {r["source"]!r}')

# ---- regions
regions = {}
for r in T['regions.csv']:
    w = f'regions.csv:{r["_line"]}'
    check(re.fullmatch(r'\d{6}', r['code']) is not None, f'{w}: code')
    check(r['code'] not in regions, f'{w}: duplicate code')
    check(r['level'] in ('province', 'city', 'county'), f'{w}: level')
    if r['level'] == 'province':
        check(r['parent_code'] == '', f'{w}: province with parent')
    else:
        p = regions.get(r['parent_code'])
        check(p is not None, f'{w}: parent {r["parent_code"]} missing or after child')
        if p:
            check((p['level'], r['level']) in (('province', 'city'), ('city', 'county')), f'{w}: level under {p["level"]}')
    regions[r['code']] = r

# ---- projects
projects = {}
for r in T['projects.csv']:
    w = f'projects.csv:{r["_line"]}'
    check(re.fullmatch(r'[A-Z]{2}-[A-Z0-9-]+', r['code']) is not None and len(r['code']) <= 32, f'{w}: code {r["code"]}')
    check(r['code'] not in projects, f'{w}: duplicate project')
    check(0 < len(r['name']) <= 200, f'{w}: name length')
    check(r['mode'] in MODES, f'{w}: mode {r["mode"]}')
    check(r['route_code'] == '' or re.fullmatch(r'[GSXYCZ]\d{1,4}', r['route_code']) is not None, f'{w}: route {r["route_code"]}')
    r['total'] = dec(r['total_investment'], w, lo=0)
    dec(r['length_km'], w, lo=0)
    check(regions.get(r['region_code'], {}).get('level') == 'county', f'{w}: region {r["region_code"]} not a county')
    projects[r['code']] = r

scopes = defaultdict(set)
for r in T['project_scopes.csv']:
    w = f'project_scopes.csv:{r["_line"]}'
    check(r['project_code'] in projects, f'{w}: unknown project')
    check(r['scope'] in SCOPES, f'{w}: scope')
    check(r['scope'] not in scopes[r['project_code']], f'{w}: duplicate scope')
    scopes[r['project_code']].add(r['scope'])

sections = {}
share_sum = defaultdict(D)
for r in T['sections.csv']:
    w = f'sections.csv:{r["_line"]}'
    key = (r['project_code'], r['region_code'])
    check(r['project_code'] in projects, f'{w}: unknown project')
    check(regions.get(r['region_code'], {}).get('level') == 'county', f'{w}: region not a county')
    check(key not in sections, f'{w}: duplicate section')
    s = dec(r['apportioned_investment'], w, lo=0)
    if s is not None:
        share_sum[r['project_code']] += s
    sections[key] = r
for code, p in projects.items():
    check((code, p['region_code']) in sections, f'project {code}: no section in its own region')
    if share_sum[code]:
        check(p['total'] is not None and share_sum[code] <= p['total'], f'project {code}: section shares {share_sum[code]} exceed total {p["total"]}')

ms = defaultdict(dict)
for r in T['milestones.csv']:
    w = f'milestones.csv:{r["_line"]}'
    check(r['project_code'] in projects, f'{w}: unknown project')
    check(r['kind'] in KINDS, f'{w}: kind')
    pl, ac = date(r['planned_on'], w), date(r['actual_on'], w)
    check(pl or ac, f'{w}: neither planned nor actual')
    check(r['kind'] not in ms[r['project_code']], f'{w}: duplicate kind')
    ms[r['project_code']][r['kind']] = (pl, ac)

plans = {}
for r in T['annual_plans.csv']:
    w = f'annual_plans.csv:{r["_line"]}'
    key = (r['project_code'], r['region_code'], int(r['year']))
    check(key[:2] in sections, f'{w}: no such section')
    check(key not in plans, f'{w}: duplicate plan')
    plans[key] = (dec(r['planned_investment'], w, nullable=False, lo=0), dec(r['target_physical_progress'], w, lo=0, hi=100))

targets = {}
for r in T['region_targets.csv']:
    w = f'region_targets.csv:{r["_line"]}'
    check(r['region_code'] in regions, f'{w}: region')
    check(r['scope'] in SCOPES, f'{w}: scope')
    targets[(r['region_code'], r['scope'], int(r['year']))] = (dec(r['task'], w, nullable=False, lo=0), dec(r['growth_target'], w))

reports = defaultdict(dict)  # (project, region) -> period -> (actual, progress)
for r in T['monthly_reports.csv']:
    w = f'monthly_reports.csv:{r["_line"]}'
    key = (r['project_code'], r['region_code'])
    check(key in sections, f'{w}: no such section')
    check(re.fullmatch(r'\d{4}-(0[1-9]|1[0-2])', r['period']) is not None, f'{w}: period')
    check(r['period'] not in reports[key], f'{w}: duplicate period')
    check(r['narrative'] != '', f'{w}: empty narrative')
    reports[key][r['period']] = (dec(r['month_actual'], w, nullable=False, lo=0), dec(r['physical_progress'], w, lo=0, hi=100))
for key, per in reports.items():
    last = None
    for period in sorted(per):
        pp = per[period][1]
        if pp is not None:
            check(last is None or pp >= last, f'{key} {period}: physical progress goes down ({last} -> {pp})')
            last = pp
    for year in {p[:4] for p in per}:
        months = [p for p in per if p.startswith(year)]
        check(len(months) == 12, f'{key} {year}: {len(months)} months, expected 12')
for (pc, rc, year), (plan, _) in plans.items():
    check(all(f'{year}-{m:02d}' in reports[(pc, rc)] for m in range(1, 13)), f'{pc}/{rc}: {year} plan without 12 monthly reports')
    start = ms[pc].get('start', (None, None))[1]
    if start is None and sum(a for a, _ in (reports[(pc, rc)].get(f'{year}-{m:02d}', (D(0), None)) for m in range(1, 13))) > 0:
        print(f'  note: {pc} has {year} investment but no actual start (classifies as preliminary)')

# under-construction sections need an actual start no later than their first reported progress > 0
for key, per in reports.items():
    first_pp = min((p for p, (_, pp) in per.items() if pp), default=None)
    if first_pp:
        start = ms[key[0]].get('start', (None, None))[1]
        check(start is not None and start.strftime('%Y-%m') <= first_pp, f'{key}: progress in {first_pp} but start {start}')

issues = defaultdict(list)
for r in T['land_issues.csv']:
    w = f'land_issues.csv:{r["_line"]}'
    key = (r['project_code'], r['region_code'])
    check(key in sections, f'{w}: no such section')
    check(r['kind'] in ISSUE_KINDS, f'{w}: kind')
    if r['region_code'] == ZJ:
        check(r['town'] in ZJ_TOWNS, f'{w}: town {r["town"]} not a 诸暨 town/street in the list')
    i, d, s = date(r['identified_on'], w, False), date(r['due_on'], w), date(r['resolved_on'], w)
    if i:
        check(dt.date(2023, 1, 1) <= i <= dt.date(2023, 11, 30), f'{w}: identified_on out of 2023-01-01..11-30')
        check(d is None or d >= i, f'{w}: due before identified')
        check(s is None or i <= s <= dt.date(2023, 12, 31), f'{w}: resolved_on out of range')
    issues[key].append(r)

# ------------------------------------------------------------------ figures
def in_scope(region, scope):
    return sorted(pc for (pc, rc) in sections if rc == region and scope in scopes[pc])


def year_sum(region, codes, year, months=12):
    plan = sum((plans.get((pc, region, year), (D(0), None))[0] for pc in codes), D(0))
    act = sum((reports[(pc, region)].get(f'{year}-{m:02d}', (D(0), None))[0] for pc in codes for m in range(1, months + 1)), D(0))
    return plan, act


def pct(a, b):
    return (a / b * 100).quantize(D('0.1')) if b else None


results = []


def fig(label, got, want):
    ok = got == want
    check(ok, f'FIGURE {label}: got {got}, want {want}')
    results.append(('PASS' if ok else 'FAIL', label, got, want))


key = in_scope(ZJ, 'key_project')
kp, ka = year_sum(ZJ, key, 2023)
fig('诸暨 2023 key projects: count', len(key), 13)
fig('诸暨 2023 key projects: plan 万元', kp, D(615000))
fig('诸暨 2023 key projects: actual 万元', ka, D(637000))
fig('诸暨 2023 key projects: completion %', pct(ka, kp), D('103.6'))

comp = in_scope(ZJ, 'comprehensive')
cp, ca = year_sum(ZJ, comp, 2023)
fig('诸暨 2023 comprehensive: count', len(comp), 12)
fig('诸暨 2023 comprehensive: plan 万元', cp, D(308000))
fig('诸暨 2023 comprehensive: actual 万元', ca, D(333000))
fig('诸暨 2023 comprehensive: completion %', pct(ca, cp), D('108.1'))

eff = in_scope(ZJ, 'effective')
_, ea = year_sum(ZJ, eff, 2023)
_, ea22 = year_sum(ZJ, eff, 2022)
task, growth = targets[(ZJ, 'effective', 2023)]
fig('诸暨 2023 effective: actual 万元', ea, D(614000))
fig('诸暨 2023 effective: 柯诸高速诸暨段 actual 万元', year_sum(ZJ, ['ZJ-KEZHU'], 2023)[1], D(229000))
fig('诸暨 2023 effective: task 万元', task, D(398000))
fig('诸暨 2023 effective: growth target', growth, D('0.1'))
fig('诸暨 2023 effective: completion of task %', pct(ea, task), D('154.3'))
fig('诸暨 2022 effective: actual 万元', ea22, D(361389))
fig('诸暨 2023 effective: YoY %', pct(ea - ea22, ea22), D('69.9'))


def progress_ratio(pc, region=ZJ):
    dec_pp = reports[(pc, region)]['2023-12'][1]
    tgt = plans[(pc, region, 2023)][1]
    return (dec_pp / tgt * 100).quantize(D('0.1'))


fig('柯诸高速诸暨段 Dec progress / target %', progress_ratio('ZJ-KEZHU'), D('137.6'))
fig('G235诸暨段 Dec progress / target %', progress_ratio('ZJ-G235'), D('70.0'))
for pc, n, res, rate in (('ZJ-KEZHU', 200, 193, '96.5'), ('ZJ-G235', 187, 171, '91.4')):
    rows = issues[(pc, ZJ)]
    r = sum(1 for x in rows if x['resolved_on'])
    fig(f'{pc} land issues identified', len(rows), n)
    fig(f'{pc} land issues resolved', r, res)
    fig(f'{pc} resolution rate %', pct(D(r), D(len(rows))), D(rate))

wl = in_scope(WL, 'comprehensive')
_, wa = year_sum(WL, wl, 2023)
fig('温岭 2023 comprehensive actual 万元', wa, D(436800))
by_mode = defaultdict(D)
for pc in wl:
    by_mode[projects[pc]['mode']] += year_sum(WL, [pc], 2023)[1]
rail = by_mode['railway'] + by_mode['urban_rail']
road = by_mode['expressway'] + by_mode['trunk_highway'] + by_mode['urban_road'] + by_mode['rural_road']
fig('温岭 2023 rail (railway + urban_rail) 万元', rail, D(83800))
fig('温岭 2023 road (expressway + trunk + urban + rural) 万元', road, D(347800))
fig('温岭 2023 in no named mode (other) 万元', by_mode['other'], D(5200))
fig('温岭 2023 rail share % (document says 19.4, a slip)', pct(rail, wa), D('19.2'))
for pc, want in (('WL-S1', 17800), ('WL-WYTL', 66000), ('WL-LLX', 192700), ('WL-TLKSL', 43400), ('WL-G228', 46500),
                 ('WL-S81ZX', 4000), ('WL-YTWTK', 29700), ('WL-OTHER-ROAD', 31500), ('WL-UNCLASSIFIED', 5200)):
    fig(f'温岭 2023 {pc} actual 万元', year_sum(WL, [pc], 2023)[1], D(want))

print('files:')
for n, rows in T.items():
    print(f'  {n:22} {len(rows):4} rows')
print('figures:')
for status, label, got, want in results:
    print(f'  {status}  {label}: {got}' + ('' if status == 'PASS' else f' (want {want})'))
print('scopes in 诸暨:')
for s in ('key_project', 'comprehensive', 'effective'):
    print(f'  {s}: {", ".join(in_scope(ZJ, s))}')
if failures:
    print(f'{len(failures)} FAILED checks:')
    for f in failures:
        print('  ' + f)
    sys.exit(1)
print('all checks passed')
