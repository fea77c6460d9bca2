"""Accuracy of a land-use simulation (docs/accuracy.md).

Three maps on one grid: the initial map (t0), the observed map (t1) and the
simulated map (t1, simulated from t0). Only cells that hold a class in all
three maps count; the log says how many were dropped.

Statistics
----------
Confusion matrix ``n`` (K x K, rows = simulated class, columns = observed
class), N = sum of n, proportions p_ij = n_ij / N:

- overall accuracy ``OA = sum_i n_ii / N``;
- Cohen's Kappa ``(OA - p_e) / (1 - p_e)``, ``p_e = sum_i n_i+ n_+i / N^2``;
- producer's accuracy of class i = n_ii / n_+i (observed total, column),
  user's accuracy = n_ii / n_i+ (simulated total, row);
- quantity and allocation disagreement (Pontius & Millones 2011, Int. J.
  Remote Sens. 32:4407, eq. 2-5 with the full map as the "sample"):
  ``q_g = |p_g+ - p_+g|``, ``Q = sum_g q_g / 2``;
  ``a_g = 2 min(p_g+ - p_gg, p_+g - p_gg)``, ``A = sum_g a_g / 2``;
  Q + A = 1 - OA;
- Kappa histogram and Kappa location as defined by Hagen (2002, Int. J.
  Geogr. Inf. Sci. 16:503, eq. 6-7), the split of Kappa by Pontius (2000,
  PE&RS 66:1011) into quantity and location parts:
  ``p_max = sum_i min(p_i+, p_+i)`` (the best agreement the class totals allow),
  ``K_histo = (p_max - p_e) / (1 - p_e)``, ``K_loc = (OA - p_e) / (p_max - p_e)``,
  so that ``Kappa = K_histo * K_loc``. (Pontius's own K_location is the same
  ratio; his K_quantity is a different statistic and is not reported.)

Figure of merit (Pontius et al. 2008, Ann. Reg. Sci. 42:11), over the cells
where observed or simulated change occurs (change = class differs from the
initial map):

- A (miss): observed change simulated as persistence;
- B (hit): observed change simulated as change to the observed class;
- C (wrong hit): observed change simulated as change to another class;
- D (false alarm): observed persistence simulated as change;
- ``FoM = B / (A + B + C + D)``; producer's accuracy ``B / (A + B + C)``;
  user's accuracy ``B / (B + C + D)``.

A statistic whose denominator is 0 (e.g. FoM when nothing changed) is
undefined: None in the result, an empty cell in the report, and a warning.

Sampling: by default every cell counts. With a sampling rate r in (0, 1)
each cell is kept with probability r (Bernoulli sampling: cell i is kept
when ``u(seed, SAMPLE, 2, i) < r``, the counter-based uniform of
core/common/random.py, so the sample does not depend on the strip or chunk
shape); all statistics then use the sampled cells, as the official PLUS
tool's sampled Kappa does. The A/B/C/D map and the multiple-resolution
budget always cover every valid cell.

The A/B/C/D map (uint8): 0 persistence simulated as persistence (correct
rejection), 1 A miss, 2 B hit, 3 C wrong hit, 4 D false alarm, 255 nodata.

Baselines (core/landuse/baselines.py): two maps with the simulation's
from -> to counts, allocated at random and nearest to the existing patches
of the initial map, scored on the same (sampled) cells in the same pass as
the simulation; the model's FoM is reported as a multiple of theirs.

Beyond the cell-by-cell statistics (docs/accuracy.md): Kappa Simulation
and the skill per from -> to transition (core/landuse/transitions.py, from
the three-way table of initial, simulated and observed classes), and the
budget of quantity, exchange and shift at multiple resolutions with the
null resolution (core/landuse/multiresolution.py, MULTIRESOLUTION).

One pass of one kernel scores every window (:func:`_score_window`): row
strips on one machine, or the chunks of a Dask cluster (``cluster=``);
every count is an integer, so both give the same result.
"""

