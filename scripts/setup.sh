#!/usr/bin/env bash
# Installs what McpDbEngineer needs on Debian 12 (run as root, or with sudo available):
# PostgreSQL 15 server + contrib, server headers, hypopg, libpg_query, pgvector built from Debian's own
# source package (pgvector is not packaged for bookworm), and the C toolchain (gcc, libc6-dev) that both
# the pgvector build and the Native AOT link of scripts/publish.sh need.
# Idempotent: when everything is present it only checks and returns in well under a second.
set -euo pipefail

PG_MAJOR=15
PG_CONFIG="/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

packages=(
  "postgresql-${PG_MAJOR}" "postgresql-contrib" "postgresql-server-dev-${PG_MAJOR}"
  "postgresql-${PG_MAJOR}-hypopg" "libpg-query1504.0" "libpg-query-dev"
  "dpkg-dev" "make" "gcc" "libc6-dev"
)
missing=()
for p in "${packages[@]}"; do have_pkg "$p" || missing+=("$p"); done

pgvector_installed() {
  [ -x "$PG_CONFIG" ] && [ -f "$("$PG_CONFIG" --sharedir)/extension/vector.control" ]
}

apt_updated=0
apt_update() {
  if [ "$apt_updated" -eq 0 ]; then
    # Third-party sources on some images are unreachable; Debian's own are what we need.
    $SUDO apt-get update -qq || true
    apt_updated=1
  fi
}

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  apt_update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if ! pgvector_installed; then
  echo "setup: building pgvector from Debian's source package (trixie) against PostgreSQL ${PG_MAJOR}" >&2
  src_list=/etc/apt/sources.list.d/mcp-db-engineer-trixie-src.sources
  if [ ! -f "$src_list" ]; then
    $SUDO tee "$src_list" >/dev/null <<'SOURCES'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    apt_updated=0
  fi
  apt_update
  build_dir=$(mktemp -d)
  (
    cd "$build_dir"
    apt-get source -qq pgvector >&2
    cd pgvector-*/
    make -s PG_CONFIG="$PG_CONFIG" >&2
    $SUDO make -s install PG_CONFIG="$PG_CONFIG" >&2
  )
  rm -rf "$build_dir"
fi

pgvector_installed || { echo "setup: pgvector did not install" >&2; exit 1; }
ldconfig -p 2>/dev/null | grep -q libpg_query || { echo "setup: libpg_query is missing" >&2; exit 1; }
