"""Benchmark of landcarbon:leas on a synthetic Wuhan-sized case.

    .venv/bin/python benchmarks/bench_leas.py         # 2931 x 2931 cells, 7 classes, 16 drivers
    .venv/bin/python benchmarks/bench_leas.py --cells 1e8     # 10000 x 10000 cells
    .venv/bin/python benchmarks/bench_leas.py --threads 1
    .venv/bin/python benchmarks/bench_leas.py --training all --min-samples-leaf 5
    .venv/bin/python benchmarks/bench_leas.py --workers 2 --chunk 1024   # on a LocalCluster

The PLUS paper's Wuhan case: 2931 x 2931 cells at 30 m, 7 classes, 16 drivers,
about 1.3 M cells changed class between the two dates. The synthetic maps
have patchy classes and smooth driver fields (so they compress like real
rasters); the class a changed cell becomes depends on four of the drivers plus
noise, so the forests grow to realistic sizes. Data are written strip by
strip in a child process, so the peak RSS printed is the leas run's.

Prints seconds per stage (sampling, training, contributions, prediction), the
whole run with all outputs, cells/s and peak RSS (with --workers: the
client's and the largest worker's). Goals (issue 5): whole run < 120 s on a
2-core machine, peak RSS < 2 GB; 10^8 cells must run to the end. With
--workers N the run is on a LocalCluster of N single-threaded workers (issue
14, docs/leas.md "On a Dask cluster"): the same outputs as on one machine.
Work files go to /tmp/leas_bench/ (or --folder) and are deleted afterwards.
"""

import argparse
import math
import os
import resource
import shutil
import subprocess
import sys

import numpy as np
from common import Timer, load_landcarbon, peak_rss_mb, utm_wkt
from osgeo import gdal

gdal.UseExceptions()

CLASSES = 7
DRIVERS = 16
CHANGE_SHARE = 0.155       # of the valid cells: about 1.3 M of Wuhan's 8.6 M
STRIP_CELLS = 1_500_000    # cells per strip while generating (16 driver planes in memory)


def _create(path, size, bands, gdal_type, nodata, interleave="BAND"):
    ds = gdal.GetDriverByName("GTiff").Create(
        path, size, size, bands, gdal_type,
        ["TILED=YES", "COMPRESS=LZW", "BIGTIFF=YES", "INTERLEAVE=%s" % interleave]
        + (["PREDICTOR=3"] if gdal_type == gdal.GDT_Float32 else []))
    ds.SetGeoTransform((500000.0, 30.0, 0, 4000000.0, 0, -30.0))
    ds.SetProjection(utm_wkt())
    for b in range(bands):
        ds.GetRasterBand(b + 1).SetNoDataValue(nodata)
    return ds


def _worker_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def driver_field(j, x, yy):
    """Smooth field of driver j in [0, 1] (periodic, different scales)."""
    fx, fy = 57.0 + 23.0 * j, 71.0 + 17.0 * (DRIVERS - j)
    return (0.5 + 0.25 * np.sin(x / fx + j) + 0.25 * np.cos(yy / fy - 0.5 * j)).astype(np.float32)


