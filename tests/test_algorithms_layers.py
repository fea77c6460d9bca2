"""The study's results in the QGIS window (issue 23): the observed maps
styled with the class colours and names (from a .qml the run wrote, the
input files untouched, checked by hash), the groups ordered results first
and observed last (collapsed), and an empty project given the maps' CRS.
Processing's loading of the registered layers is replayed here on a
QgsProject: add each layer, then run its post-processor."""

import hashlib
import os

import pytest
from qgis.core import (
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsRasterLayer,
)
from test_study_robust import _maps, _settings

from landcarbon.algorithms.layer_groups import load_in_groups
from landcarbon.core import study
from landcarbon.core.common.progress import Progress

pytestmark = pytest.mark.study


def _hashes(paths):
    return {p: hashlib.sha256(open(p, "rb").read()).hexdigest() for p in paths}


def test_observed_maps_open_styled_last_and_collapsed(landcarbon_provider, tmp_path):
    folder = str(tmp_path)
    maps, drivers = _maps(folder, water_expands_first=True)
    classes = os.path.join(folder, "classes.csv")
    with open(classes, "w") as fh:
        fh.write("code,name,color\n1,Crop,#f5deb3\n2,Wood,#1b5e20\n4,Lake,#1565c0\n"
                 "5,Town,#c62828\n")
    before = _hashes(maps)
    s = _settings(folder, maps, drivers, classes_path=classes)
    result = study.run_study(s, progress=Progress())
    project = QgsProject()
    context = QgsProcessingContext()
    context.setProject(project)
    load_in_groups(context, result.key_layers())
    feedback = QgsProcessingFeedback()
    for path, details in context.layersToLoadOnCompletion().items():
        layer = QgsRasterLayer(path, details.name)
        assert layer.isValid(), path
        project.addMapLayer(layer)
        details.postProcessor().postProcessLayer(layer, context, feedback)
    assert project.crs().authid() == "EPSG:32648"
    top = project.layerTreeRoot().children()
    assert len(top) == 1
    groups = top[0].children()
    assert [g.name() for g in groups] == ["Scenario NE", "Observed land use"]
    observed = groups[-1]
    assert not observed.isExpanded() and groups[0].isExpanded()
    assert [n.name() for n in observed.children()] == ["Land use 2000", "Land use 2010",
                                                       "Land use 2020"]
    for node in observed.children():
        renderer = node.layer().renderer()
        assert renderer.type() == "paletted"
        palette = {c.value: (c.color.name(), c.label) for c in renderer.classes()}
        assert palette[1] == ("#f5deb3", "1 Crop") and palette[5] == ("#c62828", "5 Town")
    assert _hashes(maps) == before
    assert not any(os.path.exists(os.path.splitext(m)[0] + ".qml") for m in maps)
