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
from ..common.charts import figure
from ..common.classes import ClassTable
from ..common.demand_tables import write_demand
from ..common.errors import Cancelled
from ..common.landmap import class_strips, open_landuse_set, scan_codes
from ..common.outputs import Outputs
from ..common.progress import Progress
from ..common.tables import write_table
from ..landuse import assess_accuracy, check_map_years, run_landuse_change
from ..leas import held_out
from .layout import Layout, run_folder
from .probabilities import train
from .simulation import cars, observed_transitions
from .validation import observed_demand, write_weights


@dataclass(frozen=True)
class Dimension:
    """One step of the search: ``name``, the ``values`` tried (each a dict
    {setting as in the tool: value}; the settings a step moves together),
    ``leas`` when each value needs its own LEAS models; ``out_of_sample``
    when it is searched only if LEAS learnt from an earlier interval than the
    simulated one (see PATCH_THRESHOLD in SEARCH)."""

    name: str
    values: tuple
    leas: bool = False
    out_of_sample: bool = False

    @property
    def settings(self):
        return sorted({k for v in self.values for k in v})


def single(name, values, leas=False, out_of_sample=False):
    """A dimension of one setting."""
    return Dimension(name, tuple({name: v} for v in values), leas, out_of_sample)


# In the order they are tried (most effect per second first; docs/calibration.md).
# LEAS's feature set, training cells and leaf size move together first: the
# landscape drivers only help with TRAINING all and larger leaves.
# With landscape drivers CARS also weights P by the distance to each class's
# patches (PROXIMITY_DECAY 3 cells): out of sample it gained on every shared
# fold with them (ten of ten) and lost with PLUS's LEAS on two of four, and in
# sample its score is biased the other way from the threshold's (it trusts P
# less), so it moves with the feature set there (docs/calibration.md).
SEARCH = (
    Dimension("LEAS", (
        {"LANDSCAPE_DRIVERS": "none", "TRAINING": "expansion", "MIN_SAMPLES_LEAF": 1,
         "PROXIMITY_DECAY": 0.0},
        {"LANDSCAPE_DRIVERS": "distance", "TRAINING": "all", "MIN_SAMPLES_LEAF": 20,
         "PROXIMITY_DECAY": 3.0},
        {"LANDSCAPE_DRIVERS": "distance and share", "TRAINING": "all",
         "MIN_SAMPLES_LEAF": 20, "PROXIMITY_DECAY": 3.0}), leas=True),
    single("MIN_SAMPLES_LEAF", (1, 5, 20, 50), leas=True),
    single("TRANSITIONS", ("all", "observed")),
    single("PROXIMITY_DECAY", (0.0, 1.0, 3.0), out_of_sample=True),
    single("NEIGHBORHOOD", (3, 5, 7)),
    single("NEIGHBOURHOOD_WEIGHTS", ("expansion", "equal")),
    # the threshold's settings are searched only out of sample: a cell passes
    # when P > delta^d x r1 (d grows when an iteration closes less than
    # DECAY_SHARE of the gap), so a high or slowly decaying threshold rewards a
    # sharp P, and when LEAS learnt from the simulated interval (a study of two
    # or three maps) P is sharper there than on any later interval (the
    # hold-out blocks remove spatial leakage, not the change of the process
    # over time).
    # bencat_glad 2000 -> 2010: +15 % (PATCH_THRESHOLD 0.9) and +12 %
    # (DECAY_SHARE 0.1) in sample, -2 % and -0.6 % on 2010 -> 2020
    single("PATCH_THRESHOLD", (0.5, 0.3, 0.7, 0.9), out_of_sample=True),
    single("SEED_PERCENTAGE", (0.01, 0.0, 0.05)),
    single("EXPANSION_COEFFICIENT", (0.1, 0.03, 0.3)),
    single("DECAY_SHARE", (0.5, 0.1, 1.0), out_of_sample=True),
    single("TRAINING", ("expansion", "all"), leas=True),
)
SETTINGS = sorted({k for d in SEARCH for k in d.settings})
# the settings LEAS models depend on: a setting that a dimension without new
# LEAS models also moves (PROXIMITY_DECAY) is CARS's
LEAS_SETTINGS = sorted({k for d in SEARCH if d.leas for k in d.settings}
                       - {k for d in SEARCH if not d.leas for k in d.settings})