def generate(folder, size, seed=0):
    """start.tif, end.tif (Byte, nodata 255) and drivers.tif (16 Float32 bands)."""
    rng = np.random.default_rng(seed)
    start = _create(os.path.join(folder, "start.tif"), size, 1, gdal.GDT_Byte, 255)
    end = _create(os.path.join(folder, "end.tif"), size, 1, gdal.GDT_Byte, 255)
    drivers = _create(os.path.join(folder, "drivers.tif"), size, DRIVERS, gdal.GDT_Float32,
                      -9999.0)
    for j in range(DRIVERS):
        drivers.GetRasterBand(j + 1).SetDescription("driver_%02d" % (j + 1))
    x = np.arange(size, dtype=np.float32)[None, :]
    weights = rng.normal(size=(CLASSES, 4)).astype(np.float32) * 4
    rows = max(16, STRIP_CELLS // size)
    for y0 in range(0, size, rows):
        n = min(rows, size - y0)
        yy = np.arange(y0, y0 + n, dtype=np.float32)[:, None]
        fields = [driver_field(j, x, yy) for j in range(DRIVERS)]
        for j, f in enumerate(fields):
            drivers.GetRasterBand(j + 1).WriteArray(f, 0, y0)
        land = (np.sin(x / 97.0) + np.cos(yy / 131.0) + np.sin((x + yy) / 53.0) + 3.0) / 6.0
        lu0 = (1 + (land * CLASSES).astype(np.int16) % CLASSES).astype(np.uint8)
        outside = (x + yy) < size * 0.1
        lu0[outside] = 255
        score = np.stack([weights[k, 0] * (fields[0] - 0.5) + weights[k, 1] * (fields[3] - 0.5)
                          + weights[k, 2] * (fields[7] - 0.5) + weights[k, 3] * (fields[12] - 0.5)
                          for k in range(CLASSES)])
        score += rng.gumbel(size=score.shape).astype(np.float32)
        new = (1 + np.argmax(score, axis=0)).astype(np.uint8)
        new = np.where(new == lu0, lu0 % CLASSES + 1, new).astype(np.uint8)
        change = (rng.random((n, size)) < CHANGE_SHARE) & ~outside
        lu1 = np.where(change, new, lu0)
        start.GetRasterBand(1).WriteArray(lu0, 0, y0)
        end.GetRasterBand(1).WriteArray(lu1, 0, y0)
    start = end = drivers = None


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cells", type=float, default=2931 * 2931,
                        help="number of cells (a square); default Wuhan, 2931 x 2931")
    parser.add_argument("--threads", type=int, default=0, help="0 = all cores")
    parser.add_argument("--trees", type=int, default=20)
    parser.add_argument("--rate", type=float, default=0.01, help="sampling rate")
    parser.add_argument("--training", default="expansion", choices=("expansion", "all"),
                        help="TRAINING (all: the rate is a share of every valid cell)")
    parser.add_argument("--min-samples-leaf", type=int, default=1, help="MIN_SAMPLES_LEAF")
    parser.add_argument("--workers", type=int, default=0,
                        help="run on a LocalCluster of this many workers (0 = one machine)")
    parser.add_argument("--chunk", type=int, default=2048, help="Dask chunk rows = columns")
    parser.add_argument("--folder", default="/tmp/leas_bench")
    parser.add_argument("--keep", action="store_true", help="keep the work files")
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    size = int(round(math.sqrt(args.cells)))
    folder = os.path.join(args.folder, "n%d" % size)
    if args.generate_only:
        generate(folder, size)
        return
    load_landcarbon()
    from landcarbon.core import leas
    from landcarbon.core.common.progress import Progress

    os.makedirs(folder, exist_ok=True)
    try:
        t = Timer()
        if not os.path.exists(os.path.join(folder, "drivers.tif")):
            subprocess.run([sys.executable, __file__, "--generate-only", "--cells",
                            str(args.cells), "--folder", args.folder], check=True)
        print("data: %d x %d = %d cells, %d classes, %d drivers (generated in %.1f s)"
              % (size, size, size * size, CLASSES, DRIVERS, t.seconds()))
        cluster = None
        if args.workers:
            from landcarbon.core.common import cluster as dask_cluster
            cluster = dask_cluster.connect(workers=args.workers, chunk_rows=args.chunk,
                                           chunk_cols=args.chunk)
        rss_before = peak_rss_mb()
        lines = []
        progress = Progress(info=lines.append)
        t = Timer()
        model, summary = leas.run_leas(os.path.join(folder, "start.tif"),
                                       os.path.join(folder, "end.tif"),
                                       [os.path.join(folder, "drivers.tif")],
                                       os.path.join(folder, "out", "prob.tif"),
                                       settings=leas.LeasSettings(
                                           sampling_rate=args.rate, trees=args.trees, seed=1,
                                           threads=args.threads, training=args.training,
                                           min_samples_leaf=args.min_samples_leaf),
                                       output_contributions=os.path.join(folder, "out",
                                                                         "contrib.csv"),
                                       output_chart=os.path.join(folder, "out", "contrib.png"),
                                       output_accuracy=os.path.join(folder, "out", "acc.csv"),
                                       output_model=os.path.join(folder, "out", "model.lcm"),
                                       progress=progress, cluster=cluster)
        seconds = t.seconds()
        if cluster is not None:
            print("Dask: %d workers, chunks %d x %d; peak RSS of the largest worker %.0f MB"
                  % (args.workers, args.chunk, args.chunk,
                     max(cluster.client.run(_worker_rss_mb).values())))
            cluster.close()
        for line in lines:
            if line.startswith(("Expansion", "Sample", "Class ")):
                print("  " + line)
        tm = model.timings
        print("stages (s): sampling %.1f, training %.1f, contributions %.1f, prediction %.1f"
              % (tm["sampling"], tm["training"], tm["contributions"], tm["prediction"]))
        print("settings: TRAINING %s, MIN_SAMPLES_LEAF %d, SAMPLING_RATE %g, %d samples"
              % (args.training, args.min_samples_leaf, args.rate, model.settings["sample_cells"]))
        print("leas: %d cells, %.1f s in all (outputs included), %.2f M cells/s, threads %d, "
              "peak RSS %.0f MB (%.0f MB before the run)"
              % (size * size, seconds, size * size / seconds / 1e6,
                 leas.resolve_threads(args.threads), peak_rss_mb(), rss_before))
        print("prediction: %.2f M cells/s over %d valid cells"
              % (summary.valid_cells / tm["prediction"] / 1e6, summary.valid_cells))
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
            if os.path.isdir(args.folder) and not os.listdir(args.folder):
                os.rmdir(args.folder)


if __name__ == "__main__":
    main()
