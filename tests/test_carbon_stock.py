"""core.carbon.stock: the InVEST test vector of docs/carbon-stock.md, and every
table checked against a cell-by-cell loop written here."""

import math
import os

import numpy as np
import pytest
from helpers import listdir, read_csv, read_raster, write_raster
from osgeo import gdal

from landcarbon.core import carbon
from landcarbon.core.common import blocks, raster
from landcarbon.core.common.errors import GridMismatchError, LandCarbonError
from landcarbon.core.common.progress import Progress

ND = 255
# docs/carbon-stock.md: InVEST 3.20.2 test vector (4 x 5 cells of 30 m, nodata 255)
BASE = np.array([[1, 1, 2, 2, 3], [1, 2, 2, 3, 3], [4, 4, 5, 5, 6], [4, 5, 5, 6, ND]], np.uint8)
ALT = np.array([[1, 5, 2, 5, 3], [2, 2, 5, 3, 1], [4, 5, 5, 5, 6], [ND, 5, 5, 2, 6]], np.uint8)
# Four pools per class summing to the published totals 196.9, 321.1, 223.7,
# 0.3, 30.0, 22.9 Mg C/ha (cropland's split is the one of the spec).
POOLS = {1: (5.7, 80.7, 108.4, 2.1), 2: (140.0, 70.0, 100.0, 11.1),
         3: (35.0, 60.0, 120.0, 8.7), 4: (0.0, 0.0, 0.3, 0.0), 5: (5.0, 3.0, 22.0, 0.0),
         6: (2.0, 1.0, 19.9, 0.0)}
NAMES = {1: "cropland", 2: "forest", 3: "grassland", 4: "water", 5: "built-up", 6: "unused land"}


def write_pools(path, pools, names=None, header="lucode,LULC_Name,C_above,C_below,C_soil,C_dead"):
    lines = [header]
    for code, values in pools.items():
        name = (names or {}).get(code, "class %d" % code)
        lines.append("%d,%s,%s" % (code, name, ",".join(repr(v) for v in values)))
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def vector_files(tmp_path):
    base = write_raster(tmp_path / "base.tif", BASE, nodata=ND)
    alt = write_raster(tmp_path / "alt.tif", ALT, nodata=ND)
    pools = write_pools(tmp_path / "pools.csv", POOLS, NAMES)
    return base, alt, pools


def test_pool_split_reproduces_the_published_class_totals():
    totals = [196.9, 321.1, 223.7, 0.3, 30.0, 22.9]
    for code, total in zip(range(1, 7), totals):
        assert sum(POOLS[code]) == pytest.approx(total, abs=1e-12)


