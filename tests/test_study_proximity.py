"""PROXIMITY_DECAY: P_k x exp(-d_k / L) with d_k the exact Euclidean distance
(cells) to the nearest class-k cell of the start map, checked against
scipy's exact distance transform (an independent implementation)."""

import numpy as np
import pytest
from helpers import write_raster
from osgeo import gdal
from scipy import ndimage

from landcarbon.core.common import raster
from landcarbon.core.common.errors import LandCarbonError
from landcarbon.core.common.progress import Progress
from landcarbon.core.study import calibration
from landcarbon.core.study.proximity import write_proximity_probabilities

NODATA = raster.FLOAT32_NODATA
# a band per class of the map (1, 2, 4) and one of a class it does not hold (3)
BANDS = ("1 cropland", "2 forest", "4 built-up", "3 water")


def _inputs(tmp_path, rows=37, cols=53):
    rng = np.random.default_rng(3)
    lu = rng.choice(np.array([1, 1, 1, 2, 4], dtype=np.uint8), size=(rows, cols),
                    p=[0.5, 0.2, 0.2, 0.07, 0.03])
    lu[:5, :7] = 255                                   # nodata corner
    prob = rng.random((4, rows, cols)).astype(np.float32)
    prob[:, :5, :7] = NODATA
    lu_path, p_path = str(tmp_path / "lu.tif"), str(tmp_path / "p.tif")
    write_raster(lu_path, lu, nodata=255)
    write_raster(p_path, prob, nodata=NODATA)
    ds = gdal.Open(p_path, gdal.GA_Update)
    for b, text in enumerate(BANDS, start=1):
        ds.GetRasterBand(b).SetDescription(text)
    ds = None
    return lu, prob, lu_path, p_path


@pytest.mark.parametrize("decay", [0.5, 2.0, 7.0])
def test_probabilities_are_weighted_by_the_exact_distance_to_each_class(tmp_path, decay):
    lu, prob, lu_path, p_path = _inputs(tmp_path)
    out = str(tmp_path / "out.tif")
    write_proximity_probabilities(p_path, lu_path, decay, out, Progress())
    ds = gdal.Open(out)
    got = np.stack([ds.GetRasterBand(b).ReadAsArray() for b in (1, 2, 3, 4)])
    assert tuple(ds.GetRasterBand(b).GetDescription() for b in (1, 2, 3, 4)) == BANDS
    outside = prob[0] == NODATA
    for b, code in ((0, 1), (1, 2), (2, 4)):
        d = ndimage.distance_transform_edt(lu != code)     # 0 in the class's own cells
        expected = (prob[b] * np.exp(-d / decay)).astype(np.float32)
        np.testing.assert_allclose(got[b][~outside], expected[~outside], rtol=1e-6, atol=0)
        assert (got[b][outside] == NODATA).all()
    # class 3 is not on the map: no patch to be near, its P is kept as it is
    assert np.array_equal(got[3], prob[3])


def test_a_decay_of_zero_is_refused_with_the_parameter_named(tmp_path):
    _lu, _prob, lu_path, p_path = _inputs(tmp_path)
    with pytest.raises(LandCarbonError, match="PROXIMITY_DECAY"):
        write_proximity_probabilities(p_path, lu_path, 0.0, str(tmp_path / "o.tif"), Progress())


def test_the_calibration_searches_the_decay_from_off():
    dims = {d.name: d for d in calibration.SEARCH}
    values = [v["PROXIMITY_DECAY"] for v in dims["PROXIMITY_DECAY"].values]
    assert values[0] == 0.0 and len(values) >= 3
