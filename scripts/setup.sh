#!/usr/bin/env bash
# Set up LandCarbon on Debian 12 / Ubuntu 22.04+: system packages (QGIS,
# GDAL, numpy, scipy, scikit-learn, matplotlib), a virtual environment for
# the tests (.venv, sharing the system's QGIS bindings), and the plugin
# installed into the QGIS profile and enabled for qgis_process.
#   bash scripts/setup.sh            everything
#   bash scripts/setup.sh --no-plugin   packages and .venv only (CI)
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES="qgis python3-qgis qgis-providers python3-gdal gdal-bin python3-numpy python3-scipy
python3-sklearn python3-matplotlib python3-venv python3-pip pyqt5-dev-tools qttools5-dev-tools"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "== Installing system packages:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# The QGIS bindings belong to Debian's /usr/bin/python3; never mix another
# interpreter in. --system-site-packages lets the venv see QGIS, GDAL, numpy 1.x.
if [ ! -x .venv/bin/python ]; then
  echo "== Creating .venv (system site packages: QGIS, GDAL, numpy, scikit-learn)"
  /usr/bin/python3 -m venv --system-site-packages .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-test.txt

if [ "${1:-}" != "--no-plugin" ]; then
  bash scripts/install_plugin.sh
fi
