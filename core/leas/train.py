"""LEAS, the Land Expansion Analysis Strategy of PLUS (docs/leas.md).

Liang, X., Guan, Q., Clarke, K.C., Liu, S., Wang, B., Yao, Y. (2021):
Understanding the drivers of sustainable land expansion using a patch-generating
land use simulation (PLUS) model. Computers, Environment and Urban Systems 85,
101569. The official program is closed-source; this follows its manuals:

1. Expansion map: a cell that holds class k at t1 and another class at t0
   "expanded into k"; every other cell is not sampled. In single-map mode every
   valid cell of the one map counts, with its class.
2. ONE random sample of the expansion cells, shared by all classes (default
   1 % of them); option "balanced": the same number of cells for every class
   that expanded (a class with fewer expansion cells gives all of them).
3. Features: the drivers, min-max normalised with each band's range over the
   whole band, x' = (x - min) / (max - min); nodata -> 0 (a constant driver
   is 0 everywhere).
4. One binary random forest per class, target "this expansion cell became k"
   (one-vs-rest among expansion cells: unchanged cells are never negatives);
   scikit-learn's RandomForestClassifier with TREES trees (default 20),
   max_features = MTRY (0 = all drivers, the official default), bootstrap
   samples and out-of-bag (OOB) accuracy.
5. P_k(i) = predict_proba of the positive class for every valid cell of the
   prediction map (the mean over the trees of their leaf's share of "became
   k"; the trees are grown to pure leaves, so this is the share of trees
   voting "becomes k"). A class without expansion gets P_k = 0 and a warning.
6. Contribution of driver j to class k: r0 = RMSE of the forest's P_k on the
   sample; r_j = the same RMSE after permuting column j of the sample;
   c_j = max(r_j - r0, 0) / sum_m max(r_m - r0, 0).

Engineering: sample positions are drawn up front from the number of expansion
cells with a seeded generator (ordinals among the expansion cells in raster
order, so the sample does not depend on how the rasters are split into strips);
one pass over the maps and drivers in row strips then keeps only the sampled
cells. Prediction runs window by window (256 rows, tile-aligned), only valid
cells enter the float32 feature matrix, and each forest predicts chunks of
rows in a thread pool with n_jobs=1 per call, so the result is byte-identical
for a seed whatever the number of threads (no process pools: QGIS).

scikit-learn is imported only inside the functions that need it, so the rest
of the plugin works without it (:func:`require_sklearn` says how to install it).
"""

import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from ..common import raster
from ..common.classes import ClassTable
from ..common.errors import LandCarbonError
from ..common.landmap import ClassIndex, class_counts, open_landuse, open_landuse_set
from ..common.progress import Progress
from .driver_bands import normalise, open_drivers
from .forests import (
    fit_forest,
    oob_accuracy,
    permutation_contributions,
    predict_threaded,
    require_sklearn,
    resolve_threads,
)
from .model import ClassResult, LeasModel, library_versions
from .sampling import collect_sample, driver_ranges, expansion_counts, plan_sample

MIN_SAMPLES = 10            # positives a class needs to train its forest


@dataclass
class LeasSettings:
    """The parameters of LEAS (names as in the Processing algorithm)."""

    sampling_rate: float = 0.01     # share of the expansion cells in the sample
    balanced: bool = False          # the same number of samples for every class
    trees: int = 20
    mtry: int = 0                   # drivers tried per split; 0 = all (official default)
    seed: int = 1
    threads: int = 0                # 0 = all processor cores

    def check(self, n_drivers):
        if not 0 < self.sampling_rate <= 1:
            raise LandCarbonError("SAMPLING_RATE is %g; give a share of the expansion cells in "
                                  "(0, 1], e.g. 0.01 for 1 %%." % self.sampling_rate)
        if self.trees < 1:
            raise LandCarbonError("TREES is %d; give at least 1 tree (default 20)." % self.trees)
        if self.mtry < 0 or self.mtry > n_drivers:
            raise LandCarbonError("MTRY is %d, but there are %d drivers; give 0 (all drivers, "
                                  "the official default) or 1..%d."
                                  % (self.mtry, n_drivers, n_drivers))
        if self.threads < 0:
            raise LandCarbonError("THREADS is %d; give 0 (all processor cores) or more."
                                  % self.threads)


def input_labels(start, end, drivers, labels=None):
    """Labels of the inputs in messages: ``labels`` (keys LANDUSE_START,
    LANDUSE_END, DRIVERS = one label per driver file), else the file names."""
    lab = {"LANDUSE_START": os.path.basename(str(start)) if start is not None else None,
           "LANDUSE_END": os.path.basename(str(end)),
           "DRIVERS": [os.path.basename(str(p)) for p in drivers or ()]}
    lab.update({k: v for k, v in (labels or {}).items() if v is not None})
    return lab


