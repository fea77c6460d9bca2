"""What a study run is asked to do: the scenarios and every setting of
landcarbon:scenarios, each declared once (core/common/spec.py), and the
record of them (parameters.json and the report's parameter table) that lets
anyone repeat a run (docs/study.md).

The spec is :class:`StudySettings` (its fields, with the CARS settings
nested under ``cars``) plus :data:`SCENARIO_INPUTS` and :data:`RUNTIME`
(parameters of the tool that are not settings of the science); parameters
shared with a step (LEAS trees, LISA permutations, prices...) are declared by
that step and reused here with :func:`core.common.spec.same_as`.
"""

import json
import math
import os
from dataclasses import dataclass, field

from ..carbon import Valuation, ZoneSource
from ..cars import CarsSettings
from ..common import spec
from ..common.errors import LandCarbonError
from ..common.outputs import Outputs
from ..common.spec import Param, nested, param, same_as
from ..demand import PRESETS, OptimizeSettings, ScenarioTable
from ..hotspots import LisaSettings
from ..leas import LeasSettings

REFERENCE_PATHWAY = "reference"
WEIGHT_MODES = ("expansion", "equal")     # CARS w_k: shares of expansion (PLUS) or 1
# drivers LEAS gets from each map itself, for every class (docs/study.md)
LANDSCAPE_MODES = ("none", "distance", "distance and share")
# conversions CARS may make: all (PLUS), or those observed in the interval LEAS learnt from
TRANSITION_MODES = ("all", "observed")

# CARS settings the study sets itself (its SEED and RUNS) or does not offer
STUDY_SETS_CARS = ("random_seed", "runs", "development_class", "development_weight")
# keys of a 0.2.0 parameters.json "cars" record that are no parameters any more
LEGACY_CARS_KEYS = ("runs", "development_class", "development_weight", "chunk_cells",
                    "memory_budget", "strip_cells")


# where a scenario's land demand comes from (docs/demand.md)
DEMAND_SOURCES = ("markov", "table", "trend", "optimization")
TREND_SCENARIO = "TREND"
OPTIMIZATION_SCENARIO = "OPT"


@dataclass
class ScenarioSpec:
    """A scenario to run: its conversion rules (a preset NE, UD, CP, EP or a
    scenario table) and where its demand comes from: ``demand`` 'markov'
    (the chain under those rules), 'table' (``demand_path``, a demand CSV),
    'trend' (linear trend over the maps) or 'optimization' (``demand_path``,
    a constraints CSV; ``values_path`` the optional second objective,
    weighted by the study's OPTIMIZATION_VALUE_WEIGHT). Scenarios with their own demand keep every
    conversion the maps allow (the NE rules)."""

    name: str
    preset: str = None
    table_path: str = None
    demand: str = "markov"
    demand_path: str = None
    values_path: str = None

    @classmethod
    def from_preset(cls, key):
        return cls(key.upper(), preset=key.upper())

    @classmethod
    def from_table(cls, path):
        return cls(_stem(path), table_path=str(path))

    @classmethod
    def from_demand_table(cls, path):
        return cls(_stem(path), preset="NE", demand="table", demand_path=str(path))

    @classmethod
    def trend(cls):
        return cls(TREND_SCENARIO, preset="NE", demand="trend")

    @classmethod
    def optimization(cls, constraints, values=None):
        return cls(OPTIMIZATION_SCENARIO, preset="NE", demand="optimization",
                   demand_path=str(constraints), values_path=values)

    def table(self):
        if self.preset:
            return ScenarioTable.from_preset(self.preset)
        return ScenarioTable.from_csv(self.table_path, "scenario table %s" % self.table_path)

    def record(self):
        """The scenario in parameters.json (only what differs from a Markov
        scenario is written)."""
        out = {"name": self.name, "preset": self.preset, "table": self.table_path}
        if self.demand != "markov":
            out.update(demand=self.demand, demand_table=self.demand_path)
        if self.values_path:
            out.update(values=self.values_path)
        return out


def _stem(path):
    return os.path.splitext(os.path.basename(str(path)))[0]


