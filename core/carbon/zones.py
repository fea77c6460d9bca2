"""Regions for zonal totals: a zone raster or a polygon layer, turned into a
zone index per cell of the land-use grid, strip by strip.

Used by carbonstock (stock and change per region) and carbonvalue (value per
region), the 'zonal statistics' step analysts otherwise do in ArcGIS.

- Zone raster: integer codes on the same grid as the land-use map; nodata
  cells belong to no zone. Zones are named 'zone <code>'.
- Polygon layer: a cell belongs to a polygon when the cell CENTRE lies inside
  it (GDAL's default rasterisation rule, no 'all touched'); a cell inside
  several overlapping polygons goes to the one drawn last (the last feature
  of the layer). Features with the same value in the name field form one
  zone (e.g. the parts of a county stored as several features). Polygons in
  another CRS are reprojected to the land-use map's CRS first.

Every zone source gives, per strip, an index array with values 0..Z-1 (zone
``names[i]``) and Z for cells outside every zone; :meth:`ZoneRaster.windows`
and :meth:`ZonePolygons.windows` give the same index for any window (a Dask
chunk) from an object that can be sent to Dask workers.
"""

import threading
from dataclasses import dataclass

import numpy as np
from osgeo import gdal, ogr, osr

from ..common import blocks, raster
from ..common.errors import LandCarbonError
from ..common.landmap import ClassIndex
from ..common.vector import POLYGON_TYPES, is_polygon_layer, open_vector

gdal.UseExceptions()
ogr.UseExceptions()

# Zone indices are kept in uint16/uint32 arrays and combined with class
# indices in bincounts; more zones than this is not a set of regions.
MAX_ZONES = 65534



class ZoneRaster:
    """Zones from an integer raster on the land-use grid."""

    def __init__(self, path, grid, grid_label, progress, label="ZONES raster"):
        info = raster.open_band(path, label, 1, progress)
        if not info.is_integer:
            raise LandCarbonError(
                "%s is a %s raster; a zone raster must hold integer zone codes (one code "
                "per region). Convert it (Raster > Conversion > Translate, type Int32) or "
                "give the regions as a polygon layer." % (info.label, info.dtype.name))
        raster.check_same_grid([(grid_label, grid), (info.label, info.grid)])
        self.info = info
        self.codes = self._scan(progress)
        if not self.codes:
            raise LandCarbonError("%s holds no zone: every cell is nodata. Check the file and "
                                  "its nodata value." % info.label)
        if len(self.codes) > MAX_ZONES:
            raise LandCarbonError("%s holds %d distinct values; at most %d zones are "
                                  "supported. Is it a zone raster?"
                                  % (info.label, len(self.codes), MAX_ZONES))
        self.names = ["zone %d" % c for c in self.codes]
        self._lookup = ClassIndex(self.codes).lookup(info)
        self._reader = raster.BandReader(info)

    def _scan(self, progress):
        """Zone codes present (nodata excluded), in increasing order."""
        info = self.info
        rows = raster.strip_rows(info.grid, info.block_rows)
        parts = raster.strips(info.grid, rows)
        reader = raster.BandReader(info)
        found = set()
        try:
            for n, (y0, nrows) in enumerate(parts):
                block = reader.read(y0, nrows)
                found.update(np.unique(block).tolist())
                if progress is not None:
                    progress.set((n + 1) / len(parts))
        finally:
            reader.close()
        if info.nodata is not None:
            found.discard(int(info.nodata))
        return sorted(int(v) for v in found)

    @property
    def count(self):
        return len(self.codes)

    def read(self, y0, rows):
        return self._lookup(self._reader.read(y0, rows))

    def windows(self):
        """The zone index of any window, for Dask workers (reads the window
        of the zone raster with GDAL there)."""
        return RasterWindows(self.info, self._lookup)

    def close(self):
        self._reader.close()


class RasterWindows:
    """Zone index of a window of a zone raster (picklable)."""

    def __init__(self, info, lookup):
        self.info = info
        self.lookup = lookup

    def window(self, y0, x0, rows, cols):
        return self.lookup(blocks.read_window(self.info, blocks.Window(y0, x0, rows, cols)))


def _name_field(layer, name_field, where):
    """The index of the field that names the zones (None: no field given)."""
    if not name_field:
        return None
    defn = layer.GetLayerDefn()
    fields = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    lower = [f.lower() for f in fields]
    if name_field.lower() not in lower:
        raise LandCarbonError("%s has no field '%s'; its fields are: %s. Choose the "
                              "field that names the regions."
                              % (where, name_field, ", ".join(fields) or "none"))
    return lower.index(name_field.lower())


