#!/usr/bin/env bash
# Where the Native AOT binary's start-up goes: `perf record` over RUNS starts (default 30), each from spawn to
# `initialize` answered (stdin then closes, so the server exits), and the top cost centres by shared object and symbol.
# Needs perf (Debian: linux-perf; not needed by CI). The connection is unreachable on purpose: no database work, the
# same start every time. Usage: bash bench/perf-startup.sh [RUNS] [taskset CPU list, e.g. 0]
# No pipefail: `head` closing a report early is not a failure.
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-30}"
pin=()
if [ -n "${2:-}" ]; then pin=(taskset -c "$2"); fi
command -v perf >/dev/null || { echo "perf-startup: perf is missing (apt-get install linux-perf)" >&2; exit 1; }
bash "$root/scripts/publish.sh"
binary="$root/artifacts/aot/mcp-db-engineer"
data="$(mktemp -d)/startup.perf"
initialize='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"perf","version":"1"}}}'
perf record -q -F 20000 -g -o "$data" -- "${pin[@]}" bash -c '
  for _ in $(seq "$1"); do
    printf "%s\n" "$2" | DATABASE_URL= "$3" serve --connection "Host=127.0.0.1;Port=1;Timeout=1" > /dev/null 2>&1
  done' _ "$runs" "$initialize" "$binary"
echo "## by shared object (samples of the server's process only)"
perf report -i "$data" --comm mcp-db-engineer --no-children --sort dso --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -8
echo "## by symbol (self)"
perf report -i "$data" --comm mcp-db-engineer --no-children --sort dso,sym --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -25
echo "## by caller (with children): the server's own code and its libraries"
perf report -i "$data" --comm mcp-db-engineer --children --sort sym --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' \
  | grep -E 'mcp_db_engineer_|ModelContextProtocol|Microsoft_Extensions|Npgsql|System_Text_Json|TypeLoader' | head -30
echo "## page faults per start"
perf stat -e page-faults,task-clock -r "$runs" -- "${pin[@]}" bash -c 'printf "%s\n" "$1" | DATABASE_URL= "$2" serve --connection "Host=127.0.0.1;Port=1;Timeout=1" > /dev/null 2>&1' _ "$initialize" "$binary" 2>&1 | grep -E 'page-faults|task-clock|elapsed'
rm -rf "$(dirname "$data")"
