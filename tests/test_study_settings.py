"""core.study.settings and core.common.spec: every numeric setting of the
study is refused out of its range within the first second of
``python3 -m landcarbon study`` (named, with nothing written); the record
(parameters.json) gives back the settings; ``--set`` changes one."""

import json
import math
import os
import subprocess
import sys
import time

import pytest
from conftest import ROOT, SAMPLE

from landcarbon import cli
from landcarbon.core import study
from landcarbon.core.common import spec
from landcarbon.core.common.errors import LandCarbonError


def _sample_settings(folder):
    maps = [os.path.join(SAMPLE, "lu_pie_%d.tif" % y) for y in (1985, 1991, 1999)]
    return study.StudySettings(
        maps=maps, years=[1985, 1991, 1999],
        driver_paths=[os.path.join(SAMPLE, n) for n in ("elevation.tif", "slope.tif")],
        target_years=[2007], scenarios=[study.ScenarioSpec.from_preset("NE")],
        pools_path=os.path.join(ROOT, "resources", "carbon", "pools_plum_island.csv"),
        output_folder=str(folder))


def _record(folder):
    path = os.path.join(str(folder), "parameters.json")
    study.write_parameters(path, _sample_settings(folder))
    with open(path, encoding="utf-8") as fh:
        return path, json.load(fh)


def _bad_value(p):
    """A value just outside the parameter's range, by its declaration read
    here (below the minimum, else above the maximum, else an even size)."""
    step = 1 if p.kind == "int" else 0.5
    if p.odd:
        return p.minimum + 1
    if p.minimum is not None:
        return p.minimum if p.open_minimum else p.minimum - step
    return p.maximum if p.open_maximum else p.maximum + step


NUMERIC = [(path, p) for path, p in spec.all_params(study.StudySettings)
           if p.kind in ("int", "float") and (p.minimum is not None or p.maximum is not None)]


def test_the_sample_inputs_exist():
    """The settings the refusals start from are a study that would run."""
    s = _sample_settings("x")
    for path in s.maps + s.driver_paths + [s.pools_path]:
        assert os.path.exists(path), path


@pytest.mark.parametrize("path,p", NUMERIC, ids=[p.name for _path, p in NUMERIC])
def test_an_out_of_range_setting_is_refused_at_once(tmp_path, capsys, path, p):
    params, record = _record(tmp_path / "in")
    owner = record
    for attr in path[:-1]:
        owner = owner[attr]
    owner[p.json_key] = _bad_value(p)
    with open(params, "w", encoding="utf-8") as fh:
        json.dump(record, fh)
    out = tmp_path / "out"
    start = time.time()
    code = cli.main(["study", params, "--output", str(out)])
    seconds = time.time() - start
    err = capsys.readouterr().err
    assert code == 2
    assert seconds < 5
    assert p.name in err, err
    assert not out.exists() or os.listdir(out) == []


