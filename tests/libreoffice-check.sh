#!/usr/bin/env bash
# Opens the Excel exports in LibreOffice (headless) and checks what it reads: every sheet layout converts to CSV and PDF,
# the cells hold the expected values under their formats (亿元 to two decimals, rates as 0.0%, ISO dates), and text that
# looks like a formula ("=1+1", "+1+1", "-1+1", "@SUM(1,1)") stays text instead of being evaluated; the printed pages
# carry the 制表单位 line and the "第 x 页 共 y 页" footer; the rankings are saved under Chinese names that name their basis.
#
#   tests/libreoffice-check.sh [--samples] [output-dir]
#
# Needs dotnet, LibreOffice Calc and poppler-utils (Debian/Ubuntu: apt-get install -y libreoffice-calc-nogui
# poppler-utils): pdftotext reads the page footers back, pdftoppm makes a PNG of each PDF's first page. The workbooks
# come from ExportSamplesTests, which writes one file per layout with known content into $INVESTMENT_EXPORT_SAMPLES.
# With INVESTMENT_API_URL set (e.g. http://localhost:5000, a running API on the seed), the project-detail and
# land-issue exports of 诸暨 are downloaded from it and converted too.
# Exit status 0 when every check passes; the files stay in output-dir for a look.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v soffice >/dev/null 2>&1; then
  echo "libreoffice-check: soffice is not on PATH; install LibreOffice Calc (apt-get install -y libreoffice-calc-nogui)." >&2
  exit 2
fi

# --samples DIR: the workbooks are already there (test.sh has the test run write them), so skip writing them again.
samples_ready=0
if [ "${1:-}" = "--samples" ]; then
  samples_ready=1
  shift
fi
out=$(realpath -m "${1:-$(mktemp -d -t libreoffice-check-XXXXXX)}")
mkdir -p "$out"
if [ "$samples_ready" -eq 0 ]; then
  echo "libreoffice-check: writing the sample workbooks into $out"
  INVESTMENT_EXPORT_SAMPLES="$out" dotnet test tests/Investment.Api.Tests --configuration Release \
    --filter "FullyQualifiedName~ExportSamplesTests" --nologo --verbosity quiet