def _too_few_samples(problems, sample_size, expansion, rate, balanced):
    """The message for classes with fewer than MIN_SAMPLES sampled cells
    that expanded into them (``problems``: their ClassResult)."""
    lines, need = [], []
    hopeless = False
    expanding = max(1, int(np.count_nonzero(expansion)))
    for r in problems:
        if r.expansion_cells < MIN_SAMPLES:
            hopeless = True
            lines.append("- class %d %s: only %d cell(s) expanded into it between the maps, too "
                         "few to learn where it expands at any sampling rate"
                         % (r.code, r.name, r.expansion_cells))
        else:
            lines.append("- class %d %s: %d sampled cell(s) of the %d cells that expanded into it"
                         % (r.code, r.name, r.positive_cells, r.expansion_cells))
            # balanced: exactly round(rate * E / K_e) per class; shared: a random
            # share of the class, hence a margin
            need.append(MIN_SAMPLES * expanding / float(np.sum(expansion)) if balanced
                        else 1.5 * MIN_SAMPLES / r.expansion_cells)
    fixes = []
    if need:
        fixes.append("raise SAMPLING_RATE to at least %.2g (now %g)" % (min(1.0, max(need)), rate))
        if not balanced:
            fixes.append("use BALANCED sampling (the same number of cells for every class)")
    if hopeless:
        fixes.append("for a class that hardly expanded: use single-map mode, merge it into a "
                     "similar class, or use maps further apart in time")
    return ("Too few samples to train a random forest: each class needs at least %d sampled "
            "cells that expanded into it%s.\n%s\nTo fix: %s."
            % (MIN_SAMPLES, " (the sample has %d cells)" % sample_size if sample_size else "",
               "\n".join(lines), "; or ".join(fixes)))


def _open_training_inputs(start_path, end_path, driver_paths, lab, progress):
    """(start RasterInfo or None, end RasterInfo, DriverBand list), on one grid."""
    if start_path is not None:
        start, end = open_landuse_set([start_path, end_path],
                                      [lab["LANDUSE_START"], lab["LANDUSE_END"]], progress)
    else:
        start, end = None, open_landuse(end_path, lab["LANDUSE_END"], progress)
    drivers = open_drivers(driver_paths, lab["DRIVERS"], progress)
    raster.check_same_grid([(end.label, end.grid)] + ([(start.label, start.grid)] if start else [])
                           + [(d.info.label, d.info.grid) for d in drivers])
    return start, end, drivers


def _class_codes(start, end, progress):
    """Sorted class codes present in either map."""
    codes = set()
    maps = [i for i in (start, end) if i is not None]
    for n, info in enumerate(maps):
        counts, _nodata = class_counts(info, progress.span(n / len(maps), (n + 1) / len(maps)))
        codes.update(counts)
    return sorted(codes)


def _fit_forests(X, labels, results, trees, mtry, seed_sequence, threads, progress):
    """One forest per class (None for a class without expansion), with its
    OOB accuracy and the warnings of docs/leas.md."""
    forests = []
    seeds = seed_sequence.generate_state(len(results))
    for k, r in enumerate(results):
        if r.expansion_cells == 0:
            forests.append(None)
            r.note = "no expansion between the maps: P = 0 everywhere, no contributions"
            progress.warning("Class %d (%s) did not expand between the maps (no cell became %d), "
                             "so its development probability is 0 everywhere and its "
                             "contribution row is empty." % (r.code, r.name, r.code))
            continue
        y = (labels == k).astype(np.int64)
        forest = fit_forest(X, y, trees, mtry, int(seeds[k]), threads)
        forests.append(forest)
        r.oob_accuracy, r.oob_cells = oob_accuracy(forest, y)
        if y.min() == 1:
            r.note = ("every sampled expansion cell became this class: the forest cannot tell "
                      "where it expands (P = 1 everywhere)")
            progress.warning("Class %d (%s): %s." % (r.code, r.name, r.note))
        progress.set((k + 1) / len(results), "forest of class %d" % r.code)
    return forests


def _contributions(X, labels, results, forests, drivers, seed_sequence, threads, progress):
    """Permutation contributions of every class (one seeded permutation per
    driver, shared by the classes as the sample is), and the log lines."""
    rng = np.random.default_rng(seed_sequence)
    permutations = [rng.permutation(len(X)) for _j in drivers]
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for k, (r, forest) in enumerate(zip(results, forests)):
            if forest is None:
                continue
            y = (labels == k).astype(np.float64)
            r.contribution = permutation_contributions(
                lambda data, f=forest: predict_threaded([f], data, pool, threads)[0],
                X, y, permutations)
            r.rmse = r.contribution.r0
            if r.contribution.note and not r.note:
                r.note = r.contribution.note
            progress.info("Class %d (%s): %d expansion cells, %d of %d samples positive, OOB "
                          "accuracy %s, RMSE %.4f; largest contribution: %s." % (
                              r.code, r.name, r.expansion_cells, r.positive_cells, len(X),
                              "-" if r.oob_accuracy is None else "%.4f" % r.oob_accuracy, r.rmse,
                              _largest(r.contribution, drivers)))
            progress.set((k + 1) / len(results))


