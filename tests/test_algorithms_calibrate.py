"""landcarbon:calibrate through QGIS Processing: the chosen settings and
the tables, and a bad budget refused before anything is written."""

import json
import os

import pytest
from qgis.core import QgsProcessingException
from test_study_robust import _maps


def _params(tmp_path, **extra):
    maps, drivers = _maps(str(tmp_path), water_expands_first=True)
    params = {"INPUTS": maps, "YEARS": "2000,2010,2020", "DRIVERS": drivers,
              "CALIBRATION_BUDGET": 2, "TREES": 5, "OUTPUT_FOLDER": str(tmp_path / "out")}
    params.update(extra)
    return params


def test_calibrate_writes_the_chosen_settings(run_alg, tmp_path):
    results, feedback = run_alg("calibrate", _params(tmp_path))
    folder = results["RUN_FOLDER"]
    chosen = json.load(open(results["OUTPUT_SETTINGS"], encoding="utf-8"))
    assert chosen["interval"] == [2010, 2020] and chosen["out_of_sample"] is True
    assert set(chosen["chosen"]) >= {"PATCH_THRESHOLD", "TRAINING", "LANDSCAPE_DRIVERS"}
    for name in ("trials.csv", "sensitivity.csv", "sensitivity.png"):
        assert os.path.exists(os.path.join(folder, name))
    assert any("Calibration chose" in line for line in feedback.infos)


def test_a_budget_below_half_a_minute_is_refused(run_alg, tmp_path):
    with pytest.raises(QgsProcessingException, match="CALIBRATION_BUDGET is 0.1; it must be "
                                                     ">= 0.5"):
        run_alg("calibrate", _params(tmp_path, CALIBRATION_BUDGET=0.1))
    assert not os.path.exists(tmp_path / "out")
