"""Skill of the development probabilities: per class the ROC AUC and the
Total Operating Characteristic (Pontius & Si 2014, Int. J. Geogr. Inf. Sci.
28:570) of P_k against the gains of class k over an interval (docs/leas.md,
"Skill of the probabilities").

For class k, the candidates are the cells valid in both maps of the
interval and in P_k that are not k in the first map (they could become k);
a candidate is a gain (positive) when it is k in the second map, else a
negative. A threshold t diagnoses the candidates with P_k >= t as gains:
hits H(t) are diagnosed gains, false alarms F(t) diagnosed negatives. The
TOC draws H against H + F for every threshold, inside the parallelogram of
the maximum curve (every gain diagnosed first), the minimum curve (every
negative first) and the uniform line (diagnosis at random); with A gains
and N negatives, the area under the TOC above the minimum curve is A N AUC,
AUC the area under the ROC curve (Pontius & Si 2014).

Streaming, with bounded memory: per class, exact counts of gains and
negatives in B = 2^16 equal bins of P (bin floor(P B), P = 1 in a bin of
its own), summed over row strips or Dask chunks (counts add up, so every
cut gives the same curves). A TOC point is then exact at every threshold
b / B. The AUC from the counts by the trapezoid rule is the Mann-Whitney
statistic with the pairs in one bin counted half:

    AUC = sum_b N_b (2 sum_{c > b} A_c + A_b) / (2 A N)

exact when no bin holds two different values of P (pairs of equal P are
ties, counted half, as the Mann-Whitney statistic does); P from fully grown
trees is a multiple of 1 / TREES, so this holds up to 32,768 trees. Each
bin also keeps one value of P seen in it and whether another was seen:
``auc_error_max = sum_{b mixed} A_b N_b / (2 A N)`` bounds the difference
to the exact AUC (0: exact).
"""

from dataclasses import dataclass, field

import numpy as np

from ..common import blocks, raster
from ..common.charts import figure, save_png
from ..common.errors import LandCarbonError
from ..common.landmap import ClassIndex
from ..common.progress import Progress

BINS = 1 << 16                 # equal-width bins of P in [0, 1); P = 1 is bin BINS
TOC_POINTS = 1000              # at most this many points per class in the CSV and chart

AUC_HEADER = ["code", "name", "evaluation", "from_map", "to_map", "candidate_cells",
              "gain_cells", "auc", "auc_error_max", "note"]
TOC_HEADER = ["code", "name", "threshold_probability", "diagnosed_cells", "hits_cells",
              "false_alarms_cells"]
OUT_OF_SAMPLE, IN_SAMPLE = "out of sample", "in sample"


# ---------------------------------------------------------------------------
# Counting
# ---------------------------------------------------------------------------

def histogram(values, positive):
    """One block's counts of one class: (bins, gains, negatives, a value
    of P per bin, whether the bin holds another value), nonempty bins only.
    ``values``: P of the candidates (float32 in [0, 1]), ``positive``:
    which of them are gains."""
    bins = np.minimum((values * np.float32(BINS)).astype(np.int32), BINS)
    gains = np.bincount(bins[positive], minlength=BINS + 1)
    negatives = np.bincount(bins[~positive], minlength=BINS + 1)
    seen = np.full(BINS + 1, np.nan, np.float32)
    seen[bins] = values
    mixed = np.zeros(BINS + 1, bool)
    mixed[bins[values != seen[bins]]] = True
    nz = np.flatnonzero(gains + negatives)
    return nz, gains[nz], negatives[nz], seen[nz], mixed[nz]


class GainHistogram:
    """The counts of one class over the whole map (B + 1 bins), merged from
    the blocks in any order: the same counts and the same ``mixed`` flags."""

    def __init__(self):
        self.gains = np.zeros(BINS + 1, np.int64)
        self.negatives = np.zeros(BINS + 1, np.int64)
        self.seen = np.full(BINS + 1, np.nan, np.float32)
        self.mixed = np.zeros(BINS + 1, bool)

    def add(self, part):
        nz, gains, negatives, seen, mixed = part
        known = ~np.isnan(self.seen[nz])
        self.mixed[nz] |= mixed | (known & (self.seen[nz] != seen))
        self.seen[nz] = np.where(known, self.seen[nz], seen)
        self.gains[nz] += gains
        self.negatives[nz] += negatives


@dataclass
class _TocKernel:
    """What a window needs (picklable, sent once to every Dask worker): the
    two maps' band infos and class lookups, the number of probability
    bands."""

    infos: list
    lookups: list
    bands: int


def _toc_window(kernel, window, raws):
    """Per probability band (class), the :func:`histogram` of its
    candidates in one window; the bands are read one at a time."""
    first, second = next(raws), next(raws)
    valid = raster.valid_mask(first, kernel.infos[0].nodata) \
        & raster.valid_mask(second, kernel.infos[1].nodata)
    a, b = kernel.lookups[0](first), kernel.lookups[1](second)
    out = []
    for c, p in enumerate(raws):
        cand = valid & (a != c) & (p >= 0) & (p <= 1)        # nodata P is -3.4e38 (or NaN)
        out.append(histogram(p[cand].astype(np.float32), b[cand] == c))
    return out


