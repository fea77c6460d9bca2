#!/usr/bin/env bash
# Run LandCarbon headless on the bundled sample data (Plum Island, 1985-1999)
# and print where the results are. Needs scripts/setup.sh first.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
data="$here/resources/sample_data/plum_island"
out="${1:-$here/landcarbon_output}"
mkdir -p "$out"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then export XDG_RUNTIME_DIR="$(mktemp -d)"; fi

qgis_process.bin run landcarbon:landusechange -- \
  INPUTS="$data/lu_pie_1985.tif" INPUTS="$data/lu_pie_1991.tif" INPUTS="$data/lu_pie_1999.tif" \
  YEARS=1985,1991,1999 CLASSES="$data/classes.csv" \
  OUTPUT_AREAS="$out/landuse_areas.csv" OUTPUT_TRANSITIONS="$out/landuse_transitions.csv" \
  OUTPUT_CHANGE="$out/landuse_change_1985_1999.tif"

echo
echo "== Results of the sample run are in $out:"
ls -1 "$out"
