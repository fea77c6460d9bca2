"""Benchmark of the whole study (landcarbon:scenarios core) on a synthetic
case with real structure (issues 20 and 24).

    .venv/bin/python benchmarks/bench_study.py                       # 6546 x 6372, 11 classes
    .venv/bin/python benchmarks/bench_study.py --rows 2000 --cols 2000
    .venv/bin/python benchmarks/bench_study.py --calibrate --budget 5
    .venv/bin/python benchmarks/bench_study.py --workers 2             # on a LocalCluster

Three maps (t0, t1, t2) of 11 patchy classes (the size of the real map of
issue 20 by default: 41.7 M cells, about 25 M valid); between dates five
classes grow at the edges of their patches where driver fields favour them
(with noise) and three shrink, about 5 % of the valid cells changing per
interval; four Float32 drivers. The study: one scenario (NE), two target
years, three climate pathways, 99 LISA permutations, validation out of
sample. Prints the seconds of every step (from the study's own log), the
CARS iterations of every simulation, the validation's FoM next to its
baselines, the total seconds and the peak RSS (VmHWM; on Dask the client's
and the largest worker's).
"""

import argparse
import os
import re
import shutil
import sys
import tempfile
import time

import numpy as np
from common import Timer, load_landcarbon, peak_rss_mb, utm_wkt
from osgeo import gdal
from scipy import ndimage

gdal.UseExceptions()

CLASSES = 11
SHARE = [0.30, 0.25, 0.12, 0.08, 0.08, 0.04, 0.03, 0.01, 0.02, 0.02, 0.05]
GROWTH = {5: 0.020, 1: 0.008, 6: 0.004, 9: 0.003, 11: 0.005}   # share of the valid cells
SHRINK = (2, 3, 4)


