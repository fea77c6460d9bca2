"""Benchmark of the carbon chain on a synthetic pair of land-use maps.

    .venv/bin/python benchmarks/bench_carbon.py               # 10^8 cells (10000 x 10000)
    .venv/bin/python benchmarks/bench_carbon.py --size 1000   # 10^6 cells, a quick check

Runs, through the core functions, carbonstock (base and alternate stock
rasters, change raster, summary and attribution tables) and then carbonvalue
(value raster and summary for five prices) and prints seconds, cells/s and
peak RSS of each step. The maps are generated block-wise in a child process
(so the peak RSS printed is the run's own) under /tmp/carbon_bench/, which is
deleted at the end. Goal (issue 4): >= 10 M cells/s end to end, peak RSS
< 500 MB whatever the raster size.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time

import numpy as np
from common import load_landcarbon, peak_rss_mb
from osgeo import gdal, osr

gdal.UseExceptions()
HERE = os.path.dirname(os.path.abspath(__file__))
FOLDER = "/tmp/carbon_bench"

# Six classes (CAS/RESDC first level), densities in Mg C/ha (the split used by
# the tests for docs/carbon-stock.md).
POOLS_CSV = """lucode,name,c_above,c_below,c_soil,c_dead
1,cropland,5.7,80.7,108.4,2.1
2,forest,140.0,70.0,100.0,11.1
3,grassland,35.0,60.0,120.0,8.7
4,water,0.0,0.0,0.3,0.0
5,built-up,5.0,3.0,22.0,0.0
6,unused land,2.0,1.0,19.9,0.0
"""


def cpu_seconds():
    """CPU time of this process (all threads), s: with the wall time it shows
    how much of the machine the run had (2 cores shared with others here)."""
    t = os.times()
    return t.user + t.system


def generate(folder, size, seed=1, rows_per_strip=500):
    """Two size x size Byte maps, 6 classes in smooth patches (compresses like
    real maps), nodata 255 in one corner of the base map and another corner of
    the alternate one; 5 % of the cells change class."""
    rng = np.random.default_rng(seed)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32650)
    driver = gdal.GetDriverByName("GTiff")
    out = []
    for name in ("base.tif", "alt.tif"):
        ds = driver.Create(os.path.join(folder, name), size, size, 1, gdal.GDT_Byte,
                           ["TILED=YES", "COMPRESS=LZW", "BIGTIFF=IF_SAFER"])
        ds.SetGeoTransform((500000.0, 30.0, 0, 4000000.0, 0, -30.0))
        ds.SetProjection(srs.ExportToWkt())
        ds.GetRasterBand(1).SetNoDataValue(255)
        out.append(ds)
    x = np.arange(size, dtype=np.float32)
    for y0 in range(0, size, rows_per_strip):
        n = min(rows_per_strip, size - y0)
        yy = np.arange(y0, y0 + n, dtype=np.float32)[:, None]
        field = np.sin(x / 97.0) + np.cos(yy / 131.0) + np.sin((x + yy) / 53.0)
        base = (1 + ((field + 3.0) / 6.0 * 6).astype(np.int16) % 6).astype(np.uint8)
        change = rng.random((n, size)) < 0.05
        alt = np.where(change, rng.integers(1, 7, size=(n, size), dtype=np.uint8), base)
        base[(x[None, :] + yy) < size * 0.1] = 255
        alt[(size - x[None, :] + yy) < size * 0.05] = 255
        out[0].GetRasterBand(1).WriteArray(base, 0, y0)
        out[1].GetRasterBand(1).WriteArray(alt, 0, y0)
    out = None


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10000, help="rows = columns")
    parser.add_argument("--keep", action="store_true", help="keep the folder afterwards")
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate_only:
        generate(FOLDER, args.size)
        return
    load_landcarbon()
    from landcarbon.core import carbon
    from landcarbon.core.carbon import value as valuation
    from landcarbon.core.common.progress import Progress

    if os.path.exists(FOLDER):
        shutil.rmtree(FOLDER)
    os.makedirs(FOLDER)
    try:
        t = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--generate-only", "--size", str(args.size)],
                       check=True)
        print("generated 2 x %d x %d cells in %.1f s" % (args.size, args.size,
                                                          time.perf_counter() - t))
        pools = os.path.join(FOLDER, "pools.csv")
        with open(pools, "w") as fh:
            fh.write(POOLS_CSV)
        f = lambda name: os.path.join(FOLDER, "out", name)   # noqa: E731
        cells = args.size * args.size

        t, cpu = time.perf_counter(), cpu_seconds()
        result = carbon.run_carbon_stock(os.path.join(FOLDER, "base.tif"), pools,
                                         landuse_alt=os.path.join(FOLDER, "alt.tif"),
                                         output_stock=f("stock_base.tif"),
                                         output_stock_alt=f("stock_alt.tif"),
                                         output_change=f("change.tif"),
                                         output_summary=f("summary.csv"),
                                         output_attribution=f("attribution.csv"),
                                         progress=Progress())
        stock_s, stock_cpu = time.perf_counter() - t, cpu_seconds() - cpu
        print("carbonstock: %.2f s (CPU %.2f s), %.1f M cells/s (per map pair), peak RSS "
              "%.0f MB; change %.6g Mg" % (stock_s, stock_cpu, cells / stock_s / 1e6,
                                           peak_rss_mb(), result.change_mg))

        t, cpu = time.perf_counter(), cpu_seconds()
        value = valuation.run_carbon_value(f("change.tif"), 2000, 2020,
                                           valuation=valuation.Valuation(
                                               prices=[100, 449.4, 814.74, 1716, 4182.22],
                                               price_unit="t C", discount_rate=8.0,
                                               price_change=3.0),
                                           output_value=f("value.tif"),
                                           output_summary=f("value_summary.csv"),
                                           progress=Progress())
        value_s, value_cpu = time.perf_counter() - t, cpu_seconds() - cpu
        print("carbonvalue: %.2f s (CPU %.2f s), %.1f M cells/s, peak RSS %.0f MB; value %.6g"
              % (value_s, value_cpu, cells / value_s / 1e6, peak_rss_mb(),
                 value.total_values[0]))
        total = stock_s + value_s
        print("end to end: %d cells in %.2f s (CPU %.2f s on %d cores) = %.1f M cells/s; peak "
              "RSS %.0f MB (goal: >= 10 M cells/s, < 500 MB)"
              % (cells, total, stock_cpu + value_cpu, os.cpu_count(), cells / total / 1e6,
                 peak_rss_mb()))
    finally:
        if not args.keep:
            shutil.rmtree(FOLDER, ignore_errors=True)


if __name__ == "__main__":
    main()
