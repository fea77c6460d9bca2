"""Charts drawn without a display: one matplotlib Figure on the Agg canvas
(no pyplot state, safe in QGIS threads) and its PNG as a file or as bytes.
matplotlib is imported when a chart is drawn, never at import time.
"""

import io


def figure(width, height):
    """A Figure of ``width`` x ``height`` inches at 100 dpi on an Agg canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def save_png(fig, path=None, **options):
    """Write ``fig`` as PNG to ``path``, or return the PNG's bytes when
    ``path`` is None (``options``: savefig's, e.g. bbox_inches)."""
    if path:
        fig.savefig(path, format="png", **options)
        return None
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", **options)
    return buffer.getvalue()