# the calibration's spatial hold-out when LEAS learns from the interval it
# simulates: LEAS never samples the cells of every other block of a
# checkerboard of about 8 x 8 blocks over the map's shorter side (at least 32
# cells: smaller blocks let neighbouring training cells leak into the score),
# and the FoM is scored on those cells only (docs/calibration.md)
HOLDOUT_BLOCKS = 8
HOLDOUT_MIN_CELLS = 32

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


def current_values(s):
    """The values of every searched setting in the settings ``s``."""
    return {name: _get(s, _setting(name)[0]) for name in SETTINGS}


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


def apply(s, values):
    """A copy of the settings ``s`` with the searched ``values``."""
    s = dataclasses.replace(s, cars=dataclasses.replace(s.cars))
    for name, value in values.items():
        path, _p = _setting(name)
        owner = s
        for attr in path[:-1]:
            owner = getattr(owner, attr)
        setattr(owner, path[-1], value)
    return s


class Problem:
    """The interval to simulate and everything a trial reuses: the demand
    (observed totals), the LEAS models per key and seed, the weights tables,
    and the spatial hold-out when LEAS learns from the simulated interval."""

    def __init__(self, s, folder, progress):
        self.s, self.folder = s, folder
        n = len(s.maps)
        self.out_of_sample = n >= 3
        self.a, self.b = (n - 3, n - 2) if self.out_of_sample else (0, 1)
        self.start, self.end = (n - 2, n - 1) if self.out_of_sample else (0, 1)
        infos = open_landuse_set(s.maps, [os.path.basename(m) for m in s.maps], progress)
        self.infos = infos
        shorter = min(infos[0].grid.xsize, infos[0].grid.ysize)
        self.holdout = 0 if self.out_of_sample else max(HOLDOUT_MIN_CELLS,
                                                        shorter // HOLDOUT_BLOCKS)
        self.geographic = infos[0].grid.is_geographic
        self.stats = run_landuse_change(s.maps, s.years, progress=progress.span(0.0, 0.5))
        self.codes = self.stats.codes
        self.demand_csv = os.path.join(folder, "demand.csv")
        with Outputs() as out:
            write_demand(out.path(self.demand_csv), {s.years[self.end]: observed_demand(
                infos[self.start:self.end + 1], self.codes, progress.span(0.5, 1.0))}, None)
        self.models, self.weights, self.transitions = {}, {}, {}

    @property
    def interval(self):
        return (self.s.years[self.start], self.s.years[self.end])

    @property
    def leas_interval(self):
        return (self.s.years[self.a], self.s.years[self.b])

    def feasible(self, values):
        """Distances need a projected CRS: landscape drivers are not tried
        on a geographic grid."""
        return not (self.geographic and values.get("LANDSCAPE_DRIVERS", "none") != "none")

    def probability(self, s, values, layout, progress):
        """The probabilities of the trial's LEAS settings and seed (trained
        once per key; predicted on the map CARS starts from)."""
        key = tuple(values[k] for k in LEAS_SETTINGS) + (s.seed,)
        if key not in self.models:
            folder = os.path.join(os.path.relpath(self.folder, layout.folder),
                                  "leas_%d" % len(self.models))
            # predicted on the map CARS starts from (in sample: the interval's start)
            _model, probability = train(s, self.stats, ClassTable(), self.a, self.b, folder,
                                        layout, progress, self.holdout, predict_on=self.start)
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

    def transition_matrix(self, s):
        """TRANSITIONS observed: the conversions of LEAS's interval (else None)."""
        if s.transitions not in self.transitions:
            self.transitions[s.transitions] = observed_transitions(
                s, self.stats, self.a, self.b, os.path.join(self.folder, "transitions.csv"))
        return self.transitions[s.transitions]

    def simulate(self, s, probability, weights, seed, progress):
        """One CARS run of the interval; returns the simulated map."""
        path = os.path.join(self.folder, "simulated_%d.tif" % seed)
        if os.path.exists(path):
            os.remove(path)
        cars(s, s.maps[self.start], probability, self.demand_csv, path, None, None, progress,
             matrix=self.transition_matrix(s), weights=weights, seed=seed)
        return path

    def skill(self, simulated, progress):
        """FoM of a simulated map: on the held-out blocks only when LEAS
        learnt from the simulated interval, else on every cell."""
        s = self.s
        return figure_of_merit(s.maps[self.start], s.maps[self.end], simulated, self.holdout,
                               progress)

    def score(self, simulated, seed, progress):
        """The accuracy next to both baselines (every cell)."""
        s = self.s
        return assess_accuracy(s.maps[self.start], s.maps[self.end], simulated, seed=seed,
                               baselines=True, progress=progress)


def figure_of_merit(initial, observed, simulated, holdout_block=0, progress=None):
    """FoM = hits / (hits + misses + wrong hits + false alarms) over the
    cells valid in all three maps (docs/accuracy.md), on the held-out
    blocks of the checkerboard only when ``holdout_block`` > 0
    (core/leas/sampling.py, held_out). None when nothing changed."""
    infos = open_landuse_set([initial, observed, simulated], ["initial", "observed",
                                                              "simulated"], progress)
    codes, _nodata = scan_codes(infos, progress)
    k = len(codes)
    width = infos[0].grid.xsize
    counts = np.zeros(4, dtype=np.int64)
    for y0, rows, (a, b, c) in class_strips(infos, codes, progress):
        keep = (a < k) & (b < k) & (c < k)
        if holdout_block:
            r = np.arange(y0, y0 + rows)[:, None]
            cols = np.arange(width)[None, :]
            keep &= held_out(r, cols, holdout_block)
        changed, simulated_change = (a != b) & keep, (a != c) & keep
        counts += [np.count_nonzero(changed & simulated_change & (b == c)),
                   np.count_nonzero(changed & ~simulated_change),
                   np.count_nonzero(changed & simulated_change & (b != c)),
                   np.count_nonzero(~changed & simulated_change)]
    total = int(counts.sum())
    return float(counts[0]) / total if total else None


def calibrate(s, folder, layout, *, runs=2, budget_seconds=600.0, progress=None):
    """Calibrate the settings ``s`` (StudySettings) on the last interval of
    ``s.maps``, working in ``folder`` (the caller removes it; the LEAS models
    go there, the landscape-driver stacks where ``layout`` puts them).
    Run r of a trial uses LEAS and CARS seed SEED + r. Returns a
    CalibrationResult."""
    progress = progress or Progress()
    clock = time.time()
    os.makedirs(folder, exist_ok=True)
    problem = Problem(s, folder, progress.span(0.0, 0.02))
    result = CalibrationResult(problem.interval, problem.leas_interval, problem.out_of_sample,
                               budget_seconds=budget_seconds)
    seeds = [s.seed + r for r in range(runs)]
    progress.info("Calibration: simulating %d from %d (LEAS on %d -> %d, %s), %d seeds, "
                  "budget %.0f s." % (
                      result.interval[1], result.interval[0], result.leas_interval[0],
                      result.leas_interval[1], "out of sample" if problem.out_of_sample
                      else "in sample, scored on held-out blocks", runs, budget_seconds))
    search = _Search(s, problem, layout, seeds, result, clock, progress)
    skipped = [d.name for d in SEARCH if d not in search.searched()]
    if skipped:
        progress.info("Calibration: %s %s searched only when LEAS learns from an interval "
                      "before the simulated one (three or more maps to calibrate on, four or "
                      "more in a study): in sample their scores depend on a development "
                      "probability sharper than the validation's (docs/calibration.md)."
                      % (_listed(skipped), "is" if len(skipped) == 1 else "are"))
    search.run()
    result.seconds = time.time() - clock
    _score_baselines(s, problem, layout, result, progress)
    return result


def _listed(names):
    """"A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else "%s and %s" % (", ".join(names[:-1]), names[-1])


class _Search:
    """The coordinate ascent of the calibration, within the time budget."""

    def __init__(self, s, problem, layout, seeds, result, clock, progress):
        self.s, self.problem, self.layout, self.seeds = s, problem, layout, seeds
        self.result, self.clock, self.progress = result, clock, progress
        self.cost = {"leas": 0.0, "run": 0.0}

    def run(self):
        incumbent = self.evaluate(current_values(self.s), None)
        self.result.start = self.result.best = incumbent
        changed = True
        while changed:
            changed = False
            for d in self.searched():
                for step in d.values:
                    values = dict(incumbent.values, **step)
                    if values == incumbent.values or self.tried(values) \
                            or not self.problem.feasible(values):
                        continue
                    if not self.fits(values):
                        self.result.stopped_by_budget = True
                        return
                    trial = self.evaluate(values, d.name)
                    if better(trial, self.result.best):
                        self.result.best = trial
                if self.result.best is not incumbent:
                    incumbent, changed = self.result.best, True

    def searched(self):
        """The dimensions this problem searches (some only out of sample)."""
        return [d for d in SEARCH if self.problem.out_of_sample or not d.out_of_sample]

    def tried(self, values):
        return any(t.values == values for t in self.result.trials)

    def fits(self, values):
        """Would the trial end within the budget (from the costs so far),
        leaving time for the final scoring next to the baselines (about
        three runs)?"""
        new = [seed for seed in self.seeds if self.leas_key(values, seed) not in
               self.problem.models]
        estimate = self.cost["run"] * (len(self.seeds) + 3) + self.cost["leas"] * len(new)
        return time.time() - self.clock + estimate <= self.result.budget_seconds

    @staticmethod
    def leas_key(values, seed):
        return tuple(values[k] for k in LEAS_SETTINGS) + (seed,)

    def evaluate(self, values, varied):
        p = self.problem
        quiet = Progress(cancelled=self.progress.is_cancelled)
        t0 = time.time()
        weights = p.weights_table(values["NEIGHBOURHOOD_WEIGHTS"], quiet)
        fom = []
        for seed in self.seeds:
            s = apply(dataclasses.replace(self.s, seed=seed), values)
            t1 = time.time()
            new_leas = self.leas_key(values, seed) not in p.models
            probability = p.probability(s, values, self.layout, quiet)
            if new_leas:
                self.cost["leas"] = max(self.cost["leas"], time.time() - t1)
            t2 = time.time()
            simulated = p.simulate(s, probability, weights, seed, quiet)
            fom.append(p.skill(simulated, quiet))
            self.cost["run"] = max(self.cost["run"], time.time() - t2)
        trial = Trial(values, fom, time.time() - t0, varied)
        self.result.trials.append(trial)
        used = (time.time() - self.clock) / self.result.budget_seconds
        self.progress.set(min(0.02 + 0.9 * used, 0.92),
                          "calibration: trial %d" % len(self.result.trials))
        if self.progress.is_cancelled():
            raise Cancelled("Cancelled during the calibration.")
        self.progress.info("Calibration trial %d (%s): FoM %s, mean %.4f (%.1f s)." % (
            len(self.result.trials), "start" if varied is None else ", ".join(
                "%s = %s" % (k, values[k]) for k in _moved(varied)),
            ", ".join("%.4f" % f for f in fom if f is not None), trial.score, trial.seconds))
        return trial


def _moved(name):
    return next(d.settings for d in SEARCH if d.name == name)


def _score_baselines(s, problem, layout, result, progress):
    """The start and the chosen settings next to the random and nearest-patch
    baselines (seed SEED; every cell), in the terms of the validation."""
    for name, trial in (("start", result.start), ("chosen", result.best)):
        if name == "chosen" and result.best is result.start:
            result.scores["chosen"] = result.scores["start"]
            break
        variant = apply(s, trial.values)
        quiet = Progress(cancelled=progress.is_cancelled)
        probability = problem.probability(variant, trial.values, layout, quiet)
        weights = problem.weights_table(trial.values["NEIGHBOURHOOD_WEIGHTS"], quiet)
        simulated = problem.simulate(variant, probability, weights, s.seed, quiet)
        acc = problem.score(simulated, s.seed, quiet)
        result.scores[name] = (acc.fom, acc.baselines["random"].fom,
                               acc.baselines["nearest"].fom)
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
    names = SETTINGS
    runs = max(len(t.fom) for t in result.trials)
    header = ["trial", "varied"] + names + ["fom_seed_%d" % (i + 1) for i in range(runs)] + [
        "fom_mean", "fom_stderr", "seconds", "chosen"]
    rows = [[i + 1, t.varied or "start"] + [t.values[n] for n in names]
            + [f for f in t.fom] + [t.score, t.stderr, t.seconds, t is result.best]
            for i, t in enumerate(result.trials)]
    return header, rows


def value_text(d, value):
    """A value of a dimension as the tables show it."""
    return str(value[d.name]) if list(value) == [d.name] else \
        ", ".join(str(value[k]) for k in d.settings)


def sensitivity_rows(result):
    """Per dimension and value: the FoM of the trial that set it with the
    other settings at their incumbent values (the last such trial), the
    start and chosen values marked."""
    rows = []
    for d in SEARCH:
        for value in d.values:
            def sets(t, value=value):
                return all(t.values[k] == v for k, v in value.items())
            trials = [t for t in result.trials if sets(t)
                      and (t.varied == d.name or t is result.start or t is result.best)]
            if not trials:
                continue
            t = trials[-1]
            rows.append([d.name, value_text(d, value), t.score, t.stderr, len(t.fom),
                         sets(result.start), sets(result.best)])
    return ["setting", "value", "fom_mean", "fom_stderr", "seeds", "start", "chosen"], rows


def sensitivity_chart(result, path):
    """PNG: one panel per searched setting, FoM per tried value; the chosen
    value filled, the nearest-patch baseline of the chosen settings dashed."""
    _header, rows = sensitivity_rows(result)
    names = [d.name for d in SEARCH if any(r[0] == d.name for r in rows)]
    ncols = 3
    nrows = max(1, -(-len(names) // ncols))
    fig = figure(4.0 * ncols, 2.6 * nrows)
    nearest = result.scores.get("chosen", (None, None, None))[2]
    for i, name in enumerate(names):
        ax = fig.add_subplot(nrows, ncols, i + 1)
        mine = [r for r in rows if r[0] == name]
        if all(_number(r[1]) is not None for r in mine):
            mine.sort(key=lambda r: _number(r[1]))
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


def _number(text):
    try:
        return float(text)
    except ValueError:
        return None


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
            "start": result.start.values, "chosen": result.chosen,
            "fom_start": result.start.score, "fom_chosen": result.best.score,
            "baselines_chosen": dict(zip(("model", "random", "nearest"),
                                         result.scores.get("chosen", (None,) * 3)))}


def cleanup(folder):
    shutil.rmtree(folder, ignore_errors=True)


# the study's settings the calibrate tool offers, and the CARS settings it starts from
TOOL_FIELDS = ("maps", "years", "driver_paths", "distance_classes", "classes_path", "seed",
               "sampling_rate", "trees", "training", "min_samples_leaf", "landscape",
               "transitions", "proximity_decay", "weights", "threads", "calibration_budget",
               "output_folder")


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