def _write(path, array, gdal_type, nodata, description=None):
    rows, cols = array.shape
    ds = gdal.GetDriverByName("GTiff").Create(path, cols, rows, 1, gdal_type,
                                              ["TILED=YES", "COMPRESS=DEFLATE", "ZLEVEL=1",
                                               "BIGTIFF=IF_SAFER"])
    ds.SetGeoTransform((500000.0, 30.0, 0, 4000000.0, 0, -30.0))
    ds.SetProjection(utm_wkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(nodata)
    if description:
        band.SetDescription(description)
    band.WriteArray(array)
    ds = None


def _start_map(rows, cols, rng):
    """Patchy classes with the SHARE of the map, from a multi-scale field."""
    y, x = np.mgrid[0:rows, 0:cols].astype(np.float32)
    field = np.zeros((rows, cols), dtype=np.float32)
    for scale in (211.0, 97.0, 41.0):
        phase = rng.random(2) * 6.28
        field += np.sin(x / scale + phase[0]) * np.cos(y / (scale * 1.3) + phase[1])
    ranks = np.argsort(np.argsort(field, axis=None)).reshape(rows, cols) / field.size
    edges = np.cumsum(SHARE)
    lu = (1 + np.searchsorted(edges / edges[-1], ranks, side="right")).astype(np.uint8)
    lu[lu > CLASSES] = CLASSES
    outside = (x / cols + y / rows) < 0.894         # 40 % outside (a corner triangle of
    #                                                 area 0.894^2 / 2), as a real region
    lu[outside] = 255
    return lu, y, x


def generate(folder, rows, cols, seed=0):
    """lu_0/1/2.tif, driver_1..4.tif, pools.csv, pathways.csv; returns paths."""
    rng = np.random.default_rng(seed)
    lu, y, x = _start_map(rows, cols, rng)
    drivers = [((np.sin(x / (307.0 + 40 * k) + k) * np.cos(y / (251.0 - 30 * k) - k) + 1) / 2)
               .astype(np.float32) for k in range(4)]
    valid = int((lu != 255).sum())
    maps = [lu.copy()]
    for _t in range(2):
        lu = lu.copy()
        for i, (k, share) in enumerate(GROWTH.items()):
            distance = ndimage.distance_transform_edt(lu != k)
            score = np.exp(-distance / 4.0) * (0.3 + drivers[i % 4]) \
                * rng.gumbel(size=lu.shape).astype(np.float32).clip(0.1, None)
            score[~np.isin(lu, SHRINK)] = -1
            n = int(share * valid)
            take = np.argpartition(-score.ravel(), n)[:n]
            lu.ravel()[take] = k
        maps.append(lu)
    paths = {"maps": [], "drivers": []}
    for t, m in enumerate(maps):
        paths["maps"].append(os.path.join(folder, "lu_%d.tif" % t))
        _write(paths["maps"][-1], m, gdal.GDT_Byte, 255)
    for k, d in enumerate(drivers):
        paths["drivers"].append(os.path.join(folder, "driver_%d.tif" % (k + 1)))
        _write(paths["drivers"][-1], d, gdal.GDT_Float32, -9999.0, "driver %d" % (k + 1))
    paths["pools"] = os.path.join(folder, "pools.csv")
    with open(paths["pools"], "w") as fh:
        fh.write("lucode,c_above,c_below,c_soil,c_dead\n")
        for c in range(1, CLASSES + 1):
            fh.write("%d,%d,%d,%d,%d\n" % (c, 5 * c, 2 * c, 40 + 3 * c, 1))
    paths["pathways"] = os.path.join(folder, "pathways.csv")
    with open(paths["pathways"], "w") as fh:
        fh.write("name,P,T\nSSP1-2.6,1250,16\nSSP2-4.5,1200,17\nSSP5-8.5,1150,18.5\n")
    return paths


class StepClock:
    """Seconds between the study's 'Step ...' log lines, and CARS iterations."""

    def __init__(self, verbose=False):
        self.start = self.last = time.perf_counter()
        self.steps, self.current, self.iterations = [], "checks", []
        self.verbose = verbose

    def info(self, text):
        now = time.perf_counter()
        if self.verbose:
            print("%8.1f s  %s" % (now - self.start, text), flush=True)
        if text.startswith("Step "):
            self.steps.append((self.current, now - self.last))
            self.current, self.last = text.split(":")[0], now
        found = re.match(r"(\d+): stopped after (\d+) iterations: (.*)\.$", text)
        if found:
            self.iterations.append((int(found.group(1)), int(found.group(2)), found.group(3)))

    def finish(self):
        self.steps.append((self.current, time.perf_counter() - self.last))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=6546)
    parser.add_argument("--cols", type=int, default=6372)
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--budget", type=float, default=5.0, help="calibration minutes")
    parser.add_argument("--folder", default=None)
    parser.add_argument("--verbose", action="store_true",
                        help="print every log line with the seconds since the start")
    parser.add_argument("--workers", type=int, default=0,
                        help="run on a LocalCluster of this many Dask workers (0: this machine)")
    parser.add_argument("--chunk", type=int, default=2048, help="Dask chunk side (cells)")
    args = parser.parse_args()
    load_landcarbon()
    from landcarbon.core.common.progress import Progress
    from landcarbon.core.study import ScenarioSpec, StudySettings, run_study
    folder = args.folder or tempfile.mkdtemp(prefix="lc_bench_study_")
    os.makedirs(folder, exist_ok=True)
    try:
        timer = Timer()
        p = generate(folder, args.rows, args.cols)
        print("inputs: %d x %d cells, 3 maps, 4 drivers in %.1f s" % (args.rows, args.cols,
                                                                     timer.seconds()),
              flush=True)
        s = StudySettings(maps=p["maps"], years=[2002, 2008, 2014], driver_paths=p["drivers"],
                          target_years=[2020, 2026], scenarios=[ScenarioSpec.from_preset("NE")],
                          pools_path=p["pools"], pathways_path=p["pathways"], p_ref=1200,
                          t_ref=16.5, permutations=99, calibrate=args.calibrate,
                          calibration_budget=args.budget,
                          output_folder=os.path.join(folder, "study"))
        cluster = None
        if args.workers:
            from landcarbon.core.common import cluster as dask_cluster
            cluster = dask_cluster.connect(workers=args.workers, chunk_rows=args.chunk,
                                           chunk_cols=args.chunk)
            s.cluster = cluster
        clock = StepClock(args.verbose)
        timer = Timer()
        try:
            result = run_study(s, progress=Progress(info=clock.info))
            seconds = timer.seconds()
            workers_mb = max(cluster.client.run(peak_rss_mb).values()) if cluster else None
        finally:
            if cluster is not None:
                cluster.close()
        clock.finish()
        print("\nstep                        seconds")
        for name, secs in clock.steps:
            print("%-28s %7.1f" % (name, secs))
        for year, iterations, reason in clock.iterations:
            print("CARS %d: %d iterations (%s)" % (year, iterations, reason))
        acc = result.accuracy
        print("validation FoM %.4f, random %.4f, nearest %.4f; demand missed by %d cells"
              % (acc.fom, acc.baselines["random"].fom, acc.baselines["nearest"].fom,
                 result.validation.allocation.missed))
        print("whole study: %.1f s (%s), peak RSS %.0f MB%s" % (
            seconds, result.status, peak_rss_mb(),
            "" if workers_mb is None else " (client), %.0f MB (largest worker, %d workers)"
            % (workers_mb, args.workers)))
    finally:
        if not args.folder:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
