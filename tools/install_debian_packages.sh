#!/usr/bin/env bash
# Installs the Debian 12 packages prokus-map needs to build, test and run, only those missing.
# Quick when everything is present (one dpkg-query per package, no apt-get at all).
# Used by ./run.sh and ./test.sh (with --tests); run it alone to prepare a machine.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libgdal-dev gdal-bin libgeos-dev
  libglfw3-dev libimgui-dev libstb-dev libepoxy-dev libegl-dev libgl-dev libegl-mesa0 libgl1-mesa-dri
  nlohmann-json3-dev libcli11-dev doctest-dev libglpk-dev
  fonts-dejavu-core
  xvfb xauth x11-apps imagemagick
  strace
)
# --tests: also what only the tests need (a real PostgreSQL + PostGIS server for the database tests;
# the program itself needs no database).
if [[ "${1:-}" == "--tests" ]]; then
  PACKAGES+=(postgresql-15-postgis-3 postgresql-client-15)
fi

missing=()
for package in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "installed" ]] || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install_debian_packages: apt-get not found; install by hand: ${missing[*]}" >&2
  exit 1
fi
as_root=()
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install_debian_packages: not root and no sudo; as root run: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  as_root=(sudo)
fi
echo "Installing missing Debian packages: ${missing[*]}"
"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
