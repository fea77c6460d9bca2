"""landcarbon:lisa - carbon hot spots: global Moran's I and LISA clusters
(docs/hotspots.md)."""

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBand,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
)

from ..core.hotspots import LISA_INPUTS, LISA_OUTPUTS, LisaSettings, PolygonSource, run_lisa
from .base import LandCarbonAlgorithm


class LisaAlgorithm(LandCarbonAlgorithm):
    """The parameters are the core's spec (core/hotspots/settings.py), but for
    the band of the raster and the polygon layer with its field."""

    BAND = "BAND"
    GRID = "GRID"
    FIELD = "FIELD"
    MORAN_I = "MORAN_I"
    MORAN_P = "MORAN_P"
    SPECS = (LISA_INPUTS, LisaSettings, LISA_OUTPUTS)

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
        self.add_spec(LISA_INPUTS)
        self.add(QgsProcessingParameterBand(
            self.BAND, self.tr("Band"), 1, "INPUT", optional=True),
            self.tr("Band of the raster (default 1)."))
        self.add_spec(LisaSettings, only=("cell_size", "statistic", "min_share"))
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
        self.add_spec(LisaSettings, skip=("cell_size", "statistic", "min_share"))
        self.add_spec(LISA_OUTPUTS)
        self.addOutput(QgsProcessingOutputNumber(self.MORAN_I, self.tr("Global Moran's I")))
        self.addOutput(QgsProcessingOutputNumber(
            self.MORAN_P, self.tr("p value of Moran's I (permutation, else randomisation)")))

    def _polygons(self, parameters, context, feedback):
        """(PolygonSource, label) of the GRID layer and its FIELD, or (None, None)."""
        if parameters.get(self.GRID) in (None, ""):
            return None, None
        path, layer = self.parameterAsCompatibleSourceLayerPathAndLayerName(
            parameters, self.GRID, context, ["gpkg", "shp", "geojson", "fgb", "sqlite"],
            "gpkg", feedback)
        source = self.parameterAsSource(parameters, self.GRID, context)
        field = self.parameterAsString(parameters, self.FIELD, context) or None
        return (PolygonSource(path, layer, field),
                source.sourceName() if source is not None else path)

    def process(self, parameters, context, feedback, progress):
        raster = self.read_spec(parameters, context, LISA_INPUTS)["INPUT"]
        polygons, grid_label = self._polygons(parameters, context, feedback)
        settings = LisaSettings(**self.read_spec(parameters, context, LisaSettings))
        outputs = self.read_spec(parameters, context, LISA_OUTPUTS)
        result = run_lisa(
            raster=raster[1] if raster else None,
            band=self.parameterAsInt(parameters, self.BAND, context) or 1, polygons=polygons,
            settings=settings, output_clusters=outputs["OUTPUT_CLUSTERS"],
            output_grid=outputs["OUTPUT_GRID"], output_global=outputs["OUTPUT_GLOBAL"],
            output_plot=outputs["OUTPUT_PLOT"],
            labels={"INPUT": raster[0] if raster else None, "GRID": grid_label},
            progress=progress)
        keys = {"clusters": "OUTPUT_CLUSTERS", "grid": "OUTPUT_GRID",
                "global": "OUTPUT_GLOBAL", "plot": "OUTPUT_PLOT"}
        results = {keys[k]: path for k, path in result.written.items()}
        results[self.MORAN_I] = result.global_moran.I
        if result.moran_p is not None:
            results[self.MORAN_P] = result.moran_p
        return results
