#!/usr/bin/env bash
# Install this checkout as the QGIS plugin "landcarbon" for the current user
# (a symbolic link in the profile's python/plugins folder, so that a
# "git pull" updates it) and enable it for qgis_process.
# QGIS_CUSTOM_CONFIG_PATH selects another profile root, as in QGIS itself.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="${QGIS_CUSTOM_CONFIG_PATH:-$HOME/.local/share/QGIS/QGIS3}"
plugins="$root/profiles/default/python/plugins"
mkdir -p "$plugins"
target="$plugins/landcarbon"
if [ -e "$target" ] && [ ! -L "$target" ]; then
  echo "$target exists and is not a link to a checkout; move it away first." >&2
  exit 1
fi
ln -sfn "$here" "$target"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
  export XDG_RUNTIME_DIR="$(mktemp -d)"
fi
# Debian's /usr/bin/qgis_process wrapper passes --noversioncheck, which this
# qgis_process rejects (QGIS issue 57683): call qgis_process.bin directly.
# A second install finds it enabled already, which qgis_process reports as an error.
if ! out="$(PYTHONWARNINGS=ignore::DeprecationWarning qgis_process.bin plugins enable landcarbon 2>&1)"; then
  case "$out" in
    *"already enabled"*) ;;
    *) echo "$out" >&2; echo "Could not enable the plugin landcarbon for qgis_process." >&2
       exit 1 ;;
  esac
fi
echo "== LandCarbon installed: $target -> $here (enabled for qgis_process)"