import collections
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from ..common import blocks, random, raster
from ..common.classes import ClassTable
from ..common.errors import LandCarbonError
from ..common.landmap import ClassIndex, open_landuse_set, scan_codes
from ..common.outputs import Outputs
from ..common.progress import Progress
from ..common.spec import checked
from ..common.styles import style_categorical
from ..common.tables import write_table
from .baselines import LABELS as BASELINE_LABELS
from .baselines import NAMES as BASELINE_NAMES
from .baselines import build_baselines
from .multiresolution import MULTIRESOLUTION_HEADER, Budget, budget_chart, window_budget
from .settings import AccuracySettings
from .transitions import (
    TRANSITIONS_HEADER,
    ThreeWay,
    kappa_simulation,
    transition_rows,
    transition_skill,
)

MAP_NODATA = 255
PERSISTENCE, MISS, HIT, WRONG_HIT, FALSE_ALARM = 0, 1, 2, 3, 4

# (code, colour, label) of the A/B/C/D map legend
MAP_ENTRIES = [
    (PERSISTENCE, (224, 224, 224, 255), "persistence simulated as persistence"),
    (MISS, (215, 25, 28, 255), "A miss: observed change simulated as persistence"),
    (HIT, (26, 150, 65, 255), "B hit: observed change simulated correctly"),
    (WRONG_HIT, (123, 50, 148, 255), "C wrong hit: observed change simulated as another class"),
    (FALSE_ALARM, (253, 174, 97, 255), "D false alarm: observed persistence simulated as change"),
]


def _ratio(num, den):
    return None if den == 0 else float(num) / float(den)


@dataclass
class BaselineScore:
    """A baseline map scored against the observed map on the model's cells
    (docs/accuracy.md, "Baselines"). Fractions in [0, 1], None when
    undefined; a, b, c, d are cells; ``fom_multiple`` is the model's FoM
    divided by this FoM (None when either is undefined or this FoM is 0)."""

    name: str                      # "random" or "nearest"
    label: str                     # "random allocation", "nearest to existing patches"
    confusion: np.ndarray          # K x K cells, rows = baseline class, columns = observed
    overall_accuracy: float
    kappa: object
    fom: object
    a: int
    b: int
    c: int
    d: int
    fom_multiple: object = None


@dataclass
class AccuracyResult:
    """Every statistic of the report. Fractions are in [0, 1] (None when
    undefined); a, b, c, d and ``persistence`` are cell counts."""

    codes: list
    confusion: np.ndarray          # K x K cells, rows = simulated, columns = observed
    cells: int                     # cells assessed (sampled cells when sampling)
    overall_accuracy: float
    kappa: object
    expected_agreement: float
    producers_accuracy: list       # per class, None when the class was never observed
    users_accuracy: list           # per class, None when the class was never simulated
    quantity_disagreement: float
    allocation_disagreement: float
    kappa_histogram: object
    kappa_location: object
    a: int
    b: int
    c: int
    d: int
    persistence: int
    fom: object
    fom_producers_accuracy: object
    fom_users_accuracy: object
    sampling_rate: object = None
    seed: int = 0
    valid_cells: int = 0           # cells valid in all three maps
    dropped: dict = field(default_factory=dict)   # label -> valid cells dropped
    baselines: dict = field(default_factory=dict)  # name -> BaselineScore ({} when skipped)
    table: object = None           # ThreeWay of the assessed cells (initial, simulated, observed)
    ksim: object = None            # KappaSimulation (core/landuse/transitions.py)
    transitions: list = field(default_factory=list)   # TransitionSkill per pair, largest first
    gains: list = field(default_factory=list)         # TransitionSkill per class (its gains)
    multiresolution: object = None  # MultiResolution (MULTIRESOLUTION), every valid cell


