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
each cell is kept with probability r (Bernoulli sampling, numpy Generator
seeded with ``seed``, one draw per cell in row-major order, so the sample does
not depend on the strip size); all statistics then use the sampled cells, as
the official PLUS tool's sampled Kappa does. The A/B/C/D map always covers
every valid cell.

The A/B/C/D map (uint8): 0 persistence simulated as persistence (correct
rejection), 1 A miss, 2 B hit, 3 C wrong hit, 4 D false alarm, 255 nodata.

Baselines (core/landuse/baselines.py): two maps with the simulation's
from -> to counts, allocated at random and nearest to the existing patches
of the initial map, scored on the same (sampled) cells in the same pass as
the simulation; the model's FoM is reported as a multiple of theirs.
"""

import os
import tempfile
from dataclasses import dataclass, field

import numpy as np

from ..common import raster
from ..common.classes import ClassTable
from ..common.errors import LandCarbonError
from ..common.landmap import Tally, class_strips, open_landuse_set, scan_codes
from ..common.outputs import Outputs
from ..common.progress import Progress
from ..common.spec import checked
from ..common.styles import style_categorical
from ..common.tables import write_table
from .baselines import LABELS as BASELINE_LABELS
from .baselines import NAMES as BASELINE_NAMES
from .baselines import build_baselines
from .settings import AccuracySettings

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


class _Counts:
    """Confusion matrix and A/B/C/D counts of one map (the simulation or a
    baseline) against the observed map, summed over strips."""

    def __init__(self, k):
        self.k = k
        self.confusion = Tally(k * k)
        self.categories = Tally(256)

    def add(self, cat, observed, mapped, keep):
        self.categories.add(cat[keep])
        self.confusion.add(mapped[keep].astype(np.int64) * self.k + observed[keep])

    def matrix(self):
        return self.confusion.cells.reshape(self.k, self.k)

    def abcd(self):
        return tuple(int(self.categories.cells[x]) for x in (MISS, HIT, WRONG_HIT, FALSE_ALARM))


def _fom_multiple(model_fom, baseline_fom):
    return None if model_fom is None or not baseline_fom else model_fom / baseline_fom


def _assess(infos, progress, sampling_rate, seed, map_tmp, baselines=False, work_folder=None):
    """One scan for class codes, the baseline maps when asked, then one pass
    that scores the simulation (and the baselines) and writes the map."""
    codes, own_nodata = scan_codes(infos, progress.span(0.0, 0.2 if baselines else 0.3))
    if not baselines:
        return _score(infos, codes, own_nodata, None, progress.span(0.3, 1.0), sampling_rate,
                      seed, map_tmp)
    with build_baselines(infos, codes, seed, work_folder or tempfile.gettempdir(),
                         progress.span(0.2, 0.8)) as maps:
        return _score(infos, codes, own_nodata, maps, progress.span(0.8, 1.0), sampling_rate,
                      seed, map_tmp)


def _score(infos, codes, own_nodata, maps, progress, sampling_rate, seed, map_tmp):
    """The counting pass: every map on the same (sampled) cells."""
    k = len(codes)
    grid = infos[0].grid
    model = _Counts(k)
    others = [_Counts(k) for _name in BASELINE_NAMES] if maps is not None else []
    valid_cells = 0
    rng = np.random.default_rng(seed) if sampling_rate else None
    out_ds = None
    if map_tmp:
        out_ds = raster.create_raster(map_tmp, grid, np.uint8, nodata=MAP_NODATA,
                                      descriptions=["accuracy: 0 persistence, 1 A miss, 2 B "
                                                    "hit, 3 C wrong hit, 4 D false alarm"])
        style_categorical(out_ds, map_tmp, MAP_ENTRIES)   # before any data (GeoTIFF palette)
    try:
        for y0, rows, (i0, iobs, isim) in class_strips(infos, codes, progress):
            cat = categorise(i0, iobs, isim, k)
            if out_ds is not None:
                raster.write_strip(out_ds, y0, cat)
            valid = cat != MAP_NODATA
            valid_cells += int(valid.sum())
            if rng is not None:
                valid &= (rng.random(valid.size) < sampling_rate).reshape(valid.shape)
            model.add(cat, iobs, isim, valid)
            if maps is not None:
                for counts, base in zip(others, maps.read(y0, rows)):
                    counts.add(categorise(i0, iobs, base, k), iobs, base, valid)
    finally:
        out_ds = None
    if valid_cells == 0:
        raise LandCarbonError(
            "No cell holds a class in all three maps at once (each has data, but never in "
            "the same places). Check that INITIAL, OBSERVED and SIMULATED cover the same area.")
    confusion = model.matrix()
    if confusion.sum() == 0:
        raise LandCarbonError(
            "SAMPLING_RATE %g selected no cell out of %d valid cells; give a larger rate or "
            "leave it empty for the full map." % (sampling_rate, valid_cells))
    stats = confusion_statistics(confusion)
    a, b, c, d = model.abcd()
    stats.update(fom_statistics(a, b, c, d))
    dropped = {info.label: grid.cells - own - valid_cells for info, own in zip(infos, own_nodata)}
    scores = {}
    for name, counts in zip(BASELINE_NAMES, others):
        matrix = counts.matrix()
        agreement = confusion_statistics(matrix)
        ba, bb, bc, bd = counts.abcd()
        fom = fom_statistics(ba, bb, bc, bd)["fom"]
        scores[name] = BaselineScore(
            name=name, label=BASELINE_LABELS[name], confusion=matrix,
            overall_accuracy=agreement["overall_accuracy"], kappa=agreement["kappa"], fom=fom,
            a=ba, b=bb, c=bc, d=bd, fom_multiple=_fom_multiple(stats["fom"], fom))
    return AccuracyResult(codes=codes, confusion=confusion, cells=int(confusion.sum()),
                          a=a, b=b, c=c, d=d, persistence=int(model.categories.cells[PERSISTENCE]),
                          sampling_rate=sampling_rate, seed=int(seed),
                          valid_cells=valid_cells, dropped=dropped, baselines=scores, **stats)


def assess_accuracy(initial, observed, simulated, *, settings=None, sampling_rate=None,
                    seed=None, baselines=None, output_map=None, classes=None, labels=None,
                    progress=None):
    """Compare a simulated map with the observed one (module docstring).

    ``settings``: an AccuracySettings (``sampling_rate``, ``seed``,
    ``baselines``: its values given alone). ``output_map`` (optional): the
    A/B/C/D/persistence map, written completely or not at all. The
    baselines (docs/accuracy.md, "Baselines") write temporary files beside
    ``output_map``, or into the system's temporary folder. ``labels``: names
    of the three maps in messages (INITIAL, OBSERVED, SIMULATED).
    ``classes``: a ClassTable (names in the log). Returns an AccuracyResult.
    """
    s = checked(AccuracySettings, settings, sampling_rate=sampling_rate, seed=seed,
                baselines=baselines)
    progress = progress or Progress()
    infos = _open_maps([initial, observed, simulated], labels, progress)
    with raster.gdal_cache_limit(), Outputs() as out:
        tmp = out.path(output_map) if output_map else None
        result = _assess(infos, progress, s.sample_share, s.seed, tmp, s.baselines,
                         os.path.dirname(tmp) if tmp else None)
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
    With baselines, scalars ``<statistic>_baseline_<name>`` (FoM, Kappa, OA,
    A/B/C/D cells) and ``fom_multiple_of_baseline_<name>`` follow the
    simulation's scalars.
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
    ]
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


def run_accuracy(initial, observed, simulated, *, settings=None, sampling_rate=None, seed=None,
                 baselines=None, classes=None, output_report=None, output_map=None,
                 labels=None, progress=None):
    """The accuracy step: check inputs, compute, write the report CSV and the
    A/B/C/D map, all or none. ``settings``: an AccuracySettings
    (``sampling_rate``, ``seed``, ``baselines``: its values given alone);
    the baselines (docs/accuracy.md, "Baselines") write temporary files
    beside the outputs, removed afterwards. ``classes``: CSV of class names.
    Returns the AccuracyResult."""
    s = checked(AccuracySettings, settings, sampling_rate=sampling_rate, seed=seed,
                baselines=baselines)
    progress = progress or Progress()
    table = ClassTable.from_csv(classes, "CLASSES table") if classes else ClassTable()
    infos = _open_maps([initial, observed, simulated], labels, progress)
    with raster.gdal_cache_limit(), Outputs() as out:
        tmp_map = out.path(output_map) if output_map else None
        tmp_report = out.path(output_report) if output_report else None
        beside = tmp_report or tmp_map
        result = _assess(infos, progress, s.sample_share, s.seed, tmp_map, s.baselines,
                         os.path.dirname(beside) if beside else None)
        table.complete(result.codes)
        if classes:
            table.check_against(result.codes, progress)
        if output_report:
            write_table(tmp_report, *report_rows(result, table))
    log_summary(result, table, progress)
    return result
