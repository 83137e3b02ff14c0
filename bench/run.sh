#!/usr/bin/env bash
# Benchmarks the published server through a real MCP client over stdio against a throwaway local PostgreSQL
# (the sample shop plus 5,000 tables) and writes bench/results/latest.md. Takes a few minutes.
# Arguments pass through to the benchmark, e.g. --calls 1000 --cold-runs 30; --rehearsal-only true measures only
# rehearse_migration on the sample shop (about a minute; printed, latest.md left as it is).
# --memory-only true measures only decision memory (recall@1/@5 of bench/memory/questions.tsv, search latency) into
# bench/results/memory.md.
# --indexes-only true measures only recommend_indexes on the 22-query workload of bench/indexes (advice time, cost cut,
# the workload's time before and after building the advice) into bench/results/indexes.md.
# --vector-only true measures only recommend_vector_index with measure on 100,000 synthetic clustered vectors into
# bench/results/vector.md.
# BENCH_PEERS=1 also measures @modelcontextprotocol/server-postgres and @bytebase/dbhub (installed from npm).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

bash "$root/scripts/setup.sh" >&2
bash "$root/scripts/publish.sh"
dotnet build "$root/bench/McpDbEngineer.Bench" -c Release --nologo -v quiet >&2

peers=()
if [ "${BENCH_PEERS:-0}" = "1" ]; then
  peer_dir="$root/bench/.peers"
  if [ ! -d "$peer_dir/node_modules/@bytebase/dbhub" ] || [ ! -d "$peer_dir/node_modules/@modelcontextprotocol/server-postgres" ]; then
    npm install --silent --prefix "$peer_dir" @modelcontextprotocol/server-postgres @bytebase/dbhub >&2
  fi
  peers+=(--peer "server-postgres (npm)=node $peer_dir/node_modules/@modelcontextprotocol/server-postgres/dist/index.js {url}")
  peers+=(--peer "DBHub (npm)=node $peer_dir/node_modules/@bytebase/dbhub/dist/index.js --transport stdio --dsn {url}?sslmode=disable")
fi

exec dotnet "$root/bench/McpDbEngineer.Bench/bin/Release/net10.0/McpDbEngineer.Bench.dll" \
  --server "$root/artifacts/aot/mcp-db-engineer" \
  --jit "$root/src/McpDbEngineer/bin/Release/net10.0/mcp-db-engineer.dll" \
  --out "$root/bench/results/latest.md" \
  --memory-data "$root/bench/memory" \
  --indexes-data "$root/bench/indexes" \
  "${peers[@]}" "$@"
