"""Benchmark of landcarbon:landusechange on a synthetic pair of land-use maps.

    .venv/bin/python benchmarks/bench_landusechange.py            # 10^8 cells (10000 x 10000)
    .venv/bin/python benchmarks/bench_landusechange.py --size 3000

Prints seconds, cells/s and peak RSS of the core call (scan, transition
matrices, tables, change map). Goal (issue 3): >= 20 M cells/s, peak RSS < 1 GB.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

from common import Timer, load_landcarbon, peak_rss_mb, synthetic_landuse


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10000, help="rows = columns")
    parser.add_argument("--folder", default=None, help="work folder (default: a temp folder)")
    parser.add_argument("--no-change-map", action="store_true")
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    load_landcarbon()
    from landcarbon.core.common import landmap as landuse
    from landcarbon.core.common.progress import Progress

    folder = args.folder or tempfile.mkdtemp(prefix="lc_bench_luc_")
    os.makedirs(folder, exist_ok=True)
    try:
        a, b = os.path.join(folder, "lu_a.tif"), os.path.join(folder, "lu_b.tif")
        if args.generate_only:
            synthetic_landuse(a, args.size, seed=1)
            synthetic_landuse(b, args.size, seed=2, base=a)
            return
        # generate in a child process, so that the peak RSS printed below is the run's
        t = Timer()
        subprocess.run([sys.executable, __file__, "--generate-only", "--size", str(args.size),
                        "--folder", folder], check=True)
        print("generated 2 x %d x %d cells in %.1f s" % (args.size, args.size, t.seconds()))
        rss_before = peak_rss_mb()
        t = Timer()
        landuse.run_landuse_change(
            [a, b], [2000, 2020], output_areas=os.path.join(folder, "areas.csv"),
            output_transitions=os.path.join(folder, "tr.csv"),
            output_change=None if args.no_change_map else os.path.join(folder, "change.tif"),
            progress=Progress())
        seconds = t.seconds()
        cells = args.size * args.size
        print("landusechange: %d cells (per map), %.2f s, %.1f M cells/s, peak RSS %.0f MB "
              "(%.0f MB before the run)" % (cells, seconds, cells / seconds / 1e6, peak_rss_mb(),
                                            rss_before))
    finally:
        if not args.folder:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
