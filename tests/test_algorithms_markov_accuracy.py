"""landcarbon:markovdemand and landcarbon:accuracy through QGIS Processing."""

import os

import numpy as np
import pytest
from helpers import listdir, read_csv, read_raster, write_raster
from qgis.core import QgsProcessingException, QgsRasterLayer
from test_landuse_accuracy import EXPECTED_MAP, INITIAL, OBSERVED, SIMULATED

from landcarbon.core.common.demand_tables import read_demand, read_transition_matrix


def _six_class_pair(folder, shape=(30, 40), seed=2):
    """A start map of classes 1..6 and an end map where 15 % of the cells
    changed at random (255 = nodata in the first column of the end map)."""
    rng = np.random.default_rng(seed)
    start = rng.integers(1, 7, size=shape).astype(np.uint8)
    end = start.copy()
    change = rng.random(shape) < 0.15
    end[change] = rng.integers(1, 7, size=int(change.sum()))
    end[:, 0] = 255
    return (write_raster(folder / "start.tif", start, nodata=255),
            write_raster(folder / "end.tif", end, nodata=255), start, end)


def markov_params(out, start, end, scenario=0, table=None, targets="2030", years=(2010, 2020)):
    p = {"LANDUSE_START": start, "LANDUSE_END": end, "YEAR_START": years[0],
         "YEAR_END": years[1], "YEARS_TARGET": targets, "SCENARIO": scenario,
         "OUTPUT_DEMAND": str(out / "demand.csv"),
         "OUTPUT_PROBABILITIES": str(out / "probabilities.csv"),
         "OUTPUT_TRANSITION_MATRIX": str(out / "matrix.csv")}
    if table:
        p["SCENARIO_TABLE"] = table
    return p


def test_markovdemand_outputs_what_cars_reads(run_alg, tmp_path):
    start_path, end_path, start, end = _six_class_pair(tmp_path)
    out = tmp_path / "out"
    results, feedback = run_alg("markovdemand", markov_params(out, start_path, end_path,
                                                              targets="2030,2035"))
    assert results["OUTPUT_DEMAND"] == str(out / "demand.csv")
    demand = read_demand(results["OUTPUT_DEMAND"])
    valid = end != 255
    assert list(demand) == [2030, 2035]
    # second implementation: counts over cells valid at both dates, one period
    both = valid & (start != 255)
    n = np.zeros((6, 6))
    np.add.at(n, (start[both] - 1, end[both] - 1), 1)
    p = n / n.sum(axis=1, keepdims=True)
    state = np.bincount(end[valid], minlength=7)[1:].astype(float)
    expected = state @ p
    cells = np.array([demand[2030][c] for c in range(1, 7)])
    assert cells.sum() == valid.sum()
    assert np.all(np.abs(cells - expected) < 1)
    assert sum(demand[2035].values()) == valid.sum()
    rows = read_csv(out / "demand.csv")
    assert float(rows[0]["km2"]) == pytest.approx(int(rows[0]["cells"]) * 0.0009)
    codes, allowed = read_transition_matrix(results["OUTPUT_TRANSITION_MATRIX"])
    assert codes == [1, 2, 3, 4, 5, 6] and allowed.all()
    probs = read_csv(out / "probabilities.csv")
    assert len(probs) == 36
    assert float(probs[1]["p_observed"]) == pytest.approx(p[0, 1])
    assert any("m = 1.5 periods" in line for line in feedback.infos)


def test_markovdemand_ep_forbids_forest_to_built_up(run_alg, tmp_path):
    start_path, end_path, _s, _e = _six_class_pair(tmp_path)
    out = tmp_path / "out"
    run_alg("markovdemand", markov_params(out, start_path, end_path, scenario=3))
    codes, allowed = read_transition_matrix(str(out / "matrix.csv"))
    assert not allowed[1, 4] and allowed.sum() == 35
    probs = {(r["from_code"], r["to_code"]): r for r in read_csv(out / "probabilities.csv")}
    assert float(probs[("2", "5")]["p_scenario"]) == 0.0
    assert float(probs[("2", "5")]["p_observed"]) > 0
    assert probs[("2", "5")]["allowed"] == "0"
    assert float(probs[("1", "5")]["p_scenario"]) == pytest.approx(
        0.7 * float(probs[("1", "5")]["p_observed"]))