def confusion_statistics(confusion):
    """OA, Kappa, p_e, PA, UA, quantity / allocation disagreement, K_histo and
    K_loc of a confusion matrix (rows = simulated, columns = observed); see
    the module docstring for the formulas. Returns a dict."""
    n = np.asarray(confusion, dtype=np.float64)
    total = n.sum()
    if total == 0:
        raise LandCarbonError("No cell to assess: the confusion matrix is empty.")
    p = n / total
    diag = np.diag(p)
    rows = p.sum(axis=1)      # simulated share of each class
    cols = p.sum(axis=0)      # observed share of each class
    oa = float(diag.sum())
    pe = float((rows * cols).sum())
    pmax = float(np.minimum(rows, cols).sum())
    quantity = float(np.abs(rows - cols).sum() / 2.0)
    allocation = float((2.0 * np.minimum(rows - diag, cols - diag)).sum() / 2.0)
    return {
        "overall_accuracy": oa,
        "expected_agreement": pe,
        "kappa": _ratio(oa - pe, 1.0 - pe) if pe < 1.0 else None,
        "producers_accuracy": [_ratio(n[i, i], n[:, i].sum()) for i in range(len(n))],
        "users_accuracy": [_ratio(n[i, i], n[i, :].sum()) for i in range(len(n))],
        "quantity_disagreement": quantity,
        "allocation_disagreement": allocation,
        "kappa_histogram": _ratio(pmax - pe, 1.0 - pe) if pe < 1.0 else None,
        "kappa_location": _ratio(oa - pe, pmax - pe) if pmax > pe else None,
    }


def fom_statistics(a, b, c, d):
    """Figure of merit and its producer's / user's accuracy from the counts
    A (misses), B (hits), C (wrong hits), D (false alarms)."""
    return {"fom": _ratio(b, a + b + c + d), "fom_producers_accuracy": _ratio(b, a + b + c),
            "fom_users_accuracy": _ratio(b, b + c + d)}


def categorise(initial, observed, simulated, invalid_index):
    """A/B/C/D/persistence code of every cell of a strip (uint8).

    The inputs are class-index arrays; ``invalid_index`` marks nodata or
    unknown codes; a cell invalid in any map gets MAP_NODATA."""
    obs_change = initial != observed
    sim_change = initial != simulated
    same = simulated == observed
    cat = np.zeros(initial.shape, dtype=np.uint8)
    cat[obs_change & ~sim_change] = MISS
    cat[obs_change & sim_change & same] = HIT
    cat[obs_change & sim_change & ~same] = WRONG_HIT
    cat[~obs_change & sim_change] = FALSE_ALARM
    cat[(initial == invalid_index) | (observed == invalid_index)
        | (simulated == invalid_index)] = MAP_NODATA
    return cat


LABELS = {"INITIAL": "INITIAL map", "OBSERVED": "OBSERVED map", "SIMULATED": "SIMULATED map"}


def _open_maps(paths, labels, progress):
    """The three maps, on one grid; ``labels`` override LABELS."""
    lab = dict(LABELS)
    lab.update(labels or {})
    return open_landuse_set(paths, [lab["INITIAL"], lab["OBSERVED"], lab["SIMULATED"]], progress)


SAMPLE_STEP = 2                  # the accuracy's step of the SAMPLE draws (LEAS uses 1)


@dataclass
class _Scorer:
    """What a window of the scoring pass needs, the same for a row strip on
    one machine and a chunk on a Dask worker (picklable, sent once to every
    worker): per band (INITIAL, OBSERVED, SIMULATED, then the baselines) a
    function raw block -> class index (K = nodata, unknown or not
    assessed), the map's size, the sample ((rate, seed) or None), whether
    the multiple-resolution budget is tallied and the map written; on one
    machine the thread that tallies the budget (:class:`_Behind`)."""

    k: int
    lookups: list
    height: int
    width: int
    sample: object = None
    budget: bool = False
    write_map: bool = False
    behind: object = None


class _Behind:
    """One machine: the budget of a strip is tallied in a second thread
    while the next strip is read and scored (GDAL and numpy release the
    GIL); at most two strips wait. The budget is exact, so the order in
    which strips are added does not matter."""

    def __init__(self, budget):
        self.budget = budget
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="budget")
        self.waiting = collections.deque()

    def submit(self, *args):
        return self.pool.submit(window_budget, *args)

    def add(self, future, keep=1):
        self.waiting.append(future)
        while len(self.waiting) > keep:
            self.budget.add(self.waiting.popleft().result())

    def finish(self):
        while self.waiting:
            self.budget.add(self.waiting.popleft().result())

    def close(self):
        self.pool.shutdown(wait=True, cancel_futures=True)