def test_invest_test_vector(tmp_path):
    base, alt, pools = vector_files(tmp_path)
    out = tmp_path / "out"
    result = carbon.run_carbon_stock(base, pools, landuse_alt=alt,
                                     labels={"LANDUSE": "base.tif", "LANDUSE_ALT": "alt.tif"},
                                     output_stock=out / "stock.tif",
                                     output_stock_alt=out / "stock_alt.tif",
                                     output_change=out / "change.tif",
                                     output_pools=out / "pools.tif", output_summary=out / "s.csv",
                                     output_attribution=out / "a.csv", progress=Progress())
    # InVEST 3.20.2 results (docs/carbon-stock.md)
    assert result.total_base_mg == pytest.approx(244.161, abs=1e-9)
    assert result.total_alt_mg == pytest.approx(217.053, abs=1e-9)
    assert result.change_mg == pytest.approx(-29.142, abs=1e-9)
    assert result.difference_mg == pytest.approx(-27.108, abs=1e-9)
    assert (result.only_base_cells, result.only_alt_cells) == (1, 1)

    total = {c: sum(v) for c, v in POOLS.items()}
    stock = read_raster(out / "stock.tif")
    change = read_raster(out / "change.tif")
    for r in range(4):
        for c in range(5):
            b, a = int(BASE[r, c]), int(ALT[r, c])
            if b == ND:
                assert stock[r, c] == raster.FLOAT32_NODATA
            else:
                assert stock[r, c] == np.float32(total[b])
            if ND in (a, b):
                assert change[r, c] == raster.FLOAT32_NODATA
            else:
                assert change[r, c] == pytest.approx(total[a] - total[b], abs=1e-4)
    ds = gdal.Open(str(out / "change.tif"))
    assert ds.GetRasterBand(1).GetNoDataValue() == raster.FLOAT32_NODATA
    assert ds.GetRasterBand(1).DataType == gdal.GDT_Float32
    ds = None
    pools_ds = gdal.Open(str(out / "pools.tif"))
    assert pools_ds.RasterCount == 4
    soil = pools_ds.GetRasterBand(3).ReadAsArray()
    assert soil[0, 2] == np.float32(POOLS[2][2]) and soil[3, 4] == raster.FLOAT32_NODATA
    pools_ds = None

    rows = read_csv(out / "s.csv")
    by = {(r["map"], r["code"]): r for r in rows}
    assert float(by[("base", "all")]["total_Mg"]) == pytest.approx(244.161, abs=1e-9)
    assert float(by[("base", "all")]["total_Tg"]) == pytest.approx(244.161e-6, rel=1e-9)
    assert float(by[("alternate", "all")]["total_Mg"]) == pytest.approx(217.053, abs=1e-9)
    # forest in the base map: 4 cells x 0.09 ha x (140 above + 70 below)
    forest = by[("base", "2")]
    assert forest["name"] == "forest" and forest["cells"] == "4"
    assert float(forest["vegetation_Mg"]) == pytest.approx(4 * 0.09 * 210.0, abs=1e-9)
    assert float(forest["c_dead_Mg"]) == pytest.approx(4 * 0.09 * 11.1, abs=1e-9)
    assert float(forest["c_dead_Tg"]) == pytest.approx(4 * 0.09 * 11.1 / 1e6, abs=1e-15)
    changes = [r for r in rows if r["map"] == "change"]
    assert float(changes[0]["total_Mg"]) == pytest.approx(-27.108, abs=1e-9)
    assert float(changes[1]["total_Mg"]) == pytest.approx(-29.142, abs=1e-9)
    assert "1 cells hold data only in the base map" in changes[1]["note"]

    attribution = read_csv(out / "a.csv")
    pair = {(r["from_code"], r["to_code"]): r for r in attribution}
    # forest -> built-up: cells (0,3) and (1,2): 2 x 0.09 ha x (30.0 - 321.1)
    assert pair[("2", "5")]["cells"] == "2"
    assert float(pair[("2", "5")]["change_Mg"]) == pytest.approx(2 * 0.09 * (30.0 - 321.1),
                                                                 abs=1e-9)
    assert float(pair[("all", "all")]["change_Mg"]) == pytest.approx(-29.142, abs=1e-9)
    shares = [float(r["share_of_gross_change_pct"]) for r in attribution[:-1]]
    assert sum(shares) == pytest.approx(100.0)


def cell_loop_reference(base, alt, nodata, dens_base, dens_alt, cell_ha, zones=None,
                        zone_nodata=None):
    """Independent reference: visit every cell."""
    pair_cells, pair_mg, pools_base, zone_base, zone_change = {}, {}, {}, {}, {}
    for r in range(base.shape[0]):
        for c in range(base.shape[1]):
            b, a = int(base[r, c]), int(alt[r, c])
            z = None if zones is None or zones[r, c] == zone_nodata else int(zones[r, c])
            if b != nodata:
                pools_base[b] = [x + y * cell_ha for x, y in
                                 zip(pools_base.get(b, [0.0] * 4), dens_base[b])]
                zone_base[z] = zone_base.get(z, 0.0) + sum(dens_base[b]) * cell_ha
            if b != nodata and a != nodata:
                delta = (sum(dens_alt[a]) - sum(dens_base[b])) * cell_ha
                pair_cells[(b, a)] = pair_cells.get((b, a), 0) + 1
                pair_mg[(b, a)] = pair_mg.get((b, a), 0.0) + delta
                zone_change[z] = zone_change.get(z, 0.0) + delta
    return pair_cells, pair_mg, pools_base, zone_base, zone_change


