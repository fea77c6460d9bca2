"""landcarbon:preparedrivers - driver stack on the land-use grid (docs/drivers.md)."""

import os
import uuid

from qgis.core import (
    QgsCoordinateTransformContext,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProcessingUtils,
    QgsVectorFileWriter,
)

from ..core.common.tables import parse_number_list
from ..core.leas import RasterSource, VectorSource, run_prepare_drivers
from .base import LandCarbonAlgorithm


class PrepareDriversAlgorithm(LandCarbonAlgorithm):
    REFERENCE = "REFERENCE"
    RASTERS = "RASTERS"
    CATEGORICAL_RASTERS = "CATEGORICAL_RASTERS"
    VECTORS = "VECTORS"
    DEM = "DEM"
    DISTANCE_TO_CLASSES = "DISTANCE_TO_CLASSES"
    CLASSES = "CLASSES"
    OUTPUT = "OUTPUT"
    OUTPUT_REPORT = "OUTPUT_REPORT"

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
        self.add(QgsProcessingParameterRasterLayer(
            self.REFERENCE, self.tr("Reference land-use map (defines the grid)")),
            self.tr("The land-use raster whose grid (CRS, cell size, origin, size) the stack "
                    "gets; its valid cells are the study area for the nodata shares. Must "
                    "have a CRS."))
        self.add(QgsProcessingParameterMultipleLayers(
            self.RASTERS, self.tr("Continuous rasters (bilinear)"), QgsProcessing.TypeRaster,
            optional=True),
            self.tr("Rasters of continuous quantities in any CRS, resolution and extent "
                    "(elevation in m, temperature, precipitation, GDP, population ...); "
                    "resampled bilinearly. Each band becomes one driver named after the file."))
        self.add(QgsProcessingParameterMultipleLayers(
            self.CATEGORICAL_RASTERS, self.tr("Categorical rasters (nearest neighbour)"),
            QgsProcessing.TypeRaster, optional=True),
            self.tr("Rasters of categories (soil type, geology ...): resampled with nearest "
                    "neighbour so that codes are never averaged."))
        self.add(QgsProcessingParameterMultipleLayers(
            self.VECTORS, self.tr("Vector layers (distance in m)"),
            QgsProcessing.TypeVectorAnyGeometry, optional=True),
            self.tr("Points, lines or polygons in any CRS (roads, railways, rivers, county "
                    "seats ...). Each gives a band 'distance to <layer> (m)': Euclidean "
                    "distance in metres to the nearest feature. A layer's filter is honoured."))
        self.add(QgsProcessingParameterRasterLayer(
            self.DEM, self.tr("DEM for slope (optional)"), optional=True),
            self.tr("Digital elevation model, heights in metres, any CRS: warped bilinearly "
                    "to the grid, then slope in degrees (Horn 1981) as band 'slope "
                    "(degrees)'."))
        self.add(QgsProcessingParameterString(
            self.DISTANCE_TO_CLASSES, self.tr("Distance to classes (codes, optional)"),
            optional=True),
            self.tr("Class codes of the reference map separated by commas (e.g. 5,4 for "
                    "built-up and water): one band per code with the distance in metres to "
                    "the nearest cell of that class."))
        self.add(QgsProcessingParameterFile(
            self.CLASSES, self.tr("Class names (CSV code,name,color)"), extension="csv",
            optional=True),
            self.tr("Optional: names for the class-distance bands."))
        self.add(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("Driver stack")),
            self.tr("Multi-band Float32 GeoTIFF on the reference grid: one band per driver "
                    "(rasters, vectors, slope, class distances, in that order), band "
                    "description = driver name, nodata -3.4e38."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, self.tr("Driver report"), "CSV files (*.csv)", optional=True),
            self.tr("CSV, one row per band: band, name, source, method, unit, min, max, "
                    "nodata cells in the study area and their share (%)."))

    def _vector_sources(self, parameters, context, feedback):
        """OGR sources of the vector layers; layers that are not files (memory,
        database) are first saved to a temporary GeoPackage."""
        sources = []
        for layer in self.parameterAsLayerList(parameters, self.VECTORS, context):
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
        reference = self.raster_source(parameters, self.REFERENCE, context)
        rasters = [RasterSource(path, label, False)
                   for label, path in self.raster_sources(parameters, self.RASTERS, context)]
        rasters += [RasterSource(path, label, True) for label, path in
                    self.raster_sources(parameters, self.CATEGORICAL_RASTERS, context)]
        dem = self.raster_source(parameters, self.DEM, context, required=False)
        text = self.parameterAsString(parameters, self.DISTANCE_TO_CLASSES, context)
        codes = parse_number_list(text, "DISTANCE_TO_CLASSES", integer=True) \
            if text.strip() else []
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        report = self.output_or_none(parameters, self.OUTPUT_REPORT, context)
        run_prepare_drivers(
            reference[1], output, rasters=rasters,
            vectors=self._vector_sources(parameters, context, feedback),
            dem=dem[1] if dem else None, distance_classes=codes,
            classes=self.file_or_none(parameters, self.CLASSES, context),
            output_report=report,
            labels={"REFERENCE": "REFERENCE (%s)" % reference[0],
                    "DEM": "DEM (%s)" % dem[0] if dem else None},
            progress=progress)
        results = {self.OUTPUT: output}
        if report:
            results[self.OUTPUT_REPORT] = report
        return results
