"""core.common.landmap and core.landuse.change: class scanning, indexing and
change accounting, checked
against hand calculations and a cell-by-cell Python loop."""

from collections import Counter

import numpy as np
import pytest
from helpers import read_csv, read_raster, write_raster

from landcarbon.core.common import landmap
from landcarbon.core.common.classes import ClassTable
from landcarbon.core.common.errors import LandCarbonError
from landcarbon.core.common.progress import Progress
from landcarbon.core.landuse import change as changestats


def brute_force_transitions(maps, nodatas):
    """Independent reference: loop over cells, count pairs valid in all maps."""
    flat = [m.ravel().tolist() for m in maps]
    pairs = Counter()
    for cell in range(len(flat[0])):
        values = [f[cell] for f in flat]
        if any(nd is not None and v == nd for v, nd in zip(values, nodatas)):
            continue
        pairs[(values[0], values[-1])] += 1
    return pairs


def test_codes_from_the_data_and_matrix_equal_cell_loop(tmp_path):
    rng = np.random.default_rng(1)
    codes = np.array([0, 11, 250])   # not 1..K, 0 is a class here
    a = rng.choice(codes, size=(37, 23)).astype(np.uint8)
    b = rng.choice(codes, size=(37, 23)).astype(np.uint8)
    a[0, :5] = 255      # nodata in the first map only
    b[5, :3] = 254      # and a different nodata value in the second
    pa = write_raster(tmp_path / "a.tif", a, nodata=255)
    pb = write_raster(tmp_path / "b.tif", b, nodata=254)
    progress = Progress()
    infos = landmap.open_landuse_set([pa, pb], ["a", "b"], progress)
    stats = changestats.landuse_change(infos, [2000, 2010], progress)
    assert stats.codes == [0, 11, 250]
    expected = brute_force_transitions([a, b], [255, 254])
    for i, f in enumerate(stats.codes):
        for j, t in enumerate(stats.codes):
            assert stats.matrices[(0, 1)][i, j] == expected[(f, t)]
    assert stats.valid_cells == 37 * 23 - 5 - 3
    # each map's own nodata, and valid cells dropped because of the other map
    assert stats.own_nodata == [5, 3] and stats.dropped == [3, 5]


@pytest.mark.parametrize("dtype,nodata", [(np.int16, -32768), (np.uint16, 65535),
                                          (np.int32, -1), (np.int8, -128)])
def test_wide_and_signed_types(tmp_path, dtype, nodata):
    a = np.array([[-5, 300 % 128, 7], [7, nodata, -5]]).astype(dtype) if dtype != np.uint16 \
        else np.array([[5, 300, 7], [7, nodata, 5]], dtype)
    b = np.array([[7, 7, 7], [7, 7, 7]], dtype)
    pa = write_raster(tmp_path / "a.tif", a, nodata=nodata)
    pb = write_raster(tmp_path / "b.tif", b, nodata=nodata)
    progress = Progress()
    infos = landmap.open_landuse_set([pa, pb], ["a", "b"], progress)
    stats = changestats.landuse_change(infos, [1, 2], progress)
    expected = brute_force_transitions([a, b], [nodata, nodata])
    assert sum(expected.values()) == stats.valid_cells == 5
    for i, f in enumerate(stats.codes):
        for j, t in enumerate(stats.codes):
            assert stats.matrices[(0, 1)][i, j] == expected[(f, t)]


def test_dynamic_degrees_by_hand():
    # U_a = 40 ha, U_b = 50 ha over 10 years -> 2.5 %/yr
    assert changestats.dynamic_degree(40.0, 50.0, 10) == pytest.approx(2.5)
    assert changestats.dynamic_degree(0.0, 5.0, 10) is None
    # 100 cells, 10 changed (swaps 1<->2 of 4 and 6), T = 5:
    # sum(loss + gain) = 2 * 10 -> LC = 20 / (2 * 100) / 5 * 100 = 2 %/yr
    m = np.array([[46, 4], [6, 44]])
    assert changestats.comprehensive_dynamic_degree(m, 5) == pytest.approx(2.0)


def test_float_raster_refused(tmp_path):
    path = write_raster(tmp_path / "f.tif", np.ones((2, 2), np.float32))
    with pytest.raises(LandCarbonError,
                       match="Float32 raster.*integer class codes.*gdal_translate"):
        landmap.open_landuse(path, "f.tif")


def test_continuous_integer_raster_refused(tmp_path):
    path = write_raster(tmp_path / "dem.tif", np.arange(2000, dtype=np.int16).reshape(40, 50))
    info = landmap.open_landuse(path, "dem.tif")
    with pytest.raises(LandCarbonError, match="more than 1000 distinct values"):
        landmap.class_counts(info)


