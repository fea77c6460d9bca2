"""The command line without QGIS (cli.py, __main__.py): it repeats a study
from the parameters.json the study wrote, locally and on a Dask
LocalCluster, with the same maps and figures; bad input gives a message
and exit code 2, not a traceback."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from helpers import read_csv, read_raster
from test_study_robust import _maps, _settings

from landcarbon import cli
from landcarbon.core import study
from landcarbon.core.common.progress import Progress

pytestmark = pytest.mark.study

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# summary.csv columns that describe the run, not its results
RUN_COLUMNS = {"run_folder", "started", "finished"}


def _results(folder):
    """Every map (decoded) and table figure of a study run folder."""
    maps, tables = {}, {}
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, folder)
            if name.endswith(".tif"):
                maps[rel] = read_raster(path)
            elif name == "summary.csv":
                tables[rel] = [{k: v for k, v in row.items() if k not in RUN_COLUMNS}
                               for row in read_csv(path)]
    return maps, tables


def _study(tmp_path):
    maps, drivers = _maps(str(tmp_path), water_expands_first=True)
    result = study.run_study(_settings(str(tmp_path), maps, drivers), progress=Progress())
    return result, os.path.join(result.folder, "parameters.json")


def test_the_recorded_parameters_give_back_the_settings(tmp_path):
    result, params = _study(tmp_path)
    again = study.read_parameters(params, str(tmp_path / "again"))
    original = result.settings
    for name in ("maps", "years", "driver_paths", "target_years", "pools_path", "prices",
                 "permutations", "trees", "seed", "runs", "distance_classes"):
        assert getattr(again, name) == getattr(original, name), name
    assert again.cars == original.cars.__class__(**{**original.cars.__dict__,
                                                    "random_seed": again.cars.random_seed})
    assert [(s.name, s.preset) for s in again.scenarios] == [("NE", "NE")]


def test_the_command_line_repeats_the_study_locally_and_on_dask(tmp_path):
    result, params = _study(tmp_path)
    expected_maps, expected_tables = _results(result.folder)
    assert any("cars" in k or "simulated" in k or "landuse_2030" in k for k in expected_maps)
    for name, extra in (("local", []), ("dask", ["--workers", "2", "--chunk", "19"])):
        out = tmp_path / name
        assert cli.main(["study", params, "--output", str(out)] + extra) == 0
        maps, tables = _results(str(out))
        assert sorted(maps) == sorted(expected_maps)
        for key in expected_maps:
            np.testing.assert_array_equal(maps[key], expected_maps[key], err_msg=key)
        assert tables == expected_tables


def test_paths_can_be_replaced_on_the_command_line(tmp_path, capsys):
    result, params = _study(tmp_path)
    code = cli.main(["study", params, "--output", str(tmp_path / "x"), "--maps", "a.tif"])
    assert code == 2
    assert "--maps gives 1 map(s)" in capsys.readouterr().err


def test_a_bad_parameters_file_is_a_message_not_a_traceback(tmp_path):
    bad = tmp_path / "parameters.json"
    bad.write_text(json.dumps({"maps": [], "colour": "blue"}))
    # run as a folder, the way a user without the package on the path does
    proc = subprocess.run([sys.executable, ROOT, "study", str(bad)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "unknown key(s) colour" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_workers_auto_means_one_per_core_and_a_word_is_refused(capsys):
    args = cli._parser().parse_args(["study", "p.json", "--workers", "auto"])
    assert args.workers == (os.cpu_count() or 1)
    assert cli._parser().parse_args(["study", "p.json", "--workers", "3"]).workers == 3
    with pytest.raises(SystemExit):
        cli._parser().parse_args(["study", "p.json", "--workers", "many"])
    assert "give a number of workers or 'auto', not 'many'" in capsys.readouterr().err
