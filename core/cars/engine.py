"""The engine contract of CARS: what core/cars/simulate.py asks of the map
it simulates on, whether the map is in RAM on this machine
(core.cars.strips.StripMap) or in chunks on Dask workers
(core.cars.on_dask.DaskMap). Both call the same per-block kernels
(core/cars/kernels.py), so they give the same maps (docs/cars.md,
docs/cluster.md).

The path of one iteration: simulate._iteration (rules.gate_rooms) ->
engine.convert -> kernels.propose -> the demand gates (gates.plan_gates
from counts of the proposals, kept sorted per block or chunk) ->
neighbourhood.update_counts.

Class indices 0..K-1 follow the ascending class codes; K is nodata. Cells
are named by their global flat position row * width + column.
"""

from typing import Protocol

import numpy as np


class Engine(Protocol):
    """The simulated map of one run and the candidate cells of the current
    target year."""

    where: str
    """Where the candidates are kept, for the log ("on this machine", "on 2
    Dask worker(s), ...")."""

    def scan(self, reach, progress):
        """Before anything else: load the map as class indices and check the
        inputs in one pass (probabilities in [0, 1], restriction values 0, 1
        or 2). ``reach`` (K + 1, K): may a cell of class c end as k.
        Returns a core.cars.kernels.ScanTally."""

    def totals(self) -> np.ndarray:
        """Cells per class of the map now, (K,) int64."""

    def start_year(self, gaps, possible, folder, progress):
        """Find the cells that may change this year (core.cars.candidates)
        with their window counts and probabilities. ``gaps`` demand -
        allocated per class; ``possible`` 1 for classes whose FLUS tolerance
        may open; ``folder`` for temporary files. Returns (candidate cells,
        where they are kept, pair_cells (K, K): candidates of class c with
        P_j > 0 that may become j, source_cells (K,))."""

    def prune(self, gaps, possible) -> int:
        """Drop the candidates that can no longer change; returns how many
        remaining candidates belong to classes above their demand."""

    def convert(self, rules, gates, progress):
        """One iteration: every candidate's proposal (core.cars.kernels.propose
        with ``rules``, an IterationRules), the demand gates over them
        (``gates``, a core.cars.gates.Gates: exactly rules.sweep_gates in the
        order of rules.proposal_order), the accepted cells converted and the
        window counts of the candidates around them updated
        (core.cars.neighbourhood.update_counts). ``progress`` is called with
        the fraction of the proposals done. Returns the
        core.cars.gates.Conversions per class."""

    def end_year(self):
        """Release the candidates of the year (the map stays)."""

    def diagnosis(self, gaps, reach) -> np.ndarray:
        """(4, K): per class the cells that could have given (or taken)
        cells and were restricted, forbidden, of probability 0, or could
        have changed (core.cars.kernels.diagnosis_block)."""

    def write(self, path, year, dtype, nodata, progress):
        """Write the map as class codes on the input grid, with the colour
        table and names."""

    def close(self):
        """Release everything (also after an error)."""
