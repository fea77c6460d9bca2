"""Benchmark of CARS on a synthetic hard multi-class case (issue 20).

    .venv/bin/python benchmarks/bench_cars_multiclass.py            # 3000 x 3000
    .venv/bin/python benchmarks/bench_cars_multiclass.py --full     # 6546 x 6372 (24.9 M valid)
    .venv/bin/python benchmarks/bench_cars_multiclass.py --pace 0   # PLUS's rules (no pace)

It imitates the real 11-class map of issue 20 on which CARS 0.2 did not
converge: patchy classes of very different sizes (multi-scale random fields,
nodata in a corner), about 5 % of the valid cells changing, three large
classes that shrink, and among the growing classes:

- A, which did not expand in the calibration interval: P = 0 everywhere and
  weight 0; its demand cannot be met (the remainder must be diagnosed, and
  it must never end below its start);
- B, with tiny probabilities (at most 0.02) and a small weight;
- C, a large class with moderate probabilities and a small weight, that must
  grow by about 12 %;
- built-up (most of the change), water and wetland.

Probabilities imitate LEAS: each class is likelier where its own smooth
field is high, i.e. near its existing patches, with noise. Weights are the
shares of expansion a calibration interval would give (WEIGHTS table).

Prints the iterations, the stop reason, per class the demand, the allocated
cells and whether the demand was met (within core.cars.rules.within_tolerance;
'infeasible' when no cell may become it), the seconds of the core call and the
peak RSS (VmHWM) of the run's process.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from common import Timer, load_landcarbon, peak_rss_mb, utm_wkt

NAMES = ["cropland", "forest", "grassland", "shrub", "built-up", "water", "wetland",
         "A (no expansion)", "B (tiny P)", "C (moderate P)", "bare"]
CODES = list(range(1, len(NAMES) + 1))
# share of the map of each class (A, B and C are small, as on the real map)
SHARE = [0.3, 0.25, 0.12, 0.08, 0.08, 0.04, 0.03, 0.001, 0.0015, 0.006, 0.0915]
# cells each class gains (+) or gives (-), as shares of the cells that change
CHANGE = {1: -0.5, 2: -0.3, 3: -0.2, 4: 0.1, 5: 0.6, 6: 0.08, 7: 0.06, 8: 0.015, 9: 0.003,
          10: 0.015, 11: 0.127}
# neighbourhood weights: shares of expansion in a calibration interval (A: none)
WEIGHTS = {1: 0.05, 2: 0.02, 3: 0.05, 4: 0.05, 5: 0.55, 6: 0.08, 7: 0.05, 8: 0.0, 9: 0.01,
           10: 0.04, 11: 0.1}
CHANGE_SHARE = 0.05
FULL = (6372, 6546)
FULL_VALID = 24.9e6              # valid cells of the real map (the rest: nodata)


def _coarse_grids(rng, rows, cols, cell):
    """One coarse random grid per class and scale (cells of ``cell`` map cells)."""
    return [rng.random((rows // c + 3, cols // c + 3)).astype(np.float32)
            for c in (cell, cell // 4)]


def _upsample(grid, cell, y0, rows, cols):
    """Bilinear interpolation of a coarse grid onto map rows y0..y0+rows."""
    y = (np.arange(y0, y0 + rows, dtype=np.float32) / cell)
    x = (np.arange(cols, dtype=np.float32) / cell)
    iy, fy = y.astype(np.int64), (y % 1)[:, None]
    ix, fx = x.astype(np.int64), (x % 1)[None, :]
    a, b = grid[iy][:, ix], grid[iy][:, ix + 1]
    c, d = grid[iy + 1][:, ix], grid[iy + 1][:, ix + 1]
    return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy


def _fields(grids, y0, rows, cols, cell):
    """(K, rows, cols) smooth multi-scale fields in about [0, 1]."""
    out = np.empty((len(CODES), rows, cols), dtype=np.float32)
    for k, (big, small) in enumerate(grids):
        out[k] = 0.7 * _upsample(big, cell, y0, rows, cols) \
            + 0.3 * _upsample(small, cell // 4, y0, rows, cols)
    return out


def _probability(k, f, noise, lu):
    """LEAS-like P_k from the class's field (high near its patches)."""
    code = CODES[k]
    p = np.clip(1.6 * f - 0.55 + 0.15 * noise, 0.0, 1.0)
    if code == 8:
        return np.zeros_like(p)                       # A: did not expand in calibration
    if code == 9:
        return (0.02 * p).astype(np.float32)          # B: tiny
    if code == 10:
        return (0.4 * p).astype(np.float32)           # C: moderate
    return p.astype(np.float32)


def _fit_bias(grids, rows, cols, cell):
    """Biases added to the fields before the argmax so that each class
    covers about its SHARE of the map (fitted on every 16th row)."""
    sample = np.concatenate([_fields(grids, y, 1, cols, cell) for y in range(0, rows, 16)],
                            axis=1)
    bias = np.zeros((len(CODES), 1, 1), dtype=np.float32)
    want = np.array(SHARE) / sum(SHARE)
    for _ in range(60):
        share = np.bincount((sample + bias).argmax(axis=0).ravel(), minlength=len(CODES))
        share = np.maximum(share / share.sum(), 1e-5)
        bias[:, 0, 0] += 0.05 * np.log(want / share).astype(np.float32)
    return bias