@pytest.mark.parametrize("key,value,name", [
    ("alpha", 1.5, "ALPHA"), ("permutations", 0, "PERMUTATIONS"),
    ("cars", {"patch_threshold": 2}, "PATCH_THRESHOLD"),
    ("cars", {"neighborhood": 4}, "NEIGHBORHOOD"),
    ("cars", {"expansion_coefficient": -1}, "EXPANSION_COEFFICIENT"),
    ("cars", {"seed_percentage": 7}, "SEED_PERCENTAGE"),
])
def test_the_values_users_tried_are_refused_by_the_command(tmp_path, key, value, name):
    """The bad values of issue 19, through a real ``python3 path/to/plugin
    study`` process: exit 2 within 5 s, the parameter named, nothing written."""
    params, record = _record(tmp_path / "in")
    if isinstance(value, dict):
        record[key].update(value)
    else:
        record[key] = value
    with open(params, "w", encoding="utf-8") as fh:
        json.dump(record, fh)
    out = tmp_path / "out"
    start = time.time()
    proc = subprocess.run([sys.executable, ROOT, "study", params, "--output", str(out)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert time.time() - start < 5 + 3          # + the interpreter and GDAL starting
    assert name in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()


def test_permutations_too_few_for_alpha_are_refused(tmp_path):
    s = _sample_settings(tmp_path)
    s.permutations, s.alpha = 9, 0.05          # smallest p = 1 / 10 = 0.1 >= 0.05
    with pytest.raises(LandCarbonError, match="PERMUTATIONS is 9.*at least 20"):
        study.run_study(s)
    s.permutations = 19                        # smallest p = 0.05: still not < 0.05
    with pytest.raises(LandCarbonError, match="PERMUTATIONS is 19"):
        study.run_study(s)


def test_a_value_of_the_wrong_type_is_named(tmp_path):
    params, record = _record(tmp_path / "in")
    record["cars"]["max_iterations"] = "many"
    with open(params, "w", encoding="utf-8") as fh:
        json.dump(record, fh)
    with pytest.raises(LandCarbonError, match="MAX_ITERATIONS .*'many'.*whole number >= 1"):
        study.read_parameters(params)


def test_the_record_gives_back_every_setting(tmp_path):
    s = _sample_settings(tmp_path)
    s.cars.patch_threshold, s.trees, s.prices, s.p_ref, s.t_ref = 0.7, 7, [1.0, 2.5], 900, 12
    s.distance_classes, s.lisa_cell_size = [2, 3], 0.0
    path = os.path.join(str(tmp_path), "p.json")
    study.write_parameters(path, s)
    again = study.read_parameters(path, str(tmp_path))
    for attr_path, p in spec.all_params(study.StudySettings):
        value, expected = again, s
        for attr in attr_path:
            value, expected = getattr(value, attr), getattr(expected, attr)
        assert value == expected, p.name
    with open(path, encoding="utf-8") as fh:
        record = json.load(fh)
    # units in the keys, 'auto' for a size chosen automatically
    assert record["discount_rate_pct"] == 7.0 and record["p_ref_mm"] == 900
    assert record["lisa_cell_size_map_units"] == "auto"


def test_set_changes_a_setting_by_its_tool_name(tmp_path):
    s = _sample_settings(tmp_path)
    cli.apply_sets(s, ["PATCH_THRESHOLD=0.8", "runs=3", "STRICT_DEMAND=true",
                       "DISTANCE_TO_CLASSES=1,2"])
    assert (s.cars.patch_threshold, s.runs, s.cars.strict_demand) == (0.8, 3, True)
    assert s.distance_classes == [1, 2]
    with pytest.raises(LandCarbonError, match="--set COLOUR=blue: give NAME=VALUE"):
        cli.apply_sets(s, ["COLOUR=blue"])
    with pytest.raises(LandCarbonError, match="TREES=many"):
        cli.apply_sets(s, ["TREES=many"])


def test_range_text_reads_as_the_bounds(tmp_path):
    """The words of the refusal, worked out by hand for each kind of bound."""
    p = spec.param_of(study.StudySettings, "alpha")
    assert spec.problem(p, 1.5) == "ALPHA is 1.5; it must be above 0 and below 1. " \
                                   "It is the significance level, e.g. 0.05."
    n = spec.param_of(study.StudySettings().cars, "neighborhood")
    assert spec.problem(n, 4).startswith("NEIGHBORHOOD is 4; it must be an odd whole number "
                                         "from 3 to 31.")
    assert spec.problem(n, 5) is None and spec.problem(n, 33) is not None
    assert spec.problem(spec.param_of(study.StudySettings, "runs"), 2.5).startswith(
        "RUNS is 2.5; it must be a whole number >= 1")
    assert spec.problem(spec.param_of(study.StudySettings, "discount_rate"), math.nan)


def test_core_defaults_are_the_only_defaults():
    """The study reuses the steps' declarations: same default, range, label."""
    from landcarbon.core.hotspots import LisaSettings
    from landcarbon.core.leas import LeasSettings
    assert spec.param_of(study.StudySettings, "trees").default == LeasSettings().trees
    assert spec.param_of(study.StudySettings, "alpha").default == LisaSettings().alpha
    assert LisaSettings().seed == 1          # was 0 in core, 1 in the tool (0.2.0)
