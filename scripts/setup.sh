#!/usr/bin/env bash
# Idempotent set-up on Debian 12 as root: Debian packages (QGIS 3.22 …) and the .venv.
# Safe to run again: installs only what is missing and rebuilds .venv only when pins change.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(qgis python3-qgis qgis-providers python3-pandas python3-openpyxl python3-shapely
          python3-pytest python3-venv python3-pip fonts-noto-cjk fonts-wqy-microhei poppler-utils
          pyqt5-dev-tools qttools5-dev-tools)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then echo "setup: need root for apt-get" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

want=$(cat requirements-dev.txt constraints.txt | sha256sum | cut -d' ' -f1)
have=$(cat .venv/.pins 2>/dev/null || true)
if [ ! -x .venv/bin/python ] || [ "$want" != "$have" ]; then
  echo "setup: creating .venv (system site packages + pinned test tools)"
  rm -rf .venv
  /usr/bin/python3 -m venv --system-site-packages .venv
  .venv/bin/pip install -q --disable-pip-version-check -c constraints.txt -r requirements-dev.txt
  echo "$want" > .venv/.pins
fi
