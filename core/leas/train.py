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

Options beyond PLUS (defaults keep the PLUS behaviour, docs/leas.md
"Options"): TRAINING = "all" samples every cell valid in both maps and
trains class k on the cells that could have become k (positives: became k;
negatives: neither k at the start nor at the end); MIN_SAMPLES_LEAF > 1 stops
the trees at leaves of that many samples (smoother probabilities).

Rules of LandCarbon (docs/leas.md "Rare classes", "Leakage guard"): a class
with fewer than MIN_SAMPLES sampled positives gets P_k = 0 and a warning that
says what would give it a forest; only when no class at all can be trained is
the run refused. A class whose expansion one driver alone separates almost
perfectly is warned about (a driver made from the end map of the calibration
interval, e.g. distance to built-up of the later map, does exactly that).

Engineering: each cell of the population is sampled on its own, by a
counter-based draw of (SEED, its global cell index) (core/common/random.py),
so the sample does not depend on how the rasters are cut (strips, Dask
chunks); one pass over the maps and drivers keeps only the sampled cells.
Prediction runs window by window (256 rows, tile-aligned), only valid cells
enter the float32 feature matrix, and each forest predicts chunks of rows in
a thread pool with n_jobs=1 per call, so the result is byte-identical for a
seed whatever the number of threads (no process pools: QGIS). On a Dask
cluster the same kernels run as tasks: the sample pass per chunk, one task
per class for its forest and contributions, the prediction per chunk with
the model broadcast to the workers; the results are those of one machine.