def _transform(layer, grid, where, progress):
    """The transformation of the layer's coordinates to the map's CRS (None:
    the same, or one of them has no CRS, warned)."""
    target = raster.spatial_ref(grid.crs_wkt)
    source = layer.GetSpatialRef()
    if source is not None:
        source = source.Clone()
        source.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    if target is not None and source is not None and not source.IsSame(target):
        return osr.CoordinateTransformation(source, target)
    if (target is None) != (source is None) and progress is not None:
        progress.warning("%s or the land-use map has no CRS; the polygons are taken to be "
                         "in the map's coordinates." % where)
    return None


class ZonePolygons:
    """Zones from a polygon layer, rasterised onto the land-use grid one strip
    at a time (cell centre inside the polygon)."""

    def __init__(self, path, grid, progress, layer_name=None, name_field=None,
                 label="ZONES layer"):
        self.grid = grid
        # name the file only when the caller did not name the layer (adapters
        # name it; their path may be a temporary copy of a memory layer)
        where = "%s (%s)" % (label, path) if label == "ZONES layer" else label
        self.label = where
        src, layer = open_vector(path, where, layer_name)
        if not is_polygon_layer(layer):
            raise LandCarbonError(
                "%s holds %s geometries; zones must be polygons (regions such as counties). "
                "Give a polygon layer or a zone raster."
                % (where, ogr.GeometryTypeToName(layer.GetGeomType())))
        field_index = _name_field(layer, name_field, where)
        transform = _transform(layer, grid, where, progress)

        # An in-memory copy in the map's CRS, with the zone number (1..Z) as
        # the value to burn; 0 stays for cells outside every polygon.
        self._windows = PolygonWindows(grid)
        names, number_of = [], {}
        skipped = 0
        features = 0
        layer.ResetReading()
        for feature in layer:
            features += 1
            geom = feature.GetGeometryRef()
            if geom is None or geom.IsEmpty():
                skipped += 1
                continue
            geom = geom.Clone()
            if ogr.GT_Flatten(geom.GetGeometryType()) not in POLYGON_TYPES:
                raise LandCarbonError(
                    "%s: feature %d is a %s, not a polygon; zones must be polygons."
                    % (where, feature.GetFID(), geom.GetGeometryName()))
            if transform is not None:
                geom.Transform(transform)
            if field_index is not None and feature.IsFieldSetAndNotNull(field_index):
                name = str(feature.GetField(field_index)).strip()
            else:
                name = ""
            name = name or "feature %d" % feature.GetFID()
            if name not in number_of:
                names.append(name)
                number_of[name] = len(names)
            self._windows.add(geom, number_of[name])
        del src, layer     # the in-memory copy holds everything from here
        if features == 0:
            raise LandCarbonError("%s is empty: it holds no feature. Give a polygon layer "
                                  "with at least one region, or leave ZONES empty."
                                  % where)
        if not names:
            raise LandCarbonError("%s holds %d feature(s) but none has a geometry. Give "
                                  "polygons." % (where, features))
        if len(names) > MAX_ZONES:
            raise LandCarbonError("%s has %d distinct zones; at most %d are supported."
                                  % (where, len(names), MAX_ZONES))
        if skipped and progress is not None:
            progress.warning("%s: %d feature(s) without geometry were ignored." % (where, skipped))
        self.names = names
        self.codes = list(range(1, len(names) + 1))
        self._windows.count = len(names)

    @property
    def count(self):
        return len(self.names)

    def read(self, y0, rows):
        """Zone index of each cell of rows y0..y0+rows-1 (Z = outside)."""
        return self._windows.window(y0, 0, rows, self.grid.xsize)

    def windows(self):
        """The zone index of any window, for Dask workers (the polygons
        travel as WKB and are rasterised there, one chunk at a time)."""
        return self._windows

    def close(self):
        self._windows.close()