@dataclass
class _Tally:
    """The counts of the scoring pass (of one window, or merged): cells
    valid in all three maps, the three-way tables of the simulation (on the
    sampled cells; ``full``: on every cell, when sampling and the budget
    needs it) and of each baseline, the A/B/C/D map of the window and its
    share of the multiple-resolution budget."""

    valid_cells: int
    model: ThreeWay
    full: ThreeWay = None
    baselines: list = field(default_factory=list)
    budget: object = None            # WindowBudget of a window, Budget when merged
    cat: object = None

    def merge(self, other):
        self.valid_cells += other.valid_cells
        self.model.merge(other.model)
        if self.full is not None:
            self.full.merge(other.full)
        for mine, theirs in zip(self.baselines, other.baselines):
            mine.merge(theirs)
        if self.budget is not None and other.budget is not None:
            self.budget.add(other.budget)
        return self


def _score_window(kernel, window, raws):
    """The scoring kernel on one window (docstring of the module): A/B/C/D
    codes, three-way tables on the (sampled) valid cells, the budget."""
    k = kernel.k
    i0, iobs, isim, *bases = [look(raw) for look, raw in zip(kernel.lookups, raws)]
    cat = categorise(i0, iobs, isim, k)
    valid = cat != MAP_NODATA
    keep = valid
    if kernel.sample is not None:
        rate, seed = kernel.sample
        draws = random.uniform(seed, random.SAMPLE, SAMPLE_STEP,
                               blocks.cell_index(window, kernel.width), np.float64)
        keep = valid & (draws < rate)
    kept = [a[keep] for a in (i0, isim, iobs)]
    out = _Tally(int(valid.sum()), ThreeWay.count(k, *kept),
                 cat=cat if kernel.write_map else None)
    out.baselines = [ThreeWay.count(k, kept[0], b[keep], kept[2]) for b in bases]
    if kernel.budget:
        if kernel.sample is not None:
            out.full = ThreeWay.count(k, i0[valid], isim[valid], iobs[valid])
        if not valid.all():
            i0, iobs, isim = (np.where(valid, a, k).astype(a.dtype) for a in (i0, iobs, isim))
        args = (k, kernel.height, kernel.width, window, isim, iobs, i0)
        out.budget = kernel.behind.submit(*args) if kernel.behind is not None \
            else window_budget(*args)
    return out


def _fom_multiple(model_fom, baseline_fom):
    return None if model_fom is None or not baseline_fom else model_fom / baseline_fom


def _assess(infos, progress, s, map_tmp, work_folder=None, cluster=None):
    """One scan for class codes, the baseline maps when asked, then one pass
    that scores the simulation (and the baselines) and writes the map."""
    codes, own_nodata = scan_codes(infos, progress.span(0.0, 0.2 if s.baselines else 0.3))
    if not s.baselines:
        return _score(infos, codes, own_nodata, None, progress.span(0.3, 1.0), s, map_tmp,
                      cluster)
    with build_baselines(infos, codes, s.seed, work_folder or tempfile.gettempdir(),
                         progress.span(0.2, 0.8)) as maps:
        return _score(infos, codes, own_nodata, maps, progress.span(0.8, 1.0), s, map_tmp,
                      cluster)


def _scoring_pass(infos, codes, maps, progress, s, map_tmp, cluster):
    """The counting pass over every window (row strips, or the chunks of
    ``cluster``): the merged :class:`_Tally`; the A/B/C/D map written as
    the windows come in."""
    k, grid = len(codes), infos[0].grid
    index = ClassIndex(codes)
    lookups = [index.lookup(info) for info in infos]
    bands = list(infos)
    if maps is not None:
        extra, lut = maps.bands()
        bands += extra
        lookups += [lambda raw, lut=lut: lut[raw] for _info in extra]
    sample = (s.sample_share, s.seed) if s.sample_share else None
    kernel = _Scorer(k, lookups, grid.ysize, grid.xsize, sample, s.multiresolution,
                     bool(map_tmp))
    total = _Tally(0, ThreeWay(k), ThreeWay(k) if sample and s.multiresolution else None,
                   [ThreeWay(k) for _b in range(len(bands) - 3)],
                   Budget(k, grid.ysize, grid.xsize) if s.multiresolution else None)
    out_ds = None
    if map_tmp:
        out_ds = raster.create_raster(map_tmp, grid, np.uint8, nodata=MAP_NODATA,
                                      descriptions=["accuracy: 0 persistence, 1 A miss, 2 B "
                                                    "hit, 3 C wrong hit, 4 D false alarm"])
        style_categorical(out_ds, map_tmp, MAP_ENTRIES)   # before any data (GeoTIFF palette)

    def consume(window, part):
        if out_ds is not None:
            raster.write_strip(out_ds, window.y0, part.cat, x0=window.x0)
        if kernel.behind is not None:
            kernel.behind.add(part.budget)
            part.budget = None
        total.merge(part)

    if cluster is None:
        windows = blocks.strips(grid, raster.strip_rows(grid, max(i.block_rows for i in infos)))
        kernel.behind = _Behind(total.budget) if s.multiresolution else None
    else:
        windows = blocks.chunks(grid, cluster.chunks)
        progress.info("Accuracy on %s." % cluster.describe())
    try:
        blocks.run_blocks(_score_window, kernel, bands, windows, consume, cluster=cluster,
                          progress=progress, message="accuracy: strip" if cluster is None
                          else "accuracy: chunk")
        if kernel.behind is not None:
            kernel.behind.finish()
    finally:
        out_ds = None
        if kernel.behind is not None:
            kernel.behind.close()
    return total


