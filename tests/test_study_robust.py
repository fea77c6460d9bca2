"""The whole study never aborts on real-world conditions the science can live
with (a class that did not expand in the calibration interval, a demand that
cannot be fully met): it finishes, warns, and reports the shortfall per class,
which is checked here against counts made independently from the maps."""

import os

import numpy as np
import pytest
from helpers import read_csv, read_raster, write_raster

from landcarbon.core import study
from landcarbon.core.common.errors import LandCarbonError
from landcarbon.core.common.progress import Progress

pytestmark = pytest.mark.study

ND = 255
UTM = 32648


def _utm(path):
    from osgeo import gdal, osr
    ds = gdal.Open(str(path), gdal.GA_Update)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(UTM)
    ds.SetProjection(srs.ExportToWkt())
    ds.SetGeoTransform((500000.0, 30.0, 0.0, 1500000.0, 0.0, -30.0))
    ds = None
    return str(path)


def _write(folder, name, array, nodata=None):
    return _utm(write_raster(os.path.join(folder, name), array, nodata=nodata))


def _pools(folder, codes):
    path = os.path.join(folder, "pools.csv")
    with open(path, "w") as fh:
        fh.write("lucode,c_above,c_below,c_soil,c_dead\n")
        for i, c in enumerate(codes):
            fh.write("%d,%d,%d,%d,1\n" % (c, 10 * i, 2 * i, 50 + i, ))
    return path


def _maps(folder, water_expands_first):
    """Three maps 2000/2010/2020 of 48 x 48 cells: cropland (1) shrinking to
    built-up (5) around a town; water (4) a lake that grows only in the
    second interval (or in both). A smooth driver and a random one."""
    rng = np.random.default_rng(5)
    size = 48
    yy, xx = np.mgrid[0:size, 0:size]
    town = np.hypot(yy - 15, xx - 15)
    lake = np.hypot(yy - 35, xx - 35)
    maps = []
    for t, (r_town, r_lake) in enumerate([(6, 5), (9, 6 if water_expands_first else 5),
                                          (12, 8)]):
        lu = np.ones((size, size), np.uint8)
        lu[xx > 38] = 2                       # forest strip
        lu[town < r_town] = 5
        lu[lake < r_lake] = 4
        lu[:2, :2] = ND
        maps.append(_write(folder, "lu_%d.tif" % (2000 + 10 * t), lu, ND))
    driver = _write(folder, "dist.tif", (town / size).astype(np.float32))
    noise = _write(folder, "noise.tif", rng.random((size, size)).astype(np.float32))
    return maps, [driver, noise]


def _settings(folder, maps, drivers, **extra):
    return study.StudySettings(
        maps=maps, years=[2000, 2010, 2020], driver_paths=drivers, target_years=[2030],
        scenarios=[study.ScenarioSpec.from_preset("NE")],
        pools_path=_pools(folder, [1, 2, 4, 5]), output_folder=os.path.join(folder, "out"),
        permutations=20, trees=5, **extra)


def test_class_that_did_not_expand_before_the_validation_interval(tmp_path):
    """Water did not expand 2000 -> 2010 (the validation model's interval),
    but the observed 2020 totals need it to gain cells: its probability is 0
    everywhere, so the validation run gives it no cell and reports the
    shortfall; the study finishes."""
    from osgeo import gdal
    maps, drivers = _maps(str(tmp_path), water_expands_first=False)
    progress = Progress()
    result = study.run_study(_settings(str(tmp_path), maps, drivers), progress=progress)
    assert result.status == "finished"
    a, b = (gdal.Open(m).ReadAsArray() for m in maps[1:])
    valid = (a != ND) & (b != ND)
    water_gain = int(((b == 4) & valid).sum() - ((a == 4) & valid).sum())
    assert water_gain > 0
    allocation = result.validation.allocation
    assert allocation.shortfall[4] == water_gain          # no cell may become water
    simulated = gdal.Open(result.validation.simulated).ReadAsArray()
    assert int((simulated == 4).sum()) == int(((a == 4) & valid).sum())
    assert any("4" in w and "missed its demand" in w for w in progress.warnings)
    # summary and report say so
    report = open(result.report_path, encoding="utf-8").read()
    assert "Validation 2020: demand not fully met (%d cells)" % water_gain in report
    assert "Out of sample: LEAS learnt from 2000 -&gt; 2010 only" in report
    validation_rows = read_csv(os.path.join(result.folder, "validation", "allocation.csv"))
    water = [r for r in validation_rows if r["code"] == "4"][0]
    assert int(water["shortfall_cells"]) == water_gain and water["met"] == "no"


