"""The study with ZONES (issue 22): results per zone in summary.csv (a zone
column; the whole area stays the row 'all'), the zones adding up exactly to
the whole, zones from polygons by name, the report's zone table and map,
parameters.json, and Dask equal to one machine with zones on."""

import csv
import json
import os

import numpy as np
import pytest
from helpers import read_csv, report_in_chinese
from osgeo import ogr, osr
from test_study_robust import UTM, _maps, _settings, _write

from landcarbon.core import study
from landcarbon.core.carbon import ZoneSource
from landcarbon.core.common.progress import Progress

pytestmark = pytest.mark.study

POOL_COLUMNS = ["carbon_above_Tg", "carbon_below_Tg", "carbon_soil_Tg", "carbon_dead_Tg",
                "carbon_total_Tg", "change_total_Tg", "km2_1", "km2_5"]


def _zone_raster(folder):
    yy, xx = np.mgrid[0:48, 0:48]
    zone = np.where(xx < 24, 1, np.where(yy < 24, 2, 3)).astype(np.int32)
    return _write(folder, "zones.tif", zone, 0), zone


def _run(folder, zones, **extra):
    maps, drivers = _maps(folder, water_expands_first=True)
    s = _settings(folder, maps, drivers, **extra)
    s.zones = zones
    s.output_folder = os.path.join(folder, "out")
    return study.run_study(s, progress=Progress()), maps


@pytest.fixture(scope="module")
def zoned(tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("zones"))
    path, zone = _zone_raster(folder)
    result, maps = _run(folder, ZoneSource(raster=path))
    return result, zone, maps


def test_zones_add_up_exactly_to_the_whole(zoned):
    result, _zone, _maps_ = zoned
    rows = read_csv(os.path.join(result.folder, "summary.csv"))
    assert "zone" in rows[0]
    groups = {}
    for r in rows:
        groups.setdefault((r["scenario"], r["pathway"], r["year"]), []).append(r)
    assert len(groups) >= 2                      # the observed map and NE 2030
    for key, group in groups.items():
        whole = [r for r in group if r["zone"] == "all"]
        parts = [r for r in group if r["zone"] != "all"]
        assert len(whole) == 1 and [r["zone"] for r in parts] == ["zone 1", "zone 2", "zone 3"]
        for column in POOL_COLUMNS:
            total = sum(float(r[column]) for r in parts)
            assert total == pytest.approx(float(whole[0][column]), rel=1e-12, abs=1e-15), \
                (key, column)


def test_zone_areas_against_the_simulated_map(zoned):
    """km2 of class 5 per zone, counted here on the simulated 2030 map."""
    from osgeo import gdal
    result, zone, _maps_ = zoned
    sim = gdal.Open(result.scenarios[0].maps[2030]).ReadAsArray()
    rows = [r for r in read_csv(os.path.join(result.folder, "summary.csv"))
            if r["scenario"] == "NE" and r["zone"] != "all"]
    for r, code in zip(rows, (1, 2, 3)):
        cells = int(((sim == 5) & (zone == code)).sum())
        assert float(r["km2_5"]) == pytest.approx(cells * 0.0009, rel=1e-12)


def test_report_parameters_and_command_carry_the_zones(zoned):
    result, _zone, _maps_ = zoned
    report = open(result.report_path, encoding="utf-8").read()
    assert "Scenario NE by zone, 2030" in report
    assert '<td class="l">zone 3</td>' in report
    assert report.count('alt="zones"') == 1
    record = json.load(open(os.path.join(result.folder, "parameters.json")))
    assert record["zones"] == {"raster": result.settings.zones.raster}
    again = study.read_parameters(os.path.join(result.folder, "parameters.json"))
    assert again.zones == result.settings.zones
    assert "ZONES_RASTER=%s" % result.settings.zones.raster in study.command_args(
        result.settings)
    table = os.path.join(result.folder, "scenarios", "NE", "carbon_reference",
                         "carbon_zones_2030.csv")
    with open(table, encoding="utf-8-sig") as fh:
        assert [r["zone_name"] for r in csv.DictReader(fh)][-1] == "all cells"