@dataclass
class StudySettings:
    """Everything a study run needs. Years are calendar years; prices are per
    ``price_unit``; rates in percent; ``lisa_cell_size`` in map units (0 =
    chosen automatically). Every field but ``scenarios``, the labels, the
    command and the cluster is a declared parameter."""

    maps: list = param(
        "INPUTS", "rasters", None, label="Land-use maps (chronological order)",
        help="Two or more land-use rasters on one grid, oldest first. The scenarios "
             "start from the last map, with LEAS trained on the last two. The validation "
             "simulates the last map from the one before; with three or more maps its "
             "LEAS learns from the interval before that (out of sample).")
    years: list = param(
        "YEARS", "ints", None, label="Years of the maps",
        help="One year per map, increasing (e.g. 2000,2010,2020).")
    driver_paths: list = param(
        "DRIVERS", "rasters", None, key="drivers",
        label="Drivers (stack or rasters on the land-use grid)",
        help="The stack of landcarbon:preparedrivers or single-band rasters on the "
             "land-use grid; every band is a driver.")
    distance_classes: list = param(
        "DISTANCE_TO_CLASSES", "ints", [], optional=True, key="distance_to_classes",
        label="Distance-to-class drivers (class codes)",
        help="Optional class codes (e.g. 5,1): the distance in metres to the nearest "
             "cell of each class becomes a driver, recomputed from the start map of "
             "every run (LEAS training from the first map of its interval, the "
             "validation from its start map, the future from the last known map and "
             "then from each simulated year). Needs a projected CRS.")
    target_years: list = param(
        "TARGET_YEARS", "ints", None, label="Target years",
        help="Years to simulate, after the last map's year (e.g. 2030,2040); each is "
             "simulated from the previous one.")
    classes_path: str = param(
        "CLASSES", "file", None, extension="csv", optional=True, key="classes",
        label="Class names and colours (CSV code,name,color)",
        help="Optional names and colours of the classes, used in every map and chart.")
    pools_path: str = param(
        "POOLS", "file", None, extension="csv", key="pools",
        label="Carbon pools (CSV lucode,c_above,c_below,c_soil,c_dead)",
        help="Carbon density of each class in Mg C/ha (InVEST format); today's "
             "densities (the reference climate's).")
    pathways_path: str = param(
        "PATHWAYS", "file", None, extension="csv", optional=True, key="pathways",
        label="Climate pathways (CSV name,P,T)",
        help="Optional: mean annual precipitation (mm) and temperature (deg C) per "
             "pathway (e.g. SSP1-2.6, SSP2-4.5, SSP5-8.5); future maps then use "
             "climate-corrected densities, one result per pathway.")
    p_ref: float = param(
        "P_REF", "float", None, minimum=0.0, optional=True, unit="mm", key="p_ref_mm",
        label="Reference precipitation (mm)",
        help="Mean annual precipitation where the pool densities hold (with PATHWAYS).")
    t_ref: float = param(
        "T_REF", "float", None, optional=True, unit="deg C", key="t_ref_degC",
        label="Reference temperature (deg C)",
        help="Mean annual temperature where the pool densities hold (with PATHWAYS).")
    prices: list = same_as(Valuation, "prices")
    price_unit: str = same_as(Valuation, "price_unit")
    discount_rate: float = same_as(Valuation, "discount_rate")
    price_change: float = same_as(Valuation, "price_change")
    lisa_cell_size: float = param(
        "LISA_CELL_SIZE", "float", 0.0, minimum=0.0, auto=True, unit="map units",
        key="lisa_cell_size_map_units",
        label="LISA analysis cell size (map units, 0 = automatic)",
        help="Size of the analysis cells the carbon stock is averaged to for Moran's "
             "I and LISA (e.g. 1000 m). 0: at least 10 x 10 pixels and at most about "
             "20,000 analysis cells.")
    # the study's hot spots need a permutation test: at least one permutation
    permutations: int = same_as(LisaSettings, "permutations", advanced=True, minimum=1,
                                label="LISA permutations",
                                hint="The study's hot spots need the permutation test; "
                                     "typically 999 (at least 1 / ALPHA: 20 for 0.05).")
    alpha: float = same_as(LisaSettings, "alpha", advanced=True,
                           label="LISA significance level")
    seed: int = param(
        "SEED", "int", 1, minimum=0, label="Random seed",
        help="Seed of every random step (sampling, forests, CARS, permutations): the "
             "same seed gives the same results.")
    runs: int = param(
        "RUNS", "int", 1, minimum=1, label="Runs (seed ensemble)",
        help="CARS runs with the seeds SEED, SEED + 1, ... (1 = one simulation). With "
             "more, every scenario year gets a change-frequency map and a most-frequent-"
             "class map, its maps are the median (most typical) run's, summary.csv gives "
             "the mean, standard deviation and 5-95 % range of every area and carbon "
             "figure, the report draws them as error bars, and the validation gives FoM "
             "and Kappa as mean +- standard deviation.")
    sampling_rate: float = param(
        "SAMPLING_RATE", "float", 0.0, minimum=0.0, maximum=1.0, auto=True, advanced=True,
        label="LEAS sampling rate (0 = automatic)",
        help="Share of the expansion cells sampled for LEAS. 0: about 50 samples for "
             "the class that expanded least, at least 0.01, at most 200,000 samples.")
    trees: int = same_as(LeasSettings, "trees", advanced=True, label="LEAS trees")
    training: str = same_as(LeasSettings, "training")
    min_samples_leaf: int = same_as(LeasSettings, "min_samples_leaf")
    threads: int = same_as(LeasSettings, "threads")
    landscape: str = param(
        "LANDSCAPE_DRIVERS", "choice", "none", choices=LANDSCAPE_MODES, advanced=True,
        key="landscape_drivers",
        choice_labels=("none", "distance to every class",
                       "distance to every class and its share around each cell"),
        label="Landscape drivers of every class",
        help="Drivers LEAS gets from the land-use map itself, for every class, recomputed "
             "from each map a model learns from or predicts on (like DISTANCE_TO_CLASSES): "
             "the distance in metres to the nearest cell of the class, and optionally the "
             "share of the class among the cells of the 3 x 3, 5 x 5 and 11 x 11 windows "
             "around each cell. With TRAINING = all they placed change better than distance "
             "to existing patches on every shared data set (docs/calibration.md); they cost "
             "4 bands per class and map. Needs a projected CRS for the distances.")
    transitions: str = param(
        "TRANSITIONS", "choice", "all", choices=TRANSITION_MODES, advanced=True,
        choice_labels=("all conversions (PLUS)",
                       "the conversions observed in the interval LEAS learnt from"),
        label="CARS conversions allowed",
        help="all (default, PLUS): every class may become every other one (the scenario's "
             "rules still apply). observed: only conversions that happened in the interval "
             "LEAS learnt from (the one before the validation's for the validation; the last "
             "one for the scenarios), so CARS makes no conversion the maps never showed.")
    proximity_decay: float = param(
        "PROXIMITY_DECAY", "float", 0.0, minimum=0.0, maximum=1000.0, unit="cells",
        advanced=True, label="CARS proximity decay length (cells)",
        help="0 (default, PLUS): CARS uses the LEAS probabilities as they are. L > 0: "
             "CARS gets P_k x exp(-d / L), d the distance in cells to the nearest cell of "
             "class k in the map it starts from, so among cells LEAS ranks alike those "
             "nearer the existing patches win (docs/cars.md, 'Proximity decay'). The "
             "calibration sets 3 with the landscape drivers, and tries 0, 1 and 3 when it "
             "calibrates out of sample.")
    weights: str = param(
        "NEIGHBOURHOOD_WEIGHTS", "choice", "expansion", choices=WEIGHT_MODES, advanced=True,
        choice_labels=("each class's share of the expansion (PLUS)", "1 for every class"),
        label="CARS neighbourhood weights",
        help="w_k of the neighbourhood effect: each class's share of the cells that changed "
             "class in the interval before the simulation (default, as PLUS), or 1 for "
             "every class.")
    optimization_value_weight: float = same_as(
        OptimizeSettings, "value_weight", name="OPTIMIZATION_VALUE_WEIGHT",
        label="Carbon-optimal scenario: weight of the value",
        help="w of the objective of OPT with OPTIMIZATION_VALUES: (1 - w) carbon / best "
             "carbon + w value / best value, each best under the same constraints (0 = "
             "carbon only).")
    demand_by_zone: bool = param(
        "DEMAND_BY_ZONE", "bool", False, label="A separate demand per zone",
        help="With ZONES or ZONES_RASTER: each zone gets its own demand (its Markov chain, "
             "trend or carbon optimum, from its part of the maps) and CARS allocates it "
             "inside the zone, so no cell changes class on behalf of another zone (as "
             "FUTURES's subregions); cells outside every zone keep their class. A demand "
             "table needs a column zone (each zone's name, or its code for a zone raster).")
    calibrate: bool = param(
        "CALIBRATE", "bool", False, label="Calibrate the settings by skill",
        help="Search the CARS and LEAS settings (neighbourhood, weights, patch threshold, "
             "expansion coefficient, seeds, decay share, LEAS training cells and leaf size, "
             "distance-to-class drivers) by the figure of merit of simulating an interval "
             "before the validation's (the validation map is never seen), within "
             "CALIBRATION_BUDGET; the chosen settings are used by the validation and the "
             "scenarios and recorded in parameters.json (calibration/ holds the table and "
             "chart). See docs/calibration.md.")
    calibration_budget: float = param(
        "CALIBRATION_BUDGET", "float", 10.0, minimum=0.5, unit="minutes", advanced=True,
        key="calibration_budget_minutes", label="Calibration time budget (minutes)",
        help="Wall-clock minutes the calibration may spend; it tries the most promising "
             "settings first and stops when the next trial would not fit.")
    cars: CarsSettings = nested(CarsSettings, "cars", skip=STUDY_SETS_CARS)
    output_folder: str = param(
        "OUTPUT_FOLDER", "folder_out", None, label="Output folder",
        help="Folder for every result. If it already holds files, a new subfolder "
             "run_<date>_<time> is made: earlier runs are never overwritten.")
    # not parameters: the scenarios (from SCENARIO_INPUTS), names of the inputs in
    # messages, how to repeat the run (given by the caller)
    scenarios: list = field(default_factory=list)
    map_labels: list = None
    driver_labels: list = None
    command: str = None
    # what the calibration chose from (its record; the chosen values are the fields)
    calibrated: dict = None
    # regions for results per zone: a core.carbon.ZoneSource (ZONES, ZONE_FIELD or
    # ZONES_RASTER of the tool) or None
    zones: object = None
    # a connected core.common.cluster.Cluster to run the raster steps on Dask;
    # runtime only, not recorded: the results do not depend on it
    cluster: object = None

    @property
    def map_drivers(self):
        """Does LEAS get drivers computed from each map (DISTANCE_TO_CLASSES,
        LANDSCAPE_DRIVERS), so that every start map needs its own prediction?"""
        return bool(self.distance_classes) or self.landscape != "none"

    def valuation(self):
        """The carbon prices of the study as the carbonvalue step takes them."""
        return Valuation(prices=self.prices, price_unit=self.price_unit,
                         discount_rate=self.discount_rate, price_change=self.price_change)


