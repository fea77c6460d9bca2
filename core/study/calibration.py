"""Calibration by skill (docs/calibration.md): the LEAS and CARS settings
that simulate a past interval best, chosen by the figure of merit (FoM,
docs/accuracy.md) without ever seeing the map the validation scores.

The calibration interval is the last interval of the maps it is given (the
study gives every map but the last, which the validation keeps): with three
or more maps LEAS learns from the interval before it and CARS simulates it
(out of sample, like the validation); with two, LEAS learns from the
interval it simulates (in sample, said so).

Search: coordinate ascent over :data:`SEARCH` from the given settings (the
defaults unless the user changed them): one dimension at a time, every other
value of it is tried with the rest fixed, and the best is kept when it beats
the incumbent by more than the noise (:func:`better`); passes repeat until
one changes nothing or the time budget ends. A trial is FoM averaged over
``runs`` CARS seeds (SEED, SEED + 1, ...); LEAS models are trained once per
(TRAINING, MIN_SAMPLES_LEAF, distance drivers) and reused. The trials are
taken in a fixed order and each is deterministic, so the same budget on the
same machine gives the same choice; the study records the chosen settings in
parameters.json, so a run repeated from it gives the same maps without
calibrating again.

The chosen settings and the starting ones are then scored next to the
random and nearest-patch baselines (docs/accuracy.md), so the gain is
reported in the same terms as the validation.
"""

import dataclasses
import json
import os
import shutil
import time
from dataclasses import dataclass, field

import numpy as np

from ..common import spec
from ..common.classes import ClassTable
from ..common.demand_tables import write_demand
from ..common.errors import Cancelled
from ..common.landmap import open_landuse_set
from ..common.outputs import Outputs
from ..common.progress import Progress
from ..common.tables import write_table
from ..landuse import assess_accuracy, check_map_years, run_landuse_change
from .layout import Layout, run_folder
from .probabilities import train
from .simulation import cars
from .validation import observed_demand, write_weights

DISTANCE = "DISTANCE_TO_CLASSES"


@dataclass(frozen=True)
class Dimension:
    """One searched setting: ``name`` as in the tool (the study's parameter
    it sets), the ``values`` tried (the current one first), ``leas`` when
    each value needs its own LEAS model."""

    name: str
    values: tuple
    leas: bool = False


# In the order they are tried (most effect per second first, by the measurements
# of docs/calibration.md); DISTANCE_TO_CLASSES "on" means the study's classes, or
# the two classes that gained most in the interval LEAS learns from.
SEARCH = (
    Dimension(DISTANCE, ("off", "on"), leas=True),
    Dimension("TRAINING", ("expansion", "all"), leas=True),
    Dimension("NEIGHBOURHOOD_WEIGHTS", ("expansion", "equal")),
    Dimension("PATCH_THRESHOLD", (0.5, 0.3, 0.7, 0.9)),
    Dimension("SEED_PERCENTAGE", (0.01, 0.0, 0.05)),
    Dimension("EXPANSION_COEFFICIENT", (0.1, 0.03, 0.3)),
    Dimension("DECAY_SHARE", (0.5, 0.1, 1.0)),
    Dimension("NEIGHBORHOOD", (3, 5, 7)),
    Dimension("MIN_SAMPLES_LEAF", (1, 5, 20), leas=True),
)

# a candidate beats the incumbent by more than this share of its FoM and by more
# than the standard errors of both means (seed noise)
MARGIN = 0.005


@dataclass
class Trial:
    """One evaluated combination: ``values`` of every dimension, FoM per
    seed, seconds, and which dimension it varied (None: the start)."""

    values: dict
    fom: list
    seconds: float
    varied: str = None

    @property
    def score(self):
        v = np.array([np.nan if f is None else f for f in self.fom], dtype=np.float64)
        return float(np.nanmean(v)) if np.isfinite(v).any() else 0.0

    @property
    def stderr(self):
        v = np.array([f for f in self.fom if f is not None], dtype=np.float64)
        return float(v.std(ddof=1) / np.sqrt(v.size)) if v.size > 1 else 0.0