def _polygons(folder):
    """Two named polygons: 'west' the left half, 'east' the right half (two
    features of one name)."""
    path = os.path.join(folder, "zones.gpkg")
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(UTM)
    layer = ds.CreateLayer("counties", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    x0, y0 = 500000.0, 1500000.0
    for name, (c0, c1, r0, r1) in (("west", (0, 24, 0, 48)), ("east", (24, 48, 0, 24)),
                                   ("east", (24, 48, 24, 48))):
        ring = ogr.Geometry(ogr.wkbLinearRing)
        for c, r in ((c0, r0), (c1, r0), (c1, r1), (c0, r1), (c0, r0)):
            ring.AddPoint_2D(x0 + 30.0 * c, y0 - 30.0 * r)
        poly = ogr.Geometry(ogr.wkbPolygon)
        poly.AddGeometry(ring)
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetField("name", name)
        f.SetGeometry(poly)
        layer.CreateFeature(f)
    ds = None
    return path


def test_zones_from_polygons_by_name_equal_the_raster_zones(zoned, tmp_path):
    result, _zone, _maps_ = zoned
    poly, _ = _run(str(tmp_path), ZoneSource(vector=_polygons(str(tmp_path)), field="name"))
    rows = [r for r in read_csv(os.path.join(poly.folder, "summary.csv"))
            if r["scenario"] == "NE"]
    assert [r["zone"] for r in rows] == ["all", "west", "east"]
    raster_rows = [r for r in read_csv(os.path.join(result.folder, "summary.csv"))
                   if r["scenario"] == "NE"]
    east = float(raster_rows[2]["carbon_total_Tg"]) + float(raster_rows[3]["carbon_total_Tg"])
    assert float(rows[1]["carbon_total_Tg"]) == pytest.approx(
        float(raster_rows[1]["carbon_total_Tg"]), rel=1e-12)
    assert float(rows[2]["carbon_total_Tg"]) == pytest.approx(east, rel=1e-12)


@pytest.mark.dask
def test_zones_on_dask_equal_one_machine(zoned, tmp_path, dask_cluster):
    result, _zone, _maps_ = zoned
    folder = str(tmp_path)
    path, _ = _zone_raster(folder)
    maps, drivers = _maps(folder, water_expands_first=True)
    s = _settings(folder, maps, drivers)
    s.zones = ZoneSource(raster=path)
    s.cluster = dask_cluster
    remote = study.run_study(s, progress=Progress())
    with open(remote.summary_path, "rb") as a, open(result.summary_path, "rb") as b:
        assert a.read() == b.read()


def test_zone_section_in_chinese(zoned, landcarbon_provider, tmp_path):
    text = report_in_chinese(zoned[0], tmp_path)
    assert "情景 NE 分区结果，2030 年" in text and "变化量（Tg C，reference）" in text


def _markov_by_hand(a, b, inside, codes):
    """The zone's Markov demand one period ahead, computed here: counts of
    the zone's cells valid in both maps, P = n / row sums, state = the
    zone's cells of the last map."""
    k = {c: i for i, c in enumerate(codes)}
    n = np.zeros((len(codes), len(codes)))
    both = inside & (a != 255) & (b != 255)
    for x, y in zip(a[both], b[both]):
        n[k[x], k[y]] += 1
    p = np.divide(n, n.sum(axis=1, keepdims=True), out=np.eye(len(codes)),
                  where=n.sum(axis=1, keepdims=True) > 0)
    state = np.array([((b == c) & inside).sum() for c in codes], dtype=float)
    return dict(zip(codes, state @ p))


def test_demand_by_zone_stays_in_its_zone(tmp_path):
    """Each zone's Markov demand is its own (checked by hand), CARS meets it
    inside the zone: the simulated map's classes in every zone add up to
    that zone's demand, so no zone's cells paid for another's growth; the
    scenario's demand is the zones' sum."""
    from osgeo import gdal
    folder = str(tmp_path)
    path, zone = _zone_raster(folder)
    result, maps = _run(folder, ZoneSource(raster=path), demand_by_zone=True)
    outcome = result.scenarios[0]
    assert outcome.status == "finished", outcome.error
    a, b = (gdal.Open(m).ReadAsArray() for m in maps[1:])
    sim = gdal.Open(outcome.maps[2030]).ReadAsArray()
    codes = [1, 2, 4, 5]
    total = {c: 0 for c in codes}
    for z in (1, 2, 3):
        inside = zone == z
        expected = _markov_by_hand(a, b, inside, codes)
        got = {c: int(((sim == c) & inside).sum()) for c in codes}
        for c in codes:
            assert abs(got[c] - expected[c]) < 1, (z, c, got[c], expected[c])
            total[c] += got[c]
        assert sum(got.values()) == int((inside & (b != 255)).sum())
    assert outcome.demand[2030] == total
    assert outcome.allocation[2030].missed == 0
    # the zones' own demand files
    zone_demand = os.path.join(result.folder, "scenarios", "NE", "zones", "zone_1_zone_1",
                               "demand.csv")
    assert sum(int(r["cells"]) for r in read_csv(zone_demand)) == int(
        ((zone == 1) & (b != 255)).sum())


def test_demand_by_zone_needs_zones_and_refuses_demand_tables(tmp_path):
    from landcarbon.core.common.errors import LandCarbonError
    maps, drivers = _maps(str(tmp_path), water_expands_first=True)
    s = _settings(str(tmp_path), maps, drivers, demand_by_zone=True)
    with pytest.raises(LandCarbonError, match="DEMAND_BY_ZONE needs zones"):
        study.run_study(s, progress=Progress())
    path, _ = _zone_raster(str(tmp_path))
    s.zones = ZoneSource(raster=path)
    table = tmp_path / "plan.csv"
    table.write_text("year,code,cells\n2030,1,5\n")
    s.scenarios = [study.ScenarioSpec.from_demand_table(str(table))]
    with pytest.raises(LandCarbonError, match="one demand for the whole map"):
        study.run_study(s, progress=Progress())


@pytest.mark.dask
def test_demand_by_zone_on_dask_equals_one_machine(tmp_path, dask_cluster):
    runs = []
    for where in ("local", "dask"):
        folder = str(tmp_path / where)
        os.makedirs(folder)
        path, _ = _zone_raster(folder)
        maps, drivers = _maps(folder, water_expands_first=True)
        s = _settings(folder, maps, drivers, demand_by_zone=True)
        s.zones = ZoneSource(raster=path)
        s.cluster = dask_cluster if where == "dask" else None
        runs.append(study.run_study(s, progress=Progress()))
    from helpers import read_raster
    assert np.array_equal(read_raster(runs[0].scenarios[0].maps[2030]),
                          read_raster(runs[1].scenarios[0].maps[2030]))
    with open(runs[0].summary_path, "rb") as a, open(runs[1].summary_path, "rb") as b:
        assert a.read() == b.read()


def test_the_report_says_the_demand_was_split_by_zone(tmp_path):
    path, _zone = _zone_raster(str(tmp_path))
    result, _maps_ = _run(str(tmp_path), ZoneSource(raster=path), demand_by_zone=True)
    text = open(result.report_path, encoding="utf-8").read()
    assert "Demand by zone: each of the 3 zones has its own demand (markov)" in text


def test_a_zone_without_valid_cells_is_left_out(tmp_path):
    """Zone 4 covers only the maps' nodata corner: the scenario runs with
    the other three, warns, and leaves no file of zone 4."""
    folder = str(tmp_path)
    yy, xx = np.mgrid[0:48, 0:48]
    zone = np.where(xx < 24, 1, np.where(yy < 24, 2, 3)).astype(np.int32)
    zone[:2, :2] = 4
    path = _write(folder, "zones.tif", zone, 0)
    maps, drivers = _maps(folder, water_expands_first=True)
    s = _settings(folder, maps, drivers, demand_by_zone=True)
    s.zones = ZoneSource(raster=path)
    progress = Progress()
    result = study.run_study(s, progress=progress)
    assert result.scenarios[0].status == "finished"
    assert any("zone 4 holds no valid cell" in w for w in progress.warnings)
    zones = sorted(os.listdir(os.path.join(result.folder, "scenarios", "NE", "zones")))
    assert zones == ["zone_1_zone_1", "zone_2_zone_2", "zone_3_zone_3"]


def test_a_demand_table_with_a_zone_column_gives_each_zone_its_own(tmp_path):
    """A table per zone (codes 1-3 of the zone raster): 2020 as the maps,
    2040 with cells moved from cropland (1) to built-up (5) in zones 1 and
    2; 2030 is halfway, and each zone's simulated map holds its own
    interpolated demand."""
    from osgeo import gdal
    folder = str(tmp_path)
    path, zone = _zone_raster(folder)
    maps, drivers = _maps(folder, water_expands_first=True)
    last = gdal.Open(maps[-1]).ReadAsArray()
    moved = {1: 10, 2: 6, 3: 0}
    table = tmp_path / "plan.csv"
    lines = ["zone,year,code,cells"]
    expected = {}
    for z in (1, 2, 3):
        now = {c: int(((last == c) & (zone == z)).sum()) for c in (1, 2, 4, 5)}
        later = {**now, 1: now[1] - moved[z], 5: now[5] + moved[z]}
        lines += ["%d,2020,%d,%d" % (z, c, n) for c, n in now.items() if n]
        lines += ["%d,2040,%d,%d" % (z, c, later[c]) for c in now if now[c]]
        expected[z] = {**now, 1: now[1] - moved[z] // 2, 5: now[5] + moved[z] // 2}
    table.write_text("\n".join(lines) + "\n")
    s = _settings(folder, maps, drivers, demand_by_zone=True)
    s.zones = ZoneSource(raster=path)
    s.scenarios = [study.ScenarioSpec.from_demand_table(str(table))]
    result = study.run_study(s, progress=Progress())
    outcome = result.scenarios[0]
    assert outcome.status == "finished", outcome.error
    sim = gdal.Open(outcome.maps[2030]).ReadAsArray()
    for z in (1, 2, 3):
        got = {c: int(((sim == c) & (zone == z)).sum()) for c in (1, 2, 4, 5)}
        assert got == expected[z], (z, got, expected[z])
