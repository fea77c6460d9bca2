"""Benchmark of landcarbon:geodetector (issue 23: 10^8 cells, a 1 % sample,
under a minute).

    .venv/bin/python benchmarks/bench_geodetector.py                 # 10,000 x 10,000
    .venv/bin/python benchmarks/bench_geodetector.py --side 3000 --share 0.01

Writes, block-wise under a temporary folder, a side x side land-use map
(UInt8, 6 classes in large patches), three Float32 drivers (a smooth
elevation-like field, a gradient and noise) and a Float32 Y (carbon stock:
the class's density plus a driver effect plus noise), then runs
core.geodetector.run_geodetector (every table and chart) in a fresh process
with SAMPLE_SHARE (default 0.01): prints seconds, sampled cells per second,
cells of the map per second, peak RSS, and the q of every factor. The
folder is deleted at the end.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from common import Timer, load_landcarbon, peak_rss_mb, utm_wkt

DENSITY = np.array([0, 40, 150, 70, 5, 20, 90], dtype=np.float32)   # Mg C/ha per class


def write_inputs(folder, side):
    load_landcarbon()
    from landcarbon.core.common import raster
    from landcarbon.core.common.raster import Grid
    grid = Grid(side, side, (500000.0, 30.0, 0.0, 4000000.0, 0.0, -30.0), utm_wkt())
    names = ("landuse", "elevation", "gradient", "noise", "y")
    types = (np.uint8, np.float32, np.float32, np.float32, np.float32)
    datasets = [raster.create_raster(os.path.join(folder, n + ".tif"), grid, t,
                                     nodata=0 if t == np.uint8 else raster.FLOAT32_NODATA)
                for n, t in zip(names, types)]
    rng = np.random.default_rng(1)
    rows = 256
    for y0 in range(0, side, rows):
        n = min(rows, side - y0)
        r, c = np.mgrid[y0:y0 + n, 0:side].astype(np.float32)
        elevation = 500 + 300 * np.sin(r / 900.0) * np.cos(c / 700.0)
        gradient = c / side * 100
        noise = rng.random((n, side), dtype=np.float32)
        landuse = (1 + ((np.floor(r / 400) * 7 + np.floor(c / 500) * 3
                         + (elevation > 600)) % 6)).astype(np.uint8)
        y = DENSITY[landuse] + 0.05 * elevation + rng.normal(0, 10, (n, side)).astype(np.float32)
        for ds, block, kind in zip(datasets, (landuse, elevation, gradient, noise, y), types):
            raster.write_strip(ds, y0, block.astype(kind))
    for ds in datasets:
        ds.FlushCache()
    datasets.clear()
    return [os.path.join(folder, n + ".tif") for n in names]


def run_child(folder, share, json_path):
    load_landcarbon()
    from landcarbon.core.geodetector import run_geodetector
    paths = [os.path.join(folder, n + ".tif") for n in ("landuse", "elevation", "gradient",
                                                          "noise", "y")]
    out = os.path.join(folder, "out")
    timer = Timer()
    result = run_geodetector(paths[4], paths[1:4], [paths[0]], sample_share=share,
                             output_factors=os.path.join(out, "f.csv"),
                             output_interactions=os.path.join(out, "i.csv"),
                             output_risk=os.path.join(out, "r.csv"),
                             output_ecological=os.path.join(out, "e.csv"),
                             output_chart=os.path.join(out, "q.png"),
                             output_heatmap=os.path.join(out, "h.png"))
    seconds = timer.seconds()
    with open(json_path, "w") as fh:
        json.dump({"seconds": seconds, "rss_mb": peak_rss_mb(), "cells": result.cells,
                   "stride": result.stride,
                   "q": {n: f.q for n, f in zip(result.names, result.factors)},
                   "choices": {n: (c.method, c.classes) if c else None
                               for n, c in zip(result.names, result.choices)}}, fh)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--side", type=int, default=10000)
    parser.add_argument("--share", type=float, default=0.01)
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--json", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child, args.share, args.json)
        return
    folder = tempfile.mkdtemp(prefix="lc_geodetector_")
    try:
        timer = Timer()
        write_inputs(folder, args.side)
        print("inputs: %d x %d cells (%.3g), written in %.1f s" % (
            args.side, args.side, args.side ** 2, timer.seconds()), flush=True)
        json_path = os.path.join(folder, "result.json")
        subprocess.run([sys.executable, __file__, "--child", folder, "--share", str(args.share),
                        "--json", json_path], check=True)
        with open(json_path) as fh:
            r = json.load(fh)
        print("geodetector: %.1f s, %d sampled cells (stride %d), %.3g sampled cells/s, "
              "%.3g map cells/s, peak RSS %.0f MB" % (
                  r["seconds"], r["cells"], r["stride"], r["cells"] / r["seconds"],
                  args.side ** 2 / r["seconds"], r["rss_mb"]))
        for name, q in sorted(r["q"].items(), key=lambda kv: -kv[1]):
            print("  q(%s) = %.4f  %s" % (name, q, r["choices"][name] or "categorical"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
