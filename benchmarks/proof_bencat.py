"""The standard validation of CARS on real data (issue 6): Ben Cat, Vietnam
(../shared/data/bencat_glad; GLAD land cover 2000/2010/2020, 4 classes, 25 m,
928,375 valid cells; see its PROVENANCE.md).

    .venv/bin/python benchmarks/proof_bencat.py [--folder /tmp/me/bencat] [--seeds 5]

1. LEAS (core.leas) on 2000 -> 2010 with the five drivers of the data set
   (DEM, slope, hillshade, population, distance to river; every driver's
   declared nodata, e.g. 0 for slope, is nodata), default settings (1 % of
   the expansion cells sampled, 20 trees, all drivers per split, seed 1);
   probabilities predicted on the 2010 map.
2. CARS (core.cars) from 2010 with the observed 2020 class totals as demand,
   LANDUSE_START = 2000 (default weights: shares of expansion), default
   parameters (3 x 3, delta 0.5, mu 0.1, seed percentage 0.01), every
   transition allowed, no restriction; RANDOM_SEED 1..N.
3. Accuracy (core.accuracy) of every simulated 2020 against the observed 2020,
   with 2010 as the initial map.
4. Two baselines allocating the same demand, scored with the same code:
   random (random cells of the classes that must shrink go to random growing
   classes, in the demanded numbers; N seeds) and highest probability
   (greedy: cells of shrinking classes go to growing classes in descending
   order of P_k, no neighbourhood effect).

Prints FoM, Kappa and OA of each, mean and spread over the seeds. Goal:
our FoM >= 2 x the random baseline's and above the no-neighbourhood one's.
Not a test: the data may not be redistributed, so it is read from
../shared/data when it is there.
"""

import argparse
import os
import shutil
import sys
import tempfile

import numpy as np
from common import Timer, load_landcarbon

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.abspath(os.path.join(HERE, "..", "..", "shared", "data", "bencat_glad"))
MAPS = {y: os.path.join(DATA, "landcover", "BENCAT_LC_%d_UTM.tif" % y) for y in (2000, 2010, 2020)}
DRIVERS = [os.path.join(DATA, "drivers", f) for f in (
    "BEN_CAT_DEM_2016_UTM.tif", "BEN_CAT_SLOPE_2016_UTM.tif", "BEN_CAT_HILLSHADE_2016_UTM.tif",
    "BEN_CAT_POP_2015_UTM_1.tif", "BEN_CAT_RIVER_2015_UTM_2.tif")]


def read_band(path, band=1):
    from osgeo import gdal
    ds = gdal.Open(path)
    b = ds.GetRasterBand(band)
    return b.ReadAsArray(), b.GetNoDataValue()


def write_like(path, array, like, nodata):
    from landcarbon.core.common import raster
    info = raster.open_band(like)
    ds = raster.create_raster(path, info.grid, array.dtype, nodata=nodata)
    raster.write_strip(ds, 0, array)
    ds = None


def random_baseline(initial, gaps, valid, rng):
    """Random cells of each shrinking class (as many as it must lose) go to
    growing classes in random order (as many as each must gain)."""
    sim = initial.copy().ravel()
    released = [rng.choice(np.flatnonzero((valid & (initial == c)).ravel()), -int(g),
                           replace=False) for c, g in gaps.items() if g < 0]
    released = rng.permutation(np.concatenate(released))
    gained = np.concatenate([np.full(int(g), c, dtype=initial.dtype)
                             for c, g in gaps.items() if g > 0])
    sim[released] = rng.permutation(gained)
    return sim.reshape(initial.shape)


def max_probability_baseline(initial, gaps, prob, codes, valid, rng):
    """Greedy by descending probability, no neighbourhood: pairs (cell of a
    shrinking class, growing class k) in order of P_k (ties at random); a
    pair is taken while the cell is unused, k still needs cells and the
    cell's class may still lose cells (the demand gates of core.cars_rules)."""
    from landcarbon.core.cars.rules import sweep_gates
    k = len(codes)
    shape = initial.shape
    initial, valid = initial.ravel(), valid.ravel()
    cls = np.full(initial.shape, -1, dtype=np.int64)
    for i, c in enumerate(codes):
        cls[initial == c] = i
    gap = np.array([gaps[c] for c in codes])
    cells = np.flatnonzero(valid & (cls >= 0) & (gap[np.maximum(cls, 0)] < 0))
    grow = np.flatnonzero(gap > 0)
    cell_of = np.repeat(cells, grow.size)
    class_of = np.tile(grow, cells.size)
    p = prob.reshape(k, -1)[class_of, cell_of]
    order = np.lexsort((rng.random(p.size), -p))
    cell_of, class_of = cell_of[order], class_of[order]
    gain = np.maximum(gap, 0)
    loss = np.where(gap < 0, -gap, 0)
    used = np.zeros(initial.size, dtype=bool)
    sim = cls.copy()
    remaining = np.arange(cell_of.size)
    while gain.sum() > 0 and remaining.size:
        live = remaining[~used[cell_of[remaining]]]
        _u, first = np.unique(cell_of[live], return_index=True)
        live = live[np.sort(first)]                    # each cell's best pair still open
        take = sweep_gates(class_of[live], cls[cell_of[live]], np.zeros(live.size, bool),
                           gain, loss, np.zeros(k, dtype=np.int64))
        taken = live[take]
        if taken.size == 0:
            break
        sim[cell_of[taken]] = class_of[taken]
        used[cell_of[taken]] = True
        gain -= np.bincount(class_of[taken], minlength=k)
        loss -= np.bincount(cls[cell_of[taken]], minlength=k)
        remaining = live[~take]
    out = initial.copy()
    ok = sim >= 0
    out[ok] = np.asarray(codes)[sim[ok]]
    return out.reshape(shape)