def test_attribution_pools_and_zones_match_a_cell_loop(tmp_path):
    rng = np.random.default_rng(7)
    codes = [3, 7, 12, 200]
    base = rng.choice(codes, size=(41, 29)).astype(np.uint8)
    alt = np.where(rng.random(base.shape) < 0.3, rng.choice(codes, size=base.shape),
                   base).astype(np.uint8)
    base[0, :6] = ND
    alt[5, 3:9] = ND
    zones = rng.choice([10, 20, 30, -1], size=base.shape).astype(np.int16)
    dens_base = {c: tuple(float(x) for x in rng.integers(0, 200, 4)) for c in codes}
    dens_alt = {c: tuple(float(x) for x in rng.integers(0, 200, 4)) for c in codes}
    pb = write_raster(tmp_path / "b.tif", base, nodata=ND)
    pa = write_raster(tmp_path / "a.tif", alt, nodata=ND)
    pz = write_raster(tmp_path / "z.tif", zones, nodata=-1)
    tb = write_pools(tmp_path / "pb.csv", dens_base)
    ta = write_pools(tmp_path / "pa.csv", dens_alt)
    out = tmp_path / "out"
    result = carbon.run_carbon_stock(pb, tb, zones=carbon.ZoneSource(raster=pz), landuse_alt=pa,
                                     pools_alt=ta, output_attribution=out / "a.csv",
                                     output_zones=out / "z.csv", output_summary=out / "s.csv",
                                     progress=Progress())
    cells, mg, pools_base, zone_base, zone_change = cell_loop_reference(
        base, alt, ND, dens_base, dens_alt, 0.09, zones, -1)
    rows = read_csv(out / "a.csv")
    got = {(int(r["from_code"]), int(r["to_code"])): r for r in rows[:-1]}
    assert set(got) == set(cells)
    for key in cells:
        assert int(got[key]["cells"]) == cells[key]
        assert float(got[key]["km2"]) == pytest.approx(cells[key] * 900 / 1e6, rel=1e-12)
        assert float(got[key]["change_Mg"]) == pytest.approx(mg[key], abs=1e-8)
    assert result.change_mg == pytest.approx(sum(mg.values()), abs=1e-8)
    summary = {(r["map"], r["code"]): r for r in read_csv(out / "s.csv")}
    for code, values in pools_base.items():
        row = summary[("base", str(code))]
        for name, value in zip(("c_above_Mg", "c_below_Mg", "c_soil_Mg", "c_dead_Mg"), values):
            assert float(row[name]) == pytest.approx(value, abs=1e-8)
    zone_rows = {r["zone_code"]: r for r in read_csv(out / "z.csv")}
    for z in (10, 20, 30):
        assert float(zone_rows[str(z)]["base_total_Mg"]) == pytest.approx(zone_base[z], abs=1e-8)
        assert float(zone_rows[str(z)]["change_Mg"]) == pytest.approx(zone_change[z], abs=1e-8)
    assert float(zone_rows["none"]["change_Mg"]) == pytest.approx(zone_change[None], abs=1e-8)
    assert float(zone_rows["all"]["change_Mg"]) == pytest.approx(sum(mg.values()), abs=1e-8)


def test_a_real_change_of_minus_one_is_kept(tmp_path):
    """InVEST writes -1 as nodata of signed outputs; here -1 is a value."""
    base = write_raster(tmp_path / "b.tif", np.array([[1, 1], [1, ND]], np.uint8), nodata=ND)
    alt = write_raster(tmp_path / "a.tif", np.array([[2, 1], [2, 2]], np.uint8), nodata=ND)
    pools = write_pools(tmp_path / "p.csv", {1: (2.0, 1.0, 2.0, 0.0), 2: (1.0, 1.0, 2.0, 0.0)})
    carbon.run_carbon_stock(base, pools, landuse_alt=alt, output_change=tmp_path / "c.tif",
                            progress=Progress())
    change = read_raster(tmp_path / "c.tif")
    assert change[0, 0] == -1.0 and change[0, 1] == 0.0
    assert change[1, 1] == raster.FLOAT32_NODATA


