"""Probabilities of the CARS candidate cells, kept between iterations.

Only cells that could change (valid, not restricted, with an allowed target
class of positive probability) enter CARS's heavy arrays; their K
probabilities are read from the probability raster once per target year and
kept here as a (K, M) float32 table: in RAM when it fits the memory budget,
else in a raw temporary file read chunk by chunk each iteration (10^8-cell
rasters). Both hold the same float32 values, so the simulation does not
depend on where they are kept.
"""

import os
import tempfile
import threading

import numpy as np

from ..common.errors import LandCarbonError


class ProbabilityStore:
    """An append-then-read class-major (K, M) float32 table in RAM (one row
    per class) or in a file (one record of K values per cell)."""

    def __init__(self, k, folder=None, capacity=0):
        """``folder``: keep the table in a temporary file there (else in RAM,
        allocated once for ``capacity`` cells)."""
        self.k = k
        self.rows = 0
        self._array = np.empty((k, capacity), dtype=np.float32) if folder is None else None
        self._path = None
        self._fh = None
        self._lock = threading.Lock()       # reads of the file from several threads
        if folder is not None:
            try:
                fd, self._path = tempfile.mkstemp(prefix=".landcarbon_cars_", suffix=".f32",
                                                  dir=folder)
            except OSError as exc:
                raise LandCarbonError("Cannot create a temporary file in %s (%s); CARS keeps "
                                      "the probabilities of the cells that may change there for "
                                      "large rasters. Choose an output folder with free space."
                                      % (folder, exc.strerror or exc)) from None
            self._fh = os.fdopen(fd, "w+b")

    @property
    def on_disk(self):
        return self._fh is not None

    def append(self, block):
        """Add the cells of a (K, m) block."""
        block = np.asarray(block, dtype=np.float32)
        if block.shape[1] == 0:
            return
        if self._fh is not None:
            try:
                self._fh.write(np.ascontiguousarray(block.T).tobytes())
            except OSError as exc:
                raise LandCarbonError("Writing the temporary file %s failed (%s); free some "
                                      "disk space." % (self._path, exc.strerror or exc)) from None
        else:
            if self.rows + block.shape[1] > self._array.shape[1]:
                grown = np.empty((self.k, max(2 * self._array.shape[1],
                                              self.rows + block.shape[1])), dtype=np.float32)
                grown[:, :self.rows] = self._array[:, :self.rows]
                self._array = grown
            self._array[:, self.rows:self.rows + block.shape[1]] = block
        self.rows += block.shape[1]

    def finish(self):
        if self._fh is not None:
            self._fh.flush()
        else:
            used = self._array[:, :self.rows]
            self._array = used.copy() if self.rows < 0.75 * self._array.shape[1] else used

    def read(self, a, b):
        """Cells a..b-1 as a (K, b - a) float32 array."""
        if self._fh is None:
            return self._array[:, a:b]
        with self._lock:
            self._fh.seek(a * self.k * 4)
            data = np.fromfile(self._fh, dtype=np.float32, count=(b - a) * self.k)
        return np.ascontiguousarray(data.reshape(b - a, self.k).T)

    def compact(self, keep, chunk=1 << 20):
        """Keep only the rows where ``keep`` is True (order unchanged)."""
        if self._fh is None:
            dst = 0
            for a in range(0, self.rows, chunk):      # in place, no second full copy
                part = self._array[:, a:a + chunk][:, keep[a:a + chunk]]
                self._array[:, dst:dst + part.shape[1]] = part
                dst += part.shape[1]
            self._array = self._array[:, :dst]
            self.rows = dst
            return
        folder = os.path.dirname(self._path)
        fd, path = tempfile.mkstemp(prefix=".landcarbon_cars_", suffix=".f32", dir=folder)
        fh = os.fdopen(fd, "w+b")
        try:
            for a in range(0, self.rows, chunk):
                b = min(a + chunk, self.rows)
                fh.write(np.ascontiguousarray(self.read(a, b)[:, keep[a:b]].T).tobytes())
            fh.flush()
        except BaseException:
            fh.close()
            os.remove(path)
            raise
        self.close()
        self._fh, self._path = fh, path
        self.rows = int(np.count_nonzero(keep))

    def close(self):
        self._array = None
        if self._fh is not None:
            self._fh.close()
            self._fh = None
            try:
                os.remove(self._path)
            except OSError:
                pass
