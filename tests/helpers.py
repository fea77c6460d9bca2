"""Small helpers for tests: writing rasters from arrays, reading them back."""

import os

import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()

UTM48N = 32648


def write_raster(path, array, nodata=None,
                 geotransform=(500000.0, 30.0, 0.0, 1000000.0, 0.0, -30.0),
                 epsg=UTM48N, gdal_type=None, signed_byte=False, wkt=None):
    """Write a 2-D (or 3-D: bands first) array as a GeoTIFF."""
    array = np.asarray(array)
    if array.ndim == 2:
        array = array[None]
    types = {np.dtype(np.uint8): gdal.GDT_Byte, np.dtype(np.int8): gdal.GDT_Byte,
             np.dtype(np.uint16): gdal.GDT_UInt16, np.dtype(np.int16): gdal.GDT_Int16,
             np.dtype(np.int32): gdal.GDT_Int32, np.dtype(np.uint32): gdal.GDT_UInt32,
             np.dtype(np.float32): gdal.GDT_Float32, np.dtype(np.float64): gdal.GDT_Float64}
    gdal_type = gdal_type or types[array.dtype]
    options = ["PIXELTYPE=SIGNEDBYTE"] if (signed_byte or array.dtype == np.int8) else []
    ds = gdal.GetDriverByName("GTiff").Create(str(path), array.shape[2], array.shape[1],
                                              array.shape[0], gdal_type, options)
    ds.SetGeoTransform(geotransform)
    if wkt is not None:
        ds.SetProjection(wkt)
    elif epsg:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
        ds.SetProjection(srs.ExportToWkt())
    for i, band_array in enumerate(array):
        band = ds.GetRasterBand(i + 1)
        if nodata is not None:
            band.SetNoDataValue(float(nodata))
        data = band_array.view(np.uint8) if band_array.dtype == np.int8 else band_array
        band.WriteArray(data)
    ds = None
    return str(path)


def read_raster(path, band=1):
    ds = gdal.Open(str(path))
    return ds.GetRasterBand(band).ReadAsArray()


def listdir(folder):
    """Files in a folder, hidden temporary files included."""
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def read_csv(path):
    import csv
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


QGIS_PROCESS = "/usr/bin/qgis_process.bin"


class IsolatedQgisProcess:
    """qgis_process.bin with a throw-away profile in which LandCarbon (the
    checkout under test, linked as 'landcarbon') is enabled.

    Debian's /usr/bin/qgis_process wrapper is broken on 3.22 (QGIS issue
    57683), so the binary is called directly. ``locale`` sets the profile's
    QGIS locale (e.g. 'zh_CN')."""

    def __init__(self, folder, root, locale=None):
        import os
        self.profile, self.plugins = folder / "profile", folder / "plugins"
        ini = self.profile / "profiles" / "default" / "QGIS" / "QGIS3.ini"
        ini.parent.mkdir(parents=True)
        if locale:
            ini.write_text("[locale]\noverrideFlag=true\nuserLocale=%s\n" % locale)
        self.plugins.mkdir()
        os.symlink(root, self.plugins / "landcarbon")
        enable = self(["plugins", "enable", "landcarbon"])
        assert enable.returncode == 0, enable.stdout + enable.stderr

    def __call__(self, args):
        import os
        import subprocess
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                   QGIS_CUSTOM_CONFIG_PATH=str(self.profile), QGIS_PLUGINPATH=str(self.plugins),
                   XDG_RUNTIME_DIR=str(self.profile))
        return subprocess.run([QGIS_PROCESS] + list(args), capture_output=True, text=True,
                              timeout=600, env=env)


def report_in_chinese(result, folder):
    """The text of the study's report for ``result`` written with the zh_CN
    translation (needs QGIS: use with the landcarbon_provider fixture)."""
    from landcarbon.algorithms.base import tr
    from landcarbon.core import study
    from landcarbon.i18n import install_translator, remove_translator
    assert install_translator("zh_CN")
    try:
        path = os.path.join(str(folder), "report_zh.html")
        study.write_report(path, result, tr)
    finally:
        remove_translator()
    with open(path, encoding="utf-8") as fh:
        return fh.read()