scikit-learn is imported only inside the functions that need it, so the rest
of the plugin works without it (:func:`require_sklearn` says how to install it).
"""

import os
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from ..common import blocks, raster
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
from .sampling import balanced_size, collect_sample, count_cells, driver_ranges, plan_sample
from .settings import ALL, EXPANSION, LeasSettings

MIN_SAMPLES = 10            # sampled positives a class needs to train its forest
LEAK_OOB_ACCURACY = 0.999   # leakage guard: OOB accuracy (overall and among positives) ...
LEAK_SHARE = 0.95           # ... and one driver's contribution share at least these
# TRAINING = all: expected sampled positives of a class that expanded, at
# least (its expansion cells are oversampled and weighted back, docs/leas.md)
ALL_POSITIVES = 50


def input_labels(start, end, drivers, labels=None):
    """Labels of the inputs in messages: ``labels`` (keys LANDUSE_START,
    LANDUSE_END, DRIVERS = one label per driver file), else the file names."""
    lab = {"LANDUSE_START": os.path.basename(str(start)) if start is not None else None,
           "LANDUSE_END": os.path.basename(str(end)),
           "DRIVERS": [os.path.basename(str(p)) for p in drivers or ()]}
    lab.update({k: v for k, v in (labels or {}).items() if v is not None})
    return lab


# ---------------------------------------------------------------------------
# Rare classes (docs/leas.md, "Rare classes")
# ---------------------------------------------------------------------------

def _counted(r, single):
    what = "cell(s) of the map hold it" if single else \
        "cell(s) expanded into it between the maps"
    return "%d %s" % (r.expansion_cells, what)


def _rare_fixes(rare, expansion, settings, single):
    """What would give the classes ``rare`` a forest (list of phrases): the
    SAMPLING_RATE that serves all of them, BALANCED, maps further apart."""
    needs = []
    for r in rare:
        if r.expansion_cells < MIN_SAMPLES:
            continue
        # the rate that gives 1.5 x MIN_SAMPLES expected positives: a margin
        # for the draw (each cell is sampled on its own, docs/leas.md step 2)
        if settings.balanced:
            needs.append(1.5 * MIN_SAMPLES / balanced_size(expansion, 1.0))
        else:
            needs.append(1.5 * MIN_SAMPLES / r.expansion_cells)
    fixes = []
    if needs:
        fixes.append("raise SAMPLING_RATE to at least %.2g (now %g)"
                     % (min(1.0, max(needs)), settings.sampling_rate))
        if not settings.balanced and settings.training == EXPANSION:
            fixes.append("use BALANCED sampling (the same number of cells for every class)")
    fixes.append("use a map where it is more common" if single else
                 "use maps further apart in time (more change)")
    if len(needs) < len(rare):
        fixes.append("merge a class that hardly %s into a similar class"
                     % ("occurs" if single else "expanded"))
    return fixes


def _rare_warning(r, expansion, settings, single, progress):
    """P = 0 for a class with too few sampled positives: note and warning."""
    if r.expansion_cells < MIN_SAMPLES:
        counts = "only %s (a forest needs at least %d sampled positives, so no sampling " \
                 "rate can give it one)" % (_counted(r, single), MIN_SAMPLES)
    else:
        counts = "%s and %d of them are in the sample (a forest needs at least %d)" % (
            _counted(r, single), r.positive_cells, MIN_SAMPLES)
    r.note = ("too few samples: %d expansion cells, %d sampled positives (a forest needs %d): "
              "P = 0 everywhere, no contributions"
              % (r.expansion_cells, r.positive_cells, MIN_SAMPLES))
    progress.warning("Class %d (%s) has too few samples for a random forest: %s. Its "
                     "development probability is 0 everywhere and its contribution row is "
                     "empty, as for a class that did not expand. To give it a forest: %s."
                     % (r.code, r.name, counts,
                        "; or ".join(_rare_fixes([r], expansion, settings, single))))


def _no_class_can_be_trained(rare, sample_size, expansion, settings, single):
    """The refusal when every class that expanded has too few samples."""
    lines = []
    for r in rare:
        if r.expansion_cells < MIN_SAMPLES:
            lines.append("- class %d %s: only %s, too few at any sampling rate"
                         % (r.code, r.name, _counted(r, single)))
        else:
            lines.append("- class %d %s: %d sampled cell(s) of the %d cells that expanded into it"
                         % (r.code, r.name, r.positive_cells, r.expansion_cells))
    fixes = _rare_fixes(rare, expansion, settings, single)
    if not single and any(r.expansion_cells < MIN_SAMPLES for r in rare):
        fixes.append("use single-map mode")
    return ("Too few samples to train a random forest for any class: a class needs at least %d "
            "sampled cells that expanded into it%s.\n%s\nTo fix: %s."
            % (MIN_SAMPLES, " (the sample has %d cells)" % sample_size if sample_size else "",
               "\n".join(lines), "; or ".join(fixes)))


# ---------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------

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


def class_targets(labels, origins, k, training):
    """(rows of the sample that train class k's forest, None = all rows; its
    0/1 targets). Rows: every sampled expansion cell (PLUS), or with
    TRAINING = all the sampled cells that could have become k (not k at the
    start); ``labels`` / ``origins``: the sampled cells' class indices at the
    end / start (origins None: single map)."""
    rows = None if training == EXPANSION or origins is None else np.flatnonzero(origins != k)
    return rows, ((labels if rows is None else labels[rows]) == k).astype(np.int64)


def class_data(X, labels, origins, weights, k, training):
    """(features, 0/1 targets, design weights or None) of class k's forest;
    ``X``: the normalised sample."""
    rows, y = class_targets(labels, origins, k, training)
    if rows is None:
        return X, y, weights
    return X[rows], y, None if weights is None else weights[rows]


def fit_class(X, labels, origins, weights, k, settings, random_state, threads):
    """Class k's forest (docs/leas.md, step 4): called in turn on this
    machine, or as one task per class on a cluster; a random state gives the
    same forest whatever ``threads``."""
    Xk, y, w = class_data(X, labels, origins, weights, k, settings.training)
    return fit_forest(Xk, y, settings.trees, settings.mtry, random_state, threads,
                      settings.min_samples_leaf, sample_weight=w)


def score_class(forest, X, labels, origins, weights, k, training, permutation_seed, threads):
    """Class k's permutation contributions (docs/leas.md, step 6): one
    permutation of its training rows per driver, drawn from
    ``permutation_seed`` (a SeedSequence). Called in turn on this machine, or
    as a task on a cluster; trees are summed in a fixed order
    (forests.predict_threaded), so the result does not depend on ``threads``."""
    Xk, y, w = class_data(X, labels, origins, weights, k, training)
    rng = np.random.default_rng(permutation_seed)
    permutations = [rng.permutation(len(Xk)) for _j in range(Xk.shape[1])]
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return permutation_contributions(
            lambda data: predict_threaded([forest], data, pool, threads)[0],
            Xk, y.astype(np.float64), permutations, weights=w)


def _forests_and_contributions(X, sample, results, drivers, settings, seeds, threads, cluster,
                               progress):
    """One forest per class that can be trained (None for the others, whose
    note and warning are set before), its OOB accuracies and contributions.
    Returns (forests, seconds of training, seconds of contributions).

    ``seeds``: the SeedSequences of the permutations and of the forests
    (one random state per class). One permutation per driver is shared by
    all classes, as the sample is; with TRAINING = all each class permutes
    its own training rows, from its own spawned stream. On a ``cluster``
    every class is a task (fits in parallel, each class's contributions
    beside its forest) with one thread: the same forests and contributions
    as in turn on this machine, taken in the same order."""
    trainable = [k for k, r in enumerate(results)
                 if r.expansion_cells and r.positive_cells >= MIN_SAMPLES]
    states = [int(s) for s in seeds[1].generate_state(len(results))]
    perm_seeds = seeds[0].spawn(len(results)) if settings.training == ALL else \
        [seeds[0]] * len(results)
    data = (X, sample.labels, sample.origins, sample.weights)
    forests = [None] * len(results)
    clock = [time.perf_counter()] * 2        # start, last forest taken

    def take_forest(n, forest):
        k = trainable[n]
        forests[k] = forest
        _record_forest(results[k], forest, sample, k, settings.training, progress)
        progress.set(0.7 * (n + 1) / len(trainable), "forest of class %d" % results[k].code)
        clock[1] = time.perf_counter()

    def take_contribution(n, contribution):
        _record_contribution(results[trainable[n]], contribution, drivers, progress)
        progress.set(0.7 + 0.3 * (n + 1) / len(trainable))

    if cluster is None:
        for n, k in enumerate(trainable):
            take_forest(n, fit_class(*data, k, settings, states[k], threads))
        for n, k in enumerate(trainable):
            take_contribution(n, score_class(forests[k], *data, k, settings.training,
                                             perm_seeds[k], threads))
    else:
        client = cluster.client
        shared = client.scatter(list(data), broadcast=True)
        fitting = [client.submit(fit_class, *shared, k, settings, states[k], 1, pure=False)
                   for k in trainable]
        scoring = [client.submit(score_class, f, *shared, k, settings.training,
                                 perm_seeds[k], 1, pure=False)
                   for f, k in zip(fitting, trainable)]
        m = len(trainable)
        blocks.gather(cluster, fitting + scoring, ordered=True,
                      consume=lambda n, r: take_forest(n, r) if n < m
                      else take_contribution(n - m, r))
    return forests, clock[1] - clock[0], time.perf_counter() - clock[1]


def _record_forest(r, forest, sample, k, training, progress):
    """Class k's OOB accuracies into its ClassResult ``r``; a note and a
    warning when every sampled cell of its rows is positive."""
    _rows, y = class_targets(sample.labels, sample.origins, k, training)
    r.oob_accuracy, r.oob_cells, r.oob_positive_accuracy = oob_accuracy(forest, y)
    if y.min() == 1:
        r.note = ("every sampled expansion cell became this class: the forest cannot "
                  "tell where it expands (P = 1 everywhere)")
        progress.warning("Class %d (%s): %s." % (r.code, r.name, r.note))


def _record_contribution(r, contribution, drivers, progress):
    """A class's contributions into its ClassResult ``r``, and its log line."""
    r.contribution, r.rmse = contribution, contribution.r0
    if contribution.note and not r.note:
        r.note = contribution.note
    progress.info("Class %d (%s): %d expansion cells, %d of %d samples positive, OOB "
                  "accuracy %s, RMSE %.4f; largest contribution: %s." % (
                      r.code, r.name, r.expansion_cells, r.positive_cells,
                      r.sample_cells, "-" if r.oob_accuracy is None else
                      "%.4f" % r.oob_accuracy, r.rmse, _largest(contribution, drivers)))


