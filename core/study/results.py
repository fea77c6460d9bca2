"""What a study run produced, step by step: the observed statistics, the
LEAS model, the validation, and per scenario, pathway and year the carbon
figures (docs/study.md). The runner fills it; the summary and the report
read it.
"""

import os
from dataclasses import dataclass, field

from ..common.classes import ClassTable
from . import report_strings as rs
from .layout import BY_KEY
from .settings import ScenarioSpec, StudySettings


@dataclass
class KeyLayer:
    """A map to open in QGIS: its file, layer name, groups (outer first),
    a .qml to style it with (None: the one beside the file) and whether its
    group opens collapsed."""

    path: str
    name: str
    groups: list
    style: str = None
    collapsed: bool = False


@dataclass
class CarbonRow:
    """Results of one scenario x pathway x year."""

    scenario: str
    pathway: str
    year: int
    km2: dict                    # code -> km2
    pools_tg: list               # above, below, soil, dead (Tg C)
    change_pools_tg: list        # against the last known map, cells valid in both
    values: list                 # one per price (currency)
    moran_i: float = None
    moran_p: float = None
    files: dict = field(default_factory=dict)
    attribution_tg: object = None    # (K, K) Tg C per from -> to pair (land use at today's
    #                                  densities: the conversions themselves)
    landuse_pools_tg: list = None    # (a) land-use change at today's densities, per pool
    climate_pools_tg: list = None    # (b) the pathway's densities on the future map, per pool
    landuse_values: list = None      # (a) in currency, one per price
    climate_values: list = None      # (b) in currency, one per price
    conversions_km2: dict = None     # (from code, to code) -> km2, changed cells only
    ensemble: dict = None            # figure -> (mean, sd, p05, p95) over the runs (RUNS > 1)
    zones: list = None               # [core.carbon.ZoneCarbon] with ZONES
    zone_values: list = None         # per zone: the value of its change, one per price


@dataclass
class Allocation:
    """How far CARS met the demand of one year: cells per class code."""

    year: int
    demand: dict                 # code -> cells
    allocated: dict              # code -> cells
    iterations: int = 0
    stop_reason: str = ""

    @property
    def shortfall(self):
        """code -> demand - allocated (cells; > 0: fewer than demanded)."""
        return {c: self.demand[c] - self.allocated[c] for c in self.demand}

    @property
    def missed(self):
        """Cells the allocation is off in all (sum of |shortfall| / 2)."""
        return sum(abs(v) for v in self.shortfall.values()) // 2

    @classmethod
    def from_year(cls, codes, year_result):
        return cls(year_result.year,
                   {c: int(v) for c, v in zip(codes, year_result.demand)},
                   {c: int(v) for c, v in zip(codes, year_result.allocated)},
                   year_result.iterations, year_result.stop_reason)


@dataclass
class EnsembleRuns:
    """A seed ensemble (RUNS > 1) of the validation or of a scenario: the
    seeds, the median (most typical) run's seed, each run's agreement with
    the most frequent classes of the last year (cells), the change-frequency
    and most-frequent-class maps per year, and for the validation FoM and
    Kappa of every run."""

    seeds: list
    median_seed: int
    agreement: list
    frequency: dict                  # year -> path
    mode: dict                       # year -> path
    fom: list = None
    kappa: list = None


@dataclass
class Validation:
    """The validation: the map of year ``observed`` simulated from the map of
    year ``initial`` with the observed class totals, scored against the
    observed map next to the baselines (``accuracy``: an AccuracyResult);
    ``out_of_sample`` when its LEAS learnt from ``leas_interval`` before
    the simulated interval (three or more maps)."""

    initial: int
    observed: int
    simulated: str                   # the simulated map (the median run's)
    map: str                         # the accuracy map
    out_of_sample: bool
    leas_interval: tuple
    allocation: Allocation = None
    accuracy: object = None
    runs: EnsembleRuns = None
    # the skill of the validation's probabilities against the gains of the
    # simulated interval (core.leas.ProbabilitySkill; out of sample with
    # ``out_of_sample``)
    probability_skill: object = None