def test_markovdemand_identical_maps_warn(run_alg, tmp_path):
    start_path, _e, start, _end = _six_class_pair(tmp_path)
    out = tmp_path / "out"
    _results, feedback = run_alg("markovdemand", markov_params(out, start_path, start_path))
    assert any("No cell changed class" in w for w in feedback.warnings)
    demand = read_demand(str(out / "demand.csv"))
    assert demand[2030] == {c: int((start == c).sum()) for c in range(1, 7)}


def test_markovdemand_custom_table(run_alg, tmp_path):
    start_path, end_path, _s, _e = _six_class_pair(tmp_path)
    table = tmp_path / "mine.csv"
    table.write_text("# my scenario\nfrom;to;factor;allowed\n6;5;1.5;1\n3;1;0;0\n")
    out = tmp_path / "out"
    run_alg("markovdemand", markov_params(out, start_path, end_path, 4, str(table)))
    codes, allowed = read_transition_matrix(str(out / "matrix.csv"))
    assert not allowed[2, 0] and allowed.sum() == 35


def _nothing_written(folder):
    assert listdir(folder) == []


@pytest.mark.parametrize("case,message", [
    ("grid", "(?s)not on the same grid.*cell size 30 x 30 vs 25 x 25"),
    ("float", "must hold integer class codes"),
    ("nodata", "LANDUSE_END \\(e.tif\\) holds no valid cell"),
    ("target", "YEARS_TARGET 2020: target years must be later than YEAR_END \\(2020\\)"),
    ("target_text", "YEARS_TARGET: '20x0' is not a number"),
    ("years", "YEAR_END \\(2010\\) must be later than YEAR_START \\(2020\\)"),
    ("custom_without_table", "SCENARIO is Custom but no SCENARIO_TABLE"),
    ("preset_and_table", "SCENARIO is the preset UD, but a SCENARIO_TABLE"),
    ("table_codes", "names class code\\(s\\) 8 that neither land-use map holds"),
    ("preset_scheme", "written for the six-class scheme"),
])
def test_markovdemand_bad_inputs(run_alg, tmp_path, case, message):
    start_path, end_path, start, _e = _six_class_pair(tmp_path)
    table = tmp_path / "t.csv"
    table.write_text("from,to,factor,allowed\n1,8,1.2,1\n")
    p = markov_params(tmp_path / "out", start_path, end_path)
    if case == "grid":
        p["LANDUSE_END"] = write_raster(tmp_path / "g.tif", start,
                                        geotransform=(500000.0, 25.0, 0, 1000000.0, 0, -25.0))
    elif case == "float":
        p["LANDUSE_END"] = write_raster(tmp_path / "f.tif", start.astype(np.float32))
    elif case == "nodata":
        p["LANDUSE_END"] = write_raster(tmp_path / "e.tif", np.full((3, 3), 255, np.uint8),
                                        nodata=255)
        p["LANDUSE_START"] = write_raster(tmp_path / "s.tif", np.ones((3, 3), np.uint8))
    elif case == "target":
        p["YEARS_TARGET"] = "2020,2030"
    elif case == "target_text":
        p["YEARS_TARGET"] = "20x0"
    elif case == "years":
        p["YEAR_START"], p["YEAR_END"] = 2020, 2010
    elif case == "custom_without_table":
        p["SCENARIO"] = 4
    elif case == "preset_and_table":
        p["SCENARIO"], p["SCENARIO_TABLE"] = 1, str(table)
    elif case == "table_codes":
        p["SCENARIO"], p["SCENARIO_TABLE"] = 4, str(table)
    elif case == "preset_scheme":
        p["LANDUSE_START"] = write_raster(tmp_path / "s9.tif", np.where(start == 6, 9, start)
                                          .astype(np.uint8))
        p["SCENARIO"] = 2
    with pytest.raises(QgsProcessingException, match=message):
        run_alg("markovdemand", p)
    _nothing_written(tmp_path / "out")