# The scenarios, as the tool offers them: presets and scenario tables (each
# table one scenario named after its file).
SCENARIO_INPUTS = (
    Param("SCENARIOS", "choices", ["NE"], choices=tuple(PRESETS), label="Preset scenarios",
          help="NE natural evolution (any class scheme); UD urban development, CP cropland "
               "protection, EP ecological protection, applied by class role: the role "
               "column of CLASSES, or without one the CNLUCC codes (1 cropland ... 6 "
               "unused, or subclasses 11-67)."),
    Param("SCENARIO_TABLES", "files", optional=True,
          label="Custom scenario tables (CSV from,to,factor,allowed)",
          help="Scenario tables for your classes; each file is one scenario named after "
               "the file. Format: resources/scenarios/README.md."),
    Param("DEMAND_TABLES", "files", optional=True,
          label="Scenarios with their own demand (CSV year,code,cells or km2)",
          help="Demand tables from outside the Markov chain (a planning target, a system-"
               "dynamics or grey model); each file is one scenario named after the file, "
               "with every conversion the maps allow. Target years between the table's years "
               "are interpolated linearly; each year must cover every class of the last map "
               "and its whole valid area (with DEMAND_BY_ZONE: a column zone, each zone's "
               "rows its own part). See docs/demand.md."),
    Param("TREND_SCENARIO", "bool", False, label="Linear-trend scenario (TREND)",
          help="Adds the scenario TREND: the demand of each class by a least-squares line "
               "through its area in every input map (PLUS's linear regression; needs three "
               "or more maps), rescaled to the valid area; R2 of each fit in the report."),
    Param("OPTIMIZATION_CONSTRAINTS", "file", extension="csv", optional=True,
          label="Carbon-optimal scenario: constraints (CSV class,lower,upper,unit)",
          help="Adds the scenario OPT: the class areas that store the most carbon (today's "
               "densities) under these constraints, by linear programming, then allocated by "
               "CARS. One row per class code or role; unit km2, cells, share_of_today or "
               "share_of_ne (of the Markov NE demand). Example: "
               "resources/demand/optimization_cnlucc.csv; see docs/demand.md."),
    Param("OPTIMIZATION_VALUES", "file", extension="csv", optional=True, advanced=True,
          label="Carbon-optimal scenario: value per km2 (CSV code,value)",
          help="Optional second objective of OPT, e.g. economic output per km2 of each "
               "class (CSV code,value), weighted by OPTIMIZATION_VALUE_WEIGHT."),
)

