"""landcarbon:scenarios: the whole study on the bundled sample data, checked
against independent computations, and its failure modes."""

import csv
import os

import numpy as np
import pytest
from conftest import ROOT, SAMPLE
from helpers import listdir, read_csv, read_raster
from qgis.core import QgsProcessingException

pytestmark = pytest.mark.study

POOLS = os.path.join(ROOT, "resources", "carbon", "pools_plum_island.csv")
MAPS = [os.path.join(SAMPLE, "lu_pie_%d.tif" % y) for y in (1985, 1991, 1999)]
DRIVERS = [os.path.join(SAMPLE, n) for n in ("elevation.tif", "slope.tif",
                                             "distance_to_built_1985.tif")]


def _cell_ha():
    from osgeo import gdal
    ds = gdal.Open(MAPS[0])
    gt = ds.GetGeoTransform()
    return abs(gt[1] * gt[5]) / 1e4


CELL_HA = _cell_ha()


def params(folder, **extra):
    p = {"INPUTS": MAPS, "YEARS": "1985,1991,1999", "DRIVERS": DRIVERS,
         "TARGET_YEARS": "2007", "SCENARIOS": [0],
         "SCENARIO_TABLES": [os.path.join(SAMPLE, "scenarios", "URBAN.csv")],
         "CLASSES": os.path.join(SAMPLE, "classes.csv"), "POOLS": POOLS,
         "PATHWAYS": os.path.join(SAMPLE, "pathways.csv"), "P_REF": 1180, "T_REF": 9.6,
         "PRICES": "100,449.4", "DISCOUNT_RATE": 7, "PRICE_CHANGE": 0, "PERMUTATIONS": 99,
         "SEED": 3, "OUTPUT_FOLDER": str(folder)}
    p.update(extra)
    return p


