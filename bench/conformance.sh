#!/usr/bin/env bash
# Runs the server scenarios of the official MCP conformance suite (npm @modelcontextprotocol/conformance) that
# apply to this server against the published binary over Streamable HTTP (the suite drives servers by URL only).
# The scenarios exercise the protocol, not the tools, so no database is needed: DATABASE_URL when set, else an
# unreachable placeholder (rather than starting the embedded sandbox). Needs npm: the suite needs Node.js 22 or later, which npx fetches from
# the npm registry (package node@22) when the system's node is older. Results land in bench/results/conformance/.
# Usage: bench/conformance.sh [scenario…]   (default: the scenarios listed below)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
suite="@modelcontextprotocol/conformance@0.1.16"

bash "$root/scripts/setup.sh" >&2
bash "$root/scripts/publish.sh"

# Scenarios of the suite that test what every server must do; the rest expect the suite's own "everything"
# server (tools named test_*, resources, subscriptions) and say nothing about this one.
scenarios=("$@")
if [ "${#scenarios[@]}" -eq 0 ]; then
  scenarios=(server-initialize ping logging-set-level tools-list prompts-list dns-rebinding-protection)
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:${port}/mcp"
database="${DATABASE_URL:-postgres://nobody@127.0.0.1:1/none}"
"$root/artifacts/aot/mcp-db-engineer" serve --connection "$database" --transport http --urls "http://127.0.0.1:${port}" 2>"$root/bench/results/conformance-server.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null && break
  sleep 0.1
done

mkdir -p "$root/bench/results/conformance"
cd "$root/bench/results/conformance"
status=0
for scenario in "${scenarios[@]}"; do
  echo "conformance: ${scenario}" >&2
  npx -y -p node@22 -p "$suite" -c "conformance server --url '$url' --scenario '$scenario'" || status=1
done
exit "$status"
