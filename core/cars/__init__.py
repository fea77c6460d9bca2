"""CARS, the cellular automaton of PLUS with multi-type random patch seeds:
allocates a land demand cell by cell (docs/cars.md).

Step: :func:`run_cars`. One iteration: simulate._iteration -> engine.convert
-> kernels.propose -> gates (rules.sweep_gates) -> neighbourhood.update_counts.

Modules:

- ``settings``: the spec of the step (its settings, inputs and outputs, each
  parameter declared once);
- ``simulate``: the run, its target years and iterations, the pace and stop
  rules, the log and allocation table;
- ``rules``: the per-cell rules as vectorised functions (overall
  probability, roulette, threshold, demand coefficient and pace, seed
  budgets, demand gates, the rate-of-progress stop);
- ``gates``: the demand gates over an iteration's proposals, all in one
  place or, on Dask, from counts without gathering them;
- ``kernels``: pure per-block functions both engines call (input scan,
  candidates, window counts with a halo, proposals, diagnosis);
- ``engine``: the contract (a typing.Protocol) of the two engines;
- ``strips``: the engine on this machine (the map in RAM, inputs in row
  strips);
- ``on_dask``: the engine on Dask chunks (one synchronisation per
  iteration);
- ``candidates``: the cells that may change during a target year;
- ``store``: their probabilities, in RAM or on disk;
- ``neighbourhood``: window counts (box filter once per year, then updated
  around each converted cell);
- ``inputs``: checks of the inputs and parameters, weights, bands;
- ``readers``: probability and restriction strips;
- ``feasibility``: what the demand asks against what can change (before);
- ``diagnose``: why a class missed its demand (after);
- ``ensemble``: seed ensembles (change frequency, mode, median run).
"""

from .ensemble import run_ensemble
from .inputs import expansion_weights, probability_bands
from .settings import CARS_INPUTS, CARS_OUTPUTS, CarsSettings
from .simulate import CarsResult, YearResult, run_cars, year_output_paths

__all__ = ["run_cars", "CarsSettings", "CARS_INPUTS", "CARS_OUTPUTS", "CarsResult",
           "YearResult", "year_output_paths", "run_ensemble", "expansion_weights",
           "probability_bands"]