def pools_density():
    with open(POOLS, encoding="utf-8") as fh:
        return {int(r["lucode"]): sum(float(r[k]) for k in ("C_above", "C_below", "C_soil",
                                                             "C_dead"))
                for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def study(landcarbon_provider, tmp_path_factory):
    import processing
    folder = tmp_path_factory.mktemp("study")
    results = processing.run("landcarbon:scenarios", params(folder))
    return folder, results


def test_study_outputs_match_independent_computations(study):
    folder, results = study
    assert results["OUTPUT_REPORT"] == str(folder / "report.html")
    rows = read_csv(folder / "summary.csv")
    # the last known map + 2 scenarios x 3 pathways x 1 year
    assert len(rows) == 1 + 2 * 3
    assert {(r["scenario"], r["pathway"]) for r in rows[1:]} == {
        (s, p) for s in ("NE", "URBAN") for p in ("SSP1-2.6", "SSP2-4.5", "SSP5-8.5")}
    density = pools_density()
    lu1999 = read_raster(MAPS[2])
    expected_tg = sum(density[c] * (lu1999 == c).sum() for c in (1, 2, 3)) * CELL_HA / 1e6
    observed = rows[0]
    assert (observed["scenario"], observed["year"]) == ("observed", "1999")
    assert float(observed["carbon_total_Tg"]) == pytest.approx(expected_tg, rel=1e-9)
    for row in rows[1:]:
        sim = read_raster(folder / "scenarios" / row["scenario"] / "landuse_2007.tif")
        for code in (1, 2, 3):
            assert float(row["km2_%d" % code]) == pytest.approx(
                (sim == code).sum() * CELL_HA / 100.0, rel=1e-9)
        # value = change x InVEST valuation constant (r = 7 %, c = 0, 8 years)
        q = 1 / 1.07
        k = 100 * (1 - q ** 8) / ((1 - q) * 8)
        assert float(row["value_100_per_t_C"]) == pytest.approx(
            float(row["change_total_Tg"]) * 1e6 * k, rel=1e-5)
        global_csv = read_csv(folder / "scenarios" / row["scenario"]
                              / ("carbon_%s" % row["pathway"]) / "lisa_global_2007.csv")
        moran = [r for r in global_csv if r["statistic"] == "moran_i"][0]
        assert float(row["moran_I"]) == pytest.approx(float(moran["value"]), rel=1e-9)


def test_validation_and_report(study):
    folder, _results = study
    simulated = read_raster(folder / "validation" / "simulated_1999.tif")
    observed = read_raster(MAPS[2])
    valid = observed != 255
    report = {r["statistic"]: r for r in read_csv(folder / "validation" / "accuracy.csv")}
    assert float(report["overall_accuracy"]["value"]) == pytest.approx(
        (simulated[valid] == observed[valid]).mean(), rel=1e-9)
    # the validation demand is the observed totals: quantity disagreement 0
    for code in (1, 2, 3):
        assert (simulated == code).sum() == (observed == code).sum()
    html = (folder / "report.html").read_text(encoding="utf-8")
    for heading in ("Accuracy of the model (validation: 1999 simulated from 1991)",
                    "Driver contributions (LEAS)", "Scenario NE", "Scenario URBAN",
                    "Parameters (to repeat this run)",
                    "qgis_process.bin run landcarbon:scenarios"):
        assert heading in html, heading
    assert html.count("data:image/png;base64,") >= 1 + 2 * 4
    assert (folder / "parameters.json").exists()
    assert not [f for f in listdir(folder) if ".partial-" in f]


def test_existing_folder_gets_a_new_subfolder(run_alg, tmp_path):
    (tmp_path / "old_result.txt").write_text("keep me")
    results, feedback = run_alg("scenarios", params(tmp_path, SCENARIO_TABLES=[],
                                                    PATHWAYS=None, PERMUTATIONS=20))
    run = results["RUN_FOLDER"]
    assert os.path.dirname(run) == str(tmp_path) and os.path.basename(run).startswith("run_")
    assert (tmp_path / "old_result.txt").read_text() == "keep me"
    assert any("already holds files" in w for w in feedback.warnings)
    rows = read_csv(os.path.join(run, "summary.csv"))
    assert [r["pathway"] for r in rows] == ["reference", "reference"]


def test_same_seed_same_results(run_alg, tmp_path):
    a, _ = run_alg("scenarios", params(tmp_path / "a", SCENARIO_TABLES=[], PATHWAYS=None))
    b, _ = run_alg("scenarios", params(tmp_path / "b", SCENARIO_TABLES=[], PATHWAYS=None))
    assert open(a["OUTPUT_SUMMARY"], "rb").read() == open(b["OUTPUT_SUMMARY"], "rb").read()
    sim = os.path.join("scenarios", "NE", "landuse_2007.tif")
    assert np.array_equal(read_raster(tmp_path / "a" / sim), read_raster(tmp_path / "b" / sim))


def test_scenario_table_of_another_class_scheme(run_alg, tmp_path):
    table = tmp_path / "six.csv"
    table.write_text("from,to,factor,allowed\n1,5,1.2,1\n4,5,0.8,1\n")
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException, match="4, 5"):
        run_alg("scenarios", params(out, SCENARIO_TABLES=[str(table)]))
    assert not out.exists()
    # UD is about built-up land (code 5), which these maps do not have
    with pytest.raises(QgsProcessingException, match="Scenario UD: none of its rules.*4, 5, 6"):
        run_alg("scenarios", params(out, SCENARIOS=[1]))
    assert not out.exists()


def test_pathway_table_with_missing_columns(run_alg, tmp_path):
    table = tmp_path / "pathways.csv"
    table.write_text("name,P\nSSP1-2.6,1200\n")
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException, match="lacks the column.*t"):
        run_alg("scenarios", params(out, PATHWAYS=str(table)))
    assert not out.exists()


