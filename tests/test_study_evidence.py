"""The study's evidence (issue 21): the validation scores its probabilities
out of sample with three maps (in sample with two) and writes KSim, the
skill per conversion and the budget at multiple resolutions; the report
shows them in English and in Chinese."""

import os

import numpy as np
import pytest
from helpers import read_csv, report_in_chinese
from test_study_robust import _maps, _settings

from landcarbon.core import study
from landcarbon.core.common.progress import Progress

pytestmark = pytest.mark.study


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("evidence"))
    maps, drivers = _maps(folder, water_expands_first=True)
    return study.run_study(_settings(folder, maps, drivers), progress=Progress())


def test_validation_writes_the_evidence(run):
    v = run.validation
    auc = read_csv(os.path.join(run.folder, "validation", "probability_auc.csv"))
    assert {r["evaluation"] for r in auc} == {"out of sample"}
    assert {(r["from_map"], r["to_map"]) for r in auc} == {("lu_2010.tif", "lu_2020.tif")}
    by_code = {int(r["code"]): r for r in auc}
    # the town (5) and the lake (4) grow 2010 -> 2020; cropland (1) and forest (2) do not
    assert by_code[5]["auc"] and float(by_code[5]["auc"]) > 0.5
    assert by_code[1]["auc"] == "" and by_code[1]["gain_cells"] == "0"
    assert [c.auc for c in v.probability_skill.classes] == \
        [pytest.approx(float(r["auc"]), abs=1e-11) if r["auc"] else None for r in auc]
    budget = read_csv(os.path.join(run.folder, "validation", "accuracy_multiresolution.csv"))
    assert [int(r["factor_cells"]) for r in budget] == [1, 2, 4, 8, 16, 32, 48]
    assert os.path.getsize(os.path.join(run.folder, "validation", "probability_toc.png")) > 1000
    transitions = read_csv(os.path.join(run.folder, "validation", "accuracy_transitions.csv"))
    assert (transitions[0]["from_code"], transitions[0]["to_code"]) == ("1", "5")
    assert run.accuracy.ksim.ksim is not None


def test_report_shows_the_evidence_in_english(run):
    text = open(run.report_path, encoding="utf-8").read()
    for heading in ("Skill of the development probabilities (AUC and TOC)",
                    "Agreement at multiple resolutions", "KSim (Kappa Simulation)",
                    "Skill per conversion (the ten largest observed)",
                    "Out of sample: the probabilities of the validation&#x27;s LEAS (trained "
                    "on 2000 -&gt; 2010)"):
        assert heading in text, heading
    null = run.accuracy.multiresolution.null_resolution
    assert ("Null resolution: from aggregation factor %d" % null.factor if null
            else "No null resolution") in text
    assert text.count('<img alt="TOC"') == 1 and text.count('alt="multiple resolutions"') == 1


def test_report_shows_the_evidence_in_chinese(run, landcarbon_provider, tmp_path):
    text = report_in_chinese(run, tmp_path)
    for heading in ("发展概率的预测能力（AUC 与 TOC）", "多分辨率一致性", "KSim（模拟 Kappa）",
                    "各地类转换的模拟能力", "样本外评价"):
        assert heading in text, heading
    assert "零分辨率" in text


def test_two_maps_are_in_sample_and_say_so(tmp_path):
    from landcarbon.core.study import StudySettings
    maps, drivers = _maps(str(tmp_path), water_expands_first=True)
    s = _settings(str(tmp_path), maps[1:], drivers)
    s = StudySettings(**{**s.__dict__, "years": [2010, 2020]})
    result = study.run_study(s, progress=Progress())
    auc = read_csv(os.path.join(result.folder, "validation", "probability_auc.csv"))
    assert {r["evaluation"] for r in auc} == {"in sample"}
    text = open(result.report_path, encoding="utf-8").read()
    assert "In sample: with two maps the probabilities are scored" in text
    assert np.isfinite(result.accuracy.ksim.ksim)
