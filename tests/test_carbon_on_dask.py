"""Carbon stock, change and value on a Dask cluster (issue 14): the rasters
(decoded with GDAL) and every total and CSV figure equal those of the
one-machine path, which the other carbon tests check against InVEST's test
vector and cell loops, for two odd chunkings of odd-sized maps, with zones
and on a geographic CRS; the exact sums behind the totals are checked
against rational arithmetic; a cancel writes nothing."""

import dataclasses
from fractions import Fraction

import numpy as np
import pytest
from helpers import listdir, read_csv, write_raster
from osgeo import gdal
from test_carbon_zones import rect, write_layer

from landcarbon.core import carbon
from landcarbon.core.common import raster
from landcarbon.core.common.errors import Cancelled
from landcarbon.core.common.exact import ExactTally
from landcarbon.core.common.progress import Progress

ROWS, COLS = 131, 97
CHUNKINGS = [(37, 29), (100, 41)]       # neither divides the map
GEOGRAPHIC = (10.0, 0.01, 0.0, 60.0, 0.0, -0.01)
STOCK_OUTPUTS = ("stock", "stock_alt", "change", "pools", "pools_alt")
CSV_OUTPUTS = ("summary", "attribution", "zones")


def _maps(folder, rng, codes, nodata, dtype, **where):
    """A base map in patches, an alternate map with 20 % of cells changed,
    nodata in a different corner of each."""
    yy, xx = np.mgrid[:ROWS, :COLS]
    patches = (yy // 9 * 7 + xx // 11 * 3) % len(codes)
    base = np.asarray(codes, dtype=dtype)[patches]
    alt = np.where(rng.random(base.shape) < 0.2, rng.choice(codes, size=base.shape),
                   base).astype(dtype)
    base[:12, :20] = nodata
    alt[-7:, -30:] = nodata
    return (write_raster(folder / "base.tif", base, nodata=nodata, **where),
            write_raster(folder / "alt.tif", alt, nodata=nodata, **where))


def _pools(path, codes, rng):
    lines = ["lucode,name,c_above,c_below,c_soil,c_dead"]
    lines += ["%d,class %d,%s" % (c, c, ",".join("%.3f" % v for v in rng.random(4) * 150))
              for c in codes]
    path.write_text("\n".join(lines) + "\n")
    return str(path)


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    """Two settings: a projected CRS (UTM) with polygon zones, Byte codes;
    a geographic CRS (true cell areas per row) with a zone raster, UInt16
    codes."""
    rng = np.random.default_rng(14)
    out = {}
    folder = tmp_path_factory.mktemp("projected")
    codes = [3, 7, 12, 200]
    base, alt = _maps(folder, rng, codes, 255, np.uint8)
    # vertices off the cell centres (quarter cells); 'a' in two parts; 'c'
    # drawn last over 'b'; some cells in no zone
    layer = write_layer(folder / "zones.gpkg", [
        ("a", rect(0.25, 50.25, 0.25, 80.75)), ("b", rect(40.5, 97, 30.25, 131)),
        ("a", rect(80.25, 90.75, 0, 20.5)), ("c", rect(10.25, 60.75, 100.25, 120.75))])
    out["projected"] = dict(
        base=base, alt=alt, pools=_pools(folder / "pools.csv", codes, rng),
        pools_alt=_pools(folder / "pools_alt.csv", codes, rng),
        zones=carbon.ZoneSource(vector=layer, field="name"))
    folder = tmp_path_factory.mktemp("geographic")
    codes = [1000, 2500, 40000]
    where = dict(geotransform=GEOGRAPHIC, epsg=4326)
    base, alt = _maps(folder, rng, codes, 65535, np.uint16, **where)
    zones = rng.choice([5, 9, 11, -1], size=(ROWS, COLS)).astype(np.int16)
    out["geographic"] = dict(
        base=base, alt=alt, pools=_pools(folder / "pools.csv", codes, rng),
        pools_alt=_pools(folder / "pools_alt.csv", codes, rng),
        zones=carbon.ZoneSource(raster=write_raster(folder / "zones.tif", zones, nodata=-1,
                                                    **where)))
    return out


def _run_stock(case, folder, cluster=None, progress=None):
    files = {name: folder / ("%s.tif" % name) for name in STOCK_OUTPUTS}
    files.update({name: folder / ("%s.csv" % name) for name in CSV_OUTPUTS})
    result = carbon.run_carbon_stock(
        case["base"], case["pools"], landuse_alt=case["alt"], pools_alt=case["pools_alt"],
        zones=case["zones"], cluster=cluster, progress=progress or Progress(),
        **{"output_%s" % name: path for name, path in files.items()})
    return result, files


def _bands(path):
    ds = gdal.Open(str(path))
    arrays = [ds.GetRasterBand(b + 1).ReadAsArray() for b in range(ds.RasterCount)]
    nodata = [ds.GetRasterBand(b + 1).GetNoDataValue() for b in range(ds.RasterCount)]
    return arrays, nodata


@pytest.mark.parametrize("chunks", CHUNKINGS, ids=lambda c: "%dx%d" % c)
@pytest.mark.parametrize("setting", ["projected", "geographic"])
def test_stock_on_dask_equals_one_machine(cases, dask_cluster, tmp_path, setting, chunks):
    case = cases[setting]
    local, local_files = _run_stock(case, tmp_path / "local")
    cluster = dataclasses.replace(dask_cluster, chunk_rows=chunks[0], chunk_cols=chunks[1])
    progress = Progress()
    dask, dask_files = _run_stock(case, tmp_path / "dask", cluster, progress)
    assert any("chunks" in line and "Dask" in line for line in progress.infos)

    for name in STOCK_OUTPUTS:
        (want, want_nodata), (got, got_nodata) = _bands(local_files[name]), _bands(dask_files[name])
        assert got_nodata == want_nodata and len(got) == len(want)
        for w, g in zip(want, got):
            assert g.dtype == w.dtype == np.float32
            np.testing.assert_array_equal(g, w)
    for name in CSV_OUTPUTS:
        assert read_csv(dask_files[name]) == read_csv(local_files[name])

    assert dask.total_base_mg == local.total_base_mg
    assert dask.total_alt_mg == local.total_alt_mg
    assert dask.change_mg == local.change_mg
    assert dask.difference_mg == local.difference_mg
    for attr in ("pair_cells", "pair_area_ha"):
        np.testing.assert_array_equal(getattr(dask, attr), getattr(local, attr))
    for mine, theirs in ((dask.base, local.base), (dask.alt, local.alt)):
        np.testing.assert_array_equal(mine.cells, theirs.cells)
        np.testing.assert_array_equal(mine.area_ha, theirs.area_ha)
    assert dask.zone_table == local.zone_table
    # the maps exercise what they should: both footprints, several zones
    # and cells outside them, per-row areas on the geographic grid
    assert local.only_base_cells > 0 and local.only_alt_cells > 0
    _header, rows = local.zone_table
    assert len(rows) == 5 and all(row[2] > 0 for row in rows)
    assert local.cell_area.is_constant == (setting == "projected")


def test_base_map_alone_on_dask(cases, dask_cluster, tmp_path):
    case = cases["projected"]
    cluster = dataclasses.replace(dask_cluster, chunk_rows=37, chunk_cols=29)
    runs = []
    for name, c in (("local", None), ("dask", cluster)):
        result = carbon.run_carbon_stock(case["base"], case["pools"],
                                         output_pools=tmp_path / name / "pools.tif",
                                         output_summary=tmp_path / name / "s.csv",
                                         cluster=c, progress=Progress())
        runs.append((result, _bands(tmp_path / name / "pools.tif")[0],
                     read_csv(tmp_path / name / "s.csv")))
    (local, local_bands, local_csv), (dask, dask_bands, dask_csv) = runs
    assert dask.total_base_mg == local.total_base_mg and dask.alt is None
    for w, g in zip(local_bands, dask_bands):
        np.testing.assert_array_equal(g, w)
    assert dask_csv == local_csv


@pytest.mark.parametrize("chunks", CHUNKINGS, ids=lambda c: "%dx%d" % c)
@pytest.mark.parametrize("setting", ["projected", "geographic"])
def test_value_on_dask_equals_one_machine(cases, dask_cluster, tmp_path, setting, chunks):
    case = cases[setting]
    carbon.run_carbon_stock(case["base"], case["pools"], landuse_alt=case["alt"],
                            pools_alt=case["pools_alt"], output_change=tmp_path / "change.tif",
                            progress=Progress())
    cluster = dataclasses.replace(dask_cluster, chunk_rows=chunks[0], chunk_cols=chunks[1])
    valuation = carbon.Valuation(prices=[100.0, 449.4], discount_rate=7.0, price_change=1.5)
    runs = []
    for name, c in (("local", None), ("dask", cluster)):
        result = carbon.run_carbon_value(str(tmp_path / "change.tif"), 2000, 2030,
                                         valuation=valuation, zones=case["zones"],
                                         output_value=tmp_path / name / "value.tif",
                                         output_summary=tmp_path / name / "value.csv",
                                         cluster=c, progress=Progress())
        runs.append((result, _bands(tmp_path / name / "value.tif"),
                     read_csv(tmp_path / name / "value.csv")))
    (local, (local_band, local_nd), local_csv), (dask, (dask_band, dask_nd), dask_csv) = runs
    np.testing.assert_array_equal(dask_band[0], local_band[0])
    assert dask_nd == local_nd
    assert dask.change_mg == local.change_mg
    assert dask.total_values == local.total_values
    np.testing.assert_array_equal(dask.zone_change_mg, local.zone_change_mg)
    assert dask_csv == local_csv
    assert (local_band[0] == raster.FLOAT32_NODATA).any() and len(local_csv) == 2 * 5


def test_totals_are_exact_sums_of_the_cell_areas(cases, dask_cluster):
    """Geographic grid: per class, the area (ha) on Dask is the exact sum of
    the true row areas of its cells, rounded once (rational arithmetic
    here), whatever the chunking."""
    case = cases["geographic"]
    base = gdal.Open(case["base"]).ReadAsArray()
    info = raster.open_band(case["base"])
    row_ha = [Fraction(float(a / 10000)) for a in raster.CellAreas(info.grid).rows(0, ROWS)]
    codes = sorted(int(c) for c in np.unique(base) if c != 65535)
    expected = [float(sum(int((base[r] == code).sum()) * row_ha[r] for r in range(ROWS)))
                for code in codes]
    for chunks in CHUNKINGS:
        cluster = dataclasses.replace(dask_cluster, chunk_rows=chunks[0], chunk_cols=chunks[1])
        result = carbon.run_carbon_stock(case["base"], case["pools"], cluster=cluster,
                                         progress=Progress())
        assert result.base.area_ha.tolist() == expected


def test_exact_tally_is_rational_arithmetic_in_any_order():
    """ExactTally against sums of fractions.Fraction: per bin and in total,
    for weights of mixed signs and magnitudes (zeros, subnormals included),
    added whole or in parts merged in reverse order."""
    rng = np.random.default_rng(5)
    bins = rng.integers(0, 5, 3000)
    weights = rng.normal(size=3000) * 10.0 ** rng.integers(-8, 9, 3000)
    weights[::11] = 0.0
    weights[7] = 5e-324
    exact = [sum((Fraction(w) for w in weights[bins == b]), Fraction(0)) for b in range(5)]
    whole = ExactTally(5, weighted=True)
    whole.add(bins, weights)
    parts = ExactTally(5, weighted=True)
    for start in reversed(range(0, 3000, 307)):
        part = ExactTally(5, weighted=True)
        part.add(bins[start:start + 307], weights[start:start + 307])
        parts.merge(part)
    for tally in (whole, parts):
        assert tally.weighted(None).tolist() == [float(e) for e in exact]
        assert tally.total() == float(sum(exact))
        assert tally.cells.tolist() == np.bincount(bins, minlength=5).tolist()


@pytest.mark.parametrize("size", [6, 40], ids=["counts per row", "more bins than columns"])
def test_exact_tally_of_row_weights_is_rational_arithmetic(size):
    """add_rows (one weight per row, e.g. true cell areas) against
    fractions.Fraction, rows of different binary exponents included, added
    whole or by rows in any order."""
    rng = np.random.default_rng(6)
    bins = rng.integers(0, size, (50, 23))
    row_weights = 0.3 + rng.random(50) * 0.5        # exponents -2 and -1
    row_weights[10] = 1e-12
    exact = [sum((Fraction(float(row_weights[r])) * int((bins[r] == b).sum())
                  for r in range(50)), Fraction(0)) for b in range(size)]
    whole = ExactTally(size, weighted=True)
    whole.add_rows(bins, row_weights)
    parts = ExactTally(size, weighted=True)
    for r0 in (40, 0, 17, 33):
        r1 = {40: 50, 0: 17, 17: 33, 33: 40}[r0]
        part = ExactTally(size, weighted=True)
        part.add_rows(bins[r0:r1], row_weights[r0:r1])
        parts.merge(part)
    for tally in (whole, parts):
        assert tally.weighted(None).tolist() == [float(e) for e in exact]
        assert tally.cells.tolist() == np.bincount(bins.ravel(), minlength=size).tolist()


@pytest.mark.parametrize("rasters", [True, False], ids=["rasters and tables", "tables only"])
def test_cancel_on_dask_writes_nothing(cases, dask_cluster, tmp_path, rasters):
    """Cancelled after 3 of the 16 chunks (while rasters are written, or
    while chunks are only tallied): Cancelled, no file (not even a temporary
    one), and the cluster still works."""
    reports = []

    def cancelled():
        return sum(m.startswith("Dask:") for m in reports) >= 3

    progress = Progress(report=lambda _fraction, message: reports.append(message or ""),
                        cancelled=cancelled)
    cluster = dataclasses.replace(dask_cluster, chunk_rows=37, chunk_cols=29)   # 4 x 4 chunks
    case = cases["projected"]
    out = tmp_path / "out"
    rasters = ({"output_%s" % name: out / ("%s.tif" % name) for name in STOCK_OUTPUTS}
               if rasters else {})
    with pytest.raises(Cancelled):
        carbon.run_carbon_stock(case["base"], case["pools"], landuse_alt=case["alt"],
                                zones=case["zones"], output_summary=out / "s.csv",
                                output_zones=out / "z.csv", cluster=cluster, progress=progress,
                                **rasters)
    assert listdir(out) == []
    result, _files = _run_stock(case, tmp_path / "again", cluster)
    assert result.total_base_mg > 0


def test_an_input_rewritten_at_the_same_path_is_read_anew(dask_cluster, tmp_path):
    """On a long-lived cluster (the study's SCHEDULER) a step runs, its map
    is rewritten at the same path with the same size, and the step runs
    again: the workers read the new map (the stock of one machine), not
    the file they opened for the first run."""
    pools = _pools(tmp_path / "pools.csv", [1, 2], np.random.default_rng(5))
    path = tmp_path / "map.tif"
    cluster = dataclasses.replace(dask_cluster, chunk_rows=37, chunk_cols=29)
    totals = []
    for code in (1, 2):
        write_raster(path, np.full((ROWS, COLS), code, np.uint8), nodata=255)
        totals.append([carbon.run_carbon_stock(str(path), pools, cluster=c).total_base_mg
                       for c in (None, cluster)])
    (one_first, dask_first), (one_second, dask_second) = totals
    assert one_first != one_second
    assert dask_first == one_first and dask_second == one_second


def test_vrt_outputs_are_tiles_with_the_geotiffs_values(cases, dask_cluster, tmp_path):
    """.vrt stock, change and pools outputs (a .tif beside them): the workers
    write one tile per chunk, one machine one per strip, and GDAL reads the
    same bands, nodata and descriptions as the GeoTIFFs of the same run."""
    case = cases["geographic"]
    _local, want = _run_stock(case, tmp_path / "tif")
    cluster = dataclasses.replace(dask_cluster, chunk_rows=37, chunk_cols=29)
    for name, c in (("local", None), ("dask", cluster)):
        folder = tmp_path / name
        files = {"output_stock": folder / "stock.vrt", "output_change": folder / "change.vrt",
                 "output_pools": folder / "pools.vrt", "output_stock_alt": folder / "alt.tif"}
        carbon.run_carbon_stock(case["base"], case["pools"], landuse_alt=case["alt"],
                                pools_alt=case["pools_alt"], cluster=c, progress=Progress(),
                                **files)
        for key, ref in (("output_stock", "stock"), ("output_change", "change"),
                         ("output_pools", "pools"), ("output_stock_alt", "stock_alt")):
            (w, w_nodata), (g, g_nodata) = _bands(want[ref]), _bands(files[key])
            assert g_nodata == w_nodata and len(g) == len(w)
            for a, b in zip(w, g):
                np.testing.assert_array_equal(b, a)
        ds = gdal.Open(str(files["output_pools"]))
        assert ds.GetRasterBand(4).GetDescription().startswith("c_dead")
        tiles = sorted(p.name for p in (folder / "stock_tiles").iterdir())
        assert len(tiles) == (4 * 4 if c else 1)                # 131 x 97: 4 x 4 chunks
        assert (folder / "stock.qml").exists() and not any(
            p.name.startswith(".") for p in folder.iterdir())