@dataclass
class CalibrationResult:
    """The calibration: the simulated interval and LEAS's, the trials in
    order, the starting and the chosen trial, both scored next to the
    baselines (FoM of seed SEED: model, random, nearest), the seconds spent
    and whether the budget ended the search."""

    interval: tuple
    leas_interval: tuple
    out_of_sample: bool
    distance_classes: list
    trials: list = field(default_factory=list)
    start: Trial = None
    best: Trial = None
    scores: dict = field(default_factory=dict)   # "start"/"chosen" -> (model, random, nearest)
    seconds: float = 0.0
    budget_seconds: float = 0.0
    stopped_by_budget: bool = False
    chart: str = None          # the sensitivity chart, once written
    independent: bool = True   # the validation simulates a later interval (the study's)

    @property
    def chosen(self):
        """{tool name: value} of the chosen settings."""
        return dict(self.best.values)

    @property
    def changed(self):
        """The chosen settings that differ from the start."""
        return {k: v for k, v in self.best.values.items() if self.start.values[k] != v}


def better(candidate, incumbent):
    """Does ``candidate`` beat ``incumbent`` by more than seed noise?"""
    gain = candidate.score - incumbent.score
    return gain > max(MARGIN * incumbent.score, candidate.stderr + incumbent.stderr)


def current_values(s, distance_on):
    """The values of every searched dimension in the settings ``s``."""
    values = {}
    for d in SEARCH:
        if d.name == DISTANCE:
            values[d.name] = "on" if distance_on else "off"
        else:
            path, p = _setting(d.name)
            values[d.name] = _get(s, path)
    return values


def _setting(name):
    from .settings import StudySettings
    for path, p in spec.all_params(StudySettings):
        if p.name == name:
            return path, p
    raise KeyError(name)


def _get(s, path):
    for attr in path:
        s = getattr(s, attr)
    return s


def apply(s, values, distance_classes):
    """A copy of the settings ``s`` with the searched ``values``."""
    s = dataclasses.replace(s, cars=dataclasses.replace(s.cars))
    for name, value in values.items():
        if name == DISTANCE:
            s.distance_classes = list(distance_classes) if value == "on" else []
            continue
        path, _p = _setting(name)
        owner = s
        for attr in path[:-1]:
            owner = getattr(owner, attr)
        setattr(owner, path[-1], value)
    return s


class Problem:
    """The interval to simulate and everything a trial reuses: the demand
    (observed totals), the LEAS models per key, the weights tables."""

    def __init__(self, s, folder, progress):
        self.s, self.folder = s, folder
        n = len(s.maps)
        self.out_of_sample = n >= 3
        self.a, self.b = (n - 3, n - 2) if self.out_of_sample else (0, 1)
        self.start, self.end = (n - 2, n - 1) if self.out_of_sample else (0, 1)
        infos = open_landuse_set(s.maps, [os.path.basename(m) for m in s.maps], progress)
        self.infos = infos
        self.stats = run_landuse_change(s.maps, s.years, progress=progress.span(0.0, 0.5))
        self.codes = self.stats.codes
        self.demand_csv = os.path.join(folder, "demand.csv")
        with Outputs() as out:
            write_demand(out.path(self.demand_csv), {s.years[self.end]: observed_demand(
                infos[self.start:self.end + 1], self.codes, progress.span(0.5, 1.0))}, None)
        matrix = self.stats.matrices[(self.a, self.b)]
        gains = matrix.sum(axis=0) - np.diag(matrix)
        self.distance_classes = list(s.distance_classes) or [
            int(self.codes[i]) for i in np.argsort(-gains, kind="stable")[:2] if gains[i] > 0]
        self.models, self.weights = {}, {}

    @property
    def interval(self):
        return (self.s.years[self.start], self.s.years[self.end])

    @property
    def leas_interval(self):
        return (self.s.years[self.a], self.s.years[self.b])

    def probability(self, s, values, layout, progress):
        """The probabilities of the trial's LEAS settings (trained once per key)."""
        key = tuple((d.name, values[d.name]) for d in SEARCH if d.leas)
        if key not in self.models:
            folder = os.path.join(os.path.relpath(self.folder, layout.folder),
                                  "leas_%d" % len(self.models))
            model, probability = train(s, self.stats, ClassTable(), self.a, self.b, folder,
                                       layout, progress)
            if self.start != self.b:        # in sample: predict on the map CARS starts from
                probability = model.predict(s.maps[self.start], s.years[self.start], progress)
            self.models[key] = probability
        return self.models[key]

    def weights_table(self, mode, progress):
        if mode not in self.weights:
            path = os.path.join(self.folder, "weights_%s.csv" % mode)
            # the weights of the interval before the simulated one, as the validation's
            start = self.infos[self.a] if self.out_of_sample else self.infos[0]
            with Outputs() as out:
                write_weights(out.path(path), start, self.infos[self.start], self.codes,
                              progress, mode)
            self.weights[mode] = path
        return self.weights[mode]

    def simulate(self, s, probability, weights, seed, progress):
        """One CARS run of the interval; returns the simulated map."""
        path = os.path.join(self.folder, "simulated_%d.tif" % seed)
        if os.path.exists(path):
            os.remove(path)
        cars(s, s.maps[self.start], probability, self.demand_csv, path, None, None, progress,
             weights=weights, seed=seed)
        return path

    def score(self, simulated, seed, baselines, progress):
        s = self.s
        return assess_accuracy(s.maps[self.start], s.maps[self.end], simulated, seed=seed,
                               baselines=baselines, progress=progress)