def write_inputs(folder, rows, cols, seed=11, strip=256, valid=None):
    """The land-use map, the probability stack, the demand and the weights;
    returns the cells that must change. Nodata fills a corner triangle:
    about 1.3 % of the cells, or all but ``valid`` cells."""
    load_landcarbon()
    from landcarbon.core.common import raster
    rng = np.random.default_rng(seed)
    cell = max(16, int(120 * min(rows, cols) / 3000))
    grids = [_coarse_grids(rng, rows, cols, cell) for _ in CODES]
    grid = raster.Grid(cols, rows, (400000.0, 30.0, 0, 3000000.0, 0, -30.0), utm_wkt())
    lu_ds = raster.create_raster(os.path.join(folder, "lu.tif"), grid, np.uint8, nodata=255)
    p_ds = raster.create_band_stack(os.path.join(folder, "prob.tif"), grid,
                                    ["%d %s" % (c, n) for c, n in zip(CODES, NAMES)])
    counts = np.zeros(len(CODES) + 1, dtype=np.int64)
    bias = _fit_bias(grids, rows, cols, cell)
    corner = 0.08 * (rows + cols) if valid is None else (2.0 * (rows * cols - valid)) ** 0.5
    for y0 in range(0, rows, strip):
        n = min(strip, rows - y0)
        f = _fields(grids, y0, n, cols, cell)
        lu = (f + bias).argmax(axis=0).astype(np.uint8) + 1
        yy = np.arange(y0, y0 + n)[:, None]
        xx = np.arange(cols)[None, :]
        lu[(yy + xx) < corner] = 255                              # nodata corner
        counts += np.bincount(np.where(lu == 255, 0, lu).ravel(), minlength=len(CODES) + 1)
        raster.write_strip(lu_ds, y0, lu)
        noise = rng.random(f.shape, dtype=np.float32)
        for k in range(len(CODES)):
            p = _probability(k, f[k], noise[k], lu)
            p[lu == 255] = raster.FLOAT32_NODATA
            raster.write_strip(p_ds, y0, p, band=k + 1)
    lu_ds = p_ds = None
    counts = counts[1:]
    change = int(CHANGE_SHARE * counts.sum())
    demand = {c: int(counts[c - 1]) for c in CODES}
    for c, share in CHANGE.items():
        demand[c] += int(round(share * change))
    demand[CODES[3]] += int(counts.sum()) - sum(demand.values())    # shrub absorbs rounding
    with open(os.path.join(folder, "demand.csv"), "w") as fh:
        fh.write("year,code,cells\n" + "".join("2030,%d,%d\n" % (c, demand[c]) for c in CODES))
    with open(os.path.join(folder, "weights.csv"), "w") as fh:
        fh.write("code,weight\n" + "".join("%d,%r\n" % (c, WEIGHTS[c]) for c in CODES))
    return int(sum(max(0, demand[c] - counts[c - 1]) for c in CODES))


def _table(result, lines):
    """Per class: start, demand, allocated, met (yes / no / infeasible)."""
    from landcarbon.core.cars.rules import within_tolerance
    year = result.years[-1]
    start = result.log_rows[0].allocated
    print("%-18s %10s %10s %10s  %s" % ("class", "start", "demand", "allocated", "met"))
    for j, code in enumerate(result.codes):
        gap = int(year.demand[j] - year.allocated[j])
        met = "yes" if within_tolerance(gap, year.demand[j]) else "no"
        if met == "no" and code == 8:
            met = "no (infeasible: P = 0, diagnosed)"
        print("%-18s %10d %10d %10d  %s" % ("%d %s" % (code, NAMES[j]), int(start[j]),
                                            int(year.demand[j]), int(year.allocated[j]), met))
    for line in lines:
        print("WARNING:", line[:300])


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=3000, help="rows = columns")
    parser.add_argument("--full", action="store_true",
                        help="6546 x 6372 with 24.9 M valid cells, as the real map")
    parser.add_argument("--pace", type=int, default=None, help="PACE_ITERATIONS (0: PLUS)")
    parser.add_argument("--folder", default=None, help="work folder (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    rows, cols = FULL if args.full else (args.size, args.size)
    folder = args.folder or tempfile.mkdtemp(prefix="lc_bench_cars_mc_")
    os.makedirs(folder, exist_ok=True)
    if args.generate_only:
        with open(os.path.join(folder, "moved.txt"), "w") as fh:
            fh.write(str(write_inputs(folder, rows, cols,
                                      valid=FULL_VALID if args.full else None)))
        return
    load_landcarbon()
    from landcarbon.core.cars import simulate as cars
    from landcarbon.core.common.progress import Progress
    try:
        t = Timer()
        if not os.path.exists(os.path.join(folder, "moved.txt")):
            # in a child process, so that the peak RSS printed below is the run's
            subprocess.run([sys.executable, __file__, "--generate-only", "--size", str(args.size),
                            "--folder", folder] + (["--full"] if args.full else []), check=True)
        moved = int(open(os.path.join(folder, "moved.txt")).read())
        print("generated %d x %d cells, %d classes, %d cells to change, in %.1f s"
              % (rows, cols, len(CODES), moved, t.seconds()))
        warnings = []
        settings = cars.CarsSettings(random_seed=args.seed)
        if args.pace is not None:
            settings.pace_iterations = args.pace
        t = Timer()
        result = cars.run_cars(os.path.join(folder, "lu.tif"), os.path.join(folder, "prob.tif"),
                               os.path.join(folder, "demand.csv"),
                               os.path.join(folder, "sim.tif"),
                               weights=os.path.join(folder, "weights.csv"),
                               output_log=os.path.join(folder, "log.csv"), settings=settings,
                               progress=Progress(warning=warnings.append))
        seconds = t.seconds()
        year = result.years[-1]
        _table(result, warnings)
        print("cars multiclass: %d x %d cells, %d to change, %d iterations (%s), %d cells "
              "unallocated, %.1f s, peak RSS %.0f MB"
              % (rows, cols, moved, year.iterations, year.stop_reason,
                 int(np.abs(year.shortfall).sum()) // 2, seconds, peak_rss_mb()))
    finally:
        if not args.keep and not args.folder:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