def test_markovdemand_cancel_leaves_nothing(run_alg, recording_feedback, tmp_path):
    start_path, end_path, _s, _e = _six_class_pair(tmp_path)
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        run_alg("markovdemand", markov_params(tmp_path / "out", start_path, end_path),
                feedback=recording_feedback(cancel_after=2))
    _nothing_written(tmp_path / "out")


# ---------------------------------------------------------------------------
# accuracy
# ---------------------------------------------------------------------------

def _triple(folder):
    return [write_raster(folder / ("%s.tif" % n), np.array(a, np.uint8), nodata=255)
            for n, a in (("initial", INITIAL), ("observed", OBSERVED), ("simulated", SIMULATED))]


def accuracy_params(out, paths, **extra):
    p = {"INITIAL": paths[0], "OBSERVED": paths[1], "SIMULATED": paths[2],
         "OUTPUT_REPORT": str(out / "report.csv"), "OUTPUT_MAP": str(out / "abcd.tif")}
    p.update(extra)
    return p


def test_accuracy_numbers_report_and_map(run_alg, tmp_path):
    out = tmp_path / "out"
    results, _feedback = run_alg("accuracy", accuracy_params(out, _triple(tmp_path)))
    # hand calculation (see test_landuse_accuracy): 8 of 13 cells agree, FoM 2 / 7
    pe = (2 * 3 + 6 * 5 + 5 * 5) / 169
    assert results["OVERALL_ACCURACY"] == pytest.approx(8 / 13)
    assert results["KAPPA"] == pytest.approx((8 / 13 - pe) / (1 - pe))
    assert results["FOM"] == pytest.approx(2 / 7)
    rows = read_csv(out / "report.csv")
    scalar = {r["statistic"]: r["value"] for r in rows if not r["code"]}
    assert float(scalar["fom"]) == pytest.approx(2 / 7)
    assert (scalar["a_misses"], scalar["b_hits"], scalar["c_wrong_hits"],
            scalar["d_false_alarms"]) == ("2", "2", "1", "2")
    assert float(scalar["quantity_disagreement"]) + float(scalar["allocation_disagreement"]) \
        == pytest.approx(5 / 13)
    confusion = [r for r in rows if r["statistic"] == "confusion_cells"]
    assert [[r["observed_%d" % c] for c in (1, 2, 3)] for r in confusion] == \
        [["1", "0", "1"], ["1", "4", "1"], ["1", "1", "3"]]
    pa = {r["code"]: r["value"] for r in rows if r["statistic"] == "producers_accuracy"}
    assert float(pa["2"]) == pytest.approx(4 / 5)   # observed class 2: 5 cells, 4 right
    np.testing.assert_array_equal(read_raster(out / "abcd.tif"), EXPECTED_MAP)
    layer = QgsRasterLayer(str(out / "abcd.tif"), "abcd")
    assert layer.isValid() and layer.renderer().type() == "paletted"
    labels = {c.value: c.label for c in layer.renderer().classes()}
    assert labels[2].startswith("B hit") and labels[4].startswith("D false alarm")


def test_accuracy_sampling_is_reproducible(run_alg, tmp_path):
    rng = np.random.default_rng(4)
    paths = [write_raster(tmp_path / ("m%d.tif" % i),
                          rng.integers(1, 4, size=(50, 50)).astype(np.uint8))
             for i in range(3)]
    first, _ = run_alg("accuracy", accuracy_params(tmp_path / "a", paths, SAMPLING_RATE=0.2,
                                                   RANDOM_SEED=11))
    second, _ = run_alg("accuracy", accuracy_params(tmp_path / "b", paths, SAMPLING_RATE=0.2,
                                                    RANDOM_SEED=11))
    assert first["KAPPA"] == second["KAPPA"] and first["FOM"] == second["FOM"]
    assert open(tmp_path / "a" / "report.csv", "rb").read() == \
        open(tmp_path / "b" / "report.csv", "rb").read()
    full, _ = run_alg("accuracy", accuracy_params(tmp_path / "c", paths))
    assert full["KAPPA"] != first["KAPPA"]


