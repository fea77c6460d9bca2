"""Styling outputs so they open styled in QGIS, also after a headless run.

Two mechanisms, both written with the raster: a GDAL colour table and
category names (any GIS reads them; GeoTIFF keeps palettes only for Byte and
UInt16 bands) and a QGIS style file ``<name>.qml`` beside the raster, which
QGIS loads as the layer's default style (labels and colours for any type).
No QGIS import is needed: the .qml is plain XML.
"""

import os
from xml.sax.saxutils import quoteattr

from osgeo import gdal

from .classes import to_hex

_HEADER = ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
           '<qgis version="3.22" styleCategories="AllStyleCategories">\n'
           "  <pipe>\n")
_MINMAX = ("      <rasterTransparency/>\n"
           "      <minMaxOrigin><limits>None</limits><extent>WholeRaster</extent>"
           "<statAccuracy>Estimated</statAccuracy><cumulativeCutLower>0.02</cumulativeCutLower>"
           "<cumulativeCutUpper>0.98</cumulativeCutUpper><stdDevFactor>2</stdDevFactor>"
           "</minMaxOrigin>\n")
_FOOTER = ("    <brightnesscontrast brightness=\"0\" contrast=\"0\" gamma=\"1\"/>\n"
           "    <huesaturation saturation=\"0\" grayscaleMode=\"0\" colorizeOn=\"0\" "
           "colorizeRed=\"255\" colorizeGreen=\"128\" colorizeBlue=\"128\" "
           "colorizeStrength=\"100\"/>\n"
           "    <rasterresampler maxOversampling=\"2\"/>\n"
           "  </pipe>\n  <blendMode>0</blendMode>\n</qgis>\n")


def qml_path(raster_path):
    return os.path.splitext(str(raster_path))[0] + ".qml"


def paletted_qml(entries, band=1):
    """QML of a paletted (unique values) renderer.

    ``entries``: (value, (r, g, b, a), label) per class, in legend order."""
    items = "".join(
        '        <paletteEntry value="%d" color="%s" alpha="%d" label=%s/>\n'
        % (int(value), to_hex(rgba), rgba[3] if len(rgba) > 3 else 255, quoteattr(str(label)))
        for value, rgba, label in entries)
    return (_HEADER
            + '    <rasterrenderer type="paletted" band="%d" opacity="1" alphaBand="-1" '
              'nodataColor="">\n' % band
            + _MINMAX
            + "      <colorPalette>\n" + items + "      </colorPalette>\n"
            + "    </rasterrenderer>\n" + _FOOTER)


def pseudocolor_qml(stops, band=1, unit=""):
    """QML of a single-band pseudocolour renderer interpolating between
    ``stops`` = [(value, (r, g, b, a)), ...] (values increasing)."""
    vmin, vmax = stops[0][0], stops[-1][0]
    items = "".join(
        '            <item value="%.10g" color="%s" alpha="%d" label=%s/>\n'
        % (v, to_hex(c), c[3] if len(c) > 3 else 255, quoteattr(("%.4g %s" % (v, unit)).strip()))
        for v, c in stops)
    return (_HEADER
            + '    <rasterrenderer type="singlebandpseudocolor" band="%d" opacity="1" '
              'alphaBand="-1" classificationMin="%.10g" classificationMax="%.10g" '
              'nodataColor="">\n' % (band, vmin, vmax)
            + _MINMAX
            + "      <rastershader>\n"
            + '        <colorrampshader colorRampType="INTERPOLATED" classificationMode="1" '
              'clip="0" minimumValue="%.10g" maximumValue="%.10g" labelPrecision="4">\n'
              % (vmin, vmax)
            + items
            + "        </colorrampshader>\n      </rastershader>\n"
            + "    </rasterrenderer>\n" + _FOOTER)


def write_qml(raster_path, xml):
    with open(qml_path(raster_path), "w", encoding="utf-8") as fh:
        fh.write(xml)


def style_categorical(ds, raster_path, entries, band=1):
    """Give band ``band`` of the open dataset ``ds`` (written at
    ``raster_path``) a colour table, category names and a .qml.

    ``entries``: (value, (r, g, b, a), label). Colour tables are only set on
    Byte / UInt16 bands (what GeoTIFF supports); the .qml covers the rest.
    Call it right after :func:`core.common.raster.create_raster`, before the first
    strip is written: GeoTIFF cannot take a colour table once data blocks
    have been flushed (small rasters hide this, large ones fail).
    """
    if getattr(ds, "landcarbon_data_written", False):
        raise RuntimeError("style_categorical() must be called before any strip is written")
    b = ds.GetRasterBand(band)
    values = [int(v) for v, _c, _l in entries]
    if values and min(values) >= 0:
        top = max(values)
        names = [""] * (top + 1)
        for value, _rgba, label in entries:
            names[int(value)] = str(label)
        b.SetCategoryNames(names)
        if b.DataType in (gdal.GDT_Byte, gdal.GDT_UInt16) and top < 65536:
            table = gdal.ColorTable()
            nodata = b.GetNoDataValue()
            for value, rgba, _label in entries:
                table.SetColorEntry(int(value), tuple(int(x) for x in rgba[:4]))
            if nodata is not None and 0 <= nodata <= 65535:
                table.SetColorEntry(int(nodata), (0, 0, 0, 0))
            b.SetRasterColorTable(table)
            b.SetRasterColorInterpretation(gdal.GCI_PaletteIndex)
    write_qml(raster_path, paletted_qml(entries, band))


def class_entries(codes, classes):
    """Paletted entries for land-use class codes with names from a ClassTable."""
    return [(c, classes.color(c), "%d %s" % (c, classes.name(c))) for c in sorted(codes)]


# Colour ramps (value position 0..1, colour) for continuous outputs.
RAMP_GREENS = [(0.0, (255, 255, 229, 255)), (0.5, (120, 198, 121, 255)),
               (1.0, (0, 69, 41, 255))]
RAMP_DIVERGING = [(0.0, (178, 24, 43, 255)), (0.5, (247, 247, 247, 255)),
                  (1.0, (33, 102, 172, 255))]


def ramp_stops(vmin, vmax, ramp):
    if vmax <= vmin:
        vmax = vmin + 1.0
    return [(vmin + (vmax - vmin) * t, c) for t, c in ramp]


def style_continuous(raster_path, vmin, vmax, ramp=RAMP_GREENS, unit="", band=1):
    """Write a .qml with a pseudocolour ramp from vmin to vmax."""
    write_qml(raster_path, pseudocolor_qml(ramp_stops(vmin, vmax, ramp), band, unit))