def _leakage_guard(results, drivers, start_label, progress):
    """Warn when one driver alone separates a class's expansion almost
    perfectly (docs/leas.md, "Leakage guard"): OOB accuracy, overall and
    among the positives, >= LEAK_OOB_ACCURACY and that driver's share >=
    LEAK_SHARE. The positives' accuracy keeps a forest that answers "no"
    everywhere (rare positives among many negatives) from counting.
    ``start_label`` None: single-map mode."""
    if start_label is None:
        source = ("made from the map itself (e.g. distance to built-up computed from it): "
                  "such a driver only repeats the map")
    else:
        source = ("made from the END map of the calibration interval (e.g. distance to "
                  "built-up computed from the later map): such a driver already contains the "
                  "change it should predict, and the probabilities only repeat that map. "
                  "Build distance-to-class drivers from the start map (%s)" % start_label)
    for r in results:
        c = r.contribution
        if c is None or r.oob_accuracy is None or r.oob_positive_accuracy is None:
            continue
        j = int(np.argmax(c.shares))
        if min(r.oob_accuracy, r.oob_positive_accuracy) >= LEAK_OOB_ACCURACY and \
                c.shares[j] >= LEAK_SHARE:
            progress.warning(
                "Class %d (%s): driver %s alone separates where it expanded almost perfectly "
                "(out-of-bag accuracy %.4f, contribution share %.3f). Check that this driver was "
                "not %s." % (r.code, r.name, drivers[j].name, r.oob_accuracy, c.shares[j],
                             source))


