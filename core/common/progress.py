"""The progress / cancel / log protocol of the core.

The core never sees QGIS feedback objects. It receives a :class:`Progress`
built from plain callables; the QGIS adapters build one from
QgsProcessingFeedback, scripts use the default (silent) one or print.
"""

from .errors import Cancelled


def _ignore(*_args):
    return None


class Progress:
    """Progress in [0, 1], cancel checks and info / warning messages.

    ``report(fraction, message)`` receives the overall fraction done,
    ``cancelled()`` returns True when the user asked to stop, ``info(text)``
    and ``warning(text)`` log messages. :meth:`span` gives a child that maps
    its own [0, 1] onto part of the parent's range, so nested steps report
    overall progress without knowing about each other. Every warning is also
    kept in :attr:`warnings` (shared by all children) so that callers and
    tests can see what was said.
    """

    def __init__(self, report=None, cancelled=None, info=None, warning=None):
        self._report = report or _ignore
        self._cancelled = cancelled or (lambda: False)
        self._info = info or _ignore
        self._warning = warning or _ignore
        self._start, self._end = 0.0, 1.0
        self.warnings = []
        self.infos = []

    def span(self, start, end):
        """A child Progress covering [start, end] of this one's range."""
        child = Progress.__new__(Progress)
        child.__dict__.update(self.__dict__)
        width = self._end - self._start
        child._start = self._start + width * start
        child._end = self._start + width * end
        return child

    def set(self, fraction, message=None):
        """Report that ``fraction`` (0..1) of this step is done; checks cancel."""
        fraction = min(max(float(fraction), 0.0), 1.0)
        self._report(self._start + (self._end - self._start) * fraction, message)
        self.check()

    def check(self):
        """Raise :class:`Cancelled` if the user asked to stop."""
        if self._cancelled():
            raise Cancelled()

    def is_cancelled(self):
        return bool(self._cancelled())

    def info(self, text):
        self.infos.append(text)
        self._info(text)

    def warning(self, text):
        self.warnings.append(text)
        self._warning(text)


def printing_progress():
    """A Progress that prints messages (for scripts and benchmarks)."""
    return Progress(info=lambda t: print(t), warning=lambda t: print("WARNING:", t))