# Where the study runs: not a setting of the science, not recorded.
RUNTIME = (
    Param("SCHEDULER", "text", "", optional=True, advanced=True,
          label="Dask scheduler address (empty = this machine)",
          help="Address of a running Dask scheduler (tcp://host:8786) to run the raster "
               "steps on a cluster, with the same results as on this machine. QGIS is only "
               "the client: start the scheduler and workers outside QGIS (dask scheduler; "
               "dask worker tcp://host:8786); the workers must read the input files at the "
               "same paths. Needs the Python packages dask and distributed. See "
               "docs/cluster.md."),
)

# What the record holds besides the declared fields
_RECORD_EXTRA = ("landcarbon_command", "scenarios", "calibration", "zones")
_NOT_RECORDED = ("output_folder",)


def scenario_specs(presets, tables, demand_tables=(), trend=False, constraints=None,
                   values=None):
    """The ScenarioSpecs of the presets, scenario tables, demand tables, the
    trend and the optimisation the tool was given."""
    out = [ScenarioSpec.from_preset(p) for p in presets] + \
        [ScenarioSpec.from_table(t) for t in tables] + \
        [ScenarioSpec.from_demand_table(t) for t in demand_tables or ()]
    if trend:
        out.append(ScenarioSpec.trend())
    if constraints:
        out.append(ScenarioSpec.optimization(constraints, values or None))
    return out


