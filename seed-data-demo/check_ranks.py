#!/usr/bin/env python3
"""Checks the demo seed folder against seed-data/ and prints 诸暨's 2023 rank among the 6 counties of 绍兴.

    python3 seed-data-demo/check_ranks.py      # exit code 0 = every check passes

Reads BOTH folders the way the demo database loads them (seed-data first, then seed-data-demo; a demo row whose key
already exists would be skipped by the loader, so it is reported as an error here). Then, for every month of 2023:

  task completion(county, month) = Σ approved month_actual, Jan..month of 2023, of the county's sections of projects
                                   in scope `effective`  ÷  the county's 2023 `effective` task (region_targets.csv)

ranked descending with standard competition ranking on the ratio rounded to 4 decimals (ties share a rank), as the
roll-up ranks. The constraint (the 诸暨 document: "1-9月在绍兴6个县市区排名均列第二，10、11、12月排名第一"):
诸暨 (330681) is rank 2 in 2023-01..09 and rank 1 in 2023-10..12, and every two counties differ by ≥ 0.001 every month.

It also prints the ranks by YTD ÷ Σ 2023 annual plans of the same sections (what the roll-up's rank_by_completion
uses today) and checks that 诸暨's rank is the same there, plus format and reference rules for the demo files.
"""
import csv
import re
import sys
from collections import defaultdict
from decimal import Decimal as D, ROUND_HALF_UP
from pathlib import Path

