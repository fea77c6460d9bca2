"""CARS, the cellular automaton of PLUS with multi-type random patch seeds:
allocates a land demand cell by cell (docs/cars.md).

Step: :func:`run_cars`. Modules: ``settings`` (the spec: settings, inputs
and outputs), ``simulate`` (the run and its iterations),
``rules`` (the per-cell rules as vectorised functions: overall probability,
roulette, threshold, demand coefficient, demand gates), ``neighbourhood``
(window counts), ``candidates`` (the cells that may change), ``store``
(their probabilities in RAM or on disk), ``inputs`` (checks of the inputs),
``readers`` (probability and restriction strips), ``feasibility`` (what the
demand asks against what can change), ``diagnose`` (why a class missed its
demand), ``kernels`` (the per-block kernels both executors call),
``strips`` and ``on_dask`` (the one-machine and Dask executors),
``ensemble`` (seed ensembles).
"""

from .ensemble import run_ensemble
from .inputs import expansion_weights
from .settings import CARS_INPUTS, CARS_OUTPUTS, CarsSettings
from .simulate import CarsResult, YearResult, run_cars, year_output_paths

__all__ = ["run_cars", "CarsSettings", "CARS_INPUTS", "CARS_OUTPUTS", "CarsResult",
           "YearResult", "year_output_paths", "run_ensemble", "expansion_weights"]
