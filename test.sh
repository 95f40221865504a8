#!/usr/bin/env bash
# Runs the whole test suite (domain unit tests and API tests on a real PostgreSQL the fixture starts itself)
# and ends with one plain "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test Investment.sln --configuration Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep -oE '(Passed|Failed)!.*' "$log" | grep -oE 'Passed: +[0-9]+' | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE '(Passed|Failed)!.*' "$log" | grep -oE 'Failed: +[0-9]+' | awk '{s+=$2} END {print s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the build or the runner failed before any test could report
fi
echo "$passed passed, $failed failed"
exit "$status"
