"""core.study.calibration: the search (coordinate ascent, noise margin,
budget) against a scoring function written here, and the calibration of
small maps end to end: the outputs agree with each other, the same seed gives
the same trials, and the study calibrates without seeing its last map and
records the choice so that a repeated run needs no calibration."""

import json
import os

import numpy as np
import pytest
from helpers import read_csv
from test_study_robust import _maps, _settings

from landcarbon.core import study
from landcarbon.core.common.progress import Progress
from landcarbon.core.study import calibration as cal


def _trial(fom):
    return cal.Trial({}, list(fom), 0.0)


def test_a_candidate_must_beat_the_noise():
    # mean 0.20 vs 0.19 (+5 %); standard errors 0.005 / sqrt(2) each = 0.0035 x 2
    assert cal.better(_trial([0.205, 0.195]), _trial([0.195, 0.185]))
    # the same gain with seeds 0.04 apart: standard errors 0.02 each, sum 0.04 > 0.01
    assert not cal.better(_trial([0.22, 0.18]), _trial([0.21, 0.17]))
    # a gain of 0.4 % of the incumbent is below the 0.5 % margin even without noise
    assert not cal.better(_trial([0.2008, 0.2008]), _trial([0.2, 0.2]))
    assert cal.better(_trial([0.2011, 0.2011]), _trial([0.2, 0.2]))


def _fake_search(monkeypatch, score, budget=1e9, out_of_sample=True):
    """The search with trials scored by ``score(values)`` (no maps); LEAS
    learnt from an earlier interval unless ``out_of_sample`` is False."""
    order = []

    def evaluate(self, values, varied):
        order.append(dict(values))
        trial = cal.Trial(values, [score(values)] * 2, 1.0, varied)
        self.result.trials.append(trial)
        self.cost["run"] = 1.0
        return trial
    monkeypatch.setattr(cal._Search, "evaluate", evaluate)

    class FakeProblem:
        models = {}
        out_of_sample = None

        @staticmethod
        def feasible(values):
            return True
    s = study.StudySettings(maps=["a", "b", "c"], years=[2000, 2010, 2020],
                            driver_paths=["d"], target_years=[2030])
    result = cal.CalibrationResult((1, 2), (0, 1), True, [], budget_seconds=budget)
    import time
    problem = FakeProblem()
    problem.out_of_sample = out_of_sample
    cal._Search(s, problem, None, [1, 2], result, time.time(), Progress()).run()
    return result, order


def test_coordinate_ascent_finds_the_best_of_a_separable_score(monkeypatch):
    """FoM peaks at PATCH_THRESHOLD 0.7 and NEIGHBORHOOD 5, independently: the
    search must find both from the defaults, and try each value of a setting
    only with the others fixed."""
    def score(v):
        return 0.3 - abs(v["PATCH_THRESHOLD"] - 0.7) * 0.1 - abs(v["NEIGHBORHOOD"] - 5) * 0.01
    result, order = _fake_search(monkeypatch, score)
    assert result.changed == {"PATCH_THRESHOLD": 0.7, "NEIGHBORHOOD": 5}
    assert order[0] == result.start.values
    # the second trial moves the settings of the first dimension only
    first = cal.SEARCH[0]
    assert {k for k in order[1] if order[1][k] != order[0][k]} <= set(first.settings)
    # no combination is tried twice
    assert len({json.dumps(o, sort_keys=True) for o in order}) == len(order)