DEMO = Path(__file__).resolve().parent
SEED = DEMO.parent / 'seed-data'
ZJ, SHAOXING = '330681', '330600'
WANT = {m: (2 if m <= 9 else 1) for m in range(1, 13)}
FILES = {
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
KEYS = {  # natural key of each file (the loader's "on conflict do nothing")
    'regions.csv': ('code',), 'projects.csv': ('code',), 'project_scopes.csv': ('project_code', 'scope'),
    'sections.csv': ('project_code', 'region_code'), 'milestones.csv': ('project_code', 'kind'),
    'annual_plans.csv': ('project_code', 'region_code', 'year'), 'region_targets.csv': ('region_code', 'scope', 'year'),
    'monthly_reports.csv': ('project_code', 'region_code', 'period'),
    'land_issues.csv': ('project_code', 'region_code', 'reference'),
}
MODES = {'expressway', 'trunk_highway', 'urban_road', 'rural_road', 'railway', 'urban_rail', 'port', 'waterway', 'airport', 'hub', 'other'}
SCOPES = {'comprehensive', 'effective', 'key_project', 'major_programme', 'livelihood'}
MILESTONES = {'proposal', 'feasibility_study', 'site_land_prereview', 'preliminary_design', 'construction_drawings',
              'construction_tender', 'land_approval', 'start', 'handover_acceptance', 'opening', 'completion_acceptance'}
ISSUE_KINDS = {'house', 'crops', 'power_tower', 'grave', 'enterprise', 'farmland', 'other'}
MONEY = re.compile(r'\d+(\.\d{1,4})?')

errors = []


def error(msg):
    errors.append(msg)


def load(folder, name, demo):
    path = folder / name
    if not path.exists():
        return []
    raw = path.read_bytes()
    if demo:
        if raw.startswith(b'\xef\xbb\xbf'):
            error(f'{name}: BOM')
        if b'\r' in raw:
            error(f'{name}: CR in file (LF only)')
        if not raw.endswith(b'\n'):
            error(f'{name}: no final newline')
    rows = list(csv.reader(raw.decode('utf-8').splitlines(keepends=True), strict=True))
    if rows[0] != FILES[name]:
        error(f'{folder.name}/{name}: header {rows[0]} != {FILES[name]}')
    out = []
    for i, r in enumerate(rows[1:], start=2):
        if len(r) != len(rows[0]):
            error(f'{folder.name}/{name}:{i}: {len(r)} fields')
            continue
        row = dict(zip(rows[0], r), _where=f'{folder.name}/{name}:{i}', _demo=demo)
        if demo and not re.fullmatch(r'illustrative:\S.*', row['source']):
            error(f'{row["_where"]}: source must be illustrative:<why>')
        out.append(row)
    return out


def merged():
    """Each file: seed rows, then demo rows; a demo row with an existing key is an error (the loader would skip it)."""
    tables = {}
    for name, key in KEYS.items():
        seen, rows = {}, []
        for folder, demo in ((SEED, False), (DEMO, True)):
            for r in load(folder, name, demo):
                k = tuple(r[c] for c in key)
                if k in seen:
                    if demo:
                        error(f'{r["_where"]}: key {k} already in {seen[k]} (the loader would skip this row)')
                    continue
                seen[k] = r['_where']
                rows.append(r)
        tables[name] = rows
    return tables


def money(r, col, where, nullable=False):
    v = r[col]
    if v == '':
        if not nullable:
            error(f'{where}: {col} empty')
        return None
    if not MONEY.fullmatch(v):
        error(f'{where}: {col} {v!r} is not a non-negative amount with ≤4 decimals')
        return None
    return D(v)


def validate(t):
    regions = {r['code']: r for r in t['regions.csv']}
    if any(r['_demo'] for r in t['regions.csv']):
        error('regions.csv: the demo folder must not add regions')
    projects = {r['code']: r for r in t['projects.csv']}
    for r in t['projects.csv']:
        if not r['_demo']:
            continue
        w = r['_where']
        if not re.fullmatch(r'DM-[A-Z0-9-]+', r['code']) or len(r['code']) > 32:
            error(f'{w}: demo code {r["code"]} must start with DM-')
        if r['mode'] not in MODES:
            error(f'{w}: mode {r["mode"]}')
        if r['route_code'] and not re.fullmatch(r'[GSXYCZ]\d{1,4}', r['route_code']):
            error(f'{w}: route {r["route_code"]}')
        if regions.get(r['region_code'], {}).get('level') != 'county':
            error(f'{w}: region {r["region_code"]} not a county')
        money(r, 'total_investment', w, nullable=True)
    sections = {(r['project_code'], r['region_code']): r for r in t['sections.csv']}
    for name in ('project_scopes.csv', 'sections.csv', 'milestones.csv'):
        for r in t[name]:
            if r['_demo'] and r['project_code'] not in projects:
                error(f'{r["_where"]}: unknown project {r["project_code"]}')
    for r in t['project_scopes.csv']:
        if r['_demo'] and r['scope'] not in SCOPES:
            error(f'{r["_where"]}: scope {r["scope"]}')
    for r in t['milestones.csv']:
        if r['_demo'] and (r['kind'] not in MILESTONES or not (r['planned_on'] or r['actual_on'])):
            error(f'{r["_where"]}: milestone kind/date')
    for code, p in projects.items():
        if (code, p['region_code']) not in sections:
            error(f'project {code}: no section in its own region')
    starts = {r['project_code']: r['actual_on'] for r in t['milestones.csv'] if r['kind'] == 'start' and r['actual_on']}
    for name in ('annual_plans.csv', 'monthly_reports.csv', 'land_issues.csv'):
        for r in t[name]:
            if r['_demo'] and (r['project_code'], r['region_code']) not in sections:
                error(f'{r["_where"]}: no section {r["project_code"]}/{r["region_code"]}')
    for r in t['annual_plans.csv']:
        if r['_demo']:
            money(r, 'planned_investment', r['_where'])
            tp = money(r, 'target_physical_progress', r['_where'], nullable=True)
            if tp is not None and tp > 100:
                error(f'{r["_where"]}: target > 100')
    for r in t['region_targets.csv']:
        if r['_demo']:
            money(r, 'task', r['_where'])
            if r['scope'] not in SCOPES or regions.get(r['region_code'], {}).get('level') != 'county':
                error(f'{r["_where"]}: scope or region')
    per = defaultdict(dict)
    for r in t['monthly_reports.csv']:
        if not r['_demo']:
            continue
        w = r['_where']
        if not re.fullmatch(r'\d{4}-(0[1-9]|1[0-2])', r['period']):
            error(f'{w}: period')
        if not r['narrative']:
            error(f'{w}: empty narrative')
        money(r, 'month_actual', w)
        pp = money(r, 'physical_progress', w, nullable=True)
        per[(r['project_code'], r['region_code'])][r['period']] = pp
        active = sections[(r['project_code'], r['region_code'])]['active_from'][:7] if (r['project_code'], r['region_code']) in sections else ''
        if r['period'] < active:
            error(f'{w}: period before the section\'s active_from')
    for key, months in per.items():
        for year in {p[:4] for p in months}:
            if sum(1 for p in months if p.startswith(year)) != 12:
                error(f'{key} {year}: not 12 monthly reports')
        last = None
        for period in sorted(months):
            pp = months[period]
            if pp is None:
                continue
            if last is not None and pp < last:
                error(f'{key} {period}: physical progress goes down {last} -> {pp}')
            if pp > 100:
                error(f'{key} {period}: progress > 100')
            if pp > 0 and (starts.get(key[0]) is None or starts[key[0]][:7] > period):
                error(f'{key} {period}: progress without an actual start by then')
            last = pp
    refs = set()
    for r in t['land_issues.csv']:
        if r['_demo']:
            if r['kind'] not in ISSUE_KINDS or len(r['reference']) > 32 or (r['project_code'], r['reference']) in refs:
                error(f'{r["_where"]}: kind or reference')
            refs.add((r['project_code'], r['reference']))
            if r['due_on'] and r['due_on'] < r['identified_on'] or r['resolved_on'] and r['resolved_on'] < r['identified_on']:
                error(f'{r["_where"]}: dates')
    return regions


def rank(values):
    """Standard competition ranking, descending, on values rounded to 4 decimals."""
    r4 = {k: v.quantize(D('0.0001'), ROUND_HALF_UP) for k, v in values.items()}
    return {k: 1 + sum(1 for o in r4.values() if o > v) for k, v in r4.items()}, r4


def main():
    t = merged()
    regions = validate(t)
    counties = sorted(c for c, r in regions.items() if r['parent_code'] == SHAOXING and r['level'] == 'county')
    effective = {r['project_code'] for r in t['project_scopes.csv'] if r['scope'] == 'effective'}
    sections = {(r['project_code'], r['region_code']) for r in t['sections.csv'] if r['project_code'] in effective}
    task = {r['region_code']: D(r['task']) for r in t['region_targets.csv']
            if r['scope'] == 'effective' and r['year'] == '2023'}
    plan = defaultdict(D)
    for r in t['annual_plans.csv']:
        if (r['project_code'], r['region_code']) in sections and r['year'] == '2023':
            plan[r['region_code']] += D(r['planned_investment'])
    monthly = defaultdict(D)
    for r in t['monthly_reports.csv']:  # every seed report is loaded as approved
        if (r['project_code'], r['region_code']) in sections and r['period'].startswith('2023-'):
            monthly[(r['region_code'], int(r['period'][5:]))] += D(r['month_actual'])
    missing = [c for c in counties if c not in task]
    if missing:
        error(f'no 2023 effective task for {missing}')
        counties = [c for c in counties if c in task]

    names = {c: regions[c]['name'] for c in counties}
    print(f'绍兴 counties, 2023, effective scope: YTD ÷ task (rank); {", ".join(f"{c} {names[c]}" for c in counties)}')
    print('month    ' + ''.join(f'{names[c]:>10}' for c in counties) + '   诸暨 rank  by plan')
    ytd = defaultdict(D)
    failed = False
    for m in range(1, 13):
        for c in counties:
            ytd[c] += monthly[(c, m)]
        by_task, r4 = rank({c: ytd[c] / task[c] for c in counties})
        by_plan, p4 = rank({c: ytd[c] / plan[c] for c in counties if plan[c]})
        close = [(a, b) for i, a in enumerate(counties) for b in counties[i + 1:] if abs(r4[a] - r4[b]) < D('0.001')]
        zj_plan_margin = min((abs(p4[ZJ] - p4[c]) for c in p4 if c != ZJ), default=D(1))
        ok = by_task.get(ZJ) == WANT[m] and not close
        ok_plan = by_plan.get(ZJ) == WANT[m] and zj_plan_margin >= D('0.001')
        failed |= not (ok and ok_plan)
        cells = ''.join(f'{str(r4[c]):>9} ({by_task[c]})' for c in counties)
        print(f'2023-{m:02d}{cells}   {by_task.get(ZJ)} (want {WANT[m]}) {by_plan.get(ZJ):>4}'
              + ('' if ok else '  FAIL') + ('' if ok_plan else '  FAIL(by plan)')
              + (f'  too close: {close}' if close else ''))
    if failed:
        error('rank constraint fails (see the table)')
    if errors:
        print(f'{len(errors)} FAILED checks:')
        for e in errors[:50]:
            print('  ' + e)
        sys.exit(1)
    print('rank constraint holds: 诸暨 2nd in 2023-01..09 and 1st in 2023-10..12 (by task and by plan); demo files valid')


if __name__ == '__main__':
    main()