def ellipsoid_band_area(lat1, lat2, dlon_deg, a=6378137.0, f=1 / 298.257223563):
    """Independent reference: numerical integration of the WGS 84 area element
    a^2 (1 - e^2) cos(phi) / (1 - e^2 sin^2(phi))^2 dphi dlambda."""
    from scipy.integrate import quad
    e2 = f * (2 - f)
    value, _err = quad(lambda p: math.cos(p) / (1 - e2 * math.sin(p) ** 2) ** 2,
                       math.radians(lat1), math.radians(lat2))
    return a * a * (1 - e2) * value * math.radians(dlon_deg)


def test_geographic_crs_uses_true_cell_areas(tmp_path):
    lu = np.array([[1, 1], [1, 2], [2, 2]], np.uint8)
    path = write_raster(tmp_path / "geo.tif", lu, nodata=ND, epsg=4326,
                        geotransform=(10.0, 0.01, 0.0, 60.0, 0.0, -0.01))
    pools = write_pools(tmp_path / "p.csv", {1: (100.0, 0.0, 0.0, 0.0), 2: (10.0, 0.0, 0.0, 0.0)})
    progress = Progress()
    result = carbon.run_carbon_stock(path, pools, output_summary=tmp_path / "s.csv",
                                     progress=progress)
    rows_ha = [ellipsoid_band_area(60.0 - 0.01 * (r + 1), 60.0 - 0.01 * r, 0.01) / 1e4
               for r in range(3)]
    expected = (2 * rows_ha[0] * 100 + rows_ha[1] * (100 + 10) + 2 * rows_ha[2] * 10)
    assert result.total_base_mg == pytest.approx(expected, rel=1e-9)
    # a cell of 0.01 x 0.01 degrees at 60 N is about 0.556 km x 1.11 km, not 1e-4 ha
    assert 55 < rows_ha[0] < 63
    assert any("true cell areas per row" in line for line in progress.infos)


@pytest.mark.parametrize("text,message", [
    ("lucode,c_above,c_below,c_soil\n1,1,2,3\n", "lacks the column\\(s\\) c_dead"),
    ("lucode,c_above,c_below,c_soil,c_dead\n1,1,,3,4\n",
     "data row 1: column 'c_below' is empty"),
    ("lucode,c_above,c_below,c_soil,c_dead\n1,1,2,3,4\n2,1,2,x3,4\n",
     "data row 2: column 'c_soil' holds 'x3', which is not a number"),
    ("lucode,c_above,c_below,c_soil,c_dead\n1,1,2,3,4\n1,5,6,7,8\n",
     "lucode 1 appears twice \\(data rows 1 and 2\\)"),
    ("lucode,c_above,c_below,c_soil,c_dead\n1,1,2,-3,4\n", "c_soil = -3; carbon densities"),
    ("lucode,c_above,c_below,c_soil,c_dead\n", "has a header but no data rows"),
    ("lucode,c_above,c_below,c_soil,c_dead\n1.5,1,2,3,4\n", "a whole number is expected"),
])
def test_bad_pools_tables(tmp_path, text, message):
    path = tmp_path / "pools.csv"
    path.write_text(text)
    with pytest.raises(LandCarbonError, match=message):
        carbon.read_pools(str(path))


def test_pools_headers_any_case_names_and_code_alias(tmp_path):
    path = tmp_path / "pools.csv"
    path.write_text("# comment\nCODE;Description;C_ABOVE;c_Below;C_soil;C_DEAD\n"
                    "5;Wald;1;2;3;4.5\n7;;0;0;0;0\n")
    table = carbon.read_pools(str(path))
    assert table.codes == [5, 7]
    assert table.name(5) == "Wald" and table.name(7) == "class 7"
    assert list(table.density[5]) == [1.0, 2.0, 3.0, 4.5]


def test_codes_missing_from_the_table_are_named_with_cell_counts(tmp_path):
    lu = np.array([[1, 9, 9], [9, 12, 1]], np.uint8)
    path = write_raster(tmp_path / "lu.tif", lu, nodata=ND)
    pools = write_pools(tmp_path / "p.csv", {1: (1.0, 1.0, 1.0, 1.0)})
    out = tmp_path / "out"
    with pytest.raises(LandCarbonError, match=r"lu\.tif holds land-use code\(s\) that POOLS "
                                              r"table has no row for: 9 \(3 cells\), "
                                              r"12 \(1 cell\)"):
        carbon.run_carbon_stock(path, pools, labels={"LANDUSE": "lu.tif"},
                                output_stock=out / "s.tif", output_summary=out / "s.csv",
                                progress=Progress())
    assert listdir(out) == []