@pytest.mark.parametrize("case,message", [
    ("grid", "(?s)not on the same grid.*SIMULATED"),
    ("float", "must hold integer class codes"),
    ("rate", "SAMPLING_RATE is 1.5"),
    ("disjoint", "No cell holds a class in all three maps"),
])
def test_accuracy_bad_inputs(run_alg, tmp_path, case, message):
    paths = _triple(tmp_path)
    extra = {}
    if case == "grid":
        paths[2] = write_raster(tmp_path / "g.tif", np.array(SIMULATED, np.uint8),
                                geotransform=(500000.0, 25.0, 0, 1000000.0, 0, -25.0))
    elif case == "float":
        paths[2] = write_raster(tmp_path / "f.tif", np.array(SIMULATED, np.float32))
    elif case == "rate":
        extra["SAMPLING_RATE"] = 1.5
    elif case == "disjoint":
        holes = np.full((4, 4), 255, np.uint8)
        holes[0, 0] = 1
        paths[2] = write_raster(tmp_path / "h.tif", holes, nodata=255)
        paths[0] = write_raster(tmp_path / "i.tif", np.where(holes == 255, 1, 255)
                                .astype(np.uint8), nodata=255)
    with pytest.raises(QgsProcessingException, match=message):
        run_alg("accuracy", accuracy_params(tmp_path / "out", paths, **extra))
    _nothing_written(tmp_path / "out")


def test_accuracy_cancel_leaves_nothing(run_alg, recording_feedback, tmp_path):
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        run_alg("accuracy", accuracy_params(tmp_path / "out", _triple(tmp_path)),
                feedback=recording_feedback(cancel_after=3))
    _nothing_written(tmp_path / "out")


def test_inputs_are_not_modified(run_alg, tmp_path):
    paths = _triple(tmp_path)
    before = {p: open(p, "rb").read() for p in paths}
    run_alg("accuracy", accuracy_params(tmp_path / "out", paths))
    run_alg("markovdemand", markov_params(tmp_path / "out2", paths[0], paths[1]))
    for p in paths:
        assert open(p, "rb").read() == before[p]
        assert not os.path.exists(p + ".aux.xml")


def test_help(landcarbon_provider):
    for name, words in (("markovdemand", ("fractional_matrix_power", "largest remainder",
                                          "cells")),
                        ("accuracy", ("FoM", "Kappa location", "Pontius"))):
        alg = landcarbon_provider.algorithm(name)
        text = alg.shortHelpString()
        assert all(w in text for w in words) and "When it fails" in text
        for definition in alg.parameterDefinitions():
            assert definition.help(), definition.name()
    outputs = {o.name(): o.type() for o in landcarbon_provider.algorithm("accuracy")
               .outputDefinitions()}
    assert outputs["KAPPA"] == outputs["FOM"] == outputs["OVERALL_ACCURACY"] == "outputNumber"


# ---------------------------------------------------------------------------
# markovdemand with class roles (presets on any classification)
# ---------------------------------------------------------------------------

