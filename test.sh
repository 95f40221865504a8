#!/usr/bin/env bash
# Runs the whole test suite — domain unit tests, API tests on a real PostgreSQL the fixture starts itself, browser tests
# of the web app in headless Chromium (Debian's chromium; screenshots in test-output/screenshots/), the web app's own
# unit tests (Vitest), and (when LibreOffice is installed; .ci/run installs it) the check that the Excel exports open in
# LibreOffice with the expected values and formats — and ends with one plain "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")"
log=$(mktemp)
samples=$(mktemp -d -t export-samples-XXXXXX)
trap 'rm -rf "$log" "$samples"' EXIT
rm -rf test-output/screenshots
INVESTMENT_EXPORT_SAMPLES="$samples" dotnet test Investment.sln --configuration Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep -oE '(Passed|Failed)!.*' "$log" | grep -oE 'Passed: +[0-9]+' | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE '(Passed|Failed)!.*' "$log" | grep -oE 'Failed: +[0-9]+' | awk '{s+=$2} END {print s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the build or the runner failed before any test could report
fi

if [ "$#" -eq 0 ]; then
  # The web app's unit tests (number formats). dotnet test has already run npm ci through the API's build.
  (cd web && npx vitest run --reporter=default 2>&1) | sed 's/\x1b\[[0-9;]*m//g' | tee "$log"
  vt_status=${PIPESTATUS[0]}
  vt_passed=$(grep -E '^ +Tests ' "$log" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)
  vt_failed=$(grep -E '^ +Tests ' "$log" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || echo 0)
  if [ "$vt_status" -ne 0 ] && [ "${vt_failed:-0}" -eq 0 ]; then vt_failed=1; fi
  passed=$((passed + ${vt_passed:-0}))
  failed=$((failed + ${vt_failed:-0}))
  [ "$vt_status" -eq 0 ] || status=$vt_status
fi

if [ "$status" -eq 0 ] && [ "$#" -eq 0 ]; then
  if command -v soffice >/dev/null 2>&1; then
    tests/libreoffice-check.sh --samples "$samples" 2>&1 | tee "$log"
    lo_status=${PIPESTATUS[0]}
    lo_passed=$(grep -oE 'libreoffice-check: [0-9]+ passed' "$log" | grep -oE '[0-9]+' || echo 0)
    lo_failed=$(grep -oE '[0-9]+ failed \(files' "$log" | grep -oE '^[0-9]+' || echo 0)
    if [ "$lo_status" -ne 0 ] && [ "${lo_failed:-0}" -eq 0 ]; then lo_failed=1; fi
    passed=$((passed + ${lo_passed:-0}))
    failed=$((failed + ${lo_failed:-0}))
    [ "$lo_status" -eq 0 ] || status=$lo_status
  else
    echo "LibreOffice (soffice) is not installed: the LibreOffice check of the Excel exports was skipped" \
      "(apt-get install -y libreoffice-calc-nogui; .ci/run installs it)."
  fi
fi
if [ -d test-output/screenshots ]; then
  echo "Screenshots of the web app (look at them): $(pwd)/test-output/screenshots/"
  ls -1 test-output/screenshots | sed 's/^/  /'
fi
[ -f test-output/dashboard-javascript.txt ] && cat test-output/dashboard-javascript.txt
echo "$passed passed, $failed failed"
exit "$status"
