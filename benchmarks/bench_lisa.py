"""Benchmark of landcarbon:lisa (issue 7).

    .venv/bin/python benchmarks/bench_lisa.py
    .venv/bin/python benchmarks/bench_lisa.py --side 316 --permutations 999 --raster-size 10000
    .venv/bin/python benchmarks/bench_lisa.py --esda-python /tmp/esda_venv/bin/python

1. Moran: a side x side grid of analysis cells (default 316 x 316 = 99,856,
   about 10^5), queen contiguity, PERMUTATIONS (default 999): seconds of the
   weights, the global Moran (with its permutations) and the local Moran
   (conditional permutations), and the peak RSS of that process.
   Goal: under 7 s and under 1 GB. With --esda-python (a Python that has
   esda 2.9 and libpysal, e.g. a scratch venv; never a project dependency)
   the same data go through libpysal.lat2W + esda.Moran + esda.Moran_Local
   in another process: its seconds, peak RSS and the differences of I,
   I_i, quadrants and pseudo p are printed.
2. Aggregation: a synthetic Float32 raster of raster-size^2 pixels (default
   10^8) is written block-wise under --folder, then aggregated to analysis
   cells of 32 pixels (about 10^5 cells) in a fresh process: seconds,
   pixels/s and peak RSS (goal: under 1 GB).
3. The whole algorithm on that raster (core.lisa.run_lisa: aggregation,
   weights, global and local Moran, cluster raster, GeoPackage, CSV, scatter
   plot): seconds and peak RSS. The folder is deleted at the end.

Each step runs in its own process so that each peak RSS is that step's.
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

HERE = os.path.dirname(os.path.abspath(__file__))


def smooth_field(side, seed=0):
    """Values with spatial structure (clusters) plus noise, one per cell."""
    rng = np.random.default_rng(seed)
    r, c = np.mgrid[0:side, 0:side].astype(np.float64)
    field = np.sin(r / 17.0) * np.cos(c / 23.0) + 0.5 * np.sin((r + c) / 41.0)
    return (100 + 20 * field + rng.normal(0, 8, (side, side))).ravel()


# ---------------------------------------------------------------------------
# 1. weights + global + local Moran
# ---------------------------------------------------------------------------

def part_moran(side, permutations, folder):
    load_landcarbon()
    from landcarbon.core.hotspots import moran, weights
    y = smooth_field(side)
    rss0 = peak_rss_mb()
    t = Timer()
    w_all = weights.lattice_contiguity(np.ones((side, side), bool), "queen")
    w_kept, _kept = w_all.without_islands()
    w = w_kept.row_standardised()
    t_weights = t.seconds()
    t = Timer()
    g = moran.global_moran(y, w, permutations, np.random.SeedSequence(1))
    t_global = t.seconds()
    t = Timer()
    local = moran.local_moran(y, w, w_kept.cardinalities, permutations,
                              np.random.SeedSequence(2))
    t_local = t.seconds()
    total = t_weights + t_global + t_local
    n = len(y)
    print("LandCarbon: %d analysis cells (%d x %d, queen), %d permutations" % (n, side, side,
                                                                              permutations))
    print("  weights %.2f s, global Moran %.2f s, local Moran %.2f s: total %.2f s "
          "(%.0f cells x permutations / s in the local test)"
          % (t_weights, t_global, t_local, total, n * permutations / t_local))
    print("  I = %.12f, p_sim = %.4g, z_rand = %.3f; peak RSS %.0f MB (%.0f MB after "
          "imports and data)" % (g.I, g.p_sim, g.z_rand, peak_rss_mb(), rss0))
    np.save(os.path.join(folder, "y.npy"), y)
    np.savez(os.path.join(folder, "landcarbon.npz"), I=g.I, Is=local.Is, q=local.q,
             p=local.p_sim, p_global=g.p_sim)


ESDA_SCRIPT = r"""
import json, resource, sys, time, warnings
import numpy as np
warnings.filterwarnings("ignore")
import esda, libpysal
folder, side, permutations = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
y = np.load(folder + "/y.npy")
t0 = time.perf_counter()
w = libpysal.weights.lat2W(side, side, rook=False)
w.transform = "r"
t1 = time.perf_counter()
g = esda.Moran(y, w, permutations=permutations)
t2 = time.perf_counter()
loc = esda.Moran_Local(y, w, permutations=permutations, seed=2)
t3 = time.perf_counter()
np.savez(folder + "/esda.npz", I=g.I, Is=loc.Is, q=loc.q, p=loc.p_sim, p_global=g.p_sim)
print(json.dumps(dict(weights=t1 - t0, glob=t2 - t1, local=t3 - t2, esda=esda.__version__,
                      rss=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0)))