def train_leas(start_path, end_path, driver_paths, *, settings=None, classes=None, labels=None,
               progress=None):
    """Sample, fit one forest per class, compute contributions -> LeasModel.

    ``start_path`` None = single-map mode (sample ``end_path`` itself).
    ``driver_paths``: rasters on the land-use grid (each band a driver).
    ``settings``: :class:`LeasSettings`; ``classes``: a ClassTable for names;
    ``labels``: see :func:`input_labels`. The returned model carries
    per-class results (samples, OOB accuracy, RMSE, contributions) and the
    seconds of each stage in ``timings``.
    """
    progress = progress or Progress()
    settings = settings or LeasSettings()
    classes = classes or ClassTable()
    require_sklearn()
    lab = input_labels(start_path, end_path, driver_paths, labels)
    start, end, drivers = _open_training_inputs(start_path, end_path, driver_paths, lab, progress)
    settings.check(len(drivers))
    sampling_rate, balanced, seed = settings.sampling_rate, settings.balanced, settings.seed
    trees, mtry = settings.trees, settings.mtry
    threads = resolve_threads(settings.threads)

    # -- expansion cells and the shared sample ----------------------------------
    t_sampling = time.perf_counter()
    codes = _class_codes(start, end, progress.span(0.0, 0.04))
    classes.complete(codes)
    index = ClassIndex(codes)
    expansion = expansion_counts(start, end, index, progress.span(0.04, 0.08))
    total = int(expansion.sum())
    mode = "single-map mode: every valid cell of %s" % end.label if start is None else \
        "cells whose class differs between %s and %s" % (start.label, end.label)
    progress.info("Expansion cells (%s): %d; per class: %s." % (
        mode, total, ", ".join("%d: %d" % (c, e) for c, e in zip(codes, expansion))))
    if total == 0:
        raise LandCarbonError("No cell changed class between %s and %s, so there is no expansion "
                              "to learn from. Check that the maps are of different dates, or use "
                              "single-map mode." % (start.label, end.label))
    results = [ClassResult(c, classes.name(c), int(e)) for c, e in zip(codes, expansion)]
    hopeless = [r for r in results if 0 < r.expansion_cells < MIN_SAMPLES]
    if hopeless:   # before the long pass: no sampling rate can help these
        raise LandCarbonError(_too_few_samples(hopeless, 0, expansion, sampling_rate, balanced))
    seeds = np.random.SeedSequence(seed).spawn(3)   # sample, permutations, forests
    plan = plan_sample(expansion, sampling_rate, balanced, seeds[0])
    sample = collect_sample(start, end, drivers, index, plan, progress.span(0.08, 0.4))
    n = len(sample.labels)
    progress.info("Sample: %d cells (%s), shared by all classes." % (
        n, "balanced: up to %d per class" % max((len(o) for o in plan.ordinals), default=0)
        if balanced else "%g of the expansion cells" % sampling_rate))
    for k, r in enumerate(results):
        r.sample_cells = n
        r.positive_cells = int((sample.labels == k).sum())
    lo, hi = driver_ranges(drivers, sample, progress)
    few = [r for r in results if r.expansion_cells and r.positive_cells < MIN_SAMPLES]
    if few:
        raise LandCarbonError(_too_few_samples(few, n, expansion, sampling_rate, balanced))
    X = np.zeros((n, len(drivers)), dtype=np.float32)
    for j in range(len(drivers)):
        X[:, j] = normalise(sample.values[:, j], ~np.isnan(sample.values[:, j]), lo[j], hi[j])

    # -- forests and contributions ----------------------------------------------
    t_training = time.perf_counter()
    forests = _fit_forests(X, sample.labels, results, trees, mtry, seeds[2], threads,
                           progress.span(0.4, 0.47))
    t_contrib = time.perf_counter()
    _contributions(X, sample.labels, results, forests, drivers, seeds[1], threads,
                   progress.span(0.47, 0.5))
    t_end = time.perf_counter()
    return LeasModel(codes, [classes.name(c) for c in codes], [d.name for d in drivers],
                     lo, hi, forests, results,
                     {"sampling_rate": sampling_rate, "balanced": bool(balanced),
                      "trees": trees, "mtry": mtry, "seed": seed,
                      "single_map": start is None, "sample_cells": n,
                      "start": start.label if start else None, "end": end.label},
                     library_versions(),
                     {"sampling": t_training - t_sampling, "training": t_contrib - t_training,
                      "contributions": t_end - t_contrib})


def _largest(contribution, drivers):
    if not any(contribution.shares):
        return "none"
    j = int(np.argmax(contribution.shares))
    return "%s (%.3f)" % (drivers[j].name, contribution.shares[j])
