"""Shared pieces of the benchmark scripts: synthetic rasters written strip by
strip, timing and peak memory. Benchmarks are not tests: they print figures."""

import json
import os
import resource
import subprocess
import sys
import time

import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()
HERE = os.path.dirname(os.path.abspath(__file__))


def load_landcarbon():
    """Import the plugin folder as package 'landcarbon' (any folder name)."""
    import importlib.util
    root = os.path.dirname(HERE)
    if "landcarbon" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "landcarbon", os.path.join(root, "__init__.py"), submodule_search_locations=[root])
        module = importlib.util.module_from_spec(spec)
        sys.modules["landcarbon"] = module
        spec.loader.exec_module(module)
    return sys.modules["landcarbon"]


def run_child(script, args, json_path):
    """Run ``script`` with ``args`` in a fresh Python process (so that its
    peak RSS is its own) and return the JSON it wrote to ``json_path``."""
    subprocess.run([sys.executable, script] + [str(a) for a in args] + ["--json", json_path],
                   check=True)
    with open(json_path) as fh:
        return json.load(fh)


def try_child(script, args, json_path):
    """:func:`run_child`, but a child that fails gives {"error": the last
    line it wrote to stderr} instead of stopping the benchmark (one data set
    that fails must not hide the others)."""
    proc = subprocess.run([sys.executable, script] + [str(a) for a in args]
                          + ["--json", json_path], capture_output=True, text=True)
    if proc.returncode != 0 or not os.path.exists(json_path):
        return {"error": (proc.stderr.strip().splitlines() or ["?"])[-1]}
    with open(json_path) as fh:
        return json.load(fh)


def peak_rss_mb():
    """Peak resident memory of this process so far, MB. Linux's VmHWM, not
    ru_maxrss: a child started by subprocess keeps, across exec, the
    ru_maxrss of the parent it was forked from, so a benchmark child would
    report its parent's peak when that is larger."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def utm_wkt(epsg=32650):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    return srs.ExportToWkt()


def synthetic_landuse(path, size, classes=6, change_share=0.05, seed=0, base=None,
                      rows_per_strip=512, cell=30.0):
    """Write a size x size Byte land-use raster with patchy classes (smooth
    periodic fields, so it compresses like real maps) and, when ``base`` is
    given, ``change_share`` of the cells changed relative to ``base``.
    Nodata (255) in one corner, as real study areas are not rectangles."""
    rng = np.random.default_rng(seed)
    driver = gdal.GetDriverByName("GTiff")
    ds = driver.Create(path, size, size, 1, gdal.GDT_Byte,
                       ["TILED=YES", "COMPRESS=LZW", "BIGTIFF=IF_SAFER"])
    ds.SetGeoTransform((500000.0, cell, 0, 4000000.0, 0, -cell))
    ds.SetProjection(utm_wkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(255)
    src = gdal.Open(base) if base else None
    x = np.arange(size, dtype=np.float32)
    for y0 in range(0, size, rows_per_strip):
        n = min(rows_per_strip, size - y0)
        if src is not None:
            block = src.GetRasterBand(1).ReadAsArray(0, y0, size, n)
            change = rng.random((n, size)) < change_share
            new = rng.integers(1, classes + 1, size=(n, size), dtype=np.uint8)
            block = np.where(change & (block != 255), new, block).astype(np.uint8)
        else:
            yy = np.arange(y0, y0 + n, dtype=np.float32)[:, None]
            field = (np.sin(x / 97.0) + np.cos(yy / 131.0) + np.sin((x + yy) / 53.0))
            block = (1 + ((field + 3.0) / 6.0 * classes).astype(np.int16) % classes)\
                .astype(np.uint8)
            corner = (x[None, :] + yy) < size * 0.1
            block[corner] = 255
        band.WriteArray(block, 0, y0)
    ds = None


class Timer:
    def __init__(self):
        self.start = time.perf_counter()

    def seconds(self):
        return time.perf_counter() - self.start