def train_leas(start_path, end_path, driver_paths, *, settings=None, classes=None, labels=None,
               progress=None, cluster=None):
    """Sample, fit one forest per class, compute contributions -> LeasModel.

    ``start_path`` None = single-map mode (sample ``end_path`` itself).
    ``driver_paths``: rasters on the land-use grid (each band a driver).
    ``settings``: :class:`LeasSettings`; ``classes``: a ClassTable for names;
    ``labels``: see :func:`input_labels`. The returned model carries
    per-class results (samples, OOB accuracy, RMSE, contributions) and the
    seconds of each stage in ``timings``. A class with too few sampled
    positives gets no forest (P = 0) and a warning; refused only when no
    class can be trained (docs/leas.md).

    ``cluster`` (a core.common.cluster.Cluster): the sample pass runs on its
    chunks and every class's forest and contributions are tasks on its
    workers; the model is the same as on this machine (docs/leas.md, "On a
    Dask cluster"). THREADS then does not apply (one thread per task).
    """
    progress = progress or Progress()
    settings = settings or LeasSettings()
    classes = classes or ClassTable()
    require_sklearn()
    lab = input_labels(start_path, end_path, driver_paths, labels)
    start, end, drivers = _open_training_inputs(start_path, end_path, driver_paths, lab, progress)
    settings.check(len(drivers))
    threads = resolve_threads(settings.threads)
    single = start is None
    if cluster is not None:
        progress.info("LEAS training on %s." % cluster.describe())

    t_sampling = time.perf_counter()
    codes, index, counts, results = _expansion(start, end, classes, settings,
                                               progress.span(0.0, 0.08))
    sample, X, lo, hi = _training_sample(start, end, drivers, index, counts, results, settings,
                                         progress.span(0.08, 0.4), cluster)
    n = len(sample.labels)

    # -- forests and contributions ----------------------------------------------
    t_training = time.perf_counter()
    # the first stream drew the sample before sampling became counter-based;
    # skipping it keeps the seeds of the other two
    _sample_stream, permutations, forest_states = np.random.SeedSequence(settings.seed).spawn(3)
    forests, training_seconds, contribution_seconds = _forests_and_contributions(
        X, sample, results, drivers, settings, (permutations, forest_states), threads, cluster,
        progress.span(0.4, 0.5))
    _leakage_guard(results, drivers, None if single else start.label, progress)
    record = settings.record()
    record.update({"single_map": single, "sample_cells": n,
                   "start": start.label if start else None, "end": end.label})
    return LeasModel(codes, [classes.name(c) for c in codes], [d.name for d in drivers],
                     lo, hi, forests, results, record, library_versions(),
                     {"sampling": t_training - t_sampling, "training": training_seconds,
                      "contributions": contribution_seconds})


