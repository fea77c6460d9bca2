#!/usr/bin/env bash
# A newcomer's first command: set everything up, then run the main job on the
# bundled sample data and say where the results are.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/run_sample.sh "$@"