def test_alternate_table_is_used_for_the_alternate_map(tmp_path):
    base = write_raster(tmp_path / "b.tif", np.array([[1, 2]], np.uint8))
    alt = write_raster(tmp_path / "a.tif", np.array([[1, 3]], np.uint8))
    pb = write_pools(tmp_path / "pb.csv", {1: (1.0, 0, 0, 0), 2: (2.0, 0, 0, 0)})
    pa = write_pools(tmp_path / "pa.csv", {1: (4.0, 0, 0, 0), 3: (8.0, 0, 0, 0)})
    result = carbon.run_carbon_stock(base, pb, landuse_alt=alt, pools_alt=pa, progress=Progress())
    assert result.total_base_mg == pytest.approx(0.09 * 3.0, abs=1e-12)
    assert result.total_alt_mg == pytest.approx(0.09 * 12.0, abs=1e-12)
    assert result.change_mg == pytest.approx(0.09 * 9.0, abs=1e-12)
    # code 3 occurs only in the alternate map: the base table need not have it,
    # but the alternate table must
    with pytest.raises(LandCarbonError, match="POOLS_ALT table has no row for: 3"):
        carbon.run_carbon_stock(base, pb, landuse_alt=alt, pools_alt=pb, progress=Progress())


def test_sixteen_bit_codes(tmp_path):
    lu = np.array([[1000, 2500], [2500, 65535]], np.uint16)
    alt = np.array([[2500, 2500], [1000, 1000]], np.uint16)
    pb = write_raster(tmp_path / "b.tif", lu, nodata=65535)
    pa = write_raster(tmp_path / "a.tif", alt, nodata=65535)
    pools = write_pools(tmp_path / "p.csv", {1000: (10.0, 0, 0, 0), 2500: (1.0, 0, 0, 1.0)})
    result = carbon.run_carbon_stock(pb, pools, landuse_alt=pa, output_change=tmp_path / "c.tif",
                                     progress=Progress())
    assert result.total_base_mg == pytest.approx(0.09 * (10 + 2 + 2), abs=1e-12)
    change = read_raster(tmp_path / "c.tif")
    assert change.tolist()[0] == [-8.0, 0.0] and change[1, 0] == 8.0
    assert change[1, 1] == raster.FLOAT32_NODATA


def test_maps_on_different_grids(tmp_path):
    base = write_raster(tmp_path / "b.tif", BASE, nodata=ND)
    alt = write_raster(tmp_path / "a.tif", ALT, nodata=ND,
                       geotransform=(500010.0, 30.0, 0.0, 1000000.0, 0.0, -30.0))
    pools = write_pools(tmp_path / "p.csv", POOLS)
    out = tmp_path / "out"
    with pytest.raises(GridMismatchError, match="origin"):
        carbon.run_carbon_stock(base, pools, landuse_alt=alt, output_summary=out / "s.csv",
                                progress=Progress())
    assert listdir(out) == []


def test_no_cell_valid_in_both_maps(tmp_path):
    base = write_raster(tmp_path / "b.tif", np.array([[1, ND]], np.uint8), nodata=ND)
    alt = write_raster(tmp_path / "a.tif", np.array([[ND, 1]], np.uint8), nodata=ND)
    pools = write_pools(tmp_path / "p.csv", {1: (1.0, 1.0, 1.0, 1.0)})
    out = tmp_path / "out"
    with pytest.raises(LandCarbonError, match="No cell holds data in both"):
        carbon.run_carbon_stock(base, pools, landuse_alt=alt, output_change=out / "c.tif",
                                output_summary=out / "s.csv", progress=Progress())
    assert listdir(out) == []


def test_base_map_alone(tmp_path):
    base, _alt, pools = vector_files(tmp_path)
    progress = Progress()
    result = carbon.run_carbon_stock(base, pools, output_summary=tmp_path / "s.csv",
                                     output_change=tmp_path / "c.tif", progress=progress)
    assert result.total_base_mg == pytest.approx(244.161, abs=1e-9)
    assert result.alt is None and result.change_mg is None
    assert not os.path.exists(tmp_path / "c.tif")
    assert {r["map"] for r in read_csv(tmp_path / "s.csv")} == {"base"}
    assert any("OUTPUT_CHANGE is ignored" in line for line in progress.infos)


