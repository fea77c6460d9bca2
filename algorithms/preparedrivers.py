"""landcarbon:preparedrivers - driver stack on the land-use grid (docs/drivers.md)."""

import os
import uuid

from qgis.core import (
    QgsCoordinateTransformContext,
    QgsProcessingException,
    QgsProcessingUtils,
    QgsVectorFileWriter,
)

from ..core.leas import (
    PREPAREDRIVERS_INPUTS,
    PREPAREDRIVERS_OUTPUTS,
    DriverSettings,
    RasterSource,
    VectorSource,
    run_prepare_drivers,
)
from .base import LandCarbonAlgorithm


class PrepareDriversAlgorithm(LandCarbonAlgorithm):
    """The parameters are the core's spec (core/leas/settings.py)."""

    SPECS = (PREPAREDRIVERS_INPUTS, DriverSettings, PREPAREDRIVERS_OUTPUTS)
    GROUP_ID = "landusechange"

    def name(self):
        return "preparedrivers"

    def displayName(self):  # noqa: N802
        return self.tr("Prepare driver stack")

    def description(self):
        return self.tr(
            "<p>Puts every driver of land-use change on the grid of a reference land-use map "
            "(same CRS, cell size, origin and size) and writes them as ONE multi-band Float32 "
            "GeoTIFF for LEAS: band description = driver name, one nodata value "
            "(-3.4e38).</p>"
            "<ul><li>Rasters in any CRS, resolution and extent are warped with GDAL: "
            "bilinear for continuous layers (elevation, temperature, precipitation, GDP, "
            "population), nearest neighbour for categorical ones (soil type); every band of "
            "a multi-band file is a driver.</li>"
            "<li>Vector layers (roads, railways, rivers, county seats): Euclidean distance in "
            "metres from each cell centre to the nearest feature (cells a feature touches "
            "are 0). Features outside the reference map's extent are not seen.</li>"
            "<li>DEM: slope in degrees (Horn 1981; heights in metres; the edges of the map "
            "are extrapolated linearly).</li>"
            "<li>Class codes of the reference map: distance in metres to the nearest cell of "
            "each class (e.g. to built-up, to water).</li></ul>"
            "<p>Distances need a projected CRS: a reference map in degrees is refused for "
            "them (reproject it to UTM first). A driver that covers only part of the study "
            "area (the valid cells of the reference map) is filled with nodata there and the "
            "log says which share. The CSV report gives per band: name, source, method, "
            "unit, min, max, nodata cells and share of the study area.</p>")

    def failure_help(self):
        return self.tr(
            "<ul><li>'has no coordinate reference system': assign the layer's CRS (Layer "
            "Properties > Source) and save a copy, or gdal_edit -a_srs EPSG:XXXX.</li>"
            "<li>'geographic CRS ... must be in metres': reproject the land-use map to a "
            "projected CRS (Raster > Projections > Warp, nearest neighbour) and use it as "
            "REFERENCE.</li><li>'infinite cell(s)': set them to nodata first.</li>"
            "<li>'does not overlap' / 'has no data anywhere in the study area': check the "
            "layer's extent and CRS.</li><li>'No feature ... lies inside the extent': the "
            "vector layer is elsewhere or its filter selects nothing there.</li></ul>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_spec(PREPAREDRIVERS_INPUTS, skip=("CLASSES",))
        self.add_spec(DriverSettings)
        self.add_spec(PREPAREDRIVERS_INPUTS, only=("CLASSES",))
        self.add_spec(PREPAREDRIVERS_OUTPUTS)

    def _vector_sources(self, layers):
        """OGR sources of the vector layers; layers that are not files (memory,
        database) are first saved to a temporary GeoPackage."""
        sources = []
        for layer in layers:
            if layer.providerType() == "ogr":
                sources.append(VectorSource(layer.source(), layer.name()))
                continue
            path = os.path.join(QgsProcessingUtils.tempFolder(),
                                "vector_%s.gpkg" % uuid.uuid4().hex[:8])
            options = QgsVectorFileWriter.SaveVectorOptions()
            options.driverName = "GPKG"
            options.layerName = layer.name()
            error = QgsVectorFileWriter.writeAsVectorFormatV3(
                layer, path, QgsCoordinateTransformContext(), options)
            if error[0] != QgsVectorFileWriter.NoError:
                raise QgsProcessingException(self.tr(
                    "Could not read the vector layer {0} ({1}); save it as a GeoPackage and "
                    "use that file.").format(layer.name(), error[1]))
            sources.append(VectorSource("%s|layername=%s" % (path, layer.name()), layer.name()))
        return sources

    def process(self, parameters, context, feedback, progress):
        inputs = self.read_spec(parameters, context, PREPAREDRIVERS_INPUTS)
        reference, dem = inputs["REFERENCE"], inputs["DEM"]
        rasters = [RasterSource(path, label, False) for label, path in inputs["RASTERS"]]
        rasters += [RasterSource(path, label, True)
                    for label, path in inputs["CATEGORICAL_RASTERS"]]
        outputs = self.read_spec(parameters, context, PREPAREDRIVERS_OUTPUTS)
        run_prepare_drivers(
            reference[1], outputs["OUTPUT"], rasters=rasters,
            vectors=self._vector_sources(inputs["VECTORS"]),
            dem=dem[1] if dem else None,
            settings=DriverSettings(**self.read_spec(parameters, context, DriverSettings)),
            classes=inputs["CLASSES"], output_report=outputs["OUTPUT_REPORT"],
            labels={"REFERENCE": "REFERENCE (%s)" % reference[0],
                    "DEM": "DEM (%s)" % dem[0] if dem else None},
            progress=progress)
        return {k: v for k, v in outputs.items() if v}
