"""Connecting to Dask (core/common/cluster.py): clear messages instead of
tracebacks. The block executor that runs on the cluster is tested in
test_common_blocks.py."""

import builtins

import pytest

from landcarbon.core.common import cluster
from landcarbon.core.common.errors import LandCarbonError


def test_no_worker_processes_inside_qgis():
    with pytest.raises(LandCarbonError, match="does not start worker processes"):
        cluster.connect(workers=2, in_qgis=True)


def test_a_wrong_scheduler_address_is_named():
    with pytest.raises(LandCarbonError, match="Could not connect to the Dask scheduler "
                                              "tcp://127.0.0.1:1"):
        cluster.connect(scheduler="tcp://127.0.0.1:1", timeout="2s")


def test_chunks_smaller_than_the_halo_or_of_2_31_cells_are_refused():
    with pytest.raises(LandCarbonError, match="at least 3 cells"):
        cluster.check_chunks(2, 100, halo=3)
    cluster.check_chunks(46340, 46340)              # 2147395600 cells < 2^31
    with pytest.raises(LandCarbonError, match="2\\^31 cells or more"):
        cluster.check_chunks(32768, 65536)          # exactly 2^31


def test_without_dask_the_message_says_how_to_install(monkeypatch):
    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name.split(".")[0] in ("dask", "distributed"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(LandCarbonError, match=r"pip install \"dask\[array\]\" distributed"):
        cluster.connect(workers=1)
    assert not cluster.dask_available()