def scenarios_of(values):
    """scenario_specs of the SCENARIO_INPUTS values read from the tool."""
    return scenario_specs(values["SCENARIOS"], values["SCENARIO_TABLES"],
                          values["DEMAND_TABLES"], values["TREND_SCENARIO"],
                          values["OPTIMIZATION_CONSTRAINTS"], values["OPTIMIZATION_VALUES"])


def check_values(s):
    """Every declared value within its range (the spec), with the parameter's
    name and the allowed values; the permutations able to reach ALPHA; and
    the years, maps and scenarios present."""
    spec.check(s)
    if 1.0 / (s.permutations + 1) >= s.alpha:
        raise LandCarbonError(
            "PERMUTATIONS is %d: the smallest pseudo p value is then 1 / %d = %.3g, never "
            "below ALPHA %g, so no hot spot could ever be significant; give at least %d "
            "permutations (typically 999)." % (
                s.permutations, s.permutations + 1, 1.0 / (s.permutations + 1), s.alpha,
                int(math.floor(1.0 / s.alpha + 1e-9))))
    for p in spec.params(s):
        if not p.optional and p.kind in ("rasters", "ints", "file") \
                and p.attr not in _NOT_RECORDED and not getattr(s, p.attr):
            raise LandCarbonError("%s is missing; %s" % (p.name, p.help))