def test_output_folder_that_cannot_be_written(run_alg, tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    with pytest.raises(QgsProcessingException, match="(not writable|Cannot create|is a file)"):
        run_alg("scenarios", params(blocker / "sub"))


def test_cancel_stops_and_reports_what_finished(run_alg, recording_feedback, tmp_path):
    feedback = recording_feedback(cancel_after=40)
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        run_alg("scenarios", params(tmp_path / "out", PATHWAYS=None), feedback=feedback)
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "cancelled by the user" in html
    leftovers = [f for d, _s, files in os.walk(tmp_path) for f in files if ".partial-" in f]
    assert leftovers == []


def test_a_failed_scenario_does_not_lose_the_others(tmp_path, monkeypatch):
    from landcarbon.core import study
    from landcarbon.core.common.errors import LandCarbonError
    from landcarbon.core.study import run as runner
    real = runner.run_scenario

    def flaky(s, outcome, *args, **kwargs):
        if outcome.spec.name == "URBAN":
            raise LandCarbonError("simulated failure of URBAN")
        return real(s, outcome, *args, **kwargs)

    monkeypatch.setattr(runner, "run_scenario", flaky)
    settings = study.StudySettings(
        maps=MAPS, years=[1985, 1991, 1999], driver_paths=DRIVERS, target_years=[2007],
        scenarios=[study.ScenarioSpec.from_table(os.path.join(SAMPLE, "scenarios", "URBAN.csv")),
                   study.ScenarioSpec.from_preset("NE")],
        pools_path=POOLS, output_folder=str(tmp_path / "out"), permutations=20)
    result = study.run_study(settings)
    status = {o.spec.name: o.status for o in result.scenarios}
    assert status == {"URBAN": "failed", "NE": "finished"}
    rows = read_csv(result.summary_path)
    assert [r["status"] for r in rows] == ["observed", "failed", "finished"]
    assert "simulated failure of URBAN" in open(result.report_path, encoding="utf-8").read()
    assert os.path.exists(tmp_path / "out" / "scenarios" / "NE" / "landuse_2007.tif")


def test_carbon_change_split_into_land_use_and_climate(study):
    """Every scenario row: (a) land use at today's densities + (b) the
    pathway's densities on the future map = the reported change (per pool),
    (a) equals carbonstock's change with the reference table, and the value
    splits the same way."""
    from landcarbon.core import carbon
    folder, _results = study
    rows = [r for r in read_csv(folder / "summary.csv") if r["status"] == "finished"]
    assert rows
    for row in rows:
        for pool in ("above", "below", "soil", "dead", "total"):
            a = float(row["change_landuse_%s_Tg" % pool])
            b = float(row["change_climate_%s_Tg" % pool])
            assert a + b == pytest.approx(float(row["change_%s_Tg" % pool]), rel=1e-9,
                                          abs=1e-15)
        simulated = folder / "scenarios" / row["scenario"] / ("landuse_%s.tif" % row["year"])
        plain = carbon.run_carbon_stock(MAPS[-1], POOLS, landuse_alt=str(simulated))
        assert float(row["change_landuse_total_Tg"]) == pytest.approx(plain.change_mg / 1e6,
                                                                      rel=1e-9)
        if row["pathway"] == "reference":
            assert float(row["change_climate_total_Tg"]) == 0.0
        price = [k for k in row if k.startswith("value_") and not k.endswith(("_landuse",
                                                                             "_climate"))][0]
        assert float(row[price + "_landuse"]) + float(row[price + "_climate"]) == \
            pytest.approx(float(row[price]), rel=1e-9)


def test_results_open_in_groups_in_the_qgis_window(landcarbon_provider, tmp_path):
    """Run as the toolbox dialog does (load results on completion): per
    scenario the land use of each year and the carbon change and LISA
    clusters of each pathway open styled in their groups, results first; the
    observed maps last, collapsed, with the class colours (issue 23).
    A headless run (processing.run) loads nothing."""
    import processing
    from qgis.core import QgsProject
    project = QgsProject.instance()
    project.clear()
    processing.run("landcarbon:scenarios", params(tmp_path / "headless", PATHWAYS=None,
                                                  PERMUTATIONS=20))
    assert project.mapLayers() == {}
    processing.runAndLoadResults("landcarbon:scenarios",
                                 params(tmp_path / "gui", PATHWAYS=None, PERMUTATIONS=20))
    root = project.layerTreeRoot()
    (top,) = root.children()
    assert top.name() == "LandCarbon gui"
    groups = {g.name(): [c.name() for c in g.children()] for g in top.children()}
    assert groups == {
        "Observed land use": ["Land use 1985", "Land use 1991", "Land use 1999"],
        "Scenario NE": ["Land use 2007", "Carbon change 1999 -> 2007, reference (Mg C/ha)",
                        "LISA clusters 2007, reference"],
        "Scenario URBAN": ["Land use 2007", "Carbon change 1999 -> 2007, reference (Mg C/ha)",
                           "LISA clusters 2007, reference"]}
    assert list(groups) == ["Scenario NE", "Scenario URBAN", "Observed land use"]
    land = top.children()[0].children()[0].layer()
    assert land.renderer().type() == "paletted"              # styled from its .qml
    assert land.source() == str(tmp_path / "gui" / "scenarios" / "NE" / "landuse_2007.tif")
    observed = top.children()[2]
    assert not observed.isExpanded()
    assert observed.children()[0].layer().renderer().type() == "paletted"
    change = top.children()[0].children()[1].layer()
    assert change.renderer().type() == "singlebandpseudocolor"
    project.clear()


def test_report_opens_with_each_scenario_in_words(study):
    """The first section tells, per scenario, the largest conversion (checked
    against a count of the two maps), the carbon change and its split, and
    names inputs by file name (full paths only in the repeat command)."""
    import html as html_module

    from osgeo import gdal
    folder, _results = study
    text = html_module.unescape((folder / "report.html").read_text(encoding="utf-8"))
    assert text.index("In short") < text.index("Key figures")
    classes = {int(r["code"]): r["name"] for r in read_csv(os.path.join(SAMPLE, "classes.csv"))}
    last = gdal.Open(MAPS[-1]).ReadAsArray()
    for name in ("NE", "URBAN"):
        sim = read_raster(folder / "scenarios" / name / "landuse_2007.tif")
        valid = (last != 255) & (sim != 255)
        pairs = {}
        for a, b in zip(last[valid], sim[valid]):
            if a != b:
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
        (a, b), cells = max(pairs.items(), key=lambda kv: kv[1])
        sentence = "Scenario %s, 1999 -> 2007: the largest conversions are %s -> %s (%.4g km2" % (
            name, classes[a], classes[b], cells * CELL_HA / 100.0)
        assert sentence in text
        assert ("Scenario %s" % name) in text and "from land-use change at today's densities" \
            in text
    before_command = text.split("Command to repeat this run")[0]
    assert SAMPLE not in before_command and "lu_pie_1985.tif (1985)" in before_command


def test_validation_next_to_its_baselines(study):
    """The report and the accuracy CSV give the validation's FoM and Kappa
    next to the random and nearest-patch baselines (the multiples are the
    ratios of the CSV's own FoM values)."""
    folder, _results = study
    report = {r["statistic"]: r for r in read_csv(folder / "validation" / "accuracy.csv")}
    fom = float(report["fom"]["value"])
    for name in ("random", "nearest"):
        baseline = float(report["fom_baseline_%s" % name]["value"])
        assert float(report["fom_multiple_of_baseline_%s" % name]["value"]) == \
            pytest.approx(fom / baseline, rel=1e-9)
    text = (folder / "report.html").read_text(encoding="utf-8")
    assert "The model next to two baselines" in text
    assert "FoM of random allocation" in text and "FoM of growth next to patches" in text


def test_a_dask_scheduler_gives_the_same_study(run_alg, tmp_path, dask_cluster):
    """SCHEDULER: QGIS is only the client of a running scheduler (here the
    test LocalCluster); the maps and summary equal the run on this machine."""
    base = dict(SCENARIO_TABLES=[], PATHWAYS=None, PERMUTATIONS=20)
    local, _ = run_alg("scenarios", params(tmp_path / "local", **base))
    remote, feedback = run_alg("scenarios", params(
        tmp_path / "dask", SCHEDULER=dask_cluster.client.scheduler.address, **base))
    assert any("Dask: 2 worker(s)" in i for i in feedback.infos)
    for sim in ("landuse_2007.tif",):
        path = os.path.join("scenarios", "NE", sim)
        assert np.array_equal(read_raster(tmp_path / "dask" / path),
                              read_raster(tmp_path / "local" / path))
    assert open(remote["OUTPUT_SUMMARY"], "rb").read() == open(local["OUTPUT_SUMMARY"],
                                                               "rb").read()


def test_an_unreachable_scheduler_is_named(run_alg, tmp_path):
    from qgis.core import QgsProcessingException
    with pytest.raises(QgsProcessingException, match="Could not connect to the Dask scheduler"):
        run_alg("scenarios", params(tmp_path / "out", SCHEDULER="tcp://127.0.0.1:1",
                                    SCENARIO_TABLES=[], PATHWAYS=None))