def _score(infos, codes, own_nodata, maps, progress, s, map_tmp, cluster=None):
    """Score the simulation (and the baselines) on the same (sampled) cells."""
    grid = infos[0].grid
    tally = _scoring_pass(infos, codes, maps, progress, s, map_tmp, cluster)
    valid_cells = tally.valid_cells
    if valid_cells == 0:
        raise LandCarbonError(
            "No cell holds a class in all three maps at once (each has data, but never in "
            "the same places). Check that INITIAL, OBSERVED and SIMULATED cover the same area.")
    confusion = tally.model.confusion
    if confusion.sum() == 0:
        raise LandCarbonError(
            "SAMPLING_RATE %g selected no cell out of %d valid cells; give a larger rate or "
            "leave it empty for the full map." % (s.sample_share, valid_cells))
    stats = confusion_statistics(confusion)
    a, b, c, d = tally.model.abcd()
    stats.update(fom_statistics(a, b, c, d))
    dropped = {info.label: grid.cells - own - valid_cells for info, own in zip(infos, own_nodata)}
    scores = {}
    for name, table in zip(BASELINE_NAMES, tally.baselines):
        matrix = table.confusion
        agreement = confusion_statistics(matrix)
        ba, bb, bc, bd = table.abcd()
        fom = fom_statistics(ba, bb, bc, bd)["fom"]
        scores[name] = BaselineScore(
            name=name, label=BASELINE_LABELS[name], confusion=matrix,
            overall_accuracy=agreement["overall_accuracy"], kappa=agreement["kappa"], fom=fom,
            a=ba, b=bb, c=bc, d=bd, fom_multiple=_fom_multiple(stats["fom"], fom))
    pairs, gains = transition_skill(tally.model, codes)
    # resolutions: the side of a square cell of the same area, in map units
    side = float(np.sqrt(abs(grid.cell_width * grid.cell_height)))
    budget = tally.budget.result(tally.full or tally.model, side) \
        if tally.budget is not None else None
    return AccuracyResult(codes=codes, confusion=confusion, cells=int(confusion.sum()),
                          a=a, b=b, c=c, d=d, persistence=tally.model.persistence,
                          sampling_rate=s.sample_share, seed=int(s.seed),
                          valid_cells=valid_cells, dropped=dropped, baselines=scores,
                          table=tally.model, ksim=kappa_simulation(tally.model),
                          transitions=pairs, gains=gains, multiresolution=budget, **stats)


def _check_outputs(s, output_multiresolution, output_multiresolution_chart):
    """The rule between MULTIRESOLUTION and its outputs."""
    if not s.multiresolution and (output_multiresolution or output_multiresolution_chart):
        raise LandCarbonError(
            "MULTIRESOLUTION is off, but OUTPUT_MULTIRESOLUTION or its chart is asked for: "
            "switch MULTIRESOLUTION on, or leave those outputs empty.")


