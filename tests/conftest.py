"""Test set-up shared by all tests.

The repository root is the plugin package. It is imported as ``landcarbon``
whatever the folder is called (as QGIS does after installation), and the
provider is registered once per session for the processing tests.
"""

import importlib.util
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "resources", "sample_data", "plum_island")

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # tests/helpers.py


def load_package(name="landcarbon", root=ROOT):
    """Import the plugin folder ``root`` as package ``name``."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name, os.path.join(root, "__init__.py"), submodule_search_locations=[root])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


load_package()


def pytest_collection_modifyitems(items):
    """Every test that uses the Dask cluster, or lives in a *_on_dask module,
    is marked ``dask``, so ``pytest -m "not study and not dask"`` is the fast
    inner loop (whole-study modules mark themselves ``study``)."""
    for item in items:
        if "dask_cluster" in getattr(item, "fixturenames", ()) \
                or item.module.__name__.endswith("_on_dask"):
            item.add_marker(pytest.mark.dask)


@pytest.fixture(scope="session")
def landcarbon_provider(qgis_processing):
    """The landcarbon provider, registered in the Processing registry."""
    from qgis.core import QgsApplication

    from landcarbon.algorithms.provider import LandCarbonProvider
    registry = QgsApplication.processingRegistry()
    if registry.providerById("landcarbon") is None:
        registry.addProvider(LandCarbonProvider())
    return registry.providerById("landcarbon")


class RecordingFeedback:
    """Builds a QgsProcessingFeedback that records every message (tests
    assert on warnings and log lines)."""

    @staticmethod
    def create(cancel_after=None):
        from qgis.core import QgsProcessingFeedback

        class _Feedback(QgsProcessingFeedback):
            def __init__(self):
                super().__init__()
                self.infos, self.warnings, self.errors = [], [], []
                self.progress_calls = 0

            def pushInfo(self, text):  # noqa: N802
                self.infos.append(text)
                super().pushInfo(text)

            def pushWarning(self, text):  # noqa: N802
                self.warnings.append(text)
                super().pushWarning(text)

            def reportError(self, text, fatalError=False):  # noqa: N802, N803
                self.errors.append(text)
                super().reportError(text, fatalError)

            def setProgress(self, value):  # noqa: N802
                self.progress_calls += 1
                if cancel_after is not None and self.progress_calls >= cancel_after:
                    self.cancel()
                super().setProgress(value)

        return _Feedback()


@pytest.fixture
def run_alg(landcarbon_provider):
    """run_alg('landusechange', params) -> (results, feedback)."""
    import processing

    def run(name, params, feedback=None):
        feedback = feedback or RecordingFeedback.create()
        results = processing.run("landcarbon:%s" % name, params, feedback=feedback)
        return results, feedback
    return run


@pytest.fixture
def recording_feedback():
    return RecordingFeedback.create


@pytest.fixture(scope="session")
def dask_cluster():
    """A LocalCluster of 2 single-threaded worker processes (the Dask path's
    equality tests), chunks of 64 x 48 cells; give other chunkings with
    ``dataclasses.replace(dask_cluster, chunk_rows=..., chunk_cols=...)``."""
    from landcarbon.core.common import cluster
    c = cluster.connect(workers=2, chunk_rows=64, chunk_cols=48, memory_limit="2GB")
    yield c
    c.close()