def calibrate(s, folder, layout, *, runs=2, budget_seconds=600.0, progress=None):
    """Calibrate the settings ``s`` (StudySettings) on the last interval of
    ``s.maps``, working in ``folder`` (the caller removes it; the LEAS models
    go there, the distance-driver stacks where ``layout`` puts them).
    Returns a CalibrationResult."""
    progress = progress or Progress()
    clock = time.time()
    os.makedirs(folder, exist_ok=True)
    problem = Problem(s, folder, progress.span(0.0, 0.02))
    result = CalibrationResult(problem.interval, problem.leas_interval, problem.out_of_sample,
                               problem.distance_classes, budget_seconds=budget_seconds)
    seeds = [s.seed + r for r in range(runs)]
    progress.info("Calibration: simulating %d from %d (LEAS on %d -> %d, %s), %d seeds, "
                  "budget %.0f s; distance drivers when on: classes %s." % (
                      result.interval[1], result.interval[0], result.leas_interval[0],
                      result.leas_interval[1], "out of sample" if problem.out_of_sample
                      else "in sample", runs, budget_seconds,
                      ", ".join(map(str, problem.distance_classes)) or "none"))
    search = _Search(s, problem, layout, seeds, result, clock, progress)
    search.run()
    result.seconds = time.time() - clock
    _score_baselines(s, problem, layout, result, seeds[0], progress)
    return result


class _Search:
    """The coordinate ascent of the calibration, within the time budget."""

    def __init__(self, s, problem, layout, seeds, result, clock, progress):
        self.s, self.problem, self.layout, self.seeds = s, problem, layout, seeds
        self.result, self.clock, self.progress = result, clock, progress
        self.cost = {"leas": 0.0, "run": 0.0}

    def run(self):
        start = current_values(self.s, bool(self.s.distance_classes))
        incumbent = self.evaluate(start, None)
        self.result.start = self.result.best = incumbent
        changed = True
        while changed:
            changed = False
            for d in SEARCH:
                for value in d.values:
                    if value == incumbent.values[d.name]:
                        continue
                    values = dict(incumbent.values, **{d.name: value})
                    if self.tried(values):
                        continue
                    if not self.fits(values):
                        self.result.stopped_by_budget = True
                        return
                    trial = self.evaluate(values, d.name)
                    if better(trial, self.result.best):
                        self.result.best = trial
                if self.result.best is not incumbent:
                    incumbent, changed = self.result.best, True

    def tried(self, values):
        return any(t.values == values for t in self.result.trials)

    def fits(self, values):
        """Would the trial end within the budget (from the costs so far),
        leaving time for the final scoring next to the baselines (about
        three runs)?"""
        new_leas = self.leas_key(values) not in self.problem.models
        estimate = self.cost["run"] * (len(self.seeds) + 3) \
            + (self.cost["leas"] if new_leas else 0)
        return time.time() - self.clock + estimate <= self.result.budget_seconds

    @staticmethod
    def leas_key(values):
        return tuple((d.name, values[d.name]) for d in SEARCH if d.leas)

    def evaluate(self, values, varied):
        p = self.problem
        s = apply(self.s, values, p.distance_classes)
        quiet = Progress(cancelled=self.progress.is_cancelled)
        t0 = time.time()
        new_leas = self.leas_key(values) not in p.models
        probability = p.probability(s, values, self.layout, quiet)
        if new_leas:
            self.cost["leas"] = max(self.cost["leas"], time.time() - t0)
        weights = p.weights_table(values["NEIGHBOURHOOD_WEIGHTS"], quiet)
        fom = []
        for seed in self.seeds:
            t1 = time.time()
            simulated = p.simulate(s, probability, weights, seed, quiet)
            fom.append(p.score(simulated, seed, False, quiet).fom)
            self.cost["run"] = max(self.cost["run"], time.time() - t1)
        trial = Trial(values, fom, time.time() - t0, varied)
        self.result.trials.append(trial)
        used = (time.time() - self.clock) / self.result.budget_seconds
        self.progress.set(min(0.02 + 0.9 * used, 0.92),
                          "calibration: trial %d" % len(self.result.trials))
        if self.progress.is_cancelled():
            raise Cancelled("Cancelled during the calibration.")
        self.progress.info("Calibration trial %d (%s): FoM %s, mean %.4f (%.1f s)." % (
            len(self.result.trials), "start" if varied is None else "%s = %s" % (
                varied, values[varied]), ", ".join("%.4f" % f for f in fom if f is not None),
            trial.score, trial.seconds))
        return trial


