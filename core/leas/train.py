"""LEAS, the Land Expansion Analysis Strategy of PLUS (SCIENCE.md section 3).

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
import pickle
import platform
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

import numpy as np

from ..common import raster
from ..common.classes import ClassTable
from .drivers import TILE_ROWS
from ..common.errors import LandCarbonError
from ..common.landmap import ClassIndex, class_counts, open_landuse, open_landuse_set
from ..common.outputs import Outputs
from ..common.plugin_files import plugin_version
from ..common.progress import Progress
from ..common.styles import style_continuous
from ..common.tables import write_table

MIN_SAMPLES = 10            # positives a class needs to train its forest
PREDICT_CELLS = 1 << 20     # cells per prediction window (features: cells x drivers x 4 B)
MIN_CHUNK_ROWS = 16384      # rows per thread task when predicting
MODEL_FORMAT = "LandCarbon LEAS model"
MODEL_FORMAT_VERSION = 1

INSTALL_SKLEARN = (
    "Install it for the Python that QGIS uses, then restart QGIS: Debian/Ubuntu: "
    "sudo apt install python3-sklearn; Windows: open the OSGeo4W Shell (Start menu, "
    "QGIS folder) and run python -m pip install scikit-learn; macOS: run QGIS's own Python "
    "with pip, e.g. /Applications/QGIS.app/Contents/MacOS/bin/python3 -m pip install "
    "scikit-learn. The other LandCarbon algorithms work without it.")


def require_sklearn():
    """(sklearn module, RandomForestClassifier), or a LandCarbonError saying
    how to install scikit-learn."""
    try:
        import sklearn
        from sklearn.ensemble import RandomForestClassifier
    except ImportError as exc:
        raise LandCarbonError(
            "LEAS needs the Python package scikit-learn (random forests), which this Python "
            "cannot import (%s). %s" % (exc, INSTALL_SKLEARN)) from None
    return sklearn, RandomForestClassifier


def library_versions():
    """Versions a saved model depends on."""
    sklearn, _rf = require_sklearn()
    return {"landcarbon": plugin_version(), "scikit-learn": sklearn.__version__,
            "numpy": np.__version__, "python": platform.python_version()}


# ---------------------------------------------------------------------------
# Drivers
# ---------------------------------------------------------------------------

@dataclass
class DriverBand:
    """One driver: a band of a raster on the land-use grid, and its name
    (the band description, else the file name)."""

    info: raster.RasterInfo
    name: str


def open_drivers(paths, labels=None, progress=None):
    """Every band of every driver raster, in order, with unique names.

    A band's name is its description (preparedrivers writes the driver's
    name there), else the file name (plus 'band N' for multi-band files).
    Repeated names get ' (2)', ' (3)' ... (models match drivers by name)."""
    from .drivers import _unique_names
    if not paths:
        raise LandCarbonError("No driver given: give the driver stack of "
                              "landcarbon:preparedrivers or rasters on the land-use grid.")
    labels = labels or [os.path.basename(str(p)) for p in paths]
    bands = []
    for path, label in zip(paths, labels):
        ds = raster.open_dataset(path, label)
        count = ds.RasterCount
        ds = None
        stem = os.path.splitext(os.path.basename(str(path)))[0]
        for b in range(1, count + 1):
            info = raster.open_band(path, label if count == 1 else "%s band %d" % (label, b),
                                    b, progress)
            if info.description:
                name = info.description
            else:
                name = stem if count == 1 else "%s band %d" % (stem, b)
            bands.append(DriverBand(info, name))
    for band, name in zip(bands, _unique_names([b.name for b in bands])):
        band.name = name
    return bands


def normalise(values, valid, lo, hi):
    """Min-max normalised float32 features: (x - lo) / (hi - lo), 0 where
    ``valid`` is False (nodata) and everywhere when hi == lo (constant).
    The same function serves the sample and the prediction, so a cell gets
    exactly the same feature value in both."""
    if hi > lo:
        out = (np.asarray(values, dtype=np.float64) - lo) / (hi - lo)
    else:
        out = np.zeros(np.shape(values))
    out = out.astype(np.float32)
    out[~valid] = 0.0
    return out


# ---------------------------------------------------------------------------
# Expansion cells and the sample
# ---------------------------------------------------------------------------

def _gain(idx0, idx1, k):
    """Class index each cell expanded into (K = none) from class indices at
    t0 and t1 (K = nodata). Single-map mode (idx0 None): every valid cell."""
    if idx0 is None:
        return idx1
    gain = idx1.copy()
    gain[(idx0 == idx1) | (idx0 == k)] = k
    return gain


class _MapReader:
    """The two land-use maps (or the single map) as class-index strips."""

    def __init__(self, start, end, index):
        self.index = index
        self.end = raster.BandReader(end)
        self.look_end = index.lookup(end)
        self.start = raster.BandReader(start) if start is not None else None
        self.look_start = index.lookup(start) if start is not None else None

    def read(self, y0, rows):
        """(gain, idx_end) class-index arrays of a strip."""
        idx1 = self.look_end(self.end.read(y0, rows))
        idx0 = self.look_start(self.start.read(y0, rows)) if self.start is not None else None
        return _gain(idx0, idx1, self.index.k), idx1

    def close(self):
        self.end.close()
        if self.start is not None:
            self.start.close()


def expansion_counts(start, end, index, progress):
    """Cells that expanded into each class (array of length K; every valid
    cell of ``end`` when ``start`` is None), in one pass over the maps."""
    grid = end.grid
    rows = raster.strip_rows(grid, max(i.block_rows for i in (start, end) if i is not None))
    counts = np.zeros(index.k + 1, dtype=np.int64)
    maps = _MapReader(start, end, index)
    parts = raster.strips(grid, rows)
    try:
        for n, (y0, nrows) in enumerate(parts):
            gain, _idx1 = maps.read(y0, nrows)
            counts += np.bincount(gain.ravel(), minlength=index.k + 1)
            progress.set((n + 1) / len(parts), "expansion cells: rows %d-%d" % (y0, y0 + nrows))
    finally:
        maps.close()
    return counts[:index.k]


@dataclass
class SamplePlan:
    """Which expansion cells are sampled: per group, sorted ordinals among
    the group's cells in raster order. One group (all expansion cells) for
    the shared random sample; one group per expanding class when balanced."""

    groups: list                 # None (all expansion cells) or a class index
    ordinals: list               # sorted int64 arrays


def plan_sample(expansion, rate, balanced, seed_sequence):
    """Draw the sample positions up front (seeded).

    Shared sample: n = round(rate * E) of the E expansion cells, uniformly
    without replacement. Balanced: m = round(rate * E / K_e) per expanding
    class (K_e classes), or all cells of a class with fewer than m."""
    rng = np.random.default_rng(seed_sequence)
    total = int(expansion.sum())
    if not balanced:
        n = min(total, int(round(rate * total)))
        ords = np.sort(rng.choice(total, size=n, replace=False)) if n else np.zeros(0, np.int64)
        return SamplePlan([None], [ords.astype(np.int64)])
    expanding = [k for k in range(len(expansion)) if expansion[k] > 0]
    per_class = int(round(rate * total / max(len(expanding), 1)))
    groups, ordinals = [], []
    for k in expanding:
        n = min(int(expansion[k]), per_class)
        ords = np.sort(rng.choice(int(expansion[k]), size=n, replace=False)) if n \
            else np.zeros(0, np.int64)
        groups.append(k)
        ordinals.append(ords.astype(np.int64))
    return SamplePlan(groups, ordinals)


@dataclass
class DriverStats:
    """Range and data problems of one driver band, from the sample pass."""

    minimum: float = np.inf
    maximum: float = -np.inf
    nodata_cells: int = 0        # nodata (incl. NaN) cells in the study area
    nan_cells: int = 0           # NaN cells in the study area (not the declared nodata)
    valid_cells: int = 0         # valid cells of the whole band


@dataclass
class Sample:
    """The shared sample: cell positions, the class index each expanded
    into, and the drivers' raw values (NaN = nodata)."""

    rows: np.ndarray
    cols: np.ndarray
    labels: np.ndarray           # class index 0..K-1
    values: np.ndarray           # float64, n x D
    stats: list                  # DriverStats per driver
    study_cells: int = 0         # valid cells of the end map


