"""What a study run is asked to do: the scenarios and every setting of
landcarbon:scenarios, and the record of them (parameters.json and the
report's parameter table) that lets anyone repeat a run (docs/study.md).
"""

import dataclasses
import json
import os
from dataclasses import dataclass, field

from ..carbon import Valuation
from ..cars import CarsSettings
from ..common.outputs import Outputs
from ..demand import ScenarioTable

REFERENCE_PATHWAY = "reference"


@dataclass
class ScenarioSpec:
    """A scenario to run: a preset (NE, UD, CP, EP) or a table file."""

    name: str
    preset: str = None
    table_path: str = None

    @classmethod
    def from_preset(cls, key):
        return cls(key.upper(), preset=key.upper())

    @classmethod
    def from_table(cls, path):
        stem = os.path.splitext(os.path.basename(str(path)))[0]
        return cls(stem, table_path=str(path))

    def table(self):
        if self.preset:
            return ScenarioTable.from_preset(self.preset)
        return ScenarioTable.from_csv(self.table_path, "scenario table %s" % self.table_path)


@dataclass
class StudySettings:
    """Everything a study run needs. Years are calendar years; prices are per
    ``price_unit``; rates in percent; ``lisa_cell_size`` in map units (0 =
    chosen automatically)."""

    maps: list
    years: list
    driver_paths: list
    target_years: list
    scenarios: list
    pools_path: str
    output_folder: str
    map_labels: list = None
    driver_labels: list = None
    classes_path: str = None
    pathways_path: str = None
    p_ref: float = None
    t_ref: float = None
    prices: list = field(default_factory=lambda: [100.0])
    price_unit: str = "t C"
    discount_rate: float = 7.0
    price_change: float = 0.0
    lisa_cell_size: float = 0.0
    permutations: int = 999
    alpha: float = 0.05
    seed: int = 1
    sampling_rate: float = 0.0         # 0 = auto_sampling_rate
    trees: int = 20
    threads: int = 0
    distance_classes: list = field(default_factory=list)   # dynamic distance-to-class drivers
    runs: int = 1                      # seed ensemble: seed .. seed + runs - 1
    cars: CarsSettings = field(default_factory=CarsSettings)
    command: str = None          # how to repeat the run (given by the caller)
    # a connected core.common.cluster.Cluster to run the raster steps on Dask;
    # runtime only, not recorded: the results do not depend on it
    cluster: object = None

    def valuation(self):
        """The carbon prices of the study as the carbonvalue step takes them."""
        return Valuation(prices=self.prices, price_unit=self.price_unit,
                         discount_rate=self.discount_rate, price_change=self.price_change)


def write_parameters(path, s):
    """parameters.json: every setting of the run, written all or nothing."""
    record = {
        "landcarbon_command": s.command,
        "maps": s.maps, "years": s.years, "drivers": s.driver_paths,
        "target_years": s.target_years,
        "scenarios": [{"name": sc.name, "preset": sc.preset, "table": sc.table_path}
                      for sc in s.scenarios],
        "pools": s.pools_path, "classes": s.classes_path, "pathways": s.pathways_path,
        "p_ref_mm": s.p_ref, "t_ref_degC": s.t_ref,
        "prices": s.prices, "price_unit": s.price_unit, "discount_rate_pct": s.discount_rate,
        "price_change_pct": s.price_change,
        "lisa_cell_size_map_units": s.lisa_cell_size or "auto", "permutations": s.permutations,
        "alpha": s.alpha, "seed": s.seed, "sampling_rate": s.sampling_rate or "auto",
        "trees": s.trees,
        "threads": s.threads, "distance_to_classes": list(s.distance_classes), "runs": s.runs,
        "cars": {k: v for k, v in dataclasses.asdict(s.cars).items() if k != "random_seed"},
    }
    with Outputs() as out:
        with open(out.path(path), "w", encoding="utf-8") as fh:
            json.dump(record, fh, indent=2, ensure_ascii=False)


PARAMETER_FIELDS = {
    # parameters.json key -> StudySettings field (the record of write_parameters)
    "landcarbon_command": "command", "maps": "maps", "years": "years",
    "drivers": "driver_paths", "target_years": "target_years", "pools": "pools_path",
    "classes": "classes_path", "pathways": "pathways_path", "p_ref_mm": "p_ref",
    "t_ref_degC": "t_ref", "prices": "prices", "price_unit": "price_unit",
    "discount_rate_pct": "discount_rate", "price_change_pct": "price_change",
    "lisa_cell_size_map_units": "lisa_cell_size", "permutations": "permutations",
    "alpha": "alpha", "seed": "seed", "sampling_rate": "sampling_rate", "trees": "trees",
    "threads": "threads", "distance_to_classes": "distance_classes", "runs": "runs",
}


