#!/usr/bin/env bash
# Installs what is missing, builds the server and runs it on stdio. With no DATABASE_URL or --connection it
# serves the embedded sandbox (a private local PostgreSQL with a sample database). Arguments pass through,
# e.g. scripts/run.sh --transport http.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

bash "$root/scripts/setup.sh" >&2
dotnet build "$root/src/McpDbEngineer" -c Release --nologo -v quiet >&2
exec dotnet "$root/src/McpDbEngineer/bin/Release/net10.0/mcp-db-engineer.dll" "$@"