def _rare_water(folder):
    """The maps of _maps, but water grows by exactly 3 cells 2010 -> 2020."""
    from osgeo import gdal
    maps, drivers = _maps(folder, water_expands_first=True)
    last = gdal.Open(maps[1]).ReadAsArray()
    lu = gdal.Open(maps[2]).ReadAsArray()
    lu[(lu == 4) & (last != 4)] = 1              # undo the lake's growth ...
    rim = np.argwhere((last == 1) & (lu == 1))
    rim = rim[np.argsort(np.hypot(rim[:, 0] - 35, rim[:, 1] - 35))][:3]
    lu[rim[:, 0], rim[:, 1]] = 4                 # ... but for 3 cells next to the lake
    maps[2] = _write(folder, "lu_rare_2020.tif", lu, ND)
    return maps, drivers


def test_rare_class_gets_probability_zero_and_a_shortfall(tmp_path):
    """Water expanded into 3 cells in 2010 -> 2020, too few to train a forest:
    LEAS warns and gives it probability 0, the Markov demand still wants it to
    grow, so CARS allocates everything else and reports water's shortfall:
    exactly its demanded gain, as no cell may become water."""
    from osgeo import gdal
    maps, drivers = _rare_water(str(tmp_path))
    progress = Progress()
    result = study.run_study(_settings(str(tmp_path), maps, drivers), progress=progress)
    outcome = result.scenarios[0]
    assert result.status == "finished" and outcome.status == "finished"
    assert any("Class 4" in w and "3" in w for w in progress.warnings)   # the LEAS warning
    last = gdal.Open(maps[-1]).ReadAsArray()
    water = int((last == 4).sum())
    demand = outcome.demand[2030][4]
    assert demand > water
    allocation = outcome.allocation[2030]
    assert allocation.allocated[4] == water
    assert allocation.shortfall[4] == demand - water
    rows = read_csv(result.summary_path)
    row = [r for r in rows if r["scenario"] == "NE"][0]
    assert row["demand_met"] == "no" and int(row["shortfall_cells_4"]) == demand - water
    report = open(result.report_path, encoding="utf-8").read()
    assert "NE 2030: demand not fully met" in report


def test_strict_demand_refuses_as_before(tmp_path):
    """STRICT_DEMAND restores the refusal: here already the validation run's
    demand cannot be met (the forests give 0 to too many cells)."""
    maps, drivers = _rare_water(str(tmp_path))
    settings = _settings(str(tmp_path), maps, drivers)
    settings.cars.strict_demand = True
    with pytest.raises(LandCarbonError, match="The demand for 2020 cannot be met"):
        study.run_study(settings, progress=Progress())


def test_two_maps_validate_in_sample_and_say_so(tmp_path):
    maps, drivers = _maps(str(tmp_path), water_expands_first=True)
    settings = _settings(str(tmp_path), maps[1:], drivers)
    settings.years = [2010, 2020]
    progress = Progress()
    result = study.run_study(settings, progress=progress)
    assert result.validation.out_of_sample is False
    assert result.validation.leas_interval == (2010, 2020)
    assert any("in sample" in w for w in progress.warnings)
    report = open(result.report_path, encoding="utf-8").read()
    assert "In sample: with two maps LEAS learnt from the very interval it simulates" in report