def write_parameters(path, s):
    """parameters.json: every setting of the run, written all or nothing."""
    record = {"landcarbon_command": s.command}
    record.update(spec.to_record(s, skip=_NOT_RECORDED))
    record["scenarios"] = [sc.record() for sc in s.scenarios]
    if s.calibrated:
        record["calibration"] = s.calibrated
    if s.zones is not None:
        record["zones"] = {k: getattr(s.zones, k) for k in ZONE_KEYS if getattr(s.zones, k)}
    with Outputs() as out:
        with open(out.path(path), "w", encoding="utf-8") as fh:
            json.dump(record, fh, indent=2, ensure_ascii=False)


def read_parameters(path, output_folder=None):
    """The StudySettings recorded in a run's parameters.json, so that a study
    designed on a small area in QGIS runs unchanged elsewhere (e.g. on the
    national extent with ``python3 -m landcarbon study``). ``output_folder``
    defaults to the folder of ``path`` (a new run_<date>_<time> subfolder
    is made there, see run_folder). Unknown keys, values of the wrong type
    and values out of range are refused by name, before any work."""
    try:
        with open(path, encoding="utf-8") as fh:
            record = json.load(fh)
    except OSError as exc:
        raise LandCarbonError("Cannot read %s (%s)." % (path, exc.strerror or exc)) from None
    except ValueError as exc:
        raise LandCarbonError("%s is not a valid JSON file (%s); give the parameters.json a "
                              "study run wrote." % (path, exc)) from None
    if not isinstance(record, dict):
        raise LandCarbonError("%s does not hold the settings of a study; give the "
                              "parameters.json a study run wrote." % path)
    known = set(spec.to_record(StudySettings(), skip=_NOT_RECORDED)) | set(_RECORD_EXTRA)
    unknown = sorted(set(record) - known)
    if unknown:
        raise LandCarbonError("%s has unknown key(s) %s; a study's parameters.json holds %s."
                              % (path, ", ".join(unknown), ", ".join(sorted(known))))
    missing = [k for k in ("maps", "years", "drivers", "target_years", "scenarios", "pools")
               if k not in record]
    if missing:
        raise LandCarbonError("%s lacks %s; give the parameters.json a study run wrote."
                              % (path, ", ".join(missing)))
    record = dict(record)
    command = record.pop("landcarbon_command", None)
    calibrated = record.pop("calibration", None)
    zones = _zones(record.pop("zones", None), path)
    scenarios = [_scenario(sc, path) for sc in _list(record.pop("scenarios"), "scenarios", path)]
    if isinstance(record.get("cars"), dict):
        record["cars"] = {k: v for k, v in record["cars"].items() if k not in LEGACY_CARS_KEYS}
    folder = output_folder or os.path.dirname(os.path.abspath(path))
    settings = spec.from_record(StudySettings, record, path, skip=_NOT_RECORDED,
                                output_folder=folder, scenarios=scenarios, command=command,
                                calibrated=calibrated, zones=zones)
    check_values(settings)
    return settings


def _list(value, key, path):
    if not isinstance(value, list):
        raise LandCarbonError("%s: %s must be a list." % (path, key))
    return value


ZONE_KEYS = ("raster", "vector", "layer", "field")


def _zones(record, path):
    """The ZoneSource of a parameters.json "zones" record (or None)."""
    if record is None:
        return None
    if not isinstance(record, dict) or set(record) - set(ZONE_KEYS) or not (
            record.get("raster") or record.get("vector")) or (
            record.get("raster") and record.get("vector")):
        raise LandCarbonError("%s: zones is {\"raster\": a zone raster} or {\"vector\": a "
                              "polygon file, \"layer\": ..., \"field\": ...}; got %r."
                              % (path, record))
    return ZoneSource(**record)