def assess_accuracy(initial, observed, simulated, *, settings=None, sampling_rate=None,
                    seed=None, baselines=None, output_map=None, classes=None, labels=None,
                    progress=None, cluster=None):
    """Compare a simulated map with the observed one (module docstring).

    ``settings``: an AccuracySettings (``sampling_rate``, ``seed``,
    ``baselines``: its values given alone). ``output_map`` (optional): the
    A/B/C/D/persistence map, written completely or not at all. The
    baselines (docs/accuracy.md, "Baselines") write temporary files beside
    ``output_map``, or into the system's temporary folder. ``labels``: names
    of the three maps in messages (INITIAL, OBSERVED, SIMULATED).
    ``classes``: a ClassTable (names in the log). ``cluster``
    (core.common.cluster.Cluster): score on its workers, chunk by chunk (the
    same result; the baselines are built here). Returns an AccuracyResult.
    """
    s = checked(AccuracySettings, settings, sampling_rate=sampling_rate, seed=seed,
                baselines=baselines)
    progress = progress or Progress()
    infos = _open_maps([initial, observed, simulated], labels, progress)
    with raster.gdal_cache_limit(), Outputs() as out:
        tmp = out.path(output_map) if output_map else None
        result = _assess(infos, progress, s, tmp, os.path.dirname(tmp) if tmp else None,
                         cluster)
    log_summary(result, classes or ClassTable(), progress)
    return result


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

REPORT_HEADER_START = ["statistic", "code", "name", "value", "unit"]


def report_rows(result, classes):
    """The report as one rectangular table.

    Columns: statistic, code, name, value, unit, then observed_<code> per
    class. Scalar statistics fill ``value``; per-class accuracies give the
    class in ``code``/``name``; the confusion matrix rows
    (statistic = confusion_cells, code = SIMULATED class) put the row total in
    ``value`` and the cells per OBSERVED class in the observed_<code> columns.
    KSim and its parts and, with MULTIRESOLUTION, the null resolution
    follow the simulation's scalars (:func:`evidence_scalars`); with
    baselines, scalars ``<statistic>_baseline_<name>`` (FoM, Kappa, OA,
    A/B/C/D cells) and ``fom_multiple_of_baseline_<name>`` come next.
    """
    codes = result.codes
    header = REPORT_HEADER_START + ["observed_%d" % c for c in codes]
    pad = [None] * len(codes)
    scalar = [
        ("cells_assessed", result.cells, "cells"),
        ("cells_valid_in_all_maps", result.valid_cells, "cells"),
        ("sampling_rate", result.sampling_rate if result.sampling_rate else 1.0, "fraction"),
        ("overall_accuracy", result.overall_accuracy, "fraction"),
        ("kappa", result.kappa, "ratio"),
        ("expected_agreement", result.expected_agreement, "fraction"),
        ("kappa_location", result.kappa_location, "ratio (Hagen 2002)"),
        ("kappa_histogram", result.kappa_histogram, "ratio (Hagen 2002)"),
        ("quantity_disagreement", result.quantity_disagreement,
         "fraction (Pontius & Millones 2011)"),
        ("allocation_disagreement", result.allocation_disagreement,
         "fraction (Pontius & Millones 2011)"),
        ("fom", result.fom, "ratio B/(A+B+C+D)"),
        ("fom_producers_accuracy", result.fom_producers_accuracy, "ratio B/(A+B+C)"),
        ("fom_users_accuracy", result.fom_users_accuracy, "ratio B/(B+C+D)"),
        ("a_misses", result.a, "cells"),
        ("b_hits", result.b, "cells"),
        ("c_wrong_hits", result.c, "cells"),
        ("d_false_alarms", result.d, "cells"),
        ("persistence_correct", result.persistence, "cells"),
    ] + evidence_scalars(result)
    for name, score in result.baselines.items():
        scalar += [
            ("fom_baseline_%s" % name, score.fom, "ratio B/(A+B+C+D)"),
            ("kappa_baseline_%s" % name, score.kappa, "ratio"),
            ("overall_accuracy_baseline_%s" % name, score.overall_accuracy, "fraction"),
            ("a_misses_baseline_%s" % name, score.a, "cells"),
            ("b_hits_baseline_%s" % name, score.b, "cells"),
            ("c_wrong_hits_baseline_%s" % name, score.c, "cells"),
            ("d_false_alarms_baseline_%s" % name, score.d, "cells"),
            ("fom_multiple_of_baseline_%s" % name, score.fom_multiple,
             "ratio (model FoM / baseline FoM)"),
        ]
    rows = [[name, None, None, value, unit] + pad for name, value, unit in scalar]
    for i, code in enumerate(codes):
        rows.append(["producers_accuracy", code, classes.name(code),
                     result.producers_accuracy[i], "fraction"] + pad)
    for i, code in enumerate(codes):
        rows.append(["users_accuracy", code, classes.name(code),
                     result.users_accuracy[i], "fraction"] + pad)
    for i, code in enumerate(codes):
        rows.append(["confusion_cells", code, "%s (simulated)" % classes.name(code),
                     int(result.confusion[i].sum()), "cells"]
                    + [int(v) for v in result.confusion[i]])
    rows.append(["confusion_cells_observed_total", None, "all classes (observed total)",
                 result.cells, "cells"] + [int(v) for v in result.confusion.sum(axis=0)])
    return header, rows


