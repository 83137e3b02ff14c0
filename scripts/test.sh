#!/usr/bin/env bash
# Installs what is missing (scripts/setup.sh), then builds and runs every test against a real PostgreSQL
# cluster that the test run starts and stops by itself: once against the build beside the tests, and once more
# with the published Native AOT binary as the server under test (the program users run).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test McpDbEngineer.sln -c Release --nologo 2>&1 | tee "$log" || status=$?

bash scripts/publish.sh </dev/null
echo "tests: again with the Native AOT binary as the server" >&2
MCPDB_TEST_SERVER="$PWD/artifacts/aot/mcp-db-engineer" \
  dotnet test tests/McpDbEngineer.Tests -c Release --nologo --no-build 2>&1 | tee -a "$log" || status=$?

# One plain closing line that any CI reader understands, over both runs.
totals=$(grep -E "(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+" "$log" \
  | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\1 \2 \3/' \
  | awk '{ f += $1; p += $2; s += $3 } END { if (NR > 0) print p " passed, " f " failed, " s " skipped" }')
if [ -n "$totals" ]; then
  echo "$totals"
fi
exit "$status"