class PolygonWindows:
    """The zone polygons in the map's CRS (an OGR memory layer, field 'zone'
    = 1..Z in drawing order), rasterised onto any window of the grid.

    Picklable: the features travel as WKB and the layer is rebuilt on the
    other side, so a chunk rasterised on a Dask worker equals the same cells
    rasterised here."""

    def __init__(self, grid, count=0):
        self.grid = grid
        self.count = count                 # Z, set once every feature is added
        self._lock = threading.Lock()      # the spatial filter belongs to the layer
        self._mem_ds = ogr.GetDriverByName("Memory").CreateDataSource("zones")
        self._layer = self._mem_ds.CreateLayer("zones", raster.spatial_ref(grid.crs_wkt),
                                               ogr.wkbMultiPolygon)
        self._layer.CreateField(ogr.FieldDefn("zone", ogr.OFTInteger))

    def add(self, geom, zone_number):
        out = ogr.Feature(self._layer.GetLayerDefn())
        out.SetGeometry(geom)
        out.SetField("zone", zone_number)
        self._layer.CreateFeature(out)

    def __getstate__(self):
        self._layer.ResetReading()
        features = [(bytes(f.GetGeometryRef().ExportToWkb()), f.GetField("zone"))
                    for f in self._layer]
        return {"grid": self.grid, "count": self.count, "features": features}

    def __setstate__(self, state):
        self.__init__(state["grid"], state["count"])
        for wkb, zone_number in state["features"]:
            self.add(ogr.CreateGeometryFromWkb(wkb), zone_number)

    def window(self, y0, x0, rows, cols):
        """Zone index of the cells of rows y0.., columns x0.. (Z = outside)."""
        gt = list(self.grid.geotransform)
        gt[0] += x0 * gt[1] + y0 * gt[2]
        gt[3] += x0 * gt[4] + y0 * gt[5]
        ds = gdal.GetDriverByName("MEM").Create("", cols, rows, 1, gdal.GDT_UInt32)
        ds.SetGeoTransform(gt)
        if self.grid.crs_wkt:
            ds.SetProjection(self.grid.crs_wkt)
        xs = [gt[0] + gt[1] * c + gt[2] * r for r in (0, rows) for c in (0, cols)]
        ys = [gt[3] + gt[4] * c + gt[5] * r for r in (0, rows) for c in (0, cols)]
        with self._lock:
            self._layer.SetSpatialFilterRect(min(xs), min(ys), max(xs), max(ys))
            gdal.RasterizeLayer(ds, [1], self._layer, options=["ATTRIBUTE=zone"])
            self._layer.SetSpatialFilter(None)
        burnt = ds.GetRasterBand(1).ReadAsArray()
        ds = None
        # 0 (outside) - 1 wraps to the uint32 maximum, which the minimum maps to Z
        return np.minimum(burnt - np.uint32(1), np.uint32(self.count))

    def close(self):
        self._layer = None
        self._mem_ds = None


@dataclass(frozen=True)
class ZoneSource:
    """Where the regions of zonal totals come from: a zone ``raster`` on the
    land-use grid, or a polygon layer ``vector`` (optionally its ``layer``
    name and the ``field`` that names the regions). ``label`` names the
    input in messages (e.g. "ZONES layer 'counties'")."""

    raster: str = None
    vector: str = None
    layer: str = None
    field: str = None
    label: str = None


def open_zones(source, grid, grid_label, progress):
    """The zone index of ``source`` (a ZoneSource, or None: no zones), a
    ZoneRaster or ZonePolygons.

    Opening checks everything (grid, type, empty layer, name field) before
    any heavy work; the polygon layer is read into memory once."""
    if source is None:
        return None
    if source.raster:
        return ZoneRaster(source.raster, grid, grid_label, progress,
                          source.label or "ZONES raster")
    if source.vector:
        return ZonePolygons(source.vector, grid, progress, source.layer, source.field,
                            source.label or "ZONES layer")
    return None


def describe(zones):
    if isinstance(zones, ZonePolygons):
        return ("%d zones from %s (a cell belongs to the polygon that contains its centre; "
                "where polygons overlap, the last feature wins)" % (zones.count, zones.label))
    return "%d zones from %s" % (zones.count, zones.info.label)


def warn_empty_zones(zones, cells_per_zone, progress):
    """Zones no cell centre falls into (outside the map, or thinner than a cell)."""
    empty = [zones.names[i] for i in range(zones.count) if cells_per_zone[i] == 0]
    if empty:
        shown = ", ".join(empty[:10]) + (" ..." if len(empty) > 10 else "")
        progress.warning("%d zone(s) cover no valid cell of the map (outside it, on nodata, "
                         "or smaller than a cell): %s. They are listed with 0." % (len(empty),
                                                                                  shown))