@dataclass
class ScenarioOutcome:
    """One scenario: its status, demand (year -> code -> cells), maps (year
    -> path), carbon rows, allocation per year, with RUNS > 1 its ensemble,
    and the figures of its demand source (table, trend or optimisation)."""

    spec: ScenarioSpec
    status: str = "not run"
    error: str = None
    demand: dict = None
    maps: dict = field(default_factory=dict)     # year -> land-use path
    rows: list = field(default_factory=list)     # CarbonRow
    allocation: dict = field(default_factory=dict)   # year -> Allocation
    ensemble: EnsembleRuns = None
    # the demand's own source, when not Markov (core/study/demand_sources.py)
    demand_table: object = None         # core.demand.TableDemand
    trend: object = None                # core.demand.TrendResult
    optimization: dict = None           # year -> core.demand.OptimizationResult
    zone_parts: list = None             # DEMAND_BY_ZONE: (zone name, ScenarioOutcome of its demand)


@dataclass
class StudyResult:
    """What a run produced, step by step (filled by core.study.run, read by
    the summary, the report and the QGIS adapter)."""

    folder: str
    settings: StudySettings
    codes: list = None
    classes: ClassTable = None
    status: str = "running"
    landuse_stats: object = None
    leas_model: object = None           # the model of the future scenarios
    contributions_png: str = None       # its driver contributions chart
    validation: Validation = None
    base_row: CarbonRow = None
    scenarios: list = field(default_factory=list)
    pathways: list = field(default_factory=list)   # (name, pools path)
    prices: list = field(default_factory=list)
    lisa_cell_size: float = None        # map units
    calibration: object = None          # CalibrationResult (CALIBRATE)
    comparison: object = None           # core.study.comparison.Comparison (2+ scenarios)
    explanations: list = field(default_factory=list)   # core.study.explain.Explanation
    report_path: str = None
    summary_path: str = None
    started: str = None

    @property
    def accuracy(self):
        """The validation's AccuracyResult (None before the validation ran)."""
        return self.validation.accuracy if self.validation else None

    def key_layers(self, translate=None):
        """The maps a user wants to see, in the order to show them (top
        first): [KeyLayer]: per finished scenario the land use of every
        target year and, for the last one, the carbon change and LISA
        clusters of every pathway; then the observed maps, in a collapsed
        group, with the classes' style the run wrote (landuse/
        observed_landuse.qml; the input files are not touched)."""
        t = translate or (lambda text: text)
        s = self.settings
        top = "LandCarbon %s" % os.path.basename(self.folder)
        layers = []
        for outcome in self.scenarios:
            if outcome.status != "finished":
                continue
            group = [top, t(rs.SCENARIO).format(outcome.spec.name)]
            for year in sorted(outcome.maps):
                layers.append((outcome.maps[year], t(rs.LAYER_LANDUSE).format(year), group))
                if outcome.ensemble:
                    layers.append((outcome.ensemble.frequency[year],
                                   t(rs.LAYER_FREQUENCY).format(year, len(
                                       outcome.ensemble.seeds)), group))
            last = max(outcome.maps) if outcome.maps else None
            for row in outcome.rows:
                if row.year != last:
                    continue
                if row.files.get("change"):
                    layers.append((row.files["change"], t(rs.LAYER_CHANGE).format(
                        s.years[-1], row.year, row.pathway), group))
                if row.files.get("lisa"):
                    layers.append((row.files["lisa"], t(rs.LAYER_LISA).format(
                        row.year, row.pathway), group))
        out = [KeyLayer(p, n, g) for p, n, g in layers if p and os.path.exists(p)]
        style = os.path.join(self.folder, BY_KEY["observed_style"].name)
        return out + [KeyLayer(path, t(rs.LAYER_LANDUSE).format(year),
                               [top, t(rs.GROUP_OBSERVED)],
                               style if os.path.exists(style) else None, collapsed=True)
                      for path, year in zip(s.maps, s.years)]