def test_in_sample_the_threshold_settings_are_neither_tried_nor_chosen(monkeypatch):
    """With LEAS learning from the simulated interval the threshold would be
    scored on a too sharp P: a score that peaks at PATCH_THRESHOLD 0.7,
    DECAY_SHARE 0.1 and NEIGHBORHOOD 5 moves NEIGHBORHOOD only, and no trial
    sets another threshold setting; out of sample all three move."""
    def score(v):
        return 0.3 - abs(v["PATCH_THRESHOLD"] - 0.7) * 0.1 - abs(v["DECAY_SHARE"] - 0.1) \
            * 0.1 - abs(v["NEIGHBORHOOD"] - 5) * 0.01
    result, order = _fake_search(monkeypatch, score, out_of_sample=False)
    assert result.changed == {"NEIGHBORHOOD": 5}
    for name in ("PATCH_THRESHOLD", "DECAY_SHARE"):
        assert {o[name] for o in order} == {order[0][name]}
    result, _order = _fake_search(monkeypatch, score, out_of_sample=True)
    assert result.changed == {"PATCH_THRESHOLD": 0.7, "DECAY_SHARE": 0.1, "NEIGHBORHOOD": 5}


def test_proximity_decay_moves_with_the_feature_set_in_sample(monkeypatch):
    """In sample PROXIMITY_DECAY is not searched on its own (its score is
    biased by the sharp P): it takes the value of the chosen LEAS package
    (3 cells with landscape drivers); out of sample its own step moves it."""
    def score(v):
        return 0.3 + 0.05 * (v["LANDSCAPE_DRIVERS"] == "distance and share") \
            - 0.01 * abs(v["PROXIMITY_DECAY"] - 1.0)
    result, order = _fake_search(monkeypatch, score, out_of_sample=False)
    assert result.changed["LANDSCAPE_DRIVERS"] == "distance and share"
    assert result.chosen["PROXIMITY_DECAY"] == 3.0
    assert not any(o["PROXIMITY_DECAY"] == 1.0 for o in order)
    result, _order = _fake_search(monkeypatch, score, out_of_sample=True)
    assert result.chosen["PROXIMITY_DECAY"] == 1.0
    assert result.chosen["LANDSCAPE_DRIVERS"] == "distance and share"


def test_a_flat_score_keeps_the_starting_settings(monkeypatch):
    result, order = _fake_search(monkeypatch, lambda v: 0.25)
    assert result.changed == {} and result.best is result.start
    # one pass: every value of every dimension that moves the settings, once
    start = order[0]
    expected = 1 + sum(1 for d in cal.SEARCH for v in d.values
                       if dict(start, **v) != start)
    assert len(order) == expected


def test_the_budget_ends_the_search(monkeypatch):
    result, order = _fake_search(monkeypatch, lambda v: 0.25, budget=0.5)
    assert len(order) == 1 and result.stopped_by_budget


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("calibration"))
    maps, drivers = _maps(folder, water_expands_first=True)
    runs = []
    for n in range(2):
        s = _settings(folder, maps, drivers, calibration_budget=5.0)
        s.output_folder = os.path.join(folder, "cal%d" % n)
        runs.append(study.run_calibration(s, progress=Progress()))
    return runs


def test_the_tables_agree_with_the_trials(calibrated):
    result, folder = calibrated[0]
    assert sorted(os.listdir(folder)) == ["chosen_settings.json", "drivers", "sensitivity.csv",
                                          "sensitivity.png", "trials.csv"]
    trials = read_csv(os.path.join(folder, "trials.csv"))
    assert len(trials) == len(result.trials) and not result.stopped_by_budget
    for row, t in zip(trials, result.trials):
        foms = [float(row[k]) for k in row if k.startswith("fom_seed_")]
        assert float(row["fom_mean"]) == pytest.approx(np.mean(foms), abs=1e-12)
        assert foms == pytest.approx(t.fom)
    chosen = [row for row in trials if row["chosen"] in ("yes",)]
    assert len(chosen) == 1
    best = max(float(row["fom_mean"]) for row in trials)
    # the chosen trial is the best one, or within the noise margin of it
    assert float(chosen[0]["fom_mean"]) >= best * (1 - cal.MARGIN) - 0.05
    record = json.load(open(os.path.join(folder, "chosen_settings.json"), encoding="utf-8"))
    assert record["chosen"] == result.chosen and record["trials"] == len(result.trials)
    sens = read_csv(os.path.join(folder, "sensitivity.csv"))
    names = {row["setting"] for row in sens}
    assert names == {d.name for d in cal.SEARCH}
    # every trial's mean is the mean of its seeds; the chosen row is the best trial's values
    chosen_rows = [row for row in sens if row["chosen"] in ("yes",)]
    singles = {d.name for d in cal.SEARCH if d.settings == [d.name]}
    assert {row["setting"] for row in chosen_rows} >= singles


