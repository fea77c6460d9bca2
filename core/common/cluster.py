"""An optional Dask cluster for rasters that outgrow one machine.

LandCarbon runs on one machine by default (row strips, core/common/raster).
With Dask and distributed installed, a :class:`Cluster` connects to a running
scheduler (``tcp://host:8786``, e.g. one started by dask-jobqueue on an HPC
system) or starts a LocalCluster of worker processes, and the steps that
support it (carbon, LEAS, CARS, LISA, the whole study) run their per-block
kernels as Dask tasks (core/common/blocks.py). Dask and distributed are
optional: without them everything else works, and asking for a cluster
raises a message that says how to install them.

Workers must be able to import LandCarbon under the same package name as the
client. On connecting, the client runs a tiny bootstrap on every worker that
imports the package from the client's folder (so a LocalCluster, or a
cluster on a shared file system, needs nothing else); workers elsewhere need
LandCarbon on their Python path (docs/cluster.md).

Inside QGIS the QGIS process is only a client: starting a LocalCluster of
processes there is refused, because QGIS's ``sys.executable`` is the QGIS
binary, not Python.
"""

import os
from dataclasses import dataclass

from .errors import LandCarbonError

INSTALL_HINT = ("Dask is not installed in the Python that runs LandCarbon. Install it with "
                "'python3 -m pip install \"dask[array]\" distributed' (in QGIS: the OSGeo4W "
                "shell on Windows, or the system Python QGIS uses on Linux and macOS), or "
                "leave the scheduler empty to run on this machine.")

# The package this module belongs to (e.g. "landcarbon") and its folder.
PACKAGE = __name__.split(".")[0]
PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Imports the package by path on a worker, with its steps, and caps GDAL's
# cache (run with exec, which pickles by reference: the package may not be
# importable there yet).
_BOOTSTRAP = """
import importlib.util, os, sys
if %(name)r not in sys.modules and os.path.isdir(%(root)r):
    spec = importlib.util.spec_from_file_location(
        %(name)r, os.path.join(%(root)r, "__init__.py"), submodule_search_locations=[%(root)r])
    module = importlib.util.module_from_spec(spec)
    sys.modules[%(name)r] = module
    spec.loader.exec_module(module)
# the steps' kernels, imported now rather than by the first task of a step
# (about 0.5 s per worker, paid by every worker at once: a fixed cost of each
# step that more workers cannot share); where the package cannot be imported
# the first task says so
try:
    importlib.import_module(%(name)r + ".core")
except ImportError:
    pass
# GDAL's default block cache (5 %% of RAM) would double a worker's memory for
# chunks that are read once
from osgeo import gdal
gdal.SetCacheMax(64 << 20)
"""


def require_dask():
    """Import dask.array and distributed, or raise the install hint."""
    try:
        import dask.array  # noqa: F401
        import distributed
    except ImportError:
        raise LandCarbonError(INSTALL_HINT) from None
    return distributed


def dask_available():
    try:
        require_dask()
    except LandCarbonError:
        return False
    return True


@dataclass
class Cluster:
    """A connected Dask client (and the LocalCluster it started, if any).

    ``chunk_rows`` x ``chunk_cols`` is the chunk shape of the rasters the
    steps read (cells); results do not depend on it. Use as a context
    manager, or call :meth:`close`.
    """

    client: object
    local: object = None
    chunk_rows: int = 2048
    chunk_cols: int = 2048

    @property
    def workers(self):
        return len(self.client.scheduler_info().get("workers", {}))

    @property
    def chunks(self):
        return (self.chunk_rows, self.chunk_cols)

    def describe(self):
        where = "a LocalCluster" if self.local is not None else self.client.scheduler.address
        return "Dask: %d worker(s) on %s, chunks of %d x %d cells" % (
            self.workers, where, self.chunk_rows, self.chunk_cols)

    def close(self):
        self.client.close()
        if self.local is not None:
            self.local.close()

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.close()


def check_chunks(chunk_rows, chunk_cols, halo=0):
    """Chunks must be at least the halo deep (a neighbourhood then spans at
    most the 8 neighbouring chunks), and hold fewer than 2^31 cells (CARS
    numbers a chunk's cells in 32 bits)."""
    for name, value in (("chunk rows", chunk_rows), ("chunk columns", chunk_cols)):
        if int(value) < max(1, halo):
            raise LandCarbonError(
                "Dask %s must be at least %d cells (the neighbourhood reaches that far); "
                "got %d. Give larger chunks (e.g. 2048)." % (name, max(1, halo), value))
    if int(chunk_rows) * int(chunk_cols) >= 2 ** 31:
        raise LandCarbonError(
            "Dask chunks of %d x %d cells hold 2^31 cells or more; give smaller chunks "
            "(e.g. 2048 x 2048)." % (chunk_rows, chunk_cols))


def connect(scheduler=None, workers=None, chunk_rows=2048, chunk_cols=2048,
            in_qgis=False, memory_limit="auto", timeout="10s"):
    """Connect to ``scheduler`` (an address such as tcp://host:8786, or a
    scheduler file path ending in .json) or start a LocalCluster of
    ``workers`` single-threaded worker processes. Returns a :class:`Cluster`.
    """
    distributed = require_dask()
    check_chunks(chunk_rows, chunk_cols)
    local = None
    if scheduler:
        scheduler = str(scheduler).strip()
        try:
            if scheduler.endswith(".json"):
                client = distributed.Client(scheduler_file=scheduler, timeout=timeout)
            else:
                client = distributed.Client(scheduler, timeout=timeout)
        except (OSError, TimeoutError) as exc:
            raise LandCarbonError(
                "Could not connect to the Dask scheduler %s (%s). Check the address (e.g. "
                "tcp://host:8786) and that the scheduler is running." % (scheduler, exc)) from None
    else:
        if in_qgis:
            raise LandCarbonError(
                "Inside QGIS LandCarbon does not start worker processes (QGIS's Python "
                "executable is QGIS itself). Start a scheduler and workers outside QGIS "
                "(dask scheduler; dask worker tcp://host:8786) and give its address, or "
                "use the command line: python3 -m landcarbon study parameters.json --workers N.")
        n = int(workers or 1)
        if n < 1:
            raise LandCarbonError("The number of Dask workers must be at least 1; got %d." % n)
        local = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                         memory_limit=memory_limit, dashboard_address=":0")
        client = distributed.Client(local)
    client.run(exec, _BOOTSTRAP % {"name": PACKAGE, "root": PACKAGE_ROOT}, {})
    return Cluster(client, local, int(chunk_rows), int(chunk_cols))