@pytest.mark.parametrize("dtype,nodata", [(np.uint8, 255), (np.int16, -1), (np.int32, -9999)])
def test_class_counts_here_and_on_dask_are_numpy_unique(dask_cluster, tmp_path, dtype, nodata):
    """Cells per code against np.unique of the whole array, on strips and on
    Dask chunks that divide neither side (8/16-bit bincount, 32-bit unique)."""
    import dataclasses
    rng = np.random.default_rng(7)
    data = rng.choice(np.array([3, 17, 120, nodata], dtype=dtype), size=(101, 77),
                      p=[0.5, 0.3, 0.15, 0.05])
    path = write_raster(tmp_path / "m.tif", data, nodata=nodata)
    values, cells = np.unique(data, return_counts=True)
    expected = {int(v): int(c) for v, c in zip(values, cells) if v != nodata}
    info = landmap.open_landuse(path, "m.tif")
    for cluster in (None, dataclasses.replace(dask_cluster, chunk_rows=23, chunk_cols=31)):
        counts, nodata_cells = landmap.class_counts(info, cluster=cluster)
        assert counts == expected
        assert nodata_cells == int(np.count_nonzero(data == nodata))


def test_continuous_integer_raster_refused_on_dask(dask_cluster, tmp_path):
    path = write_raster(tmp_path / "dem.tif", np.arange(4000, dtype=np.int32).reshape(40, 100))
    info = landmap.open_landuse(path, "dem.tif")
    with pytest.raises(LandCarbonError, match="dem.tif holds more than 1000 distinct values"):
        landmap.class_counts(info, cluster=dask_cluster)


def test_change_code_schemes():
    codes, _ = changestats.change_code_scheme([1, 2, 5])
    assert codes[(1, 5)] == 15 and codes[(5, 5)] == 55
    codes, _ = changestats.change_code_scheme([11, 41, 95])
    assert codes[(41, 11)] == 4111
    codes, _ = changestats.change_code_scheme([1, 200])
    assert sorted(codes.values()) == [1, 2, 3, 4] and codes[(200, 1)] == 3


def test_run_writes_tables_and_styled_change_map(tmp_path):
    a = np.array([[1, 1, 2], [2, 3, 3]], np.uint8)
    b = np.array([[1, 2, 2], [2, 3, 1]], np.uint8)
    c = np.array([[2, 2, 2], [2, 3, 1]], np.uint8)
    paths = [write_raster(tmp_path / ("%d.tif" % i), m, nodata=255)
             for i, m in enumerate((a, b, c))]
    classes = tmp_path / "classes.csv"
    classes.write_text("code,name,color\n1,Cropland,#ffff00\n2,Forest,#00aa00\n3,Water,#0000ff\n",
                       encoding="utf-8")
    out = tmp_path / "out"
    changestats.run_landuse_change(paths, [2000, 2010, 2020], classes=str(classes),
                                   output_areas=str(out / "areas.csv"),
                                   output_transitions=str(out / "tr.csv"),
                                   output_change=str(out / "change.tif"),
                                   labels={"INPUTS": ["a", "b", "c"]}, progress=Progress())
    areas = read_csv(out / "areas.csv")
    crop = areas[0]
    assert crop["name"] == "Cropland"
    assert crop["cells_2000"] == "2" and crop["cells_2010"] == "2" and crop["cells_2020"] == "1"
    assert float(crop["km2_2000"]) == pytest.approx(2 * 900 / 1e6)
    assert float(crop["pct_valid_2020"]) == pytest.approx(100 / 6)
    # cropland 2 -> 1 cells over 2010-2020: (1 - 2) / 2 / 10 * 100 = -5 %/yr
    assert float(crop["dynamic_degree_pct_per_yr_2010_2020"]) == pytest.approx(-5.0)
    total = areas[-1]
    # 2000 -> 2010: 2 cells changed of 6 -> LC = 2 / 6 / 10 * 100
    assert float(total["dynamic_degree_pct_per_yr_2000_2010"]) == pytest.approx(2 / 6 / 10 * 100)
    rows = read_csv(out / "tr.csv")
    first = [r for r in rows
             if r["year_from"] == "2000" and r["year_to"] == "2020" and r["unit"] == "cells"]
    crop_row = first[0]
    assert (crop_row["to_1"], crop_row["to_2"], crop_row["to_3"]) == ("0", "2", "0")
    assert crop_row["loss"] == "2" and crop_row["persistence"] == "0"
    water = first[2]
    assert water["to_1"] == "1" and water["gain"] == "0" and water["net_change"] == "-1"
    change = read_raster(out / "change.tif")
    np.testing.assert_array_equal(change, [[12, 12, 22], [22, 33, 31]])
    from osgeo import gdal
    ds = gdal.Open(str(out / "change.tif"))
    band = ds.GetRasterBand(1)
    assert band.GetRasterColorTable().GetColorEntry(31)[:3] == (255, 255, 0)
    assert band.GetCategoryNames()[31] == "Water -> Cropland"
    assert (out / "change.qml").exists()
    assert 'label="Water -&gt; Cropland"' in (out / "change.qml").read_text()


def test_classes_table_errors(tmp_path):
    dup = tmp_path / "dup.csv"
    dup.write_text("code,name\n1,a\n1,b\n")
    with pytest.raises(LandCarbonError, match="class code 1 appears twice"):
        ClassTable.from_csv(str(dup))
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,color\n1,a,green\n")
    with pytest.raises(LandCarbonError, match="colour 'green' is not a hex colour.*#RRGGBB"):
        ClassTable.from_csv(str(bad))
    progress = Progress()
    ok = tmp_path / "ok.csv"
    ok.write_text("code,name\n1,a\n9,b\n")
    ClassTable.from_csv(str(ok)).check_against([1, 2], progress)
    assert "class code(s) 9" in progress.warnings[0]