def test_strips_give_the_same_result_as_one_block(tmp_path, monkeypatch):
    """Many strips (STRIP_CELLS tiny), written behind the loop, must give the
    same rasters and tables."""
    rng = np.random.default_rng(3)
    base = rng.choice([1, 2, 3], size=(57, 13)).astype(np.uint8)
    alt = rng.choice([1, 2, 3], size=(57, 13)).astype(np.uint8)
    pb = write_raster(tmp_path / "b.tif", base)
    pa = write_raster(tmp_path / "a.tif", alt)
    pools = write_pools(tmp_path / "p.csv", {1: (1.5, 0, 0, 0), 2: (0, 7.25, 0, 0),
                                             3: (0, 0, 3.0, 1.0)})
    one = carbon.run_carbon_stock(pb, pools, landuse_alt=pa, output_change=tmp_path / "c1.tif",
                                  progress=Progress())
    monkeypatch.setattr(raster, "STRIP_CELLS", 13 * 4)
    monkeypatch.setattr(raster.strip_rows, "__defaults__", (1, 13 * 4))
    monkeypatch.setattr(blocks, "WRITE_BEHIND_STRIP_CELLS", 13 * 4)
    rows = []
    many = carbon.run_carbon_stock(pb, pools, landuse_alt=pa, output_change=tmp_path / "c2.tif",
                                   progress=Progress(lambda f, m: rows.append(m)))
    assert sum(1 for m in rows if m and m.startswith("rows ")) == 15       # 57 rows by 4
    assert many.change_mg == one.change_mg
    np.testing.assert_array_equal(read_raster(tmp_path / "c1.tif"),
                                  read_raster(tmp_path / "c2.tif"))
    # the change by hand: density of the alternate class - of the base class
    density = np.array([0.0, 1.5, 7.25, 4.0], np.float32)
    np.testing.assert_array_equal(read_raster(tmp_path / "c2.tif"), density[alt] - density[base])


def test_change_split_into_land_use_and_densities(tmp_path):
    """The change of the InVEST vector with corrected alternate densities
    (above and below x 1.5, soil x 0.9, dead unchanged), split into land use
    at the base densities and the densities' change on the alternate map, by
    a cell loop; the parts add up to the change, and the land-use part equals
    carbonstock's change with the base table alone."""
    base, alt, pools = vector_files(tmp_path)
    factor = np.array([1.5, 1.5, 0.9, 1.0])
    corrected = write_pools(tmp_path / "alt_pools.csv",
                            {c: [v * f for v, f in zip(vals, factor)]
                             for c, vals in POOLS.items()})
    result = carbon.run_carbon_stock(base, pools, landuse_alt=alt, pools_alt=corrected,
                                     progress=Progress())
    ha = 0.09
    landuse = np.zeros(4)
    density = np.zeros(4)
    for b, a in zip(BASE.ravel(), ALT.ravel()):
        if b == ND or a == ND:
            continue
        landuse += ha * (np.array(POOLS[a]) - np.array(POOLS[b]))
        density += ha * (np.array(POOLS[a]) * factor - np.array(POOLS[a]))
    got_landuse = result.pair_change_landuse_pools_mg.sum(axis=(0, 1))
    got_density = result.pair_change_density_pools_mg.sum(axis=(0, 1))
    np.testing.assert_allclose(got_landuse, landuse, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(got_density, density, rtol=1e-12, atol=1e-12)
    total = result.pair_change_pools_mg.sum(axis=(0, 1))
    np.testing.assert_allclose(got_landuse + got_density, total, rtol=1e-9)
    # unchanged cells change nothing from land use
    assert np.all(np.diagonal(result.pair_change_landuse_pools_mg, axis1=0, axis2=1) == 0)
    plain = carbon.run_carbon_stock(base, pools, landuse_alt=alt, progress=Progress())
    assert got_landuse.sum() == pytest.approx(plain.change_mg, rel=1e-12)
    assert plain.change_mg == pytest.approx(-29.142, abs=1e-9)