def test_the_same_seed_gives_the_same_trials(calibrated):
    (a, _fa), (b, _fb) = calibrated
    assert [t.values for t in a.trials] == [t.values for t in b.trials]
    assert [t.fom for t in a.trials] == [t.fom for t in b.trials]


@pytest.mark.study
def test_the_study_calibrates_without_its_last_map_and_records_the_choice(tmp_path):
    from landcarbon import cli
    maps, drivers = _maps(str(tmp_path), water_expands_first=True)
    s = _settings(str(tmp_path), maps, drivers, calibrate=True, calibration_budget=2.0)
    result = study.run_study(s, progress=Progress())
    assert result.status == "finished"
    assert result.calibration.interval == (2000, 2010)       # the last map (2020) unseen
    record = json.load(open(os.path.join(result.folder, "parameters.json"), encoding="utf-8"))
    assert record["calibrate"] is False and record["calibration"]["chosen"] == \
        result.calibration.chosen
    for name, value in result.calibration.chosen.items():
        if name == "DISTANCE_TO_CLASSES":
            assert bool(record["distance_to_classes"]) == (value == "on")
    # repeated from its record: no calibration, the same validation map
    out = tmp_path / "again"
    assert cli.main(["study", os.path.join(result.folder, "parameters.json"), "--output",
                     str(out)]) == 0
    assert not os.path.exists(out / "calibration")
    with open(result.validation.simulated, "rb") as a, \
            open(out / "validation" / os.path.basename(result.validation.simulated), "rb") as b:
        assert a.read() == b.read()
    report = open(result.report_path, encoding="utf-8").read()
    assert "Calibration: settings chosen by skill on 2000 -&gt; 2010" in report


def test_proximity_decay_trials_run_cars_on_weighted_probabilities(calibrated):
    # the weighted copies are temporary: each value was simulated and scored, and
    # nothing of it is left in the output folder
    result, folder = calibrated[0]
    # (3 cells with the landscape drivers' LEAS, the others in their own step)
    tried = [t for t in result.trials if t.values["PROXIMITY_DECAY"] > 0]
    assert {t.values["PROXIMITY_DECAY"] for t in tried} >= {1.0, 3.0}
    for trial in tried:
        assert all(f is not None and 0.0 <= f <= 1.0 for f in trial.fom)
    left = [name for _root, dirs, files in os.walk(folder) for name in dirs + files
            if "proximity" in name]
    assert left == []


def test_in_sample_calibration_says_what_it_leaves_out(tmp_path):
    """Two maps (LEAS learns from the simulated interval): the log names the
    three settings left out, no trial moves the threshold's two, and the
    proximity decay only takes the LEAS packages' values (0 or 3 cells)."""
    folder = str(tmp_path)
    maps, drivers = _maps(folder, water_expands_first=True)
    s = _settings(folder, maps[:2], drivers, calibration_budget=2.0)
    s.years = [2000, 2010]
    infos = []
    result, _out = study.run_calibration(s, progress=Progress(info=infos.append))
    assert not result.out_of_sample
    assert any("PROXIMITY_DECAY, PATCH_THRESHOLD and DECAY_SHARE are searched only" in line
               for line in infos)
    start = result.start.values
    for t in result.trials:
        assert t.values["PATCH_THRESHOLD"] == start["PATCH_THRESHOLD"]
        assert t.values["DECAY_SHARE"] == start["DECAY_SHARE"]
        assert t.values["PROXIMITY_DECAY"] in (0.0, 3.0)
