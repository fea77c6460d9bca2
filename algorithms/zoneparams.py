"""The zone parameters shared by carbonstock and carbonvalue: a polygon layer
with a name field, or a zone raster (core.carbon.zones does the work)."""

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterRasterLayer,
)

from ..core.carbon import ZoneSource
from ..core.common.errors import LandCarbonError

ZONES = "ZONES"
ZONE_FIELD = "ZONE_FIELD"
ZONES_RASTER = "ZONES_RASTER"

# Formats GDAL/OGR reads directly; other layers (memory, PostGIS, selections,
# filtered layers) are first written to a temporary GeoPackage by QGIS.
OGR_FORMATS = ["gpkg", "shp", "geojson", "fgb", "sqlite", "gml", "kml", "tab"]


class ZoneParameters:
    """Declares the zone parameters on an algorithm and resolves them into
    the core's ZoneSource."""

    def __init__(self, algorithm):
        self.alg = algorithm

    def add_parameters(self):
        alg = self.alg
        alg.add(QgsProcessingParameterFeatureSource(
            ZONES, alg.tr("Zones: polygon layer"), [QgsProcessing.TypeVectorPolygon],
            optional=True),
            alg.tr("Optional regions (e.g. counties) for totals per zone. A cell belongs to the "
                   "polygon that contains its centre; where polygons overlap the last feature "
                   "wins; features with the same name form one zone. Reprojected to the map's "
                   "CRS if needed."))
        alg.add(QgsProcessingParameterField(
            ZONE_FIELD, alg.tr("Zone name field"), parentLayerParameterName=ZONES,
            type=QgsProcessingParameterField.Any, optional=True),
            alg.tr("Field that names the zones; empty: zones are named by feature id."))
        alg.add(QgsProcessingParameterRasterLayer(
            ZONES_RASTER, alg.tr("Or: zone raster"), optional=True),
            alg.tr("Instead of polygons: an integer raster of zone codes on the same grid as "
                   "the map (nodata = no zone)."))

    def resolve(self, parameters, context, feedback):
        """None when no zones were given, else the core's ZoneSource."""
        alg = self.alg
        has_vector = parameters.get(ZONES) not in (None, "")
        zone_raster = alg.raster_source(parameters, ZONES_RASTER, context, required=False)
        if has_vector and zone_raster:
            raise LandCarbonError("Give the zones either as a polygon layer (ZONES) or as a zone "
                                  "raster (ZONES_RASTER), not both.")
        if zone_raster:
            return ZoneSource(raster=zone_raster[1], label="ZONES_RASTER %s" % zone_raster[0])
        if not has_vector:
            return None
        source = alg.parameterAsSource(parameters, ZONES, context)
        label = "ZONES layer '%s'" % source.sourceName() if source is not None else None
        path, layer = alg.parameterAsCompatibleSourceLayerPathAndLayerName(
            parameters, ZONES, context, OGR_FORMATS, "gpkg", feedback)
        return ZoneSource(vector=path, layer=layer or None, label=label,
                          field=alg.parameterAsString(parameters, ZONE_FIELD, context) or None)
