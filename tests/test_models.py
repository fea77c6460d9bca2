"""The example models of resources/models (issue 8): registered in the
provider, reproducible from scripts/build_models.py, and run on the bundled
Plum Island sample through Processing and headless with qgis_process. The
expected values are computed here with numpy / scipy from the input files
(Markov projection, accuracy, carbon densities, InVEST valuation constant,
Moran's I with the dense reference of lisa_reference.py), never taken from the
code under test."""

import filecmp
import json
import math
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
import scipy.linalg
from conftest import ROOT, SAMPLE, RecordingFeedback
from helpers import IsolatedQgisProcess, listdir, read_csv, read_raster
from lisa_reference import dense_moran, dense_weights
from osgeo import gdal

MODELS = os.path.join(ROOT, "resources", "models")
POOLS = os.path.join(ROOT, "resources", "carbon", "pools_plum_island.csv")
YEARS = (1985, 1991, 1999)
DRIVERS = ("elevation.tif", "slope.tif", "distance_to_built_1985.tif")
CODES = (1, 2, 3)          # Forest, Built, Other (classes.csv)
NODATA = 255               # nodata of the sample maps


def copy_sample(folder):
    """The sample data in ``folder`` (QGIS may write .aux.xml beside inputs)."""
    shutil.copytree(SAMPLE, folder)
    return folder


def landuse(folder, year):
    return str(folder / ("lu_pie_%d.tif" % year))


def calibration_params(data, out, seed=3):
    return {
        "LANDUSE_T0": landuse(data, 1985), "YEAR_T0": 1985,
        "LANDUSE_T1": landuse(data, 1991), "YEAR_T1": 1991,
        "LANDUSE_T2": landuse(data, 1999), "YEAR_T2": 1999,
        "DRIVERS": [str(data / name) for name in DRIVERS],
        "CLASSES": str(data / "classes.csv"), "SAMPLING_RATE": 0.2, "SEED": seed,
        "CARS:SIMULATED": str(out / "simulated.tif"),
        "ACCURACY:REPORT": str(out / "accuracy.csv"),
        "ACCURACY:MAP": str(out / "accuracy_map.tif"),
        "LEAS:PROBABILITY": str(out / "probability.tif"),
        "LEAS:CONTRIBUTION": str(out / "contribution.csv"),
        "MARKOV:DEMAND": str(out / "demand.csv"),
    }


