"""The geographical detector's charts as PNG bytes (docs/geodetector.md):
q of every factor, largest first, and the interaction heat map (q of every
pair of factors overlaid; the diagonal holds q of each). ``title`` is the
chart's title (the study report passes a translated one)."""

import numpy as np

from ..common.charts import figure, save_png


def q_chart(result, title="q of each factor (geographical detector)"):
    order = np.argsort([-f.q for f in result.factors], kind="stable")
    fig = figure(5.5, 0.35 * len(order) + 1.2)
    ax = fig.add_subplot(1, 1, 1)
    ax.barh([result.names[i] for i in order][::-1], [result.factors[i].q for i in order][::-1],
            color="#2e7d32")
    ax.set_xlim(0, 1)
    ax.set_xlabel("q")
    ax.set_title(title, fontsize=10)
    return save_png(fig, bbox_inches="tight")


def heatmap(result, title="Interaction detector: q of two factors overlaid"):
    k = len(result.names)
    q = np.full((k, k), np.nan)
    for i, f in enumerate(result.factors):
        q[i, i] = f.q
    for (i, j), r in result.interactions.items():
        q[j, i] = r.q12
    fig = figure(1.0 + 0.6 * k, 0.8 + 0.6 * k)
    ax = fig.add_subplot(1, 1, 1)
    image = ax.imshow(q, cmap="YlGn", vmin=0, vmax=1)
    for i in range(k):
        for j in range(k):
            if np.isfinite(q[i, j]):
                ax.text(j, i, "%.2f" % q[i, j], ha="center", va="center", fontsize=7)
    ax.set_xticks(range(k))
    ax.set_xticklabels(result.names, rotation=45, ha="right", fontsize=7)
    ax.set_yticks(range(k))
    ax.set_yticklabels(result.names, fontsize=7)
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.02)
    ax.set_title(title, fontsize=10)
    return save_png(fig, bbox_inches="tight")