@pytest.mark.parametrize("dynamic", [False, True])
def test_distance_drivers_are_recomputed_from_each_start_map(tmp_path, dynamic):
    """With DISTANCE_TO_CLASSES the distance to built-up is a driver measured
    on the start map of every run: the training maps, the validation start
    and, year after year, the simulated maps."""
    from osgeo import gdal
    maps, drivers = _maps(str(tmp_path), water_expands_first=True)
    settings = _settings(str(tmp_path), maps, drivers[1:],
                         distance_classes=[5] if dynamic else [])
    settings.target_years = [2030, 2040]
    result = study.run_study(settings, progress=Progress())
    assert result.status == "finished"
    folder = result.folder
    stacks = sorted(n for n in os.listdir(os.path.join(folder, "drivers"))
                    if n.endswith(".tif")) if dynamic else []
    if not dynamic:
        assert not os.path.exists(os.path.join(folder, "drivers"))
        return
    # 2000 (validation model), 2010 (validation start and future model), 2020 (future
    # start), the simulated 2030 (start of 2040)
    assert stacks == ["distance_to_classes_2000.tif", "distance_to_classes_2010.tif",
                      "distance_to_classes_2020.tif", "distance_to_classes_NE_2030.tif"]
    sim2030 = gdal.Open(result.scenarios[0].maps[2030]).ReadAsArray()
    band = gdal.Open(os.path.join(folder, "drivers", "distance_to_classes_NE_2030.tif"))
    distance = band.GetRasterBand(1).ReadAsArray()
    assert "distance to class 5" in band.GetRasterBand(1).GetDescription()
    # independent check: brute-force distance (m, cell centres) to the nearest built-up cell
    built = np.argwhere(sim2030 == 5)
    for y, x in [(0, 47), (30, 10), (47, 47)]:
        expected = 30.0 * np.min(np.hypot(built[:, 0] - y, built[:, 1] - x))
        assert distance[y, x] == pytest.approx(expected, abs=1e-3)
    # the model of the future learnt on distances of 2010 and predicted on those of 2020
    assert os.path.exists(os.path.join(folder, "leas", "probability_2020.tif"))
    assert os.path.exists(os.path.join(folder, "leas", "probability_NE_2030.tif"))


def test_seed_ensemble_of_the_study(tmp_path):
    """RUNS = 3: the change-frequency map equals a count over the three run
    maps, the scenario's map is the median run's, and the ensemble columns of
    summary.csv equal statistics of carbonstock run on each run's map; the
    same seed and RUNS give the same bytes."""
    from osgeo import gdal

    from landcarbon.core import carbon
    maps, drivers = _maps(str(tmp_path), water_expands_first=True)
    summaries = []
    for name in ("a", "b"):
        settings = _settings(str(tmp_path), maps, drivers, runs=3)
        settings.output_folder = str(tmp_path / name)
        result = study.run_study(settings, progress=Progress())
        summaries.append(open(result.summary_path, "rb").read())
    assert summaries[0] == summaries[1]
    folder = os.path.join(result.folder, "scenarios", "NE")
    last = gdal.Open(maps[-1]).ReadAsArray()
    runs = [gdal.Open(os.path.join(folder, "runs", "seed_%d" % seed, "landuse_2030.tif"))
            .ReadAsArray() for seed in (1, 2, 3)]
    valid = last != ND
    changed = sum(((r != last) & valid).astype(int) for r in runs)
    frequency = gdal.Open(os.path.join(folder, "landuse_2030_frequency.tif")).ReadAsArray()
    np.testing.assert_array_equal(frequency[valid], changed[valid])
    outcome = result.scenarios[0]
    median = outcome.ensemble.seeds.index(outcome.ensemble.median_seed)
    np.testing.assert_array_equal(gdal.Open(outcome.maps[2030]).ReadAsArray(), runs[median])
    totals = [carbon.run_carbon_stock(
        maps[-1], settings.pools_path,
        landuse_alt=os.path.join(folder, "runs", "seed_%d" % seed, "landuse_2030.tif")
    ).total_alt_mg / 1e6 for seed in (1, 2, 3)]
    row = [r for r in read_csv(result.summary_path) if r["scenario"] == "NE"][0]
    assert float(row["carbon_total_Tg_mean"]) == pytest.approx(np.mean(totals), rel=1e-12)
    assert float(row["carbon_total_Tg_sd"]) == pytest.approx(np.std(totals, ddof=1), rel=1e-9,
                                                             abs=1e-15)
    assert float(row["carbon_total_Tg_p05"]) == pytest.approx(np.percentile(totals, 5),
                                                              rel=1e-12)
    assert float(row["carbon_total_Tg_p95"]) == pytest.approx(np.percentile(totals, 95),
                                                              rel=1e-12)
    assert result.validation.runs.seeds == [1, 2, 3]
    report = open(result.report_path, encoding="utf-8").read()
    assert "Over 3 runs (seeds): FoM" in report