def evidence_scalars(result):
    """(statistic, value, unit) of KSim, its parts and the null resolution
    (docs/accuracy.md, "KSim" and "Multiple resolutions")."""
    k = result.ksim
    rows = [("ksim", k.ksim, "ratio (van Vliet et al. 2011)"),
            ("ktransition", k.ktransition, "ratio (van Vliet et al. 2011)"),
            ("ktransloc", k.ktransloc, "ratio (van Vliet et al. 2011)"),
            ("expected_agreement_transitions", k.expected_agreement,
             "fraction (p_e(Transition), van Vliet et al. 2011)")]
    budget = result.multiresolution
    if budget is not None:
        null = budget.null_resolution
        rows += [("null_resolution_factor", null.factor if null else None,
                  "cells per side (empty: the persistence map agrees better at every "
                  "resolution)"),
                 ("null_resolution", null.resolution if null else None, "map units")]
    return rows


def _fmt(value):
    return "undefined" if value is None else "%.4f" % value


def _times(value):
    return "undefined" if value is None else "%.2fx" % value


def log_summary(result, classes, progress):
    sample = ("%d sampled cells (rate %g, seed %d) of %d valid cells"
              % (result.cells, result.sampling_rate, result.seed, result.valid_cells)
              if result.sampling_rate else "%d cells (full map)" % result.cells)
    progress.info("Assessed %s, valid in all three maps." % sample)
    for label, dropped in result.dropped.items():
        if dropped:
            progress.info("%s: %d valid cells dropped because another map has nodata there."
                          % (label, dropped))
    progress.info("Overall accuracy %s, Kappa %s (location %s, histogram %s); quantity "
                  "disagreement %s, allocation disagreement %s."
                  % (_fmt(result.overall_accuracy), _fmt(result.kappa),
                     _fmt(result.kappa_location), _fmt(result.kappa_histogram),
                     _fmt(result.quantity_disagreement), _fmt(result.allocation_disagreement)))
    progress.info("FoM %s (producer's %s, user's %s): A misses %d, B hits %d, C wrong hits %d, "
                  "D false alarms %d cells." % (_fmt(result.fom),
                                                _fmt(result.fom_producers_accuracy),
                                                _fmt(result.fom_users_accuracy),
                                                result.a, result.b, result.c, result.d))
    if result.baselines:
        scores = [result.baselines[name] for name in BASELINE_NAMES]
        multiples = [s.fom_multiple for s in scores]
        if None in multiples:
            verdict = ("the model's FoM as a multiple of the random baseline's is %s, of the "
                       "nearest baseline's %s (undefined when a FoM is undefined or a "
                       "baseline's FoM is 0)" % tuple(_times(m) for m in multiples))
        else:
            verdict = "the model's FoM is %s the random and %s the nearest baseline" % tuple(
                _times(m) for m in multiples)
        progress.info("Baselines on the same cells and class totals: %s; %s."
                      % ("; ".join("%s FoM %s, Kappa %s, OA %s" % (
                          s.label, _fmt(s.fom), _fmt(s.kappa), _fmt(s.overall_accuracy))
                          for s in scores), verdict))
    _log_evidence(result, progress)
    if result.a + result.b + result.c == 0:
        progress.warning("No cell changed class between the INITIAL and the OBSERVED map, so "
                         "the figure of merit and its producer's accuracy are undefined. Check "
                         "that INITIAL is the earlier map the simulation started from.")
    elif result.fom is not None and result.b + result.c + result.d == 0:
        progress.warning("The SIMULATED map is identical to the INITIAL map in the assessed "
                         "cells (no simulated change): FoM is 0 and its user's accuracy is "
                         "undefined.")
    if result.kappa is None:
        progress.warning("Kappa is undefined: the simulated and observed maps hold a single "
                         "and the same class (expected agreement 1).")
    for i, code in enumerate(result.codes):
        if result.confusion[:, i].sum() and result.confusion[i].sum() == 0:
            progress.info("Class %d (%s) is observed but never simulated (user's accuracy "
                          "undefined)." % (code, classes.name(code)))


