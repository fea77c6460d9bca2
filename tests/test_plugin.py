"""The plugin as QGIS and qgis_process load it: metadata, classFactory,
initProcessing, unload; the pure core; qgis_process end to end."""

import ast
import configparser
import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT, SAMPLE
from helpers import IsolatedQgisProcess, read_csv

REQUIRED_METADATA = ["name", "qgisMinimumVersion", "description", "about", "version", "author",
                     "email", "repository", "tracker", "tags", "category",
                     "hasProcessingProvider", "icon"]


def test_metadata_is_complete():
    parser = configparser.ConfigParser()
    parser.read(os.path.join(ROOT, "metadata.txt"), encoding="utf-8")
    general = parser["general"]
    for key in REQUIRED_METADATA:
        assert general.get(key, "").strip(), key
    assert general["qgisMinimumVersion"] == "3.22"
    assert general["hasProcessingProvider"] == "yes"
    assert os.path.exists(os.path.join(ROOT, general["icon"]))
    assert "scikit-learn" in general["about"]
    for name in ("LICENSE", "CHANGELOG.md", "README.md"):
        assert os.path.exists(os.path.join(ROOT, name)), name


def test_core_never_imports_qgis_or_qt():
    forbidden = ("qgis", "processing", "PyQt5", "PyQt6", "sip")
    offenders = []
    for folder, _dirs, files in os.walk(os.path.join(ROOT, "core")):
        for name in files:
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            tree = ast.parse(open(path, encoding="utf-8").read(), path)
            for node in ast.walk(tree):
                modules = []
                if isinstance(node, ast.Import):
                    modules = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    modules = [node.module or ""]
                for module in modules:
                    if module.split(".")[0] in forbidden:
                        offenders.append("%s:%d imports %s" % (path, node.lineno, module))
    assert offenders == []


LOAD_SCRIPT = textwrap.dedent("""
    import json, sys
    from qgis.core import QgsApplication
    app = QgsApplication([], False)
    app.initQgis()
    import qgis.utils
    plugins_dir, name = sys.argv[1], sys.argv[2]
    sys.path.insert(0, plugins_dir)
    qgis.utils.plugin_paths = [plugins_dir]
    qgis.utils.updateAvailablePlugins()
    out = {"processing_flag": qgis.utils.pluginMetadata(name, "hasProcessingProvider")}
    out["loaded"] = qgis.utils.loadPlugin(name)
    out["started"] = qgis.utils.startProcessingPlugin(name)
    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("landcarbon")
    out["algorithms"] = sorted(a.id() for a in provider.algorithms()) if provider else []
    out["unloaded"] = qgis.utils.unloadPlugin(name)
    out["after_unload"] = registry.providerById("landcarbon") is not None
    print("RESULT" + json.dumps(out))
""")


@pytest.mark.parametrize("folder_name", ["landcarbon", "LandCarbon_clone_2026"])
def test_plugin_loads_as_qgis_does_whatever_the_folder_name(tmp_path, folder_name):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    os.symlink(ROOT, plugins / folder_name)
    script = tmp_path / "load.py"
    script.write_text(LOAD_SCRIPT)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile"))
    proc = subprocess.run([sys.executable, str(script), str(plugins), folder_name],
                          capture_output=True, text=True, timeout=300, env=env)
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT")]
    assert line, proc.stdout + proc.stderr
    out = json.loads(line[0][len("RESULT"):])
    assert out["processing_flag"] == "yes"
    assert out["loaded"] and out["started"]
    assert "landcarbon:landusechange" in out["algorithms"]
    assert out["unloaded"] and not out["after_unload"]


def test_qgis_process_runs_landusechange_with_an_isolated_profile(tmp_path):
    qgis_process = IsolatedQgisProcess(tmp_path, ROOT)
    listing = qgis_process(["list"])
    assert "landcarbon:landusechange" in listing.stdout
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    maps = ["INPUTS=%s" % (data / ("lu_pie_%d.tif" % y)) for y in (1985, 1991, 1999)]
    out = tmp_path / "out"
    run = qgis_process(["run", "landcarbon:landusechange", "--json", "--"] + maps + [
        "YEARS=1985,1991,1999", "CLASSES=%s" % (data / "classes.csv"),
        "OUTPUT_AREAS=%s" % (out / "areas.csv"), "OUTPUT_TRANSITIONS=%s" % (out / "tr.csv"),
        "OUTPUT_CHANGE=%s" % (out / "change.tif")])
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads(run.stdout[run.stdout.index("{"):])["results"]
    assert results["OUTPUT_AREAS"] == str(out / "areas.csv")
    assert read_csv(out / "areas.csv")[1]["cells_1999"] == "43455"   # Built, per STATS.md
    # a failing run exits non-zero with the core's message
    bad = qgis_process(["run", "landcarbon:landusechange", "--"] + maps[:2] + [
        "YEARS=1991,1985", "OUTPUT_AREAS=%s" % (tmp_path / "bad" / "a.csv"),
        "OUTPUT_TRANSITIONS=%s" % (tmp_path / "bad" / "t.csv")])
    assert bad.returncode != 0
    assert "must increase" in bad.stdout + bad.stderr
    assert not (tmp_path / "bad").exists() or os.listdir(tmp_path / "bad") == []


def test_readme_test_command_is_what_ci_runs():
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    ci = open(os.path.join(ROOT, ".ci", "run"), encoding="utf-8").read()
    marker = "TEST_COMMAND="
    command = [ln for ln in ci.splitlines() if ln.startswith(marker)][0][len(marker):].strip("'\"")
    assert command in readme
