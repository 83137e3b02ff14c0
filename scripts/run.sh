#!/usr/bin/env bash
# Installs what is missing, publishes the server (Native AOT, skipped when up to date) and runs it on stdio.
# With no DATABASE_URL or --connection it serves the embedded sandbox (a private local PostgreSQL with a
# sample database). Arguments pass through, e.g. scripts/run.sh --transport http.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

# Setup and publish get no stdin: it belongs to the server's client.
bash "$root/scripts/setup.sh" >&2 </dev/null
bash "$root/scripts/publish.sh" >&2 </dev/null
exec "$root/artifacts/aot/mcp-db-engineer" "$@"