# ---------------------------------------------------------------------------
# Curves and areas
# ---------------------------------------------------------------------------

@dataclass
class ClassSkill:
    """AUC and TOC of one class: candidates and gains (cells), AUC (None
    when there is no gain or no negative), the bound of its binning error,
    and the TOC points (threshold, diagnosed cells, hits), origin first."""

    code: int
    name: str
    candidates: int
    gains: int
    auc: object
    auc_error_max: object
    points: list = field(default_factory=list)
    note: str = ""

    @property
    def negatives(self):
        return self.candidates - self.gains


def auc_of(gains, negatives):
    """The Mann-Whitney AUC of binned counts (ties counted half), exact in
    Python integers: (auc, pairs in one bin / 2 per pair) or (None, None)."""
    total_a, total_n = int(gains.sum()), int(negatives.sum())
    if total_a == 0 or total_n == 0:
        return None, None
    nz = np.flatnonzero(gains + negatives)[::-1]          # highest threshold first
    above, twice = 0, 0
    for a, n in zip(gains[nz].tolist(), negatives[nz].tolist()):
        twice += n * (2 * above + a)
        above += a
    return twice / (2 * total_a * total_n), total_a * total_n


def toc_points(gains, negatives, limit=None):
    """[(threshold, diagnosed cells, hits)] from the highest threshold
    down: the origin (threshold None: nothing diagnosed), then one point
    per nonempty bin b (P >= b / BINS diagnosed); at most ``limit`` points,
    spread evenly along the diagnosed cells (each kept point is exact)."""
    limit = limit or TOC_POINTS
    nz = np.flatnonzero(gains + negatives)[::-1]
    diagnosed = np.cumsum(gains[nz] + negatives[nz])
    hits = np.cumsum(gains[nz])
    keep = np.arange(nz.size)
    if nz.size > limit - 1 and nz.size:
        targets = np.linspace(0, diagnosed[-1], limit - 1)
        keep = np.unique(np.r_[np.searchsorted(diagnosed, targets), nz.size - 1])
        keep = keep[keep < nz.size]
    return [(None, 0, 0)] + [(float(nz[i]) / BINS, int(diagnosed[i]), int(hits[i]))
                             for i in keep]


def class_skill(code, name, hist):
    """The :class:`ClassSkill` of a class's merged :class:`GainHistogram`."""
    gains, negatives = hist.gains, hist.negatives
    auc, pairs = auc_of(gains, negatives)
    bound = None
    if pairs:
        bound = float((gains[hist.mixed] * negatives[hist.mixed]).sum()) / (2.0 * pairs)
    a, n = int(gains.sum()), int(negatives.sum())
    note = ""
    if a == 0:
        note = "no gain in the interval: AUC undefined"
    elif n == 0:
        note = "every candidate became this class: AUC undefined"
    return ClassSkill(code, name, a + n, a, auc, bound, toc_points(gains, negatives), note)


# ---------------------------------------------------------------------------
# The pass over the maps
# ---------------------------------------------------------------------------

@dataclass
class ProbabilitySkill:
    """Per class the AUC and TOC of the probabilities against the gains
    from map ``first`` to map ``second`` (their labels), ``evaluation``
    OUT_OF_SAMPLE or IN_SAMPLE."""

    classes: list                 # ClassSkill, in band order
    evaluation: str
    first: str
    second: str


def band_classes(probability):
    """(codes, names) of the bands of a probability raster (RasterInfo),
    from their descriptions '<code> <name>' (core/leas/predict.py)."""
    bands = [raster.open_band(probability.path, probability.label, b + 1)
             for b in range(probability.band_count)]
    codes, names = [], []
    for b in bands:
        code, _space, name = b.description.partition(" ")
        try:
            codes.append(int(code))
        except ValueError:
            raise LandCarbonError("Band %d of %s is described as %r, not '<code> <name>': "
                                  "give the probabilities written by landcarbon:leas."
                                  % (b.band, probability.label, b.description)) from None
        names.append(name or "class %s" % code)
    return codes, names