def test_auto_sampling_rate_ignores_classes_too_rare_for_a_forest():
    from landcarbon.core.study import auto_sampling_rate
    # class 0 gained 1000 cells, class 1 only 3 (fewer than the 10 a forest needs):
    # the rate serves class 0 (50 / 1000 = 0.05), not 50 / 3 -> 1
    matrix = [[5000, 3], [1000, 7000]]
    assert auto_sampling_rate(matrix) == 0.05
    assert auto_sampling_rate([[10, 0], [0, 10]]) == 0.01     # nothing expanded


def test_auto_sampling_rate_of_training_all():
    """TRAINING all samples every cell valid in both maps: the expansion
    rate, at most 50,000 cells (hand calculations)."""
    from landcarbon.core.study import auto_sampling_rate
    # 1,000,000 cells, class 1 gained 100: 50 / 100 = 0.5, capped at 50,000 / 10^6 = 0.05
    rare = [[499900, 100], [10000, 490000]]
    assert auto_sampling_rate(rare) == 0.5
    assert auto_sampling_rate(rare, "all") == pytest.approx(0.05)
    # both gained 1,000 of 20,000 cells: 50 / 1,000 = 0.05 (1,000 cells, under the cap)
    assert auto_sampling_rate([[9000, 1000], [1000, 9000]], "all") == pytest.approx(0.05)


def test_a_preset_about_a_role_the_maps_lack_runs_as_natural_evolution(tmp_path):
    """CP protects cropland; with roles from a CLASSES table that give no class
    the role cropland, CP has nothing to act on: the study warns and CP's
    demand and map equal NE's (an unadjusted Markov chain and the same seed),
    instead of refusing the whole study."""
    maps, drivers = _maps(str(tmp_path), water_expands_first=True)
    classes = os.path.join(str(tmp_path), "classes.csv")
    with open(classes, "w") as fh:
        fh.write("code,name,color,role\n1,Meadow,#d3ffbe,grassland\n2,Forest,#38a800,forest\n"
                 "4,Lake,#0070ff,water\n5,Town,#e60000,built-up\n")
    settings = _settings(str(tmp_path), maps, drivers, classes_path=classes)
    settings.scenarios = [study.ScenarioSpec.from_preset("NE"),
                          study.ScenarioSpec.from_preset("CP")]
    progress = Progress()
    result = study.run_study(settings, progress=progress)
    assert any("Scenario CP" in w and "natural evolution" in w for w in progress.warnings)
    folder = os.path.join(result.folder, "scenarios")
    assert read_csv(os.path.join(folder, "CP", "demand_2030.csv")) == \
        read_csv(os.path.join(folder, "NE", "demand_2030.csv"))
    assert np.array_equal(read_raster(os.path.join(folder, "CP", "landuse_2030.tif")),
                          read_raster(os.path.join(folder, "NE", "landuse_2030.tif")))