def run_model(model_id, params, feedback=None):
    """processing.run with a context whose layers are released at once. A
    model loads its raster inputs and the rasters its steps pass on as layers
    into the context; the context can outlive the run in a reference cycle
    (processing.run's own context always does, and the first import of
    scikit-learn leaves the calling frames in one), and deleting raster
    layers after QGIS has exited crashes the test process at exit."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProject
    feedback = feedback or RecordingFeedback.create()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    context.setFeedback(feedback)
    try:
        results = processing.run("landcarbon:%s" % model_id, params, feedback=feedback,
                                 context=context)
    finally:
        context.temporaryLayerStore().removeAllMapLayers()
    return results, feedback


@pytest.fixture(scope="module")
def calibration(landcarbon_provider, tmp_path_factory):
    """'Calibrate and validate' run once on the sample: (data, out, results)."""
    base = tmp_path_factory.mktemp("calibration")
    data = copy_sample(base / "data")
    out = base / "out"
    results, _feedback = run_model("calibrateandvalidate", calibration_params(data, out))
    return data, out, results


# -- independent computations ------------------------------------------------

def markov_demand(start, end, periods, factors=None):
    """Cells per class (CODES order, float): end class counts x P^periods, P
    from the cells valid at both dates, off-diagonals times ``factors``
    {(from, to): factor}, diagonal = the rest of the row (docs/demand.md)."""
    k = len(CODES)
    valid = (start != NODATA) & (end != NODATA)
    counts = np.zeros((k, k))
    for i, a in enumerate(CODES):
        for j, b in enumerate(CODES):
            counts[i, j] = np.sum(valid & (start == a) & (end == b))
    p = counts / counts.sum(axis=1, keepdims=True)
    for (a, b), factor in (factors or {}).items():
        p[CODES.index(a), CODES.index(b)] *= factor
    for i in range(k):
        p[i, i] = 1.0 - (p[i].sum() - p[i, i])
        assert p[i, i] >= 0          # no rescaling needed for these tables
    power = scipy.linalg.fractional_matrix_power(p, periods)
    assert np.allclose(np.imag(power), 0) and np.real(power).min() >= 0
    end_counts = np.array([np.sum(end == c) for c in CODES], dtype=float)
    return end_counts @ np.real(power)


def demand_cells(path, year):
    rows = [r for r in read_csv(path) if int(r["year"]) == year]
    return {int(r["code"]): int(r["cells"]) for r in rows}


def report_value(rows, statistic):
    return float([r for r in rows if r["statistic"] == statistic][0]["value"])


def pools_density():
    """Total density (Mg C/ha) per class code from the pools CSV."""
    return {int(r["lucode"]): sum(float(r[c]) for c in ("C_above", "C_below", "C_soil",
                                                        "C_dead"))
            for r in read_csv(POOLS)}


def density_map(classes):
    density = pools_density()
    out = np.full(classes.shape, np.nan)
    for code, value in density.items():
        out[classes == code] = value
    return out


def valuation_constant(price, years, rate, change):
    """InVEST K = V (1 - q^N) / ((1 - q) N), q = 1 / ((1 + r)(1 + c)) (docs/carbon-value.md)."""
    q = 1.0 / ((1 + rate / 100.0) * (1 + change / 100.0))
    return price * (1 - q ** years) / ((1 - q) * years)


def pixel_area_ha(path):
    ds = gdal.Open(str(path))
    gt = ds.GetGeoTransform()
    return abs(gt[1] * gt[5]) / 1e4


def aggregate_mean(values, valid, pixel, cell, min_share=0.5):
    """Mean of the valid pixels per square analysis cell of ``cell`` map
    units from the top-left corner (a pixel goes to the cell holding its
    centre); cells with a valid share below ``min_share`` of a full cell are
    left out."""
    rows, cols = values.shape
    iy = np.floor((np.arange(rows) + 0.5) * pixel[1] / cell).astype(int)
    ix = np.floor((np.arange(cols) + 0.5) * pixel[0] / cell).astype(int)
    ny, nx = iy[-1] + 1, ix[-1] + 1
    full_y = [math.ceil((r + 1) * cell / pixel[1] - 0.5) - math.ceil(r * cell / pixel[1] - 0.5)
              for r in range(ny)]
    full_x = [math.ceil((c + 1) * cell / pixel[0] - 0.5) - math.ceil(c * cell / pixel[0] - 0.5)
              for c in range(nx)]
    sums, counts = np.zeros((ny, nx)), np.zeros((ny, nx))
    np.add.at(sums, (iy[:, None].repeat(cols, 1)[valid], ix[None, :].repeat(rows, 0)[valid]),
              values[valid])
    np.add.at(counts, (iy[:, None].repeat(cols, 1)[valid], ix[None, :].repeat(rows, 0)[valid]), 1)
    share = counts / np.outer(full_y, full_x)
    keep = (counts > 0) & (share >= min_share)
    return np.where(keep, sums / np.maximum(counts, 1), np.nan), keep


# -- registration and reproducibility ---------------------------------------

def test_models_are_registered_as_examples_with_every_step(landcarbon_provider):
    from qgis.core import QgsProcessingParameterDefinition

    from landcarbon.algorithms.examplemodels import unresolved_steps
    models = {a.name(): a for a in landcarbon_provider.algorithms() if a.groupId() == "examples"}
    assert sorted(models) == ["calibrateandvalidate", "scenariotocarbon"]
    calibrate, scenario = models["calibrateandvalidate"], models["scenariotocarbon"]
    assert calibrate.id() == "landcarbon:calibrateandvalidate"
    assert calibrate.displayName() == "Calibrate and validate"
    assert scenario.displayName() == "Scenario to carbon"
    assert calibrate.group() == "Examples"
    steps = {m: sorted(c.algorithmId() for c in models[m].childAlgorithms().values())
             for m in models}
    assert steps == {
        "calibrateandvalidate": ["landcarbon:accuracy", "landcarbon:cars", "landcarbon:leas",
                                 "landcarbon:markovdemand"],
        "scenariotocarbon": ["landcarbon:carbonstock", "landcarbon:carbonvalue",
                             "landcarbon:cars", "landcarbon:lisa", "landcarbon:markovdemand"]}
    assert unresolved_steps(calibrate) == [] and unresolved_steps(scenario) == []
    # the registered prototypes show the outputs (they need the steps attached)
    assert {d.name() for d in calibrate.destinationParameterDefinitions()} == {
        "CARS:SIMULATED", "ACCURACY:REPORT", "ACCURACY:MAP", "LEAS:PROBABILITY",
        "LEAS:CONTRIBUTION", "MARKOV:DEMAND"}
    assert {d.name() for d in scenario.destinationParameterDefinitions()} == {
        "CARS:SIMULATED", "MARKOV:DEMAND", "CARBON:STOCK_BASE", "CARBON:STOCK_ALT",
        "CARBON:CHANGE", "CARBON:SUMMARY", "CARBON:ATTRIBUTION", "VALUE:VALUE",
        "VALUE:SUMMARY", "LISA:CLUSTERS", "LISA:GLOBAL"}
    # an output a later step reads cannot be skipped (it would not be written)
    optional = QgsProcessingParameterDefinition.FlagOptional
    for name in ("CARBON:STOCK_ALT", "CARBON:CHANGE"):
        assert not scenario.parameterDefinition(name).flags() & optional, name
    # a fresh instance (what a run uses) is the same model
    instance = calibrate.create()
    assert instance.id() == calibrate.id() and instance.displayName() == "Calibrate and validate"
    assert [d.name() for d in instance.parameterDefinitions()] == \
        [d.name() for d in calibrate.parameterDefinitions()]


def test_model_texts_come_out_in_chinese_under_zh_cn(landcarbon_provider):
    """Every text of a model instance goes through tr(): with the zh_CN
    translation installed the title, help, inputs, enum options and outputs
    are Chinese; without it they are the English of the file."""
    import re

    from landcarbon.i18n import install_translator, remove_translator
    cjk = re.compile(r"[\u4e00-\u9fff]")
    model = landcarbon_provider.algorithm("scenariotocarbon")
    english = [d.description() for d in model.parameterDefinitions()]
    assert install_translator("zh_CN")
    try:
        fresh = model.create()
        assert cjk.search(fresh.displayName()) and cjk.search(fresh.group())
        text = fresh.shortHelpString()
        assert cjk.search(text) and "When it fails" not in text
        assert "From a calibration pair" not in text
        for definition in fresh.parameterDefinitions():
            assert cjk.search(definition.description()), definition.name()
            assert cjk.search(definition.help()), definition.name()
        assert all(cjk.search(o) for o in fresh.parameterDefinition("SCENARIO").options())
        steps = [c.description() for c in fresh.childAlgorithms().values()]
        assert all(cjk.search(d) for d in steps), steps
    finally:
        remove_translator()
    again = model.create()
    assert [d.description() for d in again.parameterDefinitions()] == english
    assert again.displayName() == "Scenario to carbon"
    assert "When it fails" in again.shortHelpString()


def test_committed_models_are_what_the_build_script_writes(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(tmp_path))
    run = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "build_models.py"),
                          str(tmp_path / "models")], capture_output=True, text=True, env=env,
                         timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    names = sorted(n for n in os.listdir(MODELS) if n.endswith(".model3"))
    assert names == ["calibrateandvalidate.model3", "scenariotocarbon.model3"]
    assert listdir(tmp_path / "models") == names
    for name in names:   # rebuild the models after changing scripts/build_models.py
        assert filecmp.cmp(tmp_path / "models" / name, os.path.join(MODELS, name),
                           shallow=False), name


def test_a_broken_model_file_is_logged_and_left_out(landcarbon_provider, tmp_path):
    from qgis.core import QgsApplication

    from landcarbon.algorithms.examplemodels import load_models
    (tmp_path / "broken.model3").write_text("<not a model")
    shutil.copy(os.path.join(MODELS, "scenariotocarbon.model3"), tmp_path / "mine.model3")
    messages = []

    def record(message, tag, level):
        messages.append((tag, message))
    QgsApplication.messageLog().messageReceived.connect(record)
    try:
        models = load_models(landcarbon_provider, str(tmp_path))
    finally:
        QgsApplication.messageLog().messageReceived.disconnect(record)
    assert [m.name() for m in models] == ["mine"]
    assert [m.displayName() for m in models] == ["Scenario to carbon"]
    logged = [text for tag, text in messages if tag == "LandCarbon"]
    assert len(logged) == 1 and "broken.model3 was not loaded" in logged[0]


# -- Calibrate and validate --------------------------------------------------

def test_calibrate_and_validate_scores_the_simulation_against_t2(calibration):
    data, out, results = calibration
    for name in ("CARS:SIMULATED", "ACCURACY:REPORT", "ACCURACY:MAP", "LEAS:PROBABILITY",
                 "LEAS:CONTRIBUTION", "MARKOV:DEMAND"):
        assert os.path.exists(results[name]), name
    initial = read_raster(landuse(data, 1991))
    observed = read_raster(landuse(data, 1999))
    simulated = read_raster(out / "simulated.tif")
    assert set(np.unique(simulated)) <= set(CODES) | {NODATA}
    assert np.array_equal(simulated == NODATA, initial == NODATA)
    valid = (initial != NODATA) & (observed != NODATA) & (simulated != NODATA)
    rows = read_csv(out / "accuracy.csv")
    oa = np.mean(simulated[valid] == observed[valid])
    assert report_value(rows, "overall_accuracy") == pytest.approx(oa, abs=1e-9)
    confusion = np.array([[np.sum(valid & (simulated == s) & (observed == o)) for o in CODES]
                          for s in CODES], dtype=float)
    total = confusion.sum()
    expected = (confusion.sum(axis=1) @ confusion.sum(axis=0)) / total ** 2
    assert report_value(rows, "kappa") == pytest.approx((oa - expected) / (1 - expected),
                                                        abs=1e-9)
    # figure of merit over the cells where change was observed or simulated
    changed_obs, changed_sim = observed != initial, simulated != initial
    a = np.sum(valid & changed_obs & ~changed_sim)
    b = np.sum(valid & changed_obs & changed_sim & (simulated == observed))
    c = np.sum(valid & changed_obs & changed_sim & (simulated != observed))
    d = np.sum(valid & ~changed_obs & changed_sim)
    assert [report_value(rows, s) for s in ("a_misses", "b_hits", "c_wrong_hits",
                                            "d_false_alarms")] == [a, b, c, d]
    assert report_value(rows, "fom") == pytest.approx(b / (a + b + c + d), abs=1e-9)
    codes = np.full(initial.shape, 255)
    codes[valid] = 0
    codes[valid & changed_obs & ~changed_sim] = 1
    codes[valid & changed_obs & changed_sim & (simulated == observed)] = 2
    codes[valid & changed_obs & changed_sim & (simulated != observed)] = 3
    codes[valid & ~changed_obs & changed_sim] = 4
    assert np.array_equal(read_raster(out / "accuracy_map.tif"), codes)
    # the probabilities LEAS learnt from t0 -> t1: one band per class, on t1's valid cells
    ds = gdal.Open(str(out / "probability.tif"))
    assert ds.RasterCount == len(CODES)
    band = ds.GetRasterBand(1).ReadAsArray()
    assert band[initial != NODATA].min() >= 0 and band[initial != NODATA].max() <= 1


def test_calibrate_and_validate_simulates_the_markov_demand_of_t2(calibration):
    data, out, _results = calibration
    start, end = read_raster(landuse(data, 1985)), read_raster(landuse(data, 1991))
    # t0 -> t1 is 6 years, t1 -> t2 8 years: 4/3 periods (real matrix power)
    expected = markov_demand(start, end, 8 / 6)
    demand = demand_cells(out / "demand.csv", 1999)
    assert sum(demand.values()) == np.sum(end != NODATA)
    for code, cells in zip(CODES, expected):
        assert abs(demand[code] - cells) < 1, (code, demand[code], cells)
    simulated = read_raster(out / "simulated.tif")
    for code in CODES:   # CARS's stopping rule: within max(10 cells, 0.1 %) of the demand
        assert abs(np.sum(simulated == code) - demand[code]) <= max(10, 0.001 * demand[code])


def test_calibrate_and_validate_same_seed_same_bytes(calibration, tmp_path):
    data, out, _results = calibration
    run_model("calibrateandvalidate", calibration_params(data, tmp_path))
    for name in ("simulated.tif", "probability.tif", "accuracy.csv"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


# -- Scenario to carbon ------------------------------------------------------

def scenario_params(data, probability, out, **changes):
    params = {
        "LANDUSE_START": landuse(data, 1991), "YEAR_START": 1991,
        "LANDUSE_END": landuse(data, 1999), "YEAR_END": 1999, "YEAR_TARGET": 2007,
        "SCENARIO": 4, "SCENARIO_TABLE": str(data / "scenarios" / "URBAN.csv"),
        "PROBABILITY": probability, "CLASSES": str(data / "classes.csv"), "POOLS": POOLS,
        "PRICES": "100,50", "PRICE_UNIT": 0, "DISCOUNT_RATE": 5.0, "PRICE_CHANGE": 1.0,
        "CELL_SIZE": 2000.0, "SEED": 2,
    }
    outputs = {"CARS:SIMULATED": "simulated.tif", "MARKOV:DEMAND": "demand.csv",
               "CARBON:STOCK_BASE": "stock_1999.tif", "CARBON:STOCK_ALT": "stock_2007.tif",
               "CARBON:CHANGE": "change.tif", "CARBON:SUMMARY": "carbon.csv",
               "CARBON:ATTRIBUTION": "attribution.csv", "VALUE:VALUE": "value.tif",
               "VALUE:SUMMARY": "value.csv", "LISA:CLUSTERS": "lisa.tif",
               "LISA:GLOBAL": "moran.csv"}
    params.update({name: str(out / file) for name, file in outputs.items()})
    params.update(changes)
    return params


def test_scenario_to_carbon_chains_demand_simulation_carbon_value_and_lisa(calibration,
                                                                          tmp_path):
    data, calibrated, _results = calibration
    out = tmp_path / "out"
    results, _feedback = run_model("scenariotocarbon", scenario_params(
        data, str(calibrated / "probability.tif"), out))
    start, end = read_raster(landuse(data, 1991)), read_raster(landuse(data, 1999))
    # Markov demand under URBAN.csv: 1->2 and 3->2 x1.5, 2->1 and 2->3 x0.5; one period
    expected = markov_demand(start, end, 1, {(1, 2): 1.5, (3, 2): 1.5, (2, 1): 0.5,
                                             (2, 3): 0.5})
    demand = demand_cells(out / "demand.csv", 2007)
    for code, cells in zip(CODES, expected):
        assert abs(demand[code] - cells) < 1, (code, demand[code], cells)
    simulated = read_raster(out / "simulated.tif")
    for code in CODES:
        assert abs(np.sum(simulated == code) - demand[code]) <= max(10, 0.001 * demand[code])
    # carbon: densities of the pools table on the end map (base) and the simulation (alt)
    base, alt = density_map(end), density_map(simulated)
    stock_base = read_raster(out / "stock_1999.tif")
    stock_alt = read_raster(out / "stock_2007.tif")
    change = read_raster(out / "change.tif")
    valid = end != NODATA
    assert np.allclose(stock_base[valid], base[valid])
    assert np.allclose(stock_alt[valid], alt[valid])
    assert np.allclose(change[valid], (alt - base)[valid])
    area_ha = pixel_area_ha(landuse(data, 1999))
    change_mg = float(np.sum((alt - base)[valid])) * area_ha
    assert results["CHILD_RESULTS"]["CARBON"]["CHANGE_MG"] == pytest.approx(change_mg,
                                                                             rel=1e-6)
    # value: change x K, 1999 -> 2007, r = 5 %, c = 1 %, first price 100 per t C
    k100 = valuation_constant(100.0, 8, 5.0, 1.0)
    value = read_raster(out / "value.tif")
    assert np.allclose(value[valid], change[valid].astype(np.float64) * k100, rtol=1e-5,
                       atol=1e-3)
    rows = read_csv(out / "value.csv")
    assert [float(r["price_per_t_C"]) for r in rows] == [100.0, 50.0]
    assert float(rows[0]["valuation_constant_per_Mg_C"]) == pytest.approx(k100, rel=1e-9)
    assert float(rows[1]["value_currency"]) == pytest.approx(
        change_mg * valuation_constant(50.0, 8, 5.0, 1.0), rel=1e-6)
    # LISA on the simulated carbon density, 2 km analysis cells, queen contiguity
    ds = gdal.Open(str(out / "stock_2007.tif"))
    gt = ds.GetGeoTransform()
    means, keep = aggregate_mean(stock_alt.astype(np.float64), valid,
                                 (gt[1], abs(gt[5])), 2000.0)
    reference = dense_moran(means[keep], dense_weights(keep, "queen"))
    moran = {r["statistic"]: r["value"] for r in read_csv(out / "moran.csv")}
    assert int(moran["n_units"]) == reference["n"]
    assert float(moran["moran_i"]) == pytest.approx(reference["I"], rel=1e-9)
    clusters = gdal.Open(str(out / "lisa.tif"))
    assert (clusters.RasterXSize, clusters.RasterYSize) == keep.shape[::-1]
    assert clusters.GetGeoTransform()[1] == 2000.0
    assert set(np.unique(read_raster(out / "lisa.tif"))) <= {0, 1, 2, 3, 4, 5, 255}


def test_scenario_to_carbon_refuses_a_table_of_another_class_scheme(calibration, tmp_path):
    """The six-class UD table as a custom table on the three-class sample: the
    first step (markovdemand) names the missing codes and nothing is written."""
    from qgis.core import QgsProcessingException
    data, calibrated, _results = calibration
    out = tmp_path / "out"
    table = os.path.join(ROOT, "resources", "scenarios", "UD.csv")
    params = scenario_params(data, str(calibrated / "probability.tif"), out,
                             SCENARIO_TABLE=table)
    feedback = RecordingFeedback.create()
    with pytest.raises(QgsProcessingException, match="Markov demand under the scenario"):
        run_model("scenariotocarbon", params, feedback)
    # the model names the failed step; the step's message reaches the log
    assert any("names class code(s) 4, 5, 6 that neither land-use map holds" in text
               for text in feedback.errors), feedback.errors
    assert listdir(out) == []


# -- headless ----------------------------------------------------------------

def json_results(run):
    return json.loads(run.stdout[run.stdout.index("{"):])["results"]


def test_qgis_process_runs_both_models_headless(tmp_path):
    qgis_process = IsolatedQgisProcess(tmp_path, ROOT)
    data = copy_sample(tmp_path / "data")
    out = tmp_path / "out"
    # 1. by id, as registered by the provider
    params = calibration_params(data, out)
    args = ["%s=%s" % (k, v) for k, v in params.items() if k != "DRIVERS"]
    args += ["DRIVERS=%s" % d for d in params["DRIVERS"]]
    run = qgis_process(["run", "landcarbon:calibrateandvalidate", "--json", "--"] + args)
    assert run.returncode == 0, run.stdout + run.stderr
    results = json_results(run)
    assert results["ACCURACY:REPORT"] == str(out / "accuracy.csv")
    simulated = read_raster(out / "simulated.tif")
    observed = read_raster(landuse(data, 1999))
    valid = (simulated != NODATA) & (observed != NODATA)
    assert report_value(read_csv(out / "accuracy.csv"), "overall_accuracy") == pytest.approx(
        np.mean(simulated[valid] == observed[valid]), abs=1e-9)
    # 2. the .model3 file itself, with the probabilities of run 1; NE works for 3 classes
    scenario = tmp_path / "scenario"
    params = scenario_params(data, str(out / "probability.tif"), scenario, SCENARIO=0,
                             SCENARIO_TABLE=None, PRICES="43")
    args = ["%s=%s" % (k, v) for k, v in params.items() if v is not None]
    run = qgis_process(["run", os.path.join(MODELS, "scenariotocarbon.model3"), "--json",
                        "--"] + args)
    assert run.returncode == 0, run.stdout + run.stderr
    results = json_results(run)
    assert results["VALUE:VALUE"] == str(scenario / "value.tif")
    change = read_raster(scenario / "change.tif").astype(np.float64)
    value = read_raster(scenario / "value.tif")
    valid = read_raster(landuse(data, 1999)) != NODATA
    assert np.allclose(value[valid], change[valid] * valuation_constant(43.0, 8, 5.0, 1.0),
                       rtol=1e-5, atol=1e-3)
