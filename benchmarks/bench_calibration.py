"""Benchmark of the calibration (landcarbon:calibrate core, issue 20) on a
synthetic Wuhan-sized case within a time budget.

    .venv/bin/python benchmarks/bench_calibration.py                # 2931 x 2931, 5 minutes
    .venv/bin/python benchmarks/bench_calibration.py --size 1000 --budget 1

Three maps (t0, t1, t2) of 7 patchy classes; between dates built-up and
cropland grow at the edges of their patches where two smooth driver fields
favour them (with noise), forest and grassland shrink: the kind of change
CARS is made for. Four Float32 drivers (the two fields that drive growth and
two that do not). The calibration gets every map (so it simulates t2 from t1
with LEAS on t0 -> t1, out of sample) and the budget; prints the seconds
(which must not pass the budget by more than one trial), the trials, the
chosen settings, FoM of the start and chosen settings next to the baselines,
and the peak RSS.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile

import numpy as np
from common import Timer, load_landcarbon, peak_rss_mb, utm_wkt
from osgeo import gdal
from scipy import ndimage

gdal.UseExceptions()

CLASSES = 7                      # 1 cropland, 2 forest, 3 grassland, 4 water, 5 built-up, ...
GROWTH = {5: 0.012, 1: 0.006}    # share of the map each growing class gains per interval
SHRINK = (2, 3)                  # the classes they take cells from


def _write(path, array, gdal_type, nodata, description=None):
    rows, cols = array.shape
    ds = gdal.GetDriverByName("GTiff").Create(path, cols, rows, 1, gdal_type,
                                              ["TILED=YES", "COMPRESS=DEFLATE", "ZLEVEL=1"])
    ds.SetGeoTransform((500000.0, 30.0, 0, 4000000.0, 0, -30.0))
    ds.SetProjection(utm_wkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(nodata)
    if description:
        band.SetDescription(description)
    band.WriteArray(array)
    ds = None


def generate(folder, size, seed=0):
    """lu_0/1/2.tif and driver_1..4.tif; returns their paths."""
    rng = np.random.default_rng(seed)
    s = size / 2931.0
    y, x = np.mgrid[0:size, 0:size].astype(np.float32)
    field = (np.sin(x / (97 * s)) + np.cos(y / (131 * s)) + np.sin((x + y) / (53 * s)) + 3) / 6
    lu = (1 + (field * CLASSES).astype(np.int16) % CLASSES).astype(np.uint8)
    outside = (x + y) < size * 0.1
    lu[outside] = 255
    drivers = [(np.sin(x / (211 * s) + k) * np.cos(y / (173 * s) - k) + 1) / 2
               for k in range(4)]
    suitability = {5: drivers[0], 1: drivers[1]}
    maps = [lu.copy()]
    for _t in range(2):
        lu = lu.copy()
        for k, share in GROWTH.items():
            distance = ndimage.distance_transform_edt(lu != k)
            score = np.exp(-distance / 4.0) * (0.3 + suitability[k]) \
                * rng.gumbel(size=lu.shape).astype(np.float32).clip(0.1, None)
            score[~np.isin(lu, SHRINK)] = -1
            n = int(share * lu.size)
            take = np.argpartition(-score.ravel(), n)[:n]
            lu.ravel()[take] = k
        maps.append(lu)
    paths = []
    for t, m in enumerate(maps):
        paths.append(os.path.join(folder, "lu_%d.tif" % t))
        _write(paths[-1], m, gdal.GDT_Byte, 255)
    driver_paths = []
    for k, d in enumerate(drivers):
        driver_paths.append(os.path.join(folder, "driver_%d.tif" % (k + 1)))
        _write(driver_paths[-1], d.astype(np.float32), gdal.GDT_Float32, -9999.0,
               "driver %d" % (k + 1))
    return paths, driver_paths


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=2931)
    parser.add_argument("--budget", type=float, default=5.0, help="minutes")
    parser.add_argument("--folder", default=None)
    args = parser.parse_args()
    load_landcarbon()
    from landcarbon.core.common.progress import Progress
    from landcarbon.core.study import StudySettings, run_calibration
    folder = args.folder or tempfile.mkdtemp(prefix="lc_bench_calibration_")
    os.makedirs(folder, exist_ok=True)
    try:
        timer = Timer()
        maps, drivers = generate(folder, args.size)
        print("inputs: %d x %d cells, 3 maps, 4 drivers in %.1f s" % (args.size, args.size,
                                                                     timer.seconds()))
        s = StudySettings(maps=maps, years=[2000, 2010, 2020], driver_paths=drivers,
                          target_years=[2030], calibration_budget=args.budget,
                          output_folder=os.path.join(folder, "calibration"))
        timer = Timer()
        result, out = run_calibration(s, progress=Progress(info=lambda t: print(t, flush=True)))
        seconds = timer.seconds()
        print("\ncalibration: %.1f s for a budget of %.0f s (%d trials%s), peak RSS %.0f MB"
              % (seconds, 60 * args.budget, len(result.trials),
                 ", stopped by the budget" if result.stopped_by_budget else "", peak_rss_mb()))
        print("chosen: %s" % (json.dumps(result.changed) if result.changed else "the defaults"))
        for name in ("start", "chosen"):
            model, random, nearest = result.scores[name]
            print("%-7s FoM %.4f  random %.4f  nearest %.4f  (x nearest %.2f)"
                  % (name, model, random, nearest, model / nearest if nearest else np.nan))
    finally:
        if not args.folder:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
