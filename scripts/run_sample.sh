#!/usr/bin/env bash
# Run the whole LandCarbon study headless on the bundled sample data (Plum
# Island, land use 1985/1991/1999 -> 2007 and 2015, three scenarios, three
# climate pathways) and print where the report is. Needs scripts/setup.sh first.
#   bash scripts/run_sample.sh [OUTPUT_FOLDER]     (default: ./landcarbon_output)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
data="$here/resources/sample_data/plum_island"
out="${1:-$here/landcarbon_output}"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then export XDG_RUNTIME_DIR="$(mktemp -d)"; fi
log="$(mktemp)"

# Debian's /usr/bin/qgis_process wrapper is broken on QGIS 3.22: use qgis_process.bin.
if ! qgis_process.bin run landcarbon:scenarios -- \
  INPUTS="$data/lu_pie_1985.tif" INPUTS="$data/lu_pie_1991.tif" INPUTS="$data/lu_pie_1999.tif" \
  YEARS=1985,1991,1999 \
  DRIVERS="$data/elevation.tif" DRIVERS="$data/slope.tif" DRIVERS="$data/distance_to_built_1985.tif" \
  TARGET_YEARS=2007,2015 \
  SCENARIOS=0 SCENARIO_TABLES="$data/scenarios/URBAN.csv" SCENARIO_TABLES="$data/scenarios/CONSERVATION.csv" \
  CLASSES="$data/classes.csv" POOLS="$here/resources/carbon/pools_plum_island.csv" \
  PATHWAYS="$data/pathways.csv" P_REF=1180 T_REF=9.6 \
  PRICES=100,449.4 PRICE_UNIT=0 DISCOUNT_RATE=7 PRICE_CHANGE=0 SEED=1 \
  OUTPUT_FOLDER="$out" > "$log" 2>&1; then
  tail -n 30 "$log"
  echo "The sample run failed; the whole log is in $log" >&2
  exit 1
fi
report="$(sed -n 's/^OUTPUT_REPORT:\t//p' "$log" | tail -n 1)"
summary="$(sed -n 's/^OUTPUT_SUMMARY:\t//p' "$log" | tail -n 1)"
rm -f "$log"
echo "== LandCarbon sample study finished."
echo "   report:  $report"
echo "   summary: $summary"
echo "   every map and table: $(dirname "$report")"