def _scenario(record, path):
    if not isinstance(record, dict) or not record.get("name") or not (
            record.get("preset") or record.get("table")):
        raise LandCarbonError("%s: every scenario is {\"name\": ..., \"preset\": one of %s} "
                              "or {\"name\": ..., \"table\": a CSV file}; got %r."
                              % (path, ", ".join(PRESETS), record))
    demand = record.get("demand", "markov")
    if demand not in DEMAND_SOURCES or (demand in ("table", "optimization")
                                        and not record.get("demand_table")):
        raise LandCarbonError("%s: scenario %s: demand is one of %s (table and optimization "
                              "with a demand_table file); got %r."
                              % (path, record["name"], ", ".join(DEMAND_SOURCES), demand))
    return ScenarioSpec(record["name"], preset=record.get("preset"),
                        table_path=record.get("table"), demand=demand,
                        demand_path=record.get("demand_table"),
                        values_path=record.get("values"))


def _file(path):
    """An input by its file name (the report is read by people; full paths
    stay in parameters.json and the repeat command)."""
    return os.path.basename(str(path)) if path else "-"


def parameter_rows(s, translate=None):
    """(name, value) pairs of every setting, for the report: the inputs by
    file name, then every declared value (labels translated)."""
    zones = None if s.zones is None else _file(s.zones.raster or s.zones.vector) + (
        " (%s)" % s.zones.field if s.zones.field else "")
    rows = [("maps", ", ".join("%s (%d)" % (_file(p), y) for p, y in zip(s.maps, s.years))),
            ("drivers", ", ".join(_file(p) for p in s.driver_paths)),
            ("scenarios", ", ".join(sc.name if sc.demand != "markov" else
                                    sc.preset or _file(sc.table_path) for sc in s.scenarios)),
            ("pools table", _file(s.pools_path)), ("classes table", _file(s.classes_path)),
            ("climate pathways", _file(s.pathways_path))] + (
        [("zones", zones)] if zones else [])
    return rows + [(label, value) for label, value in spec.rows(s, translate)
                   if value is not None]


def command_args(s):
    """NAME=value of every setting, for the qgis_process command that repeats
    the run (inputs first, then every declared value, then OUTPUT_FOLDER)."""
    args = ["INPUTS=%s" % p for p in s.maps]
    args += ["DRIVERS=%s" % p for p in s.driver_paths]
    presets = [sc.preset for sc in s.scenarios if sc.preset and sc.demand == "markov"]
    if presets:
        args.append("SCENARIOS=%s" % spec.command_value(SCENARIO_INPUTS[0], presets))
    args += ["SCENARIO_TABLES=%s" % sc.table_path for sc in s.scenarios if sc.table_path]
    args += ["DEMAND_TABLES=%s" % sc.demand_path for sc in s.scenarios if sc.demand == "table"]
    if any(sc.demand == "trend" for sc in s.scenarios):
        args.append("TREND_SCENARIO=true")
    for sc in s.scenarios:
        if sc.demand == "optimization":
            args.append("OPTIMIZATION_CONSTRAINTS=%s" % sc.demand_path)
            if sc.values_path:
                args.append("OPTIMIZATION_VALUES=%s" % sc.values_path)
    args += ["%s=%s" % (name, value) for name, value in (
        ("CLASSES", s.classes_path), ("POOLS", s.pools_path), ("PATHWAYS", s.pathways_path))
        if value]
    if s.zones is not None and s.zones.raster:
        args.append("ZONES_RASTER=%s" % s.zones.raster)
    elif s.zones is not None:
        args.append("ZONES=%s" % (s.zones.vector + ("|layername=%s" % s.zones.layer
                                                    if s.zones.layer else "")))
        if s.zones.field:
            args.append("ZONE_FIELD=%s" % s.zones.field)
    args += spec.command_args(s)
    return args + ["OUTPUT_FOLDER=%s" % s.output_folder]