fi
if ! ls "$out"/*.xlsx >/dev/null 2>&1; then
  echo "libreoffice-check: no workbooks in $out" >&2
  exit 1
fi

if [ -n "${INVESTMENT_API_URL:-}" ]; then
  curl -fsS -o "$out/api-project-detail.xlsx" "$INVESTMENT_API_URL/api/v1/exports/project-detail?regionCode=330681&period=2023-12"
  curl -fsS -o "$out/api-land-issues.xlsx" "$INVESTMENT_API_URL/api/v1/exports/land-issues?regionCode=330681"
fi

# A throwaway profile: no clash with a desktop session or another run, and it works as root in CI.
profile=$(mktemp -d -t lo-profile-XXXXXX)
trap 'rm -rf "$profile"' EXIT
lo() { soffice "-env:UserInstallation=file://$profile" --headless --norestore "$@" >/dev/null 2>&1; }

# CSV: comma, double quote, UTF-8 (76); cells as shown, i.e. through their number formats.
lo --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1" --outdir "$out/csv" "$out"/*.xlsx
lo --convert-to pdf --outdir "$out/pdf" "$out"/*.xlsx
if command -v pdftoppm >/dev/null 2>&1; then
  for pdf in "$out"/pdf/*.pdf; do pdftoppm -png -r 80 -f 1 -l 1 "$pdf" "${pdf%.pdf}"; done
fi

python3 - "$out" <<'PY'
import csv, os, shutil, subprocess, sys

out = sys.argv[1]
failures, passed = [], 0

def rows(name):
    path = os.path.join(out, "csv", name + ".csv")
    if not os.path.exists(path):
        failures.append(f"{name}: LibreOffice did not convert it")
        return []
    with open(path, encoding="utf-8") as f:
        return list(csv.reader(f))

def check(what, actual, expected):
    global passed
    if actual == expected:
        passed += 1
    else:
        failures.append(f"{what}: expected {expected!r}, got {actual!r}")

def pdf_text(name):
    """The PDF's text with every space taken out: pdftotext spaces CJK as the glyphs fall ("第1 页共1 页")."""
    path = os.path.join(out, "pdf", name + ".pdf")
    if not os.path.exists(path):
        return ""
    try:
        text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout
        return "".join(text.split())
    except FileNotFoundError:
        failures.append(f"{name}: pdftotext is not installed (apt-get install -y poppler-utils)")
        return ""

def row(table, key, column=1):
    return next((r for r in table if len(r) > column and r[column] == key), None)

# The three rankings of a period, saved under the Chinese names the endpoint gives them: each names its basis.
ranking_names = sorted(f[:-5] for f in os.listdir(out) if f.endswith(".xlsx") and "排名" in f)
check("ranking file names carry the basis", ranking_names,
      [f"绍兴市2023年1-12月交通有效投资县（市、区）排名（按{basis}）" for basis in ("同比增长", "完成投资", "完成率")])
ranking_name = "绍兴市2023年1-12月交通有效投资县（市、区）排名（按完成投资）"
ranking = rows(ranking_name)
if ranking:
    check("ranking title", ranking[0][0], "绍兴市 2023年1-12月 交通有效投资 县（市、区）排名（按完成投资）")
    check("ranking 制表单位", ranking[1][0], "制表单位：绍兴市交通运输局　制表日期：2024年1月20日")
    check("ranking ranks", [r[0] for r in ranking[4:]], ["1", "2", "2", "4", "", ""])
    check("ranking header", ranking[3], ["排名", "县（市、区）", "年度计划", "1-12月完成", "完成率", "年度任务", "完成年度任务%", "序时进度",
                                         "进度差(百分点)", "去年同期", "同比增长", "预计全年完成"])
    # 诸暨: 136.4% of its sections' plans, 154.3% of its assessed task (39.8亿); 36.4 points ahead of time.
    check("ranking 诸暨", row(ranking, "诸暨市"),
          ["1", "诸暨市", "45.00", "61.40", "136.4%", "39.80", "154.3%", "100.0%", "36.4", "36.14", "69.9%", "61.40"])
    check("ranking 越城 plan 615000万元", row(ranking, "越城区")[2], "61.50")
    check("ranking 越城 has no task", row(ranking, "越城区")[5:7], ["", ""])
    check("ranking 柯桥 growth n/a", row(ranking, "柯桥区")[10], "")
    check("ranking 新昌 无计划, unranked", row(ranking, "新昌县"), ["", "新昌县", "无计划", "0.00", "", "", "", "", "", "0.00", "", ""])
    check("ranking total row last", ranking[-1],
          ["", "全市合计", "196.50", "131.40", "66.9%", "180.00", "73.0%", "100.0%", "-33.1", "65.14", "101.7%", "131.40"])
    # The footer is in the printed page, not in the cells: read it from the PDF's text.
    check("ranking PDF footer", "第1页共1页" in pdf_text(ranking_name), True)
    check("ranking PDF 制表单位", "制表单位：绍兴市交通运输局" in pdf_text(ranking_name), True)

detail = rows("project-detail")
if detail:
    check("detail issuer", detail[1][0], "制表单位：诸暨市交通运输局　制表日期：2024年1月20日")
    check("detail header", detail[3][5:13], ["年度计划(万元)", "本月完成(万元)", "1-12月累计(万元)", "完成率", "序时进度", "进度差(百分点)",
                                             "同比增长", "形象进度(%)"])
    # 229,000 of 210,000 against a linear December (100%): 9.0 points ahead; 同比 on 200,000: +14.5%.
    check("detail 柯诸", row(detail, "ZJ-KEZHU")[5:13],
          ["210,000.00", "32,060.00", "229,000.00", "109.0%", "100.0%", "9.0", "14.5%", "68.80"])
    check("detail G235 lags 15 points", row(detail, "ZJ-G235")[8:12], ["85.0%", "100.0%", "-15.0", "-2.9%"])
    check("detail rural lags 7 points, no 同比", row(detail, "ZJ-RURAL")[8:12], ["93.0%", "100.0%", "-7.0", ""])
    injection = row(detail, "ZJ-INJ-1")
    check("'=1+1' stays text", injection[2], "=1+1")
    check("'+1+1' stays text", injection[4], "+1+1")
    check("'-1+1' stays text", injection[13], "-1+1")
    check("'@SUM(1,1)' stays text", injection[14], "@SUM(1,1)")
    check("'=HYPERLINK(..)' stays text", row(detail, "ZJ-INJ-2")[2], '=HYPERLINK("http://example.invalid","x")')
    check("tab then '=1+1' stays text", row(detail, "ZJ-INJ-2")[13].strip(), "=1+1")

land = rows("land-issues")
if land:
    check("land issuer", land[1][0], "制表单位：诸暨市交通运输局　制表日期：2024年1月20日")
    check("land summary labels", land[3][:5], ["排查", "已解决", "未解决", "逾期", "解决率"])
    check("land summary counts", land[4][:5], ["387", "364", "23", "22", "94.1%"])
    # A county's list: no 区县 column; the section named as its project is not repeated.
    check("land header", land[6], ["项目", "标段", "镇街", "类型", "问题描述", "发现日期", "要求解决日期", "解决日期", "状态", "责任单位"])
    check("land dates", row(land, "姚江镇", 2)[5:8], ["2023-01-03", "2023-02-17", "2023-02-15"])
    check("land section equal to the project left empty", row(land, "姚江镇", 2)[1], "")
    check("land kind and status", [row(land, "店口镇", 2)[i] for i in (3, 8)], ["电力塔基", "逾期未解决"])

modes = rows("mode-breakdown")
if modes:
    check("modes 制表单位", modes[1][0], "制表单位：温岭市交通运输局　制表日期：2024年1月20日")
    check("modes header", modes[3], ["方式类别", "方式", "年度计划", "1-12月完成", "完成率", "去年同期", "同比增长", "占比"])
    check("modes total", modes[4], ["合计", "", "45.00", "43.68", "97.1%", "40.00", "9.2%", "100.0%"])
    check("modes rail", next(r for r in modes if r[0] == "铁路" and r[1] == "小计")[2:8], ["8.50", "8.38", "98.6%", "7.50", "11.7%", "19.2%"])
    check("mode-breakdown PDF footer", "第1页共1页" in pdf_text("mode-breakdown"), True)

quality = rows("data-quality")
if quality:
    check("quality issuer", quality[1][0], "制表单位：温岭市交通运输局　制表日期：2024年1月20日")
    check("quality kinds", [r[0] for r in quality[4:]], ["分项之和与合计不符", "形象进度倒退", "缺报月份"])
    check("quality Chinese finding", quality[4][4].startswith("行政区331081、口径comprehensive：各方式大类合计为计划450000万元"), True)
    check("quality '=...' stays text", quality[5][4], "=项目WL-S1的标段7（行政区331081）：已审核的形象进度由2023年11月的35%降至2023年12月的30%。")
    check("quality finding recorded in English only prints Chinese", quality[6][4], "缺报月份。本期汇总早于中文说明，重新汇总本期后显示详细说明。")

missing = rows("missing-reports")
if missing:
    check("missing 制表单位", missing[1][0], "制表单位：诸暨市交通运输局　制表日期：2024年1月20日")
    check("missing header", missing[3], ["区县", "项目编码", "项目", "标段", "状态", "最后修改", "指挥部联系人邮箱"])
    check("missing first row", missing[4][:5], ["诸暨市", "ZJ-KEZHU", "柯诸高速公路诸暨段", "柯诸高速公路诸暨段", "未填报"])
    check("missing e-mails stay text", missing[4][6], "hq.kezhu@zhuji.gov.cn；=cmd|' /C calc'!A0")
    check("missing date in the bureau's day", missing[5][4:6], ["已提交待审核", "2024-01-05"])
    check("missing-reports PDF footer", "第1页共1页" in pdf_text("missing-reports"), True)

for name in ("api-project-detail", "api-land-issues"):
    if os.path.exists(os.path.join(out, name + ".xlsx")):
        table = rows(name)
        check(f"{name} converts with data rows", len(table) > 3, True)

for name in (ranking_name, "project-detail", "land-issues", "mode-breakdown", "data-quality", "missing-reports"):
    check(f"{name}.pdf", os.path.exists(os.path.join(out, "pdf", name + ".pdf")), True)

def pdf_pages(name):
    """The text of each page of a sheet's PDF (pdftotext, poppler-utils), or None without it."""
    path = os.path.join(out, "pdf", name + ".pdf")
    if not os.path.exists(path) or shutil.which("pdftotext") is None:
        return None
    text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout
    return [p for p in text.split("\f") if p.strip()]

pages = pdf_pages("project-detail")
if pages is not None:
    # Printed at full size across pages rather than shrunk to one: the narratives go to a page of their own, header repeated.
    check("detail prints on several pages", len(pages) >= 2, True)
    check("detail figures on the first page", all(h in pages[0] for h in ("序时进度", "同比增长", "柯诸高速公路诸暨段")), True)
    check("detail header repeated on the narrative page", any("进展情况" in p and "存在问题" in p for p in pages[1:]), True)
pages = pdf_pages("land-issues")
if pages is not None:
    check("land PDF shows the summary block", all(w in pages[0] for w in ("排查", "已解决", "解决率", "94.1%")), True)
pages = pdf_pages("data-quality")
if pages is not None:
    check("quality PDF wraps the Chinese text", "行政区331081" in pages[0] and "各方式大类" in "".join(pages), True)

for failure in failures:
    print("libreoffice-check: FAILED", failure)
print(f"libreoffice-check: {passed} passed, {len(failures)} failed (files in {out})")
sys.exit(1 if failures else 0)
PY
