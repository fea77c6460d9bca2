"""Opening vector layers: the one OGR opener of the core.

Every step that reads a vector layer (drivers: distance to roads or rivers;
zones of carbon totals; polygons of a LISA analysis) opens it here, so each
accepts the same sources: a file OGR reads (GeoPackage, Shapefile, GeoJSON
...) optionally followed by QGIS's suffixes ``|layername=NAME``,
``|layerid=N`` and ``|subset=SQL WHERE clause`` (what QGIS hands over for a
layer of a GeoPackage or a filtered layer).
"""

from osgeo import ogr

from .errors import LandCarbonError

ogr.UseExceptions()

POLYGON_TYPES = (ogr.wkbPolygon, ogr.wkbMultiPolygon, ogr.wkbCurvePolygon,
                 ogr.wkbMultiSurface, ogr.wkbSurface)


def parse_ogr_source(source):
    """'file.gpkg|layername=roads|subset=type=1' -> (path, {'layername': ...})."""
    parts = str(source).split("|")
    options = {}
    for part in parts[1:]:
        if "=" in part:
            key, value = part.split("=", 1)
            options[key.strip().lower()] = value
    return parts[0], options


def open_vector(source, label, layer_name=None):
    """(dataset, layer) of an OGR source with QGIS suffixes; ``layer_name``
    (if given) wins over a ``|layername=`` suffix. Keep the dataset alive
    while the layer is used."""
    path, options = parse_ogr_source(source)
    if layer_name:
        options["layername"] = layer_name
    try:
        ds = ogr.Open(path)
    except RuntimeError as exc:
        raise LandCarbonError("%s could not be opened as a vector layer (%s). Give a file "
                              "OGR can read (GeoPackage, Shapefile, GeoJSON ...)."
                              % (label, str(exc).strip())) from None
    if ds is None or ds.GetLayerCount() == 0:
        raise LandCarbonError("%s holds no vector layer. Give a file OGR can read "
                              "(GeoPackage, Shapefile, GeoJSON ...)." % label)
    if "layername" in options:
        layer = ds.GetLayerByName(options["layername"])
    else:
        layer = ds.GetLayer(int(options.get("layerid", 0)))
    if layer is None:
        raise LandCarbonError("%s: the layer %s does not exist in %s." % (
            label, options.get("layername", options.get("layerid", 0)), path))
    if options.get("subset"):
        try:
            layer.SetAttributeFilter(options["subset"])
        except RuntimeError as exc:
            raise LandCarbonError("%s: its filter '%s' is not valid (%s)."
                                  % (label, options["subset"], str(exc).strip())) from None
    return ds, layer


def is_polygon_layer(layer):
    """True when the layer declares polygons (or an unknown geometry type,
    which each feature then has to prove)."""
    return ogr.GT_Flatten(layer.GetGeomType()) in POLYGON_TYPES + (ogr.wkbUnknown,)


def geometry_type_name(layer):
    return ogr.GeometryTypeToName(layer.GetGeomType())