def probability_skill(probability, first, second, codes=None, names=None, *,
                      out_of_sample=True, progress=None, cluster=None):
    """AUC and TOC (module docstring) of every band of the ``probability``
    raster (RasterInfo of its band 1; bands in the order of ``codes``, by
    default read from the band descriptions) against the gains from the
    land-use map ``first`` to ``second`` (RasterInfo, same grid). Row
    strips, or the chunks of ``cluster``: the same counts. Returns a
    :class:`ProbabilitySkill`."""
    progress = progress or Progress()
    if codes is None:
        codes, described = band_classes(probability)
        names = names or described
    k = len(codes)
    bands = [raster.open_band(probability.path, probability.label, b + 1) for b in range(k)]
    index = ClassIndex(codes)
    kernel = _TocKernel([first, second], [index.lookup(first), index.lookup(second)], k)
    infos = [first, second] + bands
    hists = [GainHistogram() for _c in range(k)]

    def consume(_window, parts):
        for hist, part in zip(hists, parts):
            hist.add(part)

    grid = first.grid
    windows = blocks.strips(grid, raster.strip_rows(grid, max(i.block_rows for i in infos))) \
        if cluster is None else blocks.chunks(grid, cluster.chunks)
    blocks.run_blocks(_toc_window, kernel, infos, windows, consume, cluster=cluster,
                      progress=progress, message="TOC: strip" if cluster is None
                      else "TOC: chunk")
    names = names or ["class %d" % c for c in codes]
    return ProbabilitySkill([class_skill(c, n, h) for c, n, h in zip(codes, names, hists)],
                            OUT_OF_SAMPLE if out_of_sample else IN_SAMPLE,
                            first.label, second.label)


# ---------------------------------------------------------------------------
# Tables, log and chart
# ---------------------------------------------------------------------------

def auc_rows(skill):
    """Rows of the AUC CSV (AUC_HEADER)."""
    return [[c.code, c.name, skill.evaluation, skill.first, skill.second, c.candidates,
             c.gains, c.auc, c.auc_error_max, c.note] for c in skill.classes]


def toc_rows(skill):
    """Rows of the TOC CSV (TOC_HEADER), class by class, origin first."""
    return [[c.code, c.name, t, d, h, d - h] for c in skill.classes for t, d, h in c.points]


def log_skill(skill, progress):
    shown = ", ".join("%d: %s" % (c.code, "undefined" if c.auc is None else "%.3f" % c.auc)
                      for c in skill.classes)
    progress.info("AUC of the probabilities against the gains %s -> %s (%s): %s."
                  % (skill.first, skill.second, skill.evaluation, shown))
    low = [c for c in skill.classes if c.auc is not None and c.auc < 0.7]
    if low:
        progress.info("AUC below 0.7 (weak): %s." % ", ".join(
            "%d %s" % (c.code, c.name) for c in low))


CHART_TEXTS = {
    "title": "TOC of the development probabilities against the gains {0} -> {1} ({2})",
    "x": "hits + false alarms (cells)",
    "y": "hits (cells)",
    "maximum": "maximum",
    "minimum": "minimum",
    "uniform": "uniform",
    "toc": "TOC",
    "panel": "{0} {1}: AUC {2}",
    "no_gain": "no gain",
    "undefined": "undefined",
}


def toc_chart(skill, path=None, colours=None, texts=None):
    """PNG of every class's TOC, one panel per class with its maximum,
    minimum and uniform bounds (``path``; None: the PNG's bytes are
    returned). ``colours``: code -> '#rrggbb'; ``texts``: the chart's words
    (CHART_TEXTS keys), e.g. translated."""
    t = dict(CHART_TEXTS, **(texts or {}))
    shown = skill.classes
    ncols = min(4, max(1, len(shown)))
    nrows = max(1, -(-len(shown) // ncols))
    fig = figure(3.0 * ncols, 2.8 * nrows + 0.6)
    for i, c in enumerate(shown):
        ax = fig.add_subplot(nrows, ncols, i + 1)
        _panel(ax, c, (colours or {}).get(c.code, "#1f78b4"), t, legend=i == 0)
    fig.suptitle(t["title"].format(skill.first, skill.second, skill.evaluation), fontsize=9)
    fig.tight_layout()
    return save_png(fig, path)


def _panel(ax, c, colour, t, legend):
    total, a = c.candidates, c.gains
    auc = t["undefined"] if c.auc is None else "%.3f" % c.auc
    ax.set_title(t["panel"].format(c.code, c.name, auc), fontsize=8)
    ax.tick_params(labelsize=6)
    ax.set_xlabel(t["x"], fontsize=7)
    ax.set_ylabel(t["y"], fontsize=7)
    if total == 0 or a == 0:
        ax.text(0.5, 0.5, t["no_gain"], ha="center", va="center", transform=ax.transAxes)
        return
    ax.plot([0, a, total], [0, a, a], color="#333333", linestyle="--", linewidth=0.8,
            label=t["maximum"])
    ax.plot([0, total - a, total], [0, 0, a], color="#333333", linestyle=":", linewidth=0.8,
            label=t["minimum"])
    ax.plot([0, total], [0, a], color="#999999", linewidth=0.8, label=t["uniform"])
    ax.plot([p[1] for p in c.points], [p[2] for p in c.points], color=colour, linewidth=1.4,
            label=t["toc"])
    ax.set_xlim(0, total)
    ax.set_ylim(0, a * 1.02)
    if legend:
        ax.legend(fontsize=6, loc="lower right")
