"""The Dask dispatch helpers (core/common/cluster.py, chunked.py): chunks read
with GDAL equal the whole band, chunks written from the client equal the
array, and clear messages instead of tracebacks."""

import builtins
import dataclasses

import numpy as np
import pytest
from landcarbon.core.common import chunked, cluster, raster
from landcarbon.core.common.errors import LandCarbonError
from osgeo import gdal


def _tif(path, array, gdal_type=gdal.GDT_Int16):
    ds = gdal.GetDriverByName("GTiff").Create(str(path), array.shape[1], array.shape[0], 1,
                                              gdal_type)
    ds.SetGeoTransform((100.0, 30.0, 0.0, 500.0, 0.0, -30.0))
    ds.GetRasterBand(1).WriteArray(array)
    ds = None
    return str(path)


@pytest.mark.parametrize("chunks", [(64, 48), (37, 101), (200, 200)])
def test_read_array_equals_the_band_for_any_chunking(tmp_path, dask_cluster, chunks):
    rng = np.random.default_rng(3)
    a = rng.integers(-500, 500, size=(131, 97)).astype(np.int16)
    info = raster.open_band(_tif(tmp_path / "a.tif", a))
    x = chunked.read_array(info, chunks)
    assert x.chunks[0][0] == min(chunks[0], 131) and x.dtype == np.int16
    got = dask_cluster.client.compute(x).result()
    np.testing.assert_array_equal(got, a)


def test_cell_index_of_a_block_is_row_times_width_plus_column(dask_cluster):
    def kernel(block, block_info=None):
        y0, x0 = chunked.block_origin(block_info)
        return chunked.cell_index(y0, x0, block.shape[0], block.shape[1], 23)

    import dask.array as da
    x = da.zeros((17, 23), chunks=(5, 7), dtype=np.uint8)
    got = dask_cluster.client.compute(x.map_blocks(kernel, dtype=np.uint64)).result()
    expected = np.array([[r * 23 + c for c in range(23)] for r in range(17)], dtype=np.uint64)
    np.testing.assert_array_equal(got, expected)


def test_write_raster_writes_every_chunk_at_its_place(tmp_path, dask_cluster):
    a = np.arange(131 * 97, dtype=np.int32).reshape(131, 97)
    info = raster.open_band(_tif(tmp_path / "a.tif", a, gdal.GDT_Int32))
    c = dataclasses.replace(dask_cluster, chunk_rows=40, chunk_cols=33)
    doubled = chunked.read_array(info, c.chunks) * 2
    ds = raster.create_raster(tmp_path / "b.tif", info.grid, np.int32)
    chunked.write_raster(c, doubled, ds, in_flight=3)
    ds = None
    np.testing.assert_array_equal(gdal.Open(str(tmp_path / "b.tif")).ReadAsArray(), a * 2)


def test_no_worker_processes_inside_qgis():
    with pytest.raises(LandCarbonError, match="does not start worker processes"):
        cluster.connect(workers=2, in_qgis=True)


def test_a_wrong_scheduler_address_is_named():
    with pytest.raises(LandCarbonError, match="Could not connect to the Dask scheduler "
                                              "tcp://127.0.0.1:1"):
        cluster.connect(scheduler="tcp://127.0.0.1:1", timeout="2s")


def test_chunks_smaller_than_the_halo_or_of_2_31_cells_are_refused():
    with pytest.raises(LandCarbonError, match="at least 3 cells"):
        cluster.check_chunks(2, 100, halo=3)
    cluster.check_chunks(46340, 46340)              # 2147395600 cells < 2^31
    with pytest.raises(LandCarbonError, match="2\\^31 cells or more"):
        cluster.check_chunks(32768, 65536)          # exactly 2^31


def test_without_dask_the_message_says_how_to_install(monkeypatch):
    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name.split(".")[0] in ("dask", "distributed"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(LandCarbonError, match=r"pip install \"dask\[array\]\" distributed"):
        cluster.connect(workers=1)
    assert not cluster.dask_available()