def read_parameters(path, output_folder=None):
    """The StudySettings recorded in a run's parameters.json, so that a study
    designed on a small area in QGIS runs unchanged elsewhere (e.g. on the
    national extent with ``python3 -m landcarbon study``). ``output_folder``
    defaults to the folder of ``path`` (a new run_<date>_<time> subfolder
    is made there, see run_folder). Unknown keys are refused by name."""
    from ..common.errors import LandCarbonError
    try:
        with open(path, encoding="utf-8") as fh:
            record = json.load(fh)
    except OSError as exc:
        raise LandCarbonError("Cannot read %s (%s)." % (path, exc.strerror or exc)) from None
    except ValueError as exc:
        raise LandCarbonError("%s is not a valid JSON file (%s); give the parameters.json a "
                              "study run wrote." % (path, exc)) from None
    known = set(PARAMETER_FIELDS) | {"scenarios", "cars"}
    unknown = sorted(set(record) - known)
    if unknown:
        raise LandCarbonError("%s has unknown key(s) %s; a study's parameters.json holds %s."
                              % (path, ", ".join(unknown), ", ".join(sorted(known))))
    missing = [k for k in ("maps", "years", "drivers", "target_years", "scenarios", "pools")
               if k not in record]
    if missing:
        raise LandCarbonError("%s lacks %s; give the parameters.json a study run wrote."
                              % (path, ", ".join(missing)))
    values = {field_name: record[key] for key, field_name in PARAMETER_FIELDS.items()
              if key in record}
    for name in ("lisa_cell_size", "sampling_rate"):
        if values.get(name) == "auto":
            values[name] = 0.0
    cars_fields = {f.name for f in dataclasses.fields(CarsSettings)}
    cars = record.get("cars") or {}
    bad = sorted(set(cars) - cars_fields)
    if bad:
        raise LandCarbonError("%s: unknown CARS setting(s) %s." % (path, ", ".join(bad)))
    scenarios = [ScenarioSpec(sc["name"], preset=sc.get("preset"), table_path=sc.get("table"))
                 for sc in record["scenarios"]]
    folder = output_folder or os.path.dirname(os.path.abspath(path))
    return StudySettings(scenarios=scenarios, output_folder=folder,
                         cars=CarsSettings(**cars), **values)


def _file(path):
    """An input by its file name (the report is read by people; full paths
    stay in parameters.json and the repeat command)."""
    return os.path.basename(str(path)) if path else "-"


def parameter_rows(s):
    """(name, value) pairs of every setting, for the report."""
    rows = [("maps", ", ".join("%s (%d)" % (_file(p), y) for p, y in zip(s.maps, s.years))),
            ("drivers", ", ".join(_file(p) for p in s.driver_paths)),
            ("target years", ", ".join(map(str, s.target_years))),
            ("scenarios", ", ".join(sc.preset or _file(sc.table_path) for sc in s.scenarios)),
            ("pools table", _file(s.pools_path)), ("classes table", _file(s.classes_path)),
            ("climate pathways", _file(s.pathways_path)),
            ("reference climate", "-" if s.p_ref is None else "P %g mm, T %g deg C"
             % (s.p_ref, s.t_ref)),
            ("prices", "%s per %s" % (", ".join("%g" % p for p in s.prices), s.price_unit)),
            ("discount rate (%)", s.discount_rate), ("annual price change (%)", s.price_change),
            ("LISA cell size (map units)", s.lisa_cell_size or "auto"),
            ("permutations", s.permutations), ("alpha", s.alpha), ("random seed", s.seed),
            ("LEAS sampling rate", s.sampling_rate or "auto"), ("LEAS trees", s.trees),
            ("CARS neighbourhood", s.cars.neighborhood),
            ("CARS patch threshold", s.cars.patch_threshold),
            ("CARS expansion coefficient", s.cars.expansion_coefficient),
            ("CARS seed percentage", s.cars.seed_percentage),
            ("CARS max iterations", s.cars.max_iterations),
            ("CARS decay share", s.cars.decay_share),
            ("CARS gain tolerance", s.cars.gain_tolerance),
            ("strict demand", "yes" if s.cars.strict_demand else "no"),
            ("runs (seed ensemble)", s.runs),
            ("distance-to-class drivers (recomputed per map)",
             ", ".join(map(str, s.distance_classes)) or "-")]
    return rows