def _score_baselines(s, problem, layout, result, seed, progress):
    """The start and the chosen settings next to the random and nearest-patch
    baselines (seed SEED), in the terms of the validation."""
    for name, trial in (("start", result.start), ("chosen", result.best)):
        variant = apply(s, trial.values, problem.distance_classes)
        quiet = Progress(cancelled=progress.is_cancelled)
        probability = problem.probability(variant, trial.values, layout, quiet)
        weights = problem.weights_table(trial.values["NEIGHBOURHOOD_WEIGHTS"], quiet)
        simulated = problem.simulate(variant, probability, weights, seed, quiet)
        acc = problem.score(simulated, seed, True, quiet)
        result.scores[name] = (acc.fom, acc.baselines["random"].fom,
                               acc.baselines["nearest"].fom)
        if trial is result.best and result.best is result.start:
            result.scores["chosen"] = result.scores["start"]
            break
    model, _random, nearest = result.scores["chosen"]
    progress.info("Calibration chose %s: FoM %.4f on %d -> %d (start %.4f; nearest-patch "
                  "baseline %.4f), after %d trials in %.0f s%s." % (
                      ", ".join("%s = %s" % kv for kv in result.changed.items())
                      or "the starting settings", model or 0.0, result.interval[0],
                      result.interval[1], result.scores["start"][0] or 0.0, nearest or 0.0,
                      len(result.trials), result.seconds,
                      " (the budget ended the search)" if result.stopped_by_budget else ""))


# ---------------------------------------------------------------------------
# Outputs
# ---------------------------------------------------------------------------

def trials_table(result):
    """One row per trial, in order: the values, FoM per seed and mean."""
    names = [d.name for d in SEARCH]
    runs = max(len(t.fom) for t in result.trials)
    header = ["trial", "varied"] + names + ["fom_seed_%d" % (i + 1) for i in range(runs)] + [
        "fom_mean", "fom_stderr", "seconds", "chosen"]
    rows = [[i + 1, t.varied or "start"] + [t.values[n] for n in names]
            + [f for f in t.fom] + [t.score, t.stderr, t.seconds, t is result.best]
            for i, t in enumerate(result.trials)]
    return header, rows


def sensitivity_rows(result):
    """Per dimension and value: the FoM of the trial that set it with the
    other settings at their incumbent values (the last such trial), the
    start and chosen values marked."""
    rows = []
    for d in SEARCH:
        for value in d.values:
            trials = [t for t in result.trials if t.values[d.name] == value
                      and (t.varied == d.name or t is result.start or t is result.best)]
            if not trials:
                continue
            t = trials[-1]
            rows.append([d.name, value, t.score, t.stderr, len(t.fom),
                         value == result.start.values[d.name],
                         value == result.best.values[d.name]])
    return ["setting", "value", "fom_mean", "fom_stderr", "seeds", "start", "chosen"], rows