"""


def part_esda(python, side, permutations, folder):
    out = subprocess.run([python, "-c", ESDA_SCRIPT, folder, str(side), str(permutations)],
                         check=True, capture_output=True, text=True)
    info = json.loads(out.stdout.strip().splitlines()[-1])
    total = info["weights"] + info["glob"] + info["local"]
    print("esda %s + libpysal: weights %.2f s, global %.2f s, local %.2f s: total %.2f s; "
          "peak RSS %.0f MB" % (info["esda"], info["weights"], info["glob"], info["local"],
                                total, info["rss"]))
    a = np.load(os.path.join(folder, "landcarbon.npz"))
    b = np.load(os.path.join(folder, "esda.npz"))
    sig_a, sig_b = a["p"] < 0.05, b["p"] < 0.05
    print("  same numbers: |I - I_esda| = %.2e, max |I_i - I_i,esda| = %.2e, quadrants equal: "
          "%s; pseudo p (independent random draws): mean |diff| %.4f, significance at 0.05 "
          "agrees for %.2f %% of the cells, global p %.4g vs %.4g"
          % (abs(float(a["I"]) - float(b["I"])), np.abs(a["Is"] - b["Is"]).max(),
             bool((a["q"] == b["q"]).all()), np.abs(a["p"] - b["p"]).mean(),
             100.0 * (sig_a == sig_b).mean(), float(a["p_global"]), float(b["p_global"])))


# ---------------------------------------------------------------------------
# 2. aggregation of a large raster
# ---------------------------------------------------------------------------

def part_generate(path, size):
    """Float32 carbon-like raster (Mg C/ha), written strip by strip, with a
    nodata corner."""
    from osgeo import gdal
    gdal.UseExceptions()
    ds = gdal.GetDriverByName("GTiff").Create(
        path, size, size, 1, gdal.GDT_Float32,
        ["TILED=YES", "COMPRESS=LZW", "PREDICTOR=3", "BIGTIFF=YES"])
    ds.SetGeoTransform((500000.0, 30.0, 0, 4000000.0, 0, -30.0))
    ds.SetProjection(utm_wkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(-9999.0)
    x = np.arange(size, dtype=np.float32)
    rows = 512
    for y0 in range(0, size, rows):
        n = min(rows, size - y0)
        yy = np.arange(y0, y0 + n, dtype=np.float32)[:, None]
        block = (100 + 40 * np.sin(x / 700.0) * np.cos(yy / 900.0)
                 + 10 * np.sin((x + yy) / 97.0)).astype(np.float32)
        block[(x[None, :] + yy) < size * 0.1] = -9999.0
        band.WriteArray(block, 0, y0)
    ds = None


def part_aggregate(path, cell):
    load_landcarbon()
    from landcarbon.core.common import raster
    from landcarbon.core.common.progress import Progress
    from landcarbon.core.hotspots import aggregate
    info = raster.open_band(path, "bench.tif")
    rss0 = peak_rss_mb()
    t = Timer()
    result = aggregate.aggregate(info, cell, "mean", 0.5, Progress())
    seconds = t.seconds()
    pixels = info.grid.cells
    print("Aggregation: %d pixels -> %d x %d analysis cells of %g m (%d valid) in %.2f s, "
          "%.1f M pixels/s, peak RSS %.0f MB (%.0f MB before)"
          % (pixels, result.grid.xsize, result.grid.ysize, cell, int(result.valid.sum()),
             seconds, pixels / seconds / 1e6, peak_rss_mb(), rss0))


def part_full(path, cell, permutations, folder):
    load_landcarbon()
    from landcarbon.core.common.progress import Progress
    from landcarbon.core.hotspots import lisa
    t = Timer()
    result = lisa.run_lisa(settings=lisa.LisaSettings(cell_size=cell, permutations=permutations,
                                                      seed=1),
                           raster=path, output_clusters=os.path.join(folder, "clusters.tif"),
                           output_grid=os.path.join(folder, "lisa.gpkg"),
                           output_global=os.path.join(folder, "global.csv"),
                           output_plot=os.path.join(folder, "scatter.png"),
                           labels={"INPUT": "bench.tif"}, progress=Progress())
    print("Whole algorithm on the raster: %d analysis cells, I = %.6f, %d HH / %d LL cells, "
          "%.2f s, peak RSS %.0f MB" % (result.n, result.global_moran.I,
                                         result.cluster_counts[1], result.cluster_counts[3],
                                         t.seconds(), peak_rss_mb()))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--side", type=int, default=316, help="analysis cells per side")
    parser.add_argument("--permutations", type=int, default=999)
    parser.add_argument("--raster-size", type=int, default=10000, help="pixels per side")
    parser.add_argument("--skip-raster", action="store_true", help="only the Moran part")
    parser.add_argument("--esda-python", default=None,
                        help="a Python with esda 2.9 + libpysal, for the comparison")
    parser.add_argument("--folder", default=os.path.join(tempfile.gettempdir(), "lisa_bench"))
    parser.add_argument("--part", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--path", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--cell", type=float, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part == "moran":
        return part_moran(args.side, args.permutations, args.folder)
    if args.part == "generate":
        return part_generate(args.path, args.raster_size)
    if args.part == "aggregate":
        return part_aggregate(args.path, args.cell)
    if args.part == "full":
        return part_full(args.path, args.cell, args.permutations, args.folder)

    os.makedirs(args.folder, exist_ok=True)
    me = [sys.executable, os.path.abspath(__file__), "--folder", args.folder]
    try:
        subprocess.run(me + ["--part", "moran", "--side", str(args.side), "--permutations",
                             str(args.permutations)], check=True)
        if args.esda_python:
            part_esda(args.esda_python, args.side, args.permutations, args.folder)
        if not args.skip_raster:
            path = os.path.join(args.folder, "bench.tif")
            t = Timer()
            subprocess.run(me + ["--part", "generate", "--path", path, "--raster-size",
                                 str(args.raster_size)], check=True)
            print("generated %d x %d Float32 pixels in %.1f s (%.0f MB on disk)"
                  % (args.raster_size, args.raster_size, t.seconds(),
                     os.path.getsize(path) / 2 ** 20))
            subprocess.run(me + ["--part", "aggregate", "--path", path, "--cell",
                                 str(30.0 * 32)], check=True)
            subprocess.run(me + ["--part", "full", "--path", path, "--cell", str(30.0 * 32),
                                 "--permutations", str(args.permutations)], check=True)
    finally:
        shutil.rmtree(args.folder, ignore_errors=True)


if __name__ == "__main__":
    main()
