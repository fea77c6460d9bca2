"""The multi-date real data sets of ../shared/data used by the benchmarks and
proofs (see ../shared/data/README.md and each PROVENANCE.md), with their
traps handled: bencat's slope declares 0 as nodata (read from the file);
cedar_creek's 2021 map is shifted by less than a metre (the grid-aligned
copy is used); envigado's driver cubes were one column wider (the cropped
copies of derived_drivers_aligned are used, and of those only the distance
bands: the "Bin_" presence layers are 1-or-nodata, constant after
normalisation). Folds are (calibration start, calibration end = simulation
start, evaluation year).
"""

import glob
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.abspath(os.path.join(HERE, "..", "..", "shared", "data"))


def _path(*parts):
    return os.path.join(DATA, *parts)


def _envigado_drivers():
    return sorted(glob.glob(_path("envigado_mapbiomas", "derived_drivers_aligned",
                                  "Dataset_*1_b*.tif")))


DATASETS = {
    "bencat_glad": {
        "maps": {y: _path("bencat_glad", "landcover", "BENCAT_LC_%d_UTM.tif" % y)
                 for y in (2000, 2010, 2020)},
        "drivers": lambda: [_path("bencat_glad", "drivers", f) for f in (
            "BEN_CAT_DEM_2016_UTM.tif", "BEN_CAT_SLOPE_2016_UTM.tif",
            "BEN_CAT_HILLSHADE_2016_UTM.tif", "BEN_CAT_POP_2015_UTM_1.tif",
            "BEN_CAT_RIVER_2015_UTM_2.tif")],
        "folds": [(2000, 2010, 2020)],
    },
    "cedar_creek_nlcd": {
        "maps": {2006: _path("cedar_creek_nlcd", "nlcd_2006.tif"),
                 2011: _path("cedar_creek_nlcd", "nlcd_2011.tif"),
                 2016: _path("cedar_creek_nlcd", "nlcd_2016.tif"),
                 2021: _path("cedar_creek_nlcd", "nlcd_2021_grid_aligned.tif")},
        "drivers": lambda: [_path("cedar_creek_nlcd", "derived", f) for f in (
            "elev_30m_on_nlcd_grid.tif", "slope_deg_30m_on_nlcd_grid.tif")],
        "folds": [(2006, 2011, 2016), (2011, 2016, 2021)],
    },
    "envigado_mapbiomas": {
        "maps": {y: _path("envigado_mapbiomas", "forest_nonforest_%d.tif" % y)
                 for y in (2014, 2019, 2023)},
        "drivers": _envigado_drivers,
        "folds": [(2014, 2019, 2023)],
    },
    "lulcc_pie": {
        "maps": {y: _path("lulcc_pie", "lu_pie_%d.tif" % y) for y in (1985, 1991, 1999)},
        "drivers": lambda: [_path("lulcc_pie", "ef_00%d.tif" % i) for i in (1, 2, 3)],
        "folds": [(1985, 1991, 1999)],
    },
}
def available(name):
    """True if every map of data set ``name`` is in ../shared/data (it may not
    be redistributed, so it is not everywhere)."""
    return all(os.path.exists(p) for p in DATASETS[name]["maps"].values())


SKIPPED = {"molusce_example": "two undated maps (init, final): no t1 -> t2 interval to "
                              "evaluate on"}