def _expansion(start, end, classes, settings, progress):
    """The class codes, their index, the cell counts and a ClassResult per
    class with its expansion cells; refuses maps where no class changed or
    none expanded enough to be trained."""
    single = start is None
    codes = _class_codes(start, end, progress.span(0.0, 0.5))
    classes.complete(codes)
    index = ClassIndex(codes)
    counts = count_cells(start, end, index, progress.span(0.5, 1.0))
    expansion = counts.expansion
    total = int(expansion.sum())
    mode = "single-map mode: every valid cell of %s" % end.label if single else \
        "cells whose class differs between %s and %s" % (start.label, end.label)
    progress.info("Expansion cells (%s): %d; per class: %s." % (
        mode, total, ", ".join("%d: %d" % (c, e) for c, e in zip(codes, expansion))))
    if total == 0:
        raise LandCarbonError("No cell changed class between %s and %s, so there is no expansion "
                              "to learn from. Check that the maps are of different dates, or use "
                              "single-map mode." % (start.label, end.label))
    results = [ClassResult(c, classes.name(c), int(e)) for c, e in zip(codes, expansion)]
    expanding = [r for r in results if r.expansion_cells]
    if all(r.expansion_cells < MIN_SAMPLES for r in expanding):
        # before the long pass: no sampling rate can help
        raise LandCarbonError(_no_class_can_be_trained(expanding, 0, expansion, settings,
                                                       single))
    return codes, index, counts, results


def _training_sample(start, end, drivers, index, counts, results, settings, progress, cluster):
    """The one shared sample, each class's sample and positive cells (in
    ``results``), the drivers' ranges and the normalised driver matrix X;
    warns about classes too rare to train, refuses when none can be."""
    single = start is None
    expansion = counts.expansion
    total = int(expansion.sum())
    expanding = [r for r in results if r.expansion_cells]
    plan = plan_sample(expansion, settings.sampling_rate, settings.balanced, settings.seed,
                       all_valid=settings.training == ALL,
                       holdout_block=settings.holdout_block, positives=ALL_POSITIVES)
    sample = collect_sample(start, end, drivers, index, plan, progress, cluster)
    sample.weights = plan.weights(sample.labels, sample.origins)
    n = len(sample.labels)
    progress.info("Sample: %d cells (%s), shared by all classes." % (
        n, "balanced: about %.0f per class" % balanced_size(expansion, settings.sampling_rate)
        if settings.balanced else "%g of the %d %s%s" % (
            settings.sampling_rate, counts.population if settings.training == ALL else total,
            settings.population, _oversampled(plan, results))))
    for k, r in enumerate(results):
        _rows, y = class_targets(sample.labels, sample.origins, k, settings.training)
        r.sample_cells = len(y) if r.expansion_cells else 0
        r.positive_cells = int(y.sum())
    lo, hi = driver_ranges(drivers, sample, progress)
    rare = [r for r in expanding if r.positive_cells < MIN_SAMPLES]
    if len(rare) == len(expanding):
        raise LandCarbonError(_no_class_can_be_trained(rare, n, expansion, settings, single))
    for r in results:
        if not r.expansion_cells:
            r.note = "no expansion between the maps: P = 0 everywhere, no contributions"
            progress.warning("Class %d (%s) did not expand between the maps (no cell became %d), "
                             "so its development probability is 0 everywhere and its "
                             "contribution row is empty." % (r.code, r.name, r.code))
        elif r.positive_cells < MIN_SAMPLES:
            _rare_warning(r, expansion, settings, single, progress)
    X = np.zeros((n, len(drivers)), dtype=np.float32)
    for j in range(len(drivers)):
        X[:, j] = normalise(sample.values[:, j], ~np.isnan(sample.values[:, j]), lo[j], hi[j])
    return sample, X, lo, hi


def _oversampled(plan, results):
    """The log's note on the expansion cells TRAINING = all oversamples."""
    if not plan.all_valid:
        return ""
    k = len(results)
    more = [(r.code, plan.rates[i]) for i, r in enumerate(results)
            if r.expansion_cells and plan.rates[i] > plan.rates[k + 1]]
    if not more:
        return ""
    return ("; cells that expanded into class(es) %s at rate(s) %s so that each has about "
            "%d positives, weighted back by rate" % (
                ", ".join(str(c) for c, _r in more), ", ".join("%.3g" % r for _c, r in more),
                ALL_POSITIVES))


def _largest(contribution, drivers):
    if not any(contribution.shares):
        return "none"
    j = int(np.argmax(contribution.shares))
    return "%s (%.3f)" % (drivers[j].name, contribution.shares[j])