def test_markovdemand_ep_on_nlcd_codes_with_roles(run_alg, tmp_path):
    from test_common_classes import EP_NLCD, NLCD, NLCD_CLASSES, NLCD_COUNTS, write_pair
    start, end = write_pair(tmp_path, NLCD_COUNTS, NLCD)
    classes = tmp_path / "classes.csv"
    classes.write_text(NLCD_CLASSES, encoding="utf-8")
    out = tmp_path / "out"
    p = markov_params(out, start, end, scenario=3, targets="2030")
    p["CLASSES"] = str(classes)
    _results, feedback = run_alg("markovdemand", p)
    assert any("Class roles from the CLASSES table" in line for line in feedback.infos)
    codes, allowed = read_transition_matrix(str(out / "matrix.csv"))
    assert codes == NLCD
    # forest (41) -> built-up (21, 22) forbidden; nothing else
    assert [(codes[i], codes[j]) for i, j in zip(*np.nonzero(~allowed))] == [(41, 21), (41, 22)]
    probs = {(int(r["from_code"]), int(r["to_code"])): r
             for r in read_csv(out / "probabilities.csv")}
    for i, a in enumerate(NLCD):
        for j, b in enumerate(NLCD):
            assert float(probs[(a, b)]["p_scenario"]) == pytest.approx(EP_NLCD[i][j], abs=1e-9)
    assert probs[(81, 21)]["scenario_factor"] == "0.7"
    assert probs[(41, 21)]["note"] == "forbidden by the scenario (0 in the transition matrix)"
    # one period (2020 -> 2030): end cells x EP_NLCD, rounded by largest remainder
    demand = read_demand(str(out / "demand.csv"))[2030]
    state = np.array(NLCD_COUNTS).sum(axis=0) @ np.array(EP_NLCD)
    assert sum(demand.values()) == 700
    assert all(abs(demand[c] - x) < 1 for c, x in zip(NLCD, state))


def test_markovdemand_preset_on_nlcd_codes_without_roles(run_alg, tmp_path):
    from test_common_classes import NLCD, NLCD_COUNTS, write_pair
    start, end = write_pair(tmp_path, NLCD_COUNTS, NLCD)
    out = tmp_path / "out"
    with pytest.raises(QgsProcessingException,
                       match="(?s)written for the six-class scheme.*71, 81, 82.*"
                             "code,name,color,role\n11,class 11,#4e79a7,\n"):
        run_alg("markovdemand", markov_params(out, start, end, scenario=2))
    _nothing_written(out)
    # NE needs no roles
    run_alg("markovdemand", markov_params(out, start, end, scenario=0))
    assert listdir(out) == ["demand.csv", "matrix.csv", "probabilities.csv"]


def test_accuracy_baselines_outputs_and_switch(run_alg, tmp_path):
    paths = _triple(tmp_path)
    results, feedback = run_alg("accuracy", accuracy_params(tmp_path / "on", paths,
                                                            RANDOM_SEED=3))
    rows = {r["statistic"]: r["value"] for r in read_csv(tmp_path / "on" / "report.csv")}
    for name in ("random", "nearest"):
        fom = results["FOM_BASELINE_%s" % name.upper()]
        assert 0.0 <= fom <= 1.0
        assert float(rows["fom_baseline_%s" % name]) == pytest.approx(fom)
    assert any(line.startswith("Baselines on the same cells and class totals: random "
                               "allocation FoM") for line in feedback.infos)
    off, feedback = run_alg("accuracy", accuracy_params(tmp_path / "off", paths,
                                                        BASELINES=False))
    assert off["FOM_BASELINE_RANDOM"] is None and off["FOM_BASELINE_NEAREST"] is None
    assert off["FOM"] == pytest.approx(2 / 7)
    assert not [r for r in read_csv(tmp_path / "off" / "report.csv")
                if "baseline" in r["statistic"]]
    assert not [line for line in feedback.infos if line.startswith("Baselines")]
    assert [f for f in listdir(tmp_path / "on") if f.startswith(".")] == []


def test_accuracy_baselines_parameter(landcarbon_provider):
    alg = landcarbon_provider.algorithm("accuracy")
    definition = alg.parameterDefinition("BASELINES")
    assert definition.type() == "boolean" and definition.defaultValue() is True
    assert definition.flags() & definition.FlagAdvanced
    outputs = {o.name(): o.type() for o in alg.outputDefinitions()}
    assert outputs["FOM_BASELINE_RANDOM"] == outputs["FOM_BASELINE_NEAREST"] == "outputNumber"
