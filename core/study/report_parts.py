"""The building blocks of the study report's HTML (docs/study.md,
"Report"): the page style, tables, PNG figures embedded as data URIs, maps
read small, and the fonts charts are drawn with. The sections are in
core/study/report.py and report_comparison.py.
"""

import base64
import html

import numpy as np
from osgeo import gdal

from ..common.charts import save_png
from ..common.tables import format_value

MAP_PIXELS = 480
# Fonts with Chinese glyphs, tried in this order (Windows, macOS, Linux); the
# charts fall back to DejaVu Sans (matplotlib's own) for the rest.
CJK_FONTS = ("Microsoft YaHei", "SimHei", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC",
             "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei")


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------

def chart_fonts():
    """The CJK fonts installed here (matplotlib's font list), best first."""
    from matplotlib import font_manager
    names = {f.name for f in font_manager.fontManager.ttflist}
    return [n for n in CJK_FONTS if n in names]


def png(fig):
    """``fig`` as base64 PNG for a data URI."""
    return base64.b64encode(save_png(fig, bbox_inches="tight")).decode("ascii")


def img(data, alt):
    return '<img alt="%s" src="data:image/png;base64,%s"/>' % (html.escape(alt), data)


def read_small(path):
    """A raster band read at most MAP_PIXELS wide (nearest neighbour), with
    its nodata as NaN (float) or a mask."""
    ds = gdal.Open(path)
    band = ds.GetRasterBand(1)
    scale = max(ds.RasterXSize, ds.RasterYSize) / float(MAP_PIXELS)
    bx = max(1, int(ds.RasterXSize / max(scale, 1.0)))
    by = max(1, int(ds.RasterYSize / max(scale, 1.0)))
    arr = band.ReadAsArray(buf_xsize=bx, buf_ysize=by,
                           resample_alg=gdal.GRIORA_NearestNeighbour)
    nodata = band.GetNoDataValue()
    mask = np.zeros(arr.shape, bool) if nodata is None else arr == np.asarray(nodata, arr.dtype)
    if arr.dtype.kind == "f":
        mask |= ~np.isfinite(arr)
    return arr, mask


def category_map(ax, path, colours, names):
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch
    arr, mask = read_small(path)
    present = [v for v in sorted(colours) if (arr[~mask] == v).any()]
    index = np.full(arr.shape, np.nan)
    for i, v in enumerate(present):
        index[(arr == v) & ~mask] = i
    cmap = ListedColormap([colours[v] for v in present] or ["#ffffff"])
    ax.imshow(index, cmap=cmap, vmin=-0.5, vmax=max(len(present), 1) - 0.5,
              interpolation="nearest")
    ax.legend(handles=[Patch(color=colours[v], label=names[v]) for v in present],
              fontsize=6, loc="lower left", framealpha=0.8)


STYLE = """
body { font-family: "Segoe UI", "Noto Sans", "Microsoft YaHei", sans-serif; margin: 2em auto;
       max-width: 1200px; color: #222; }
h1 { border-bottom: 3px solid #2e7d32; padding-bottom: .3em; }
h2 { color: #2e7d32; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: .5em 0 1.5em 0; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
th { background: #f0f5f0; } td.l, th.l { text-align: left; }
.key { display: inline-block; margin: 0 1.5em 1em 0; padding: .6em 1em; background: #f0f5f0;
       border-radius: 6px; } .key b { font-size: 1.4em; display: block; }
.failed { color: #b71c1c; } img { max-width: 100%; }
"""


def table(header, rows, left=1):
    head = "".join('<th class="l">%s</th>' % html.escape(str(h)) if i < left
                   else "<th>%s</th>" % html.escape(str(h)) for i, h in enumerate(header))
    body = "".join(
        "<tr>%s</tr>" % "".join(
            '<td class="l">%s</td>' % html.escape(fmt(v)) if i < left
            else "<td>%s</td>" % html.escape(fmt(v)) for i, v in enumerate(row))
        for row in rows)
    return "<table><tr>%s</tr>%s</table>" % (head, body)


def fmt(value):
    if isinstance(value, float):
        return "%.4g" % value if abs(value) < 1e5 else "{:,.0f}".format(value)
    return format_value(value)