def _check_infinite(values, driver, rows):
    """Infinite driver values are an error (``rows`` = (first, last) row of
    the strip or window they come from)."""
    if np.issubdtype(values.dtype, np.floating):
        count = int(np.isinf(values).sum())
        if count:
            raise LandCarbonError(
                "Driver %s (%s) has %d infinite cell(s) in rows %d-%d. Infinite values are not "
                "data: set them to the nodata value, e.g. with the Raster Calculator or "
                "gdal_calc.py --calc \"where(isinf(A), -9999, A)\" --NoDataValue=-9999, or "
                "rebuild the stack with landcarbon:preparedrivers."
                % (driver.name, driver.info.label, count, rows[0], rows[1]))


def collect_sample(start, end, drivers, index, plan, progress):
    """One pass over the maps and every driver in row strips: keep the
    sampled cells' driver values, and each driver's range (whole band),
    nodata and NaN counts (study area = valid cells of ``end``). Infinite
    driver values are an error."""
    grid = end.grid
    infos = [i for i in (start, end) if i is not None] + [d.info for d in drivers]
    rows = raster.strip_rows(grid, max(i.block_rows for i in infos))
    maps = _MapReader(start, end, index)
    readers = [raster.BandReader(d.info) for d in drivers]
    stats = [DriverStats() for _d in drivers]
    base = [0] * len(plan.groups)
    pointer = [0] * len(plan.groups)
    out_rows, out_cols, out_labels, out_values = [], [], [], []
    study_cells = 0
    parts = raster.strips(grid, rows)
    try:
        for n, (y0, nrows) in enumerate(parts):
            gain, idx1 = maps.read(y0, nrows)
            flat_gain = gain.ravel()
            picks = []
            for g, group in enumerate(plan.groups):
                member = flat_gain != index.k if group is None else flat_gain == group
                positions = np.flatnonzero(member)
                ords = plan.ordinals[g]
                hi = int(np.searchsorted(ords, base[g] + positions.size))
                picks.append(positions[ords[pointer[g]:hi] - base[g]])
                pointer[g] = hi
                base[g] += positions.size
            picks = np.sort(np.concatenate(picks)) if picks else np.zeros(0, np.int64)
            study = (idx1 != index.k).ravel()
            study_cells += int(study.sum())
            values = np.empty((picks.size, len(drivers)))
            for j, (driver, reader) in enumerate(zip(drivers, readers)):
                block = reader.read(y0, nrows)
                _check_infinite(block, driver, (y0, y0 + nrows - 1))
                flat = block.ravel()
                valid = raster.valid_mask(flat, driver.info.nodata)
                s = stats[j]
                if valid.any():
                    v = flat[valid]
                    s.minimum = min(s.minimum, float(v.min()))
                    s.maximum = max(s.maximum, float(v.max()))
                    s.valid_cells += int(v.size)
                s.nodata_cells += int((study & ~valid).sum())
                if np.issubdtype(flat.dtype, np.floating):
                    s.nan_cells += int((study & np.isnan(flat)).sum())
                column = flat[picks].astype(np.float64)
                column[~valid[picks]] = np.nan
                values[:, j] = column
            out_rows.append(y0 + picks // grid.xsize)
            out_cols.append(picks % grid.xsize)
            out_labels.append(flat_gain[picks].astype(np.int64))
            out_values.append(values)
            progress.set((n + 1) / len(parts), "sample: rows %d-%d of %d"
                         % (y0, y0 + nrows, grid.ysize))
    finally:
        maps.close()
        for reader in readers:
            reader.close()
    return Sample(np.concatenate(out_rows), np.concatenate(out_cols),
                  np.concatenate(out_labels), np.concatenate(out_values), stats, study_cells)


# ---------------------------------------------------------------------------
# Forests, probabilities, contributions
# ---------------------------------------------------------------------------

def positive_probability(forest, X):
    """predict_proba of the positive class (1) as float64; 0 when the
    forest never saw a positive, 1 when it saw only positives."""
    proba = forest.predict_proba(X)
    classes = list(forest.classes_)
    if 1 not in classes:
        return np.zeros(len(X))
    return proba[:, classes.index(1)]


def predict_threaded(forests, X, pool, threads):
    """Positive-class probabilities of several forests on X (float32 rows),
    split into row chunks run in the thread pool. Each call uses n_jobs=1, so
    the trees are summed in a fixed order: byte-identical for any number of
    threads. Returns a list of float64 arrays (None for a None forest)."""
    n = len(X)
    parts = max(1, min(threads, n // MIN_CHUNK_ROWS))
    bounds = np.linspace(0, n, parts + 1).astype(np.int64)
    jobs = []
    for forest in forests:
        if forest is None or n == 0:
            jobs.append(None)
            continue
        forest.n_jobs = 1
        if parts == 1 or pool is None:
            jobs.append([positive_probability(forest, X)])
        else:
            jobs.append([pool.submit(positive_probability, forest, X[a:b])
                         for a, b in zip(bounds[:-1], bounds[1:])])
    out = []
    for forest, job in zip(forests, jobs):
        if job is None:
            out.append(None if forest is None else np.zeros(0))
        else:
            out.append(np.concatenate([j if isinstance(j, np.ndarray) else j.result()
                                       for j in job]))
    return out


def rmse(p, y):
    """Root mean square error of probabilities ``p`` against 0/1 targets."""
    return float(np.sqrt(np.mean((np.asarray(p, np.float64) - y) ** 2)))


@dataclass
class Contribution:
    """Permutation contributions of the drivers to one class."""

    r0: float
    r: list                      # RMSE after permuting each driver
    shares: list                 # c_j, summing to 1 (or all 0)
    note: str = ""


def permutation_contributions(predict, X, y, permutations):
    """c_j = max(r_j - r0, 0) / sum_m max(r_m - r0, 0) (SCIENCE.md 3).

    ``predict(X)`` gives probabilities, ``y`` the 0/1 targets,
    ``permutations[j]`` the row order that replaces column j. When no driver
    raises the error, every share is 0 and the note says so."""
    r0 = rmse(predict(X), y)
    r = []
    for j, perm in enumerate(permutations):
        permuted = X.copy()
        permuted[:, j] = X[perm, j]
        r.append(rmse(predict(permuted), y))
    gain = np.maximum(np.array(r) - r0, 0.0)
    total = gain.sum()
    if total > 0:
        return Contribution(r0, r, [float(v) for v in gain / total])
    return Contribution(r0, r, [0.0] * len(r),
                        "no driver raises the error when permuted: all contributions are 0")


def fit_forest(X, y, trees, mtry, random_state, threads):
    """One binary RandomForestClassifier (threads, bootstrap, OOB)."""
    _sk, forest_class = require_sklearn()
    forest = forest_class(n_estimators=trees, max_features=X.shape[1] if mtry == 0 else mtry,
                          bootstrap=True, oob_score=bool(y.min() != y.max()),
                          n_jobs=threads, random_state=random_state)
    with warnings.catch_warnings():
        # with few trees some samples are never out of bag; handled in oob_accuracy
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        forest.fit(X, y)
    forest.n_jobs = 1
    return forest


def oob_accuracy(forest, y):
    """(share of correct out-of-bag votes, samples with an OOB vote); samples
    that were in the bag of every tree are left out (scikit-learn would count
    them as votes for class 0)."""
    decision = getattr(forest, "oob_decision_function_", None)
    if decision is None:
        return None, 0
    has = decision.sum(axis=1) > 0
    if not has.any():
        return None, 0
    predicted = forest.classes_[np.argmax(decision[has], axis=1)]
    return float(np.mean(predicted == y[has])), int(has.sum())


# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------

@dataclass
class ClassResult:
    """Sample, fit and contributions of one class."""

    code: int
    name: str
    expansion_cells: int
    sample_cells: int = 0
    positive_cells: int = 0
    oob_accuracy: float = None
    oob_cells: int = 0
    rmse: float = None
    contribution: Contribution = None
    note: str = ""


@dataclass
class LeasModel:
    """A trained LEAS model: one forest per class (None: no expansion),
    the drivers' names and ranges, the classes and how it was trained."""

    codes: list
    names: list
    driver_names: list
    driver_min: list
    driver_max: list
    forests: list
    results: list                # ClassResult per class
    settings: dict = field(default_factory=dict)
    versions: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)


def save_model(model, path):
    """Write a model file: a pickled header of plain Python values (format,
    versions, drivers and their ranges, classes, per-class results; no
    scikit-learn or LandCarbon objects) followed by the pickled forests, so a
    file from another version is refused before any forest is unpickled."""
    header = {"format": MODEL_FORMAT, "format_version": MODEL_FORMAT_VERSION,
              "versions": dict(model.versions), "codes": [int(c) for c in model.codes],
              "names": list(model.names), "driver_names": list(model.driver_names),
              "driver_min": [float(v) for v in model.driver_min],
              "driver_max": [float(v) for v in model.driver_max],
              "settings": dict(model.settings), "results": [asdict(r) for r in model.results]}
    with open(path, "wb") as fh:
        pickle.dump(header, fh, protocol=4)
        pickle.dump(model.forests, fh, protocol=4)


def load_model(path, label=None):
    """Read a model file written by :func:`save_model`.

    Refused with a message: not a LEAS model; another model format; trained
    with another LandCarbon or scikit-learn version (forests pickled by one
    scikit-learn version are not reliable in another). Only open model files
    you trust: like every pickle, a model file can run code when loaded."""
    label = label or os.path.basename(str(path))
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise LandCarbonError("Cannot read the model file %s (%s)."
                              % (label, exc.strerror or exc)) from None
    with fh:
        try:
            header = pickle.load(fh)
        except Exception:   # any unpickling failure means: not our file
            header = None
        if not isinstance(header, dict) or header.get("format") != MODEL_FORMAT:
            raise LandCarbonError("%s is not a LEAS model file of LandCarbon. Give the "
                                  "OUTPUT_MODEL file written by landcarbon:leas." % label)
        if header.get("format_version") != MODEL_FORMAT_VERSION:
            raise LandCarbonError("%s uses model format %s, this LandCarbon reads format %s. "
                                  "Train the model again with landcarbon:leas."
                                  % (label, header.get("format_version"), MODEL_FORMAT_VERSION))
        saved, current = header["versions"], library_versions()
        for key in ("landcarbon", "scikit-learn"):
            if saved.get(key) != current[key]:
                raise LandCarbonError(
                    "%s was trained with LandCarbon %s and scikit-learn %s; this is LandCarbon "
                    "%s with scikit-learn %s. Saved forests are only reliable with the versions "
                    "that wrote them: train the model again with landcarbon:leas (same maps, "
                    "drivers and SEED give the same model)."
                    % (label, saved.get("landcarbon"), saved.get("scikit-learn"),
                       current["landcarbon"], current["scikit-learn"]))
        try:
            forests = pickle.load(fh)
        except Exception as exc:
            raise LandCarbonError("%s is damaged: its forests cannot be read (%s: %s). Train "
                                  "the model again." % (label, type(exc).__name__, exc)) from None
    results = []
    for r in header["results"]:
        r = dict(r)
        if r.get("contribution") is not None:
            r["contribution"] = Contribution(**r["contribution"])
        results.append(ClassResult(**r))
    return LeasModel(header["codes"], header["names"], header["driver_names"],
                     header["driver_min"], header["driver_max"], forests, results,
                     header["settings"], saved)


def match_drivers(model, drivers, label="the driver stack"):
    """The drivers in the model's order; refuses another count or other names.

    Bands may come in another order: they are matched by name (and the log
    says so). Returns the reordered list."""
    names = [d.name for d in drivers]
    if names == list(model.driver_names):
        return list(drivers)
    missing = [n for n in model.driver_names if n not in names]
    extra = [n for n in names if n not in model.driver_names]
    if len(names) != len(model.driver_names) or missing or extra:
        raise LandCarbonError(
            "The drivers do not match the model: the model was trained on %d driver(s) [%s], "
            "%s has %d [%s].%s%s Give a stack with the same band names (band descriptions) "
            "as the training stack, e.g. rebuild it with landcarbon:preparedrivers from the "
            "same layers, replacing only the layers you update (the file name of a "
            "single-band raster without description counts as its name)."
            % (len(model.driver_names), ", ".join(model.driver_names), label, len(names),
               ", ".join(names),
               " Missing: %s." % ", ".join(missing) if missing else "",
               " Not in the model: %s." % ", ".join(extra) if extra else ""))
    by_name = {d.name: d for d in drivers}
    return [by_name[n] for n in model.driver_names]


# ---------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------

def _check_settings(sampling_rate, trees, mtry, threads, n_drivers):
    if not 0 < sampling_rate <= 1:
        raise LandCarbonError("SAMPLING_RATE is %g; give a share of the expansion cells in "
                              "(0, 1], e.g. 0.01 for 1 %%." % sampling_rate)
    if trees < 1:
        raise LandCarbonError("TREES is %d; give at least 1 tree (default 20)." % trees)
    if mtry < 0 or mtry > n_drivers:
        raise LandCarbonError("MTRY is %d, but there are %d drivers; give 0 (all drivers, the "
                              "official default) or 1..%d." % (mtry, n_drivers, n_drivers))
    if threads < 0:
        raise LandCarbonError("THREADS is %d; give 0 (all processor cores) or more." % threads)


def resolve_threads(threads):
    return threads if threads and threads > 0 else (os.cpu_count() or 1)


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


def _open_training_inputs(start_path, end_path, driver_paths, start_label, end_label,
                          driver_labels, progress):
    """(start RasterInfo or None, end RasterInfo, DriverBand list), on one grid."""
    end_label = end_label or os.path.basename(str(end_path))
    if start_path is not None:
        start_label = start_label or os.path.basename(str(start_path))
        start, end = open_landuse_set([start_path, end_path], [start_label, end_label], progress)
    else:
        start, end = None, open_landuse(end_path, end_label, progress)
    drivers = open_drivers(driver_paths, driver_labels, progress)
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
    OOB accuracy and the warnings of SCIENCE.md section 3."""
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


def train_leas(start_path, end_path, driver_paths, sampling_rate=0.01, balanced=False,
               trees=20, mtry=0, seed=1, threads=0, progress=None, classes=None,
               start_label=None, end_label=None, driver_labels=None):
    """Sample, fit one forest per class, compute contributions -> LeasModel.

    ``start_path`` None = single-map mode (sample ``end_path`` itself).
    ``driver_paths``: rasters on the land-use grid (each band a driver).
    ``classes``: a ClassTable for names. ``threads`` 0 = all cores. The
    returned model carries per-class results (samples, OOB accuracy, RMSE,
    contributions) and the seconds of each stage in ``timings``.
    """
    progress = progress or Progress()
    classes = classes or ClassTable()
    require_sklearn()
    start, end, drivers = _open_training_inputs(start_path, end_path, driver_paths, start_label,
                                                end_label, driver_labels, progress)
    _check_settings(sampling_rate, trees, mtry, threads, len(drivers))
    threads = resolve_threads(threads)

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
    lo, hi = _driver_ranges(drivers, sample, progress)
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


def _driver_ranges(drivers, sample, progress):
    """Each driver's min / max over its band, with the warnings and errors
    about drivers without data, constant drivers, NaN and nodata cells."""
    lo, hi = [], []
    for driver, s in zip(drivers, sample.stats):
        if s.valid_cells == 0:
            raise LandCarbonError("Driver %s (%s) holds no valid cell (all nodata). Check the "
                                  "file and its nodata value, or leave it out."
                                  % (driver.name, driver.info.label))
        if s.nodata_cells == sample.study_cells and sample.study_cells:
            raise LandCarbonError("Driver %s (%s) has no data in the study area (the valid cells "
                                  "of the land-use map). Check its extent and nodata value."
                                  % (driver.name, driver.info.label))
        if s.minimum == s.maximum:
            progress.warning("Driver %s (%s) has the same value (%g) in every cell: it carries "
                             "no information (normalised to 0 everywhere); leave it out."
                             % (driver.name, driver.info.label, s.minimum))
        nan_note = ""
        if s.nan_cells and not (driver.info.nodata is not None and np.isnan(driver.info.nodata)):
            nan_note = " (%d of them NaN, not the declared nodata)" % s.nan_cells
            progress.warning("Driver %s (%s) has %d NaN cells in the study area; they are "
                             "treated as nodata." % (driver.name, driver.info.label, s.nan_cells))
        if s.nodata_cells:
            progress.info("Driver %s: %d cells of the study area (%.2f %%) are nodata%s; they "
                          "are 0 after normalisation." % (
                              driver.name, s.nodata_cells,
                              100.0 * s.nodata_cells / max(sample.study_cells, 1), nan_note))
        lo.append(float(s.minimum))
        hi.append(float(s.maximum))
    return lo, hi


# ---------------------------------------------------------------------------
# Prediction
# ---------------------------------------------------------------------------

@dataclass
class PredictionSummary:
    valid_cells: int = 0
    mean_probability: list = field(default_factory=list)
    nodata_driver_cells: list = field(default_factory=list)
    seconds: float = 0.0


def prediction_windows(grid):
    """(x0, y0, cols, rows) windows: 256-row bands (output tiles are 256 x
    256), full width unless that exceeds 4 x PREDICT_CELLS cells."""
    rows = TILE_ROWS * max(1, PREDICT_CELLS // (TILE_ROWS * max(grid.xsize, 1)))
    rows = min(rows, grid.ysize)
    cols = grid.xsize if grid.xsize * rows <= 4 * PREDICT_CELLS else \
        TILE_ROWS * max(1, PREDICT_CELLS // (TILE_ROWS * rows))
    return [(x0, y0, min(cols, grid.xsize - x0), min(rows, grid.ysize - y0))
            for y0 in range(0, grid.ysize, rows) for x0 in range(0, grid.xsize, cols)]


def band_descriptions(model):
    return ["%d %s" % (c, n) for c, n in zip(model.codes, model.names)]


def _predict(model, drivers, landuse, out_path, progress, threads):
    """Write the probability raster (one Float32 band per class, nodata
    outside the valid cells of ``landuse``); drivers in the model's order."""
    t0 = time.perf_counter()
    grid = landuse.grid
    k = len(model.codes)
    summary = PredictionSummary(0, [0.0] * k, [0] * len(drivers))
    sums = np.zeros(k)
    out = raster.create_band_stack(out_path, grid, band_descriptions(model))
    land_ds = raster.open_dataset(landuse.path, landuse.label)
    land_band = land_ds.GetRasterBand(landuse.band)
    driver_ds = [raster.open_dataset(d.info.path, d.info.label) for d in drivers]
    driver_bands = [ds.GetRasterBand(d.info.band) for ds, d in zip(driver_ds, drivers)]
    windows = prediction_windows(grid)
    try:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            for w, (x0, y0, cols, rows) in enumerate(windows):
                land = land_band.ReadAsArray(x0, y0, cols, rows)
                if landuse.dtype == np.int8 and land.dtype == np.uint8:
                    land = land.view(np.int8)
                valid = raster.valid_mask(land, landuse.nodata)
                nv = int(valid.sum())
                features = np.empty((nv, len(drivers)), dtype=np.float32)
                for j, (driver, band) in enumerate(zip(drivers, driver_bands)):
                    block = band.ReadAsArray(x0, y0, cols, rows)
                    if driver.info.dtype == np.int8 and block.dtype == np.uint8:
                        block = block.view(np.int8)
                    values = block[valid]
                    _check_infinite(values, driver, (y0, y0 + rows - 1))
                    ok = raster.valid_mask(values, driver.info.nodata)
                    summary.nodata_driver_cells[j] += int(nv - ok.sum())
                    features[:, j] = normalise(values, ok, model.driver_min[j],
                                               model.driver_max[j])
                probabilities = predict_threaded(model.forests, features, pool, threads)
                plane = np.full((rows, cols), raster.FLOAT32_NODATA, dtype=np.float32)
                for c, p in enumerate(probabilities):
                    plane[valid] = 0.0 if p is None else p.astype(np.float32)
                    if p is not None:
                        sums[c] += float(p.sum())
                    out.GetRasterBand(c + 1).WriteArray(plane, x0, y0)
                summary.valid_cells += nv
                progress.set((w + 1) / len(windows), "probabilities: rows %d-%d of %d"
                             % (y0, y0 + rows, grid.ysize))
        out.FlushCache()
    finally:
        out = None
        land_ds = None
        driver_bands = None
        driver_ds = None
    summary.mean_probability = list(sums / max(summary.valid_cells, 1))
    summary.seconds = time.perf_counter() - t0
    return summary


def _log_prediction(model, drivers, summary, progress):
    progress.info("Probabilities of %d valid cells, %d classes, in %.1f s: mean P %s." % (
        summary.valid_cells, len(model.codes), summary.seconds,
        ", ".join("%d: %.4f" % (c, m) for c, m in zip(model.codes, summary.mean_probability))))
    for d, n in zip(drivers, summary.nodata_driver_cells):
        if n:
            progress.info("Driver %s is nodata in %d valid cells of the map (%.2f %%); they "
                          "were 0 after normalisation." % (
                              d.name, n, 100.0 * n / max(summary.valid_cells, 1)))


def predict_probabilities(model, driver_paths, landuse_path, out_path, progress=None,
                          driver_labels=None, landuse_label=None, threads=0):
    """Apply a model to a driver stack: write ``out_path`` directly.

    One Float32 band per class in ascending code order, description
    '<code> <name>', values in [0, 1], nodata FLOAT32_NODATA outside the valid
    cells of ``landuse_path``. Drivers are matched to the model by name (the
    stack must have the model's drivers, no more, no fewer). Driver values
    are normalised with the model's training ranges. Returns a
    PredictionSummary. Use :func:`run_leaspredict` for all-or-nothing outputs.
    """
    progress = progress or Progress()
    require_sklearn()
    landuse = open_landuse(landuse_path, landuse_label or os.path.basename(str(landuse_path)),
                           progress)
    bands = open_drivers(driver_paths, driver_labels, progress)
    drivers = match_drivers(model, bands)
    if [d.name for d in drivers] != [d.name for d in bands]:
        progress.info("The driver bands come in another order than in the model; they were "
                      "matched by name.")
    raster.check_same_grid([(landuse.label, landuse.grid)]
                           + [(d.info.label, d.info.grid) for d in drivers])
    with raster.gdal_cache_limit():
        summary = _predict(model, drivers, landuse, out_path, progress, resolve_threads(threads))
    _log_prediction(model, drivers, summary, progress)
    return summary


# ---------------------------------------------------------------------------
# Tables, chart, the algorithms
# ---------------------------------------------------------------------------

ACCURACY_HEADER = ["code", "name", "expansion_cells", "sample_cells", "positive_cells",
                   "negative_cells", "oob_accuracy", "oob_cells", "rmse", "note"]


def accuracy_rows(model):
    return [[r.code, r.name, r.expansion_cells, r.sample_cells if r.expansion_cells else 0,
             r.positive_cells, (r.sample_cells - r.positive_cells) if r.expansion_cells else 0,
             r.oob_accuracy, r.oob_cells, r.rmse, r.note] for r in model.results]


def contribution_table(model):
    """Header and rows: one row per class, one column per driver (shares
    summing to 1), and a note (no expansion, no driver matters)."""
    header = ["code", "name"] + list(model.driver_names) + ["note"]
    rows = []
    for r in model.results:
        if r.contribution is None:
            rows.append([r.code, r.name] + [None] * len(model.driver_names) + [r.note])
        else:
            rows.append([r.code, r.name] + [float(s) for s in r.contribution.shares]
                        + [r.contribution.note or r.note])
    return header, rows


def contribution_chart(model, path):
    """PNG: per class a horizontal bar chart of the drivers' contributions."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    shown = [r for r in model.results if r.contribution is not None]
    ncols = min(3, max(1, len(shown)))
    nrows = max(1, -(-len(shown) // ncols))
    height = max(2.5, 0.28 * len(model.driver_names) + 1.2)
    fig = Figure(figsize=(4.2 * ncols, height * nrows), dpi=100)
    FigureCanvasAgg(fig)
    positions = np.arange(len(model.driver_names))
    for i, r in enumerate(shown):
        ax = fig.add_subplot(nrows, ncols, i + 1)
        ax.barh(positions, r.contribution.shares, color="#4e79a7")
        ax.set_yticks(positions)
        ax.set_yticklabels(model.driver_names if i % ncols == 0 else [], fontsize=7)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_title("%d %s" % (r.code, r.name), fontsize=9)
        ax.set_xlabel("contribution (share, rows sum to 1)", fontsize=7)
        ax.tick_params(axis="x", labelsize=7)
    if not shown:
        fig.text(0.5, 0.5, "no class expanded: no contributions", ha="center")
    fig.suptitle("LEAS driver contributions (permutation RMSE)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, format="png")


def run_leas(start_path, end_path, driver_paths, probability_path, progress=None,
             contribution_csv=None, chart_png=None, accuracy_csv=None, model_path=None,
             classes_path=None, sampling_rate=0.01, balanced=False, trees=20, mtry=0, seed=1,
             threads=0, start_label=None, end_label=None, driver_labels=None):
    """The leas algorithm: train (:func:`train_leas`), predict on the end map
    (single map in single-map mode), write every output or none.

    Outputs: ``probability_path`` (Float32 GeoTIFF, see
    :func:`predict_probabilities`), ``contribution_csv`` (class x driver
    shares), ``chart_png``, ``accuracy_csv`` (per class samples, positives,
    OOB accuracy, RMSE), ``model_path`` (see :func:`save_model`).
    Returns (LeasModel, PredictionSummary)."""
    progress = progress or Progress()
    classes = ClassTable.from_csv(classes_path, "CLASSES table") if classes_path else ClassTable()
    require_sklearn()
    with raster.gdal_cache_limit(), Outputs() as out:
        tmp_prob = out.path(probability_path)
        tmp = {name: out.path(path) if path else None for name, path in (
            ("contribution", contribution_csv), ("chart", chart_png), ("accuracy", accuracy_csv),
            ("model", model_path))}
        model = train_leas(start_path, end_path, driver_paths, sampling_rate, balanced, trees,
                           mtry, seed, threads, progress.span(0.0, 0.5), classes, start_label,
                           end_label, driver_labels)
        drivers = open_drivers(driver_paths, driver_labels)
        end = open_landuse(end_path, end_label or os.path.basename(str(end_path)))
        summary = _predict(model, drivers, end, tmp_prob, progress.span(0.5, 1.0),
                           resolve_threads(threads))
        model.timings["prediction"] = summary.seconds
        if classes_path:
            classes.check_against(model.codes, progress)
        style_continuous(tmp_prob, 0.0, 1.0, unit="probability")
        if tmp["contribution"]:
            write_table(tmp["contribution"], *contribution_table(model))
        if tmp["chart"]:
            contribution_chart(model, tmp["chart"])
        if tmp["accuracy"]:
            write_table(tmp["accuracy"], ACCURACY_HEADER, accuracy_rows(model))
        if tmp["model"]:
            save_model(model, tmp["model"])
    _log_prediction(model, drivers, summary, progress)
    progress.info("Seconds: sampling %.1f, training %.1f, contributions %.1f, prediction %.1f."
                  % tuple(model.timings[s] for s in ("sampling", "training", "contributions",
                                                     "prediction")))
    return model, summary


def run_leaspredict(model_path, driver_paths, landuse_path, probability_path, progress=None,
                    threads=0, driver_labels=None, landuse_label=None, model_label=None):
    """The leaspredict algorithm: load a saved model, check the stack, write
    the probability raster (all or nothing). Returns (LeasModel, summary)."""
    progress = progress or Progress()
    require_sklearn()
    model = load_model(model_path, model_label)
    progress.info("Model: %d classes (%s), %d drivers, trained on %s with LandCarbon %s, "
                  "scikit-learn %s." % (
                      len(model.codes), ", ".join(band_descriptions(model)),
                      len(model.driver_names),
                      model.settings.get("end") if model.settings.get("single_map") else
                      "%s -> %s" % (model.settings.get("start"), model.settings.get("end")),
                      model.versions.get("landcarbon"), model.versions.get("scikit-learn")))
    with raster.gdal_cache_limit(), Outputs() as out:
        tmp = out.path(probability_path)
        summary = predict_probabilities(model, driver_paths, landuse_path, tmp, progress,
                                        driver_labels, landuse_label, threads)
        style_continuous(tmp, 0.0, 1.0, unit="probability")
    return model, summary
