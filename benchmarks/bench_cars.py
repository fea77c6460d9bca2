"""Benchmark of CARS (landcarbon:cars core) on a synthetic Wuhan-sized case.

    .venv/bin/python benchmarks/bench_cars.py               # 2931 x 2931, 1.3 M to convert
    .venv/bin/python benchmarks/bench_cars.py --size 10000  # the 10^8-cell case, run to the end
    .venv/bin/python benchmarks/bench_cars.py --folder /tmp/me/cars --keep

Measured on the shared 2-core machine, idle: Wuhan-sized case 17.7 s, 14
iterations, peak RSS 0.65 GB (0.2.0: 18.9 s, 23 iterations; docs/cars.md,
"Memory"). Earlier (0.1, other developers' jobs running): 10^8 cells (15.1 M to
convert, 99.5 M cells that may change, probabilities on disk) 546 s, 50
iterations, peak RSS 1.8 GB.

The land-use map has patchy classes (smooth periodic fields, nodata in one
corner); the probabilities have spatial structure (each class likes one
smooth field, built-up is likelier near existing built-up areas), written
as a band-interleaved Float32 stack with '<code> <name>' band descriptions,
as landcarbon:leas writes it. The demand moves 1.3 M cells on the
Wuhan-sized map (the same share of a larger map) from four shrinking
classes to three growing ones.

Prints the seconds of the core call (input checks, simulation, writing the
map and the log), the iterations, cells/s and the peak RSS. Goal (issue 6):
under 120 s and 2 GB for the Wuhan-sized case on a 2-core machine.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from common import Timer, load_landcarbon, peak_rss_mb, utm_wkt
from osgeo import gdal

gdal.UseExceptions()

CLASSES = 7
NAMES = ["cropland", "forest", "grassland", "water", "built-up", "unused", "wetland"]
CONVERT_CELLS_WUHAN = 1.3e6                  # cells to convert on the 2931 x 2931 map


def _fields(x, y, size):
    """Smooth fields in [0, 1] of shape (K, rows, cols); scale follows the map size."""
    s = size / 2931.0
    out = np.empty((CLASSES,) + np.broadcast(x, y).shape, dtype=np.float32)
    for k in range(CLASSES):
        a, b, c = (97.0 + 13 * k) * s, (131.0 - 7 * k) * s, (53.0 + 5 * k) * s
        f = np.sin(x / a + k) + np.cos(y / b + 2 * k) + np.sin((x + y) / c + 3 * k)
        out[k] = (f + 3.0) / 6.0
    return out


def write_inputs(folder, size, rows_per_strip=256):
    load_landcarbon()
    from landcarbon.core.common import raster
    grid = raster.Grid(size, size, (500000.0, 30.0, 0, 4000000.0, 0, -30.0), utm_wkt())
    lu_ds = raster.create_raster(os.path.join(folder, "lu.tif"), grid, np.uint8, nodata=255)
    p_ds = raster.create_band_stack(os.path.join(folder, "prob.tif"), grid,
                                    ["%d %s" % (k + 1, NAMES[k]) for k in range(CLASSES)])
    rng = np.random.default_rng(7)
    x = np.arange(size, dtype=np.float32)[None, :]
    counts = np.zeros(CLASSES + 1, dtype=np.int64)
    for y0 in range(0, size, rows_per_strip):
        n = min(rows_per_strip, size - y0)
        y = np.arange(y0, y0 + n, dtype=np.float32)[:, None]
        f = _fields(x, y, size)
        lu = (f + 0.15 * rng.random(f.shape, dtype=np.float32)).argmax(axis=0).astype(np.uint8) + 1
        lu[(x + y) < size * 0.1 + np.zeros_like(y)] = 255      # nodata corner
        counts += np.bincount(np.where(lu == 255, 0, lu).ravel(), minlength=CLASSES + 1)
        raster.write_strip(lu_ds, y0, lu)
        noise = rng.random(f.shape, dtype=np.float32)
        for k in range(CLASSES):
            p = np.clip(0.85 * f[k] ** 2 + 0.15 * noise[k], 0, 1).astype(np.float32)
            p[lu == 255] = raster.FLOAT32_NODATA
            raster.write_strip(p_ds, y0, p, band=k + 1)
    lu_ds = p_ds = None
    counts = counts[1:]
    convert = int(CONVERT_CELLS_WUHAN * (size / 2931.0) ** 2)
    # four classes give cells, three take them (shares of the conversion)
    give = {1: 0.45, 2: 0.25, 3: 0.2, 6: 0.1}
    take = {5: 0.6, 7: 0.25, 4: 0.15}
    demand = {c + 1: int(counts[c]) for c in range(CLASSES)}
    moved = 0
    for c, share in give.items():
        m = min(int(convert * share), demand[c] // 2)
        demand[c] -= m
        moved += m
    left = moved
    for i, (c, share) in enumerate(take.items()):
        m = left if i == len(take) - 1 else int(moved * share)
        demand[c] += m
        left -= m
    with open(os.path.join(folder, "demand.csv"), "w") as fh:
        fh.write("year,code,cells\n")
        for c in sorted(demand):
            fh.write("2030,%d,%d\n" % (c, demand[c]))
    return moved


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=2931, help="rows = columns")
    parser.add_argument("--folder", default=None, help="work folder (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=0,
                        help="CARS THREADS (0: every core; 1: the one-thread time)")
    parser.add_argument("--chunk-cells", type=int, default=None,
                        help="candidate cells per proposal chunk (default: CarsSettings')")
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    folder = args.folder or tempfile.mkdtemp(prefix="lc_bench_cars_")
    os.makedirs(folder, exist_ok=True)
    if args.generate_only:
        moved = write_inputs(folder, args.size)
        with open(os.path.join(folder, "moved.txt"), "w") as fh:
            fh.write(str(moved))
        return
    load_landcarbon()
    from landcarbon.core.cars import simulate as cars
    from landcarbon.core.common.progress import Progress
    try:
        t = Timer()
        # generate in a child process, so that the peak RSS printed below is the run's
        subprocess.run([sys.executable, __file__, "--generate-only", "--size", str(args.size),
                        "--folder", folder], check=True)
        moved = int(open(os.path.join(folder, "moved.txt")).read())
        print("generated %d x %d cells, %d classes, %d cells to convert, in %.1f s"
              % (args.size, args.size, CLASSES, moved, t.seconds()))
        chunking = {} if args.chunk_cells is None else {"chunk_cells": args.chunk_cells}
        lines = []
        progress = Progress(info=lines.append, warning=lambda m: print("WARNING:", m))
        t = Timer()
        result = cars.run_cars(os.path.join(folder, "lu.tif"), os.path.join(folder, "prob.tif"),
                               os.path.join(folder, "demand.csv"), os.path.join(folder, "sim.tif"),
                               output_log=os.path.join(folder, "log.csv"),
                               settings=cars.CarsSettings(random_seed=args.seed,
                                                           threads=args.threads,
                                                           **chunking),
                               progress=progress)
        seconds = t.seconds()
        year = result.years[-1]
        cells = args.size * args.size
        gap = int(np.abs(year.demand - year.allocated).sum()) // 2
        for line in lines:
            if "cells may change" in line:
                print(line)
        print("cars (threads %s): %d cells, %d to convert, %d iterations (%s), remaining gap %d "
              "cells, %.1f s, %.2f M cells/s, %.0f converted cells/s, peak RSS %.0f MB"
              % (args.threads or "all", cells, moved, year.iterations, year.stop_reason, gap,
                 seconds,
                 cells / seconds / 1e6, moved / seconds, peak_rss_mb()))
    finally:
        if not args.keep and not args.folder:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
