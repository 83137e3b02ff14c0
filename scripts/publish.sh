#!/usr/bin/env bash
# Publishes the server as one Native AOT executable: artifacts/aot/mcp-db-engineer (starts in a few
# milliseconds, no .NET runtime needed to run it). Returns at once when the binary is newer than every source.
# Needs a C toolchain for the native link (gcc or clang, libc6-dev), which scripts/setup.sh installs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/artifacts/aot"
binary="$out/mcp-db-engineer"

inputs=("$root/src/McpDbEngineer" "$root/prompts" "$root/Directory.Build.props" "$root/Directory.Packages.props")
# bin/ and obj/ are pruned as folders: a build touching them (or the folders themselves) is not a change of source.
if [ -x "$binary" ] && [ -z "$(find "${inputs[@]}" \( -name bin -o -name obj \) -prune -o -newer "$binary" -print -quit)" ]; then
  exit 0
fi

echo "publish: building the Native AOT binary (about a minute the first time)" >&2
case "$(uname -m)" in
  aarch64|arm64) rid=linux-arm64 ;;
  *) rid=linux-x64 ;;
esac
dotnet publish "$root/src/McpDbEngineer" -c Release -r "$rid" -p:PublishAot=true -o "$out" --nologo -v quiet >&2
# The publish keeps the old file's time when nothing changed inside it; the stamp says "checked against these sources".
touch "$binary"