def score(path, accuracy):
    r = accuracy.assess_accuracy(MAPS[2010], MAPS[2020], path)
    return r.fom, r.kappa, r.overall_accuracy


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folder", default=None, help="work folder (default: a temp folder)")
    parser.add_argument("--seeds", type=int, default=5, help="CARS / random seeds 1..N")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    if not all(os.path.exists(p) for p in list(MAPS.values()) + DRIVERS):
        print("bencat_glad is not at %s (the shared data folder); nothing to do." % DATA)
        return 1
    load_landcarbon()
    from landcarbon.core.landuse import accuracy
    from landcarbon.core.cars import simulate as cars
    from landcarbon.core import leas
    from landcarbon.core.common.progress import Progress

    folder = args.folder or tempfile.mkdtemp(prefix="lc_proof_bencat_")
    os.makedirs(folder, exist_ok=True)
    quiet = Progress()
    try:
        t = Timer()
        model = leas.train_leas(MAPS[2000], MAPS[2010], DRIVERS, settings=leas.LeasSettings(seed=1),
                                progress=quiet)
        prob_path = os.path.join(folder, "probability_2010.tif")
        leas.predict_probabilities(model, DRIVERS, MAPS[2010], prob_path, progress=quiet)
        print("LEAS 2000 -> 2010 (5 drivers, 1 %% sample, 20 trees), probabilities on 2010: "
              "%.1f s" % t.seconds())

        lc2010, nodata = read_band(MAPS[2010])
        lc2020, _ = read_band(MAPS[2020])
        valid = lc2010 != nodata
        codes = sorted(int(c) for c in np.unique(lc2010[valid]))
        observed = {c: int((lc2020[valid] == c).sum()) for c in codes}
        start = {c: int((lc2010 == c).sum()) for c in codes}
        assert sum(observed.values()) == int(valid.sum()), "2020 and 2010 masks differ"
        demand = os.path.join(folder, "demand_2020.csv")
        with open(demand, "w") as fh:
            fh.write("year,code,cells\n")
            for c in codes:
                fh.write("2020,%d,%d\n" % (c, observed[c]))
        gaps = {c: observed[c] - start[c] for c in codes}
        print("demand 2020 = observed 2020 totals; change from 2010 (cells): %s"
              % ", ".join("%d: %+d" % (c, g) for c, g in gaps.items()))

        rows = []
        ours = []
        for seed in range(1, args.seeds + 1):
            t = Timer()
            sim = os.path.join(folder, "cars_seed%d.tif" % seed)
            result = cars.run_cars(MAPS[2010], prob_path, demand, sim, output_log=None,
                                   landuse_start=MAPS[2000],
                                   settings=cars.CarsSettings(random_seed=seed), progress=quiet)
            seconds = t.seconds()
            ours.append(score(sim, accuracy))
            rows.append(("CARS seed %d (%d iterations, %.1f s)"
                         % (seed, result.years[0].iterations, seconds),) + ours[-1])
        stack = np.stack([read_band(prob_path, b + 1)[0] for b in range(len(codes))])
        stack[stack < 0] = 0                          # nodata outside the map
        randoms = []
        for seed in range(1, args.seeds + 1):
            path = os.path.join(folder, "random_seed%d.tif" % seed)
            write_like(path, random_baseline(lc2010, gaps, valid, np.random.default_rng(seed)),
                       MAPS[2010], nodata)
            randoms.append(score(path, accuracy))
        path = os.path.join(folder, "max_probability.tif")
        write_like(path, max_probability_baseline(lc2010, gaps, stack, codes, valid,
                                                  np.random.default_rng(1)), MAPS[2010], nodata)
        greedy = score(path, accuracy)

        def summary(values):
            a = np.array(values, dtype=float)
            return a.mean(axis=0), a.std(axis=0, ddof=1) if len(a) > 1 else np.zeros(3)

        print()
        print("%-44s %8s %8s %8s" % ("simulation of 2020 (vs observed 2020)", "FoM", "Kappa",
                                     "OA"))
        for name, fom, kappa, oa in rows:
            print("%-44s %8.4f %8.4f %8.4f" % (name, fom, kappa, oa))
        mean, sd = summary(ours)
        print("%-44s %8.4f %8.4f %8.4f" % ("CARS mean of %d seeds" % len(ours), *mean))
        print("%-44s %8.4f %8.4f %8.4f" % ("CARS standard deviation", *sd))
        rmean, rsd = summary(randoms)
        print("%-44s %8.4f %8.4f %8.4f" % ("random baseline, mean of %d seeds" % len(randoms),
                                           *rmean))
        print("%-44s %8.4f %8.4f %8.4f" % ("random baseline, standard deviation", *rsd))
        print("%-44s %8.4f %8.4f %8.4f" % ("highest probability, no neighbourhood", *greedy))
        print()
        print("goal FoM >= 2 x random: %.4f vs %.4f -> %s" % (
            mean[0], 2 * rmean[0], "met" if mean[0] >= 2 * rmean[0] else "NOT met"))
        print("goal FoM > no-neighbourhood: %.4f vs %.4f -> %s" % (
            mean[0], greedy[0], "met" if mean[0] > greedy[0] else "NOT met"))
    finally:
        if not args.keep and not args.folder:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