def _log_evidence(result, progress):
    """KSim, the null resolution and the largest conversion, in the log."""
    k = result.ksim
    progress.info("KSim %s (KTransition %s, KTransloc %s): agreement beyond a random "
                  "allocation of each class's simulated transitions."
                  % (_fmt(k.ksim), _fmt(k.ktransition), _fmt(k.ktransloc)))
    budget = result.multiresolution
    if budget is not None:
        null = budget.null_resolution
        if null is None:
            progress.info("No null resolution: the persistence map (the INITIAL map) agrees "
                          "better with OBSERVED than the simulation at every resolution, up "
                          "to the whole map.")
        else:
            progress.info("Null resolution: factor %d (%s): from there on the simulation "
                          "agrees better with OBSERVED than the persistence map." % (
                              null.factor, "cells of %g map units" % null.resolution
                              if null.resolution else "cells per side"))
    if result.transitions:
        t = result.transitions[0]
        progress.info("Largest observed conversion %d -> %d: %d cells observed, %d simulated, "
                      "%d hits, FoM %s." % (t.source, t.target, t.observed, t.simulated,
                                            t.hits, _fmt(t.fom)))


def run_accuracy(initial, observed, simulated, *, settings=None, sampling_rate=None, seed=None,
                 baselines=None, classes=None, output_report=None, output_map=None,
                 output_transitions=None, output_multiresolution=None,
                 output_multiresolution_chart=None, labels=None, progress=None, cluster=None):
    """The accuracy step: check inputs, compute, write the report CSV, the
    A/B/C/D map, the skill per transition (``output_transitions``, CSV),
    the budget at multiple resolutions (``output_multiresolution``, CSV,
    and its chart, PNG), all or none. ``settings``: an AccuracySettings
    (``sampling_rate``, ``seed``, ``baselines``: its values given alone);
    the baselines (docs/accuracy.md, "Baselines") write temporary files
    beside the outputs, removed afterwards. ``classes``: CSV of class names.
    ``cluster``: score on its workers (the same result). Returns the
    AccuracyResult."""
    s = checked(AccuracySettings, settings, sampling_rate=sampling_rate, seed=seed,
                baselines=baselines)
    _check_outputs(s, output_multiresolution, output_multiresolution_chart)
    progress = progress or Progress()
    table = ClassTable.from_csv(classes, "CLASSES table") if classes else ClassTable()
    infos = _open_maps([initial, observed, simulated], labels, progress)
    with raster.gdal_cache_limit(), Outputs() as out:
        tmp = {name: out.path(path) if path else None for name, path in (
            ("map", output_map), ("report", output_report), ("transitions", output_transitions),
            ("budget", output_multiresolution), ("chart", output_multiresolution_chart))}
        beside = next((p for p in tmp.values() if p), None)
        result = _assess(infos, progress, s, tmp["map"],
                         os.path.dirname(beside) if beside else None, cluster)
        table.complete(result.codes)
        if classes:
            table.check_against(result.codes, progress)
        if tmp["report"]:
            write_table(tmp["report"], *report_rows(result, table))
        if tmp["transitions"]:
            write_table(tmp["transitions"], TRANSITIONS_HEADER,
                        transition_rows(result.transitions, result.gains, table))
        if tmp["budget"]:
            write_table(tmp["budget"], MULTIRESOLUTION_HEADER, result.multiresolution.table())
        if tmp["chart"]:
            budget_chart(result.multiresolution, tmp["chart"])
    log_summary(result, table, progress)
    return result
