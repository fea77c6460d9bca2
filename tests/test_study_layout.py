"""core.study.layout: every file of a run is declared once; docs/study.md
shows that declaration; a run (with RUNS > 1, pathways and distance drivers:
every optional file) writes nothing that is not declared."""

import os
import re

import pytest
from conftest import ROOT

from landcarbon.core.study import layout


def test_docs_show_the_declared_outputs():
    with open(os.path.join(ROOT, "docs", "study.md"), encoding="utf-8") as fh:
        docs = fh.read()
    assert layout.markdown_table() in docs, (
        "docs/study.md, 'Output folder', is not core/study/layout.py's list; paste:\n"
        + layout.markdown_table())


def test_keys_and_names_are_unique():
    keys = [o.key for o in layout.OUTPUTS]
    names = [o.name for o in layout.OUTPUTS]
    assert len(set(keys)) == len(keys) and len(set(names)) == len(names)


def _pattern(name):
    """A declared name as a regular expression over relative paths: every
    {placeholder} stands for one or more path segments."""
    parts = re.split(r"(\{\w+\})", name)
    return "".join(".+" if p.startswith("{") else re.escape(p) for p in parts)


@pytest.mark.study
def test_a_run_writes_only_declared_files(tmp_path):
    from test_study_robust import _maps, _settings

    from landcarbon.core import study
    from landcarbon.core.common.progress import Progress
    maps, drivers = _maps(str(tmp_path), water_expands_first=True)
    pathways = tmp_path / "pathways.csv"
    pathways.write_text("name,P,T\nwet,1300,11\n")
    s = _settings(str(tmp_path), maps, drivers, runs=2, distance_classes=[5],
                  pathways_path=str(pathways), p_ref=1200, t_ref=10)
    result = study.run_study(s, progress=Progress())
    patterns = [re.compile(_pattern(o.name) + r"(\.aux\.xml)?$") for o in layout.OUTPUTS]
    undeclared = []
    for folder, _dirs, files in os.walk(result.folder):
        for f in files:
            rel = os.path.relpath(os.path.join(folder, f), result.folder)
            if rel.endswith(".qml") and not any(p.fullmatch(rel) for p in patterns):
                rel = rel[:-4] + ".tif"          # a map's style beside the map
            if not any(p.fullmatch(rel) for p in patterns):
                undeclared.append(rel)
    assert undeclared == []
