"""landcarbon:lisa - carbon hot spots: global Moran's I and LISA clusters
(docs/hotspots.md)."""

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBand,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterVectorDestination,
)

from ..core.hotspots import LisaSettings, PolygonSource, run_lisa
from ..core.hotspots.aggregate import STATISTICS
from ..core.hotspots.weights import CONTIGUITY
from .base import LandCarbonAlgorithm


class LisaAlgorithm(LandCarbonAlgorithm):
    INPUT = "INPUT"
    BAND = "BAND"
    CELL_SIZE = "CELL_SIZE"
    STATISTIC = "STATISTIC"
    MIN_VALID_SHARE = "MIN_VALID_SHARE"
    GRID = "GRID"
    FIELD = "FIELD"
    CONTIGUITY = "CONTIGUITY"
    PERMUTATIONS = "PERMUTATIONS"
    ALPHA = "ALPHA"
    SEED = "SEED"
    OUTPUT_CLUSTERS = "OUTPUT_CLUSTERS"
    OUTPUT_GRID = "OUTPUT_GRID"
    OUTPUT_GLOBAL = "OUTPUT_GLOBAL"
    OUTPUT_PLOT = "OUTPUT_PLOT"
    MORAN_I = "MORAN_I"
    MORAN_P = "MORAN_P"

    GROUP_ID = "spatialstatistics"

    def name(self):
        return "lisa"

    def displayName(self):  # noqa: N802
        return self.tr("Carbon hot spots (Moran's I / LISA)")

    def description(self):
        return self.tr(
            "<p>Where carbon clusters: global Moran's I of a raster (e.g. carbon stock, "
            "Mg C/ha) and local Moran's I (LISA, Anselin 1995) with High-High / Low-Low "
            "clusters and High-Low / Low-High outliers; numbers as PySAL's esda 2.9 and "
            "GeoDa, without needing PySAL.</p>"
            "<p>The raster is first aggregated to square analysis cells of CELL_SIZE map "
            "units (the mean of the valid pixels, in the raster's unit, or their sum, e.g. "
            "Mg per analysis cell from a Mg-per-pixel raster); each pixel counts for the "
            "cell that holds its centre, and a cell needs MIN_VALID_SHARE of valid pixels. "
            "Or give a polygon layer (GRID) and a numeric FIELD instead.</p>"
            "<p>Weights: queen (shared edge or corner) or rook (shared edge) contiguity "
            "between units that hold a value, row-standardised. Units without any "
            "neighbour (islands) are reported and left out of the analysis (not in n, the "
            "mean or the variance; esda would keep them with an empty row, which only "
            "differs when islands exist); they get cluster code 5.</p>"
            "<p>Global test: I, E[I] = -1/(n-1), variance, z and two-sided p under "
            "normality and under randomisation (Cliff &amp; Ord), and the permutation p "
            "= (min(G, P-G) + 1) / (P + 1). Local test: conditional permutations (each "
            "unit's value held fixed, its neighbours drawn from the other values), pseudo p "
            "as above, significant when p &lt; ALPHA (strictly, as esda). Cluster codes: 0 "
            "not significant, 1 High-High, 2 Low-High, 3 Low-Low, 4 High-Low, 5 no "
            "neighbours. A unit whose value equals the mean exactly (I_i = 0) gets p = 1 "
            "(esda reports 1/(P+1)). MORAN_P is the permutation p (PERMUTATIONS &gt; 0) or "
            "the p under randomisation.</p>")

    def failure_help(self):
        return self.tr(
            "<ul><li>'smaller than the cells of' / 'only N analysis cell(s)': CELL_SIZE must "
            "be at least the pixel size and small enough for 3 or more cells (dozens or "
            "more make sense).</li><li>'looks like a size in metres': the raster is in "
            "degrees; give CELL_SIZE in degrees or reproject the raster to a metric CRS."
            "</li><li>'the variance is 0': every analysis cell has the same value; check "
            "the band, its nodata, or use a smaller CELL_SIZE.</li><li>'not numeric': "
            "choose a numeric FIELD (or convert it in the Field Calculator).</li><li>Give "
            "either INPUT or GRID, not both.</li><li>Many islands: use queen contiguity or a "
            "larger CELL_SIZE.</li></ul>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add(QgsProcessingParameterRasterLayer(
            self.INPUT, self.tr("Raster (e.g. carbon stock)"), optional=True),
            self.tr("Raster to analyse, e.g. the carbon stock of landcarbon:carbon (Mg C/ha). "
                    "Leave empty when using GRID and FIELD."))
        self.add(QgsProcessingParameterBand(
            self.BAND, self.tr("Band"), 1, self.INPUT, optional=True),
            self.tr("Band of the raster (default 1)."))
        self.add(QgsProcessingParameterNumber(
            self.CELL_SIZE, self.tr("Analysis cell size (map units)"),
            QgsProcessingParameterNumber.Double, defaultValue=1000.0),
            self.tr("Side of the square analysis cells in the raster's map units, e.g. 1000 "
                    "(1 km) in a metric CRS; at least the pixel size. In a geographic CRS "
                    "give degrees (1 km is about 0.009 degrees) or better reproject first."))
        self.add(QgsProcessingParameterEnum(
            self.STATISTIC, self.tr("Statistic per analysis cell"), options=list(STATISTICS),
            defaultValue=0),
            self.tr("mean of the valid pixels (same unit as the raster, e.g. Mg C/ha) or sum "
                    "(e.g. Mg per analysis cell from a raster of Mg per pixel)."))
        self.add(QgsProcessingParameterNumber(
            self.MIN_VALID_SHARE, self.tr("Minimum share of valid pixels per cell"),
            QgsProcessingParameterNumber.Double, defaultValue=0.5),
            self.tr("An analysis cell enters the analysis when at least this share (0-1] of "
                    "its pixels hold data; pixels outside the raster count as missing."),
            advanced=True)
        self.add(QgsProcessingParameterFeatureSource(
            self.GRID, self.tr("Or: polygon layer"), [QgsProcessing.TypeVectorPolygon],
            optional=True),
            self.tr("Instead of a raster: polygons (e.g. a grid made with Create Grid, or "
                    "counties) with a numeric FIELD. Neighbours share a boundary; it must be "
                    "topologically clean (shared edges coincide)."))
        self.add(QgsProcessingParameterField(
            self.FIELD, self.tr("Numeric field of the polygons"),
            parentLayerParameterName=self.GRID, type=QgsProcessingParameterField.Any,
            optional=True),
            self.tr("Field to analyse (integer or real); features with an empty value are "
                    "left out."))
        self.add(QgsProcessingParameterEnum(
            self.CONTIGUITY, self.tr("Contiguity"), options=list(CONTIGUITY), defaultValue=0),
            self.tr("queen: neighbours share an edge or a corner (8 around a cell); rook: "
                    "they share an edge (4 around a cell). Weights are row-standardised."))
        self.add(QgsProcessingParameterNumber(
            self.PERMUTATIONS, self.tr("Permutations"), QgsProcessingParameterNumber.Integer,
            defaultValue=999),
            self.tr("Random permutations for the pseudo p values (global and local), e.g. 999 "
                    "(smallest p 0.001) or 9999. 0 = no permutation test: no local "
                    "significance, every cluster code 0."))
        self.add(QgsProcessingParameterNumber(
            self.ALPHA, self.tr("Significance level"), QgsProcessingParameterNumber.Double,
            defaultValue=0.05),
            self.tr("A unit is a significant cluster or outlier when its pseudo p < ALPHA "
                    "(strictly less, as PySAL esda)."))
        self.add(QgsProcessingParameterNumber(
            self.SEED, self.tr("Random seed"), QgsProcessingParameterNumber.Integer,
            defaultValue=1),
            self.tr("Seed of the permutations; the same seed gives the same outputs."),
            advanced=True)
        self.add(QgsProcessingParameterRasterDestination(
            self.OUTPUT_CLUSTERS, self.tr("LISA clusters (analysis cells)"), optional=True),
            self.tr("Byte raster on the analysis grid: 0 not significant, 1 High-High (red), "
                    "2 Low-High (light blue), 3 Low-Low (blue), 4 High-Low (light red), 5 no "
                    "neighbours, 255 left out; colour table, names and .qml. Raster input "
                    "only."))
        grid_output = QgsProcessingParameterVectorDestination(
            self.OUTPUT_GRID, self.tr("LISA results per unit (GeoPackage)"),
            QgsProcessing.TypeVectorPolygon, optional=True)
        grid_output.setSupportsNonFileBasedOutput(False)   # written with OGR by the core
        self.add(grid_output,
            self.tr("GeoPackage (.gpkg) layer 'lisa', one polygon per analysis cell (or input "
                    "polygon): row, col, valid_share (0-1) or source_fid; value (mean or sum, "
                    "input unit); neighbours (count); z_score ((value - mean) / sd); lag_z "
                    "(mean z of the neighbours); local_i; pseudo_p; quadrant (1 HH, 2 LH, 3 "
                    "LL, 4 HL); cluster (code as the raster) and label. Styled by cluster."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_GLOBAL, self.tr("Global Moran's I (CSV)"), "CSV files (*.csv)",
            optional=True),
            self.tr("CSV statistic,value,description: units analysed and islands, I, E[I], "
                    "variance, z and p under normality and randomisation, permutations and "
                    "permutation p, seed, alpha, number of units per cluster type."))
        self.add(QgsProcessingParameterFileDestination(
            self.OUTPUT_PLOT, self.tr("Moran scatter plot (PNG)"), "PNG files (*.png)",
            optional=True),
            self.tr("PNG: z-score of each unit against the mean z-score of its neighbours, "
                    "coloured by cluster; the line's slope is Moran's I."))
        self.addOutput(QgsProcessingOutputNumber(self.MORAN_I, self.tr("Global Moran's I")))
        self.addOutput(QgsProcessingOutputNumber(
            self.MORAN_P, self.tr("p value of Moran's I (permutation, else randomisation)")))

    def process(self, parameters, context, feedback, progress):
        raster = self.raster_source(parameters, self.INPUT, context, required=False)
        grid_path = grid_layer = grid_label = None
        if parameters.get(self.GRID) not in (None, ""):
            grid_path, grid_layer = self.parameterAsCompatibleSourceLayerPathAndLayerName(
                parameters, self.GRID, context, ["gpkg", "shp", "geojson", "fgb", "sqlite"],
                "gpkg", feedback)
            source = self.parameterAsSource(parameters, self.GRID, context)
            grid_label = source.sourceName() if source is not None else grid_path
        outputs = {name: self.output_or_none(parameters, name, context)
                   for name in (self.OUTPUT_CLUSTERS, self.OUTPUT_GRID, self.OUTPUT_GLOBAL,
                                self.OUTPUT_PLOT)}
        settings = LisaSettings(
            cell_size=self.parameterAsDouble(parameters, self.CELL_SIZE, context),
            statistic=STATISTICS[self.parameterAsEnum(parameters, self.STATISTIC, context)],
            min_share=self.parameterAsDouble(parameters, self.MIN_VALID_SHARE, context),
            contiguity=CONTIGUITY[self.parameterAsEnum(parameters, self.CONTIGUITY, context)],
            permutations=self.parameterAsInt(parameters, self.PERMUTATIONS, context),
            alpha=self.parameterAsDouble(parameters, self.ALPHA, context),
            seed=self.parameterAsInt(parameters, self.SEED, context))
        polygons = None
        if grid_path:
            polygons = PolygonSource(
                grid_path, grid_layer,
                self.parameterAsString(parameters, self.FIELD, context) or None)
        result = run_lisa(
            raster=raster[1] if raster else None,
            band=self.parameterAsInt(parameters, self.BAND, context) or 1, polygons=polygons,
            settings=settings, output_clusters=outputs[self.OUTPUT_CLUSTERS],
            output_grid=outputs[self.OUTPUT_GRID], output_global=outputs[self.OUTPUT_GLOBAL],
            output_plot=outputs[self.OUTPUT_PLOT],
            labels={"INPUT": raster[0] if raster else None, "GRID": grid_label},
            progress=progress)
        keys = {"clusters": self.OUTPUT_CLUSTERS, "grid": self.OUTPUT_GRID,
                "global": self.OUTPUT_GLOBAL, "plot": self.OUTPUT_PLOT}
        results = {keys[k]: path for k, path in result.written.items()}
        results[self.MORAN_I] = result.global_moran.I
        if result.moran_p is not None:
            results[self.MORAN_P] = result.moran_p
        return results
