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