def sensitivity_chart(result, path):
    """PNG: one panel per searched setting, FoM per tried value; the chosen
    value filled, the nearest-patch baseline of the chosen settings dashed."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    _header, rows = sensitivity_rows(result)
    names = [d.name for d in SEARCH if any(r[0] == d.name for r in rows)]
    ncols = 3
    nrows = max(1, -(-len(names) // ncols))
    fig = Figure(figsize=(4.0 * ncols, 2.6 * nrows), dpi=100)
    FigureCanvasAgg(fig)
    nearest = result.scores.get("chosen", (None, None, None))[2]
    for i, name in enumerate(names):
        ax = fig.add_subplot(nrows, ncols, i + 1)
        mine = [r for r in rows if r[0] == name]
        if all(isinstance(r[1], (int, float)) for r in mine):
            mine.sort(key=lambda r: r[1])
        x = np.arange(len(mine))
        ax.errorbar(x, [r[2] for r in mine], yerr=[r[3] for r in mine], fmt="o-",
                    color="#4e79a7", ecolor="#9fb9d5", capsize=3)
        for xi, r in zip(x, mine):
            if r[6]:
                ax.plot([xi], [r[2]], "o", ms=9, mfc="#e15759", mec="#e15759")
        if nearest is not None:
            ax.axhline(nearest, ls="--", color="#777777", lw=1)
        ax.set_xticks(x)
        ax.set_xticklabels([str(r[1]) for r in mine], fontsize=7)
        ax.set_title(name, fontsize=9)
        ax.tick_params(axis="y", labelsize=7)
    fig.suptitle("Calibration %d -> %d: FoM per setting (red: chosen; dashed: nearest-patch "
                 "baseline)" % result.interval, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, format="png")


def write_outputs(result, trials_csv, sensitivity_csv, chart_png, settings_json):
    """The calibration's files, all or nothing."""
    result.chart = chart_png
    with Outputs() as out:
        write_table(out.path(trials_csv), *trials_table(result))
        write_table(out.path(sensitivity_csv), *sensitivity_rows(result))
        sensitivity_chart(result, out.path(chart_png))
        with open(out.path(settings_json), "w", encoding="utf-8") as fh:
            json.dump(record(result), fh, indent=2)


def record(result):
    """The calibration as parameters.json and the report keep it."""
    return {"interval": list(result.interval), "leas_interval": list(result.leas_interval),
            "out_of_sample": result.out_of_sample, "trials": len(result.trials),
            "seconds": round(result.seconds, 1), "budget_seconds": result.budget_seconds,
            "stopped_by_budget": result.stopped_by_budget,
            "distance_classes_when_on": result.distance_classes,
            "start": result.start.values, "chosen": result.chosen,
            "fom_start": result.start.score, "fom_chosen": result.best.score,
            "baselines_chosen": dict(zip(("model", "random", "nearest"),
                                         result.scores.get("chosen", (None,) * 3)))}


def cleanup(folder):
    shutil.rmtree(folder, ignore_errors=True)


# the study's settings the calibrate tool offers, and the CARS settings it starts from
TOOL_FIELDS = ("maps", "years", "driver_paths", "distance_classes", "classes_path", "seed",
               "sampling_rate", "trees", "training", "min_samples_leaf", "weights", "threads",
               "calibration_budget", "output_folder")


def tool_spec():
    """(the study's Params the calibrate tool offers, the CARS Params it
    starts from), declared by StudySettings and CarsSettings."""
    from ..cars import CarsSettings
    from .settings import STUDY_SETS_CARS, StudySettings
    return (tuple(p for p in spec.params(StudySettings) if p.attr in TOOL_FIELDS),
            tuple(p for p in spec.params(CarsSettings) if p.attr not in STUDY_SETS_CARS))


def run_calibration(settings, *, progress=None):
    """The calibrate step (landcarbon:calibrate): calibrate ``settings`` (a
    StudySettings with the fields of TOOL_FIELDS and its CARS settings) on
    the last interval of its maps and write into ``settings.output_folder``
    (a new run_<date> subfolder when it holds files): trials.csv,
    sensitivity.csv, sensitivity.png, chosen_settings.json. Bad values are
    refused before any work. Returns (CalibrationResult, folder)."""
    progress = progress or Progress()
    spec.check(settings)
    check_map_years(settings.years, len(settings.maps))
    folder = run_folder(settings.output_folder)
    layout = Layout(folder, settings.years[0], settings.years[-1])
    work = os.path.join(folder, "work")
    try:
        result = calibrate(settings, work, layout,
                           budget_seconds=60.0 * settings.calibration_budget, progress=progress)
        write_outputs(result, *(os.path.join(folder, name) for name in (
            "trials.csv", "sensitivity.csv", "sensitivity.png", "chosen_settings.json")))
    finally:
        cleanup(work)
    return result, folder
