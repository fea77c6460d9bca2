"""The release ZIP (scripts/build_zip.py): what it holds, the rules of the
QGIS plugin repository (plugins.qgis.org's validator, QGIS-Django
qgis-app/plugins/validator.py, and QGIS's own "Install from ZIP"), byte-for-
byte reproducibility, and the ZIP installed into an empty QGIS profile
running an algorithm from there.

The rules are checked here with code of their own (zipfile, configparser),
not with the build script's."""

import configparser
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from urllib.parse import urlparse

import numpy as np
import pytest
from conftest import ROOT
from helpers import QGIS_PROCESS, read_csv, read_raster

BUILD = os.path.join(ROOT, "scripts", "build_zip.py")
# what the plugin folder ships (issue 15): the entry files and these folders
SHIPPED_TOP = {"__init__.py", "__main__.py", "plugin.py", "cli.py", "metadata.txt", "LICENSE",
               "README.md", "CHANGELOG.md",
               "algorithms", "core", "docs", "i18n", "resources"}
NEVER_SHIPPED = re.compile(r"(^|/)(__pycache__|__MACOSX|\.git[^/]*)(/|$)|\.pyc$|\.aux\.xml$")
# plugins.qgis.org validator: required and recommended metadata, size limit
REPOSITORY_REQUIRED = ["name", "description", "version", "qgisMinimumVersion", "author", "email",
                       "about", "tracker", "repository"]
RECOMMENDED = ["homepage", "tags", "icon", "category", "experimental", "deprecated", "changelog",
               "hasProcessingProvider"]
MAX_UPLOAD_BYTES = 25_000_000
# leading bytes of executables and shared libraries: ELF, PE, Mach-O (64, 32, fat)
EXECUTABLE_MAGIC = (b"\x7fELF", b"MZ", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe",
                    b"\xca\xfe\xba\xbe")


def build(*args):
    return subprocess.run([sys.executable, BUILD] + list(args), capture_output=True, text=True,
                          timeout=120)


def metadata_of(archive):
    parser = configparser.ConfigParser()
    parser.optionxform = str                  # keys are case-sensitive, as on plugins.qgis.org
    parser.read_string(archive.read("landcarbon/metadata.txt").decode("utf-8"))
    return parser["general"]


def tracked_files():
    out = subprocess.run(["git", "-C", ROOT, "ls-files", "-z"], capture_output=True, check=True)
    return [p for p in out.stdout.decode().split("\0") if p]


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    """The ZIP the README's command builds, into a temporary folder."""
    folder = tmp_path_factory.mktemp("dist")
    proc = build("--output-dir", str(folder))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    parser = configparser.ConfigParser()
    parser.read(os.path.join(ROOT, "metadata.txt"), encoding="utf-8")
    path = folder / ("landcarbon-%s.zip" % parser["general"]["version"])
    assert os.listdir(folder) == [path.name]
    return path


def test_zip_holds_the_plugin_folder_and_only_what_git_tracks(release):
    with zipfile.ZipFile(release) as archive:
        names = archive.namelist()
        contents = {name: archive.read(name) for name in names}
    assert all(name.startswith("landcarbon/") for name in names)
    shipped = {name[len("landcarbon/"):] for name in names}
    # every tracked file of the shipped folders, nothing else (no tests, scripts,
    # .venv, .ci, caches or other untracked files of this working tree)
    expected = {p for p in tracked_files()
                if p.split("/")[0] in SHIPPED_TOP and not NEVER_SHIPPED.search(p)
                and os.path.isfile(os.path.join(ROOT, p))}     # not being deleted
    assert shipped == expected
    assert {p.split("/")[0] for p in shipped} == SHIPPED_TOP
    for must in ("algorithms/provider.py", "resources/icon.svg", "i18n/landcarbon_zh_CN.qm",
                 "resources/models/scenariotocarbon.model3", "resources/scenarios/NE.csv",
                 "resources/carbon/pools_plum_island.csv", "docs/cars.md"):
        assert must in shipped, must
    for name, data in contents.items():       # the working-tree content of each file
        with open(os.path.join(ROOT, name[len("landcarbon/"):]), "rb") as fh:
            assert fh.read() == data, name
    # the sample rasters are the published ones (their SHA256SUMS)
    sample = "landcarbon/resources/sample_data/plum_island/"
    sums = contents[sample + "SHA256SUMS"].decode().split()
    for digest, file_name in zip(sums[::2], sums[1::2]):
        assert hashlib.sha256(contents[sample + file_name]).hexdigest() == digest, file_name


def test_zip_passes_the_plugin_repository_rules(release):
    assert os.path.getsize(release) <= MAX_UPLOAD_BYTES
    with zipfile.ZipFile(release) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        infos = archive.infolist()
        general = metadata_of(archive)
        base_py = archive.read("landcarbon/algorithms/base.py").decode("utf-8")
        licence = archive.read("landcarbon/LICENSE").decode("utf-8")
        binaries = [n for n in names if archive.read(n).startswith(EXECUTABLE_MAGIC)]
    # paths: no traversal, no bytecode or VCS folders, one top folder with a valid name
    assert not [n for n in names if ".." in n or n.startswith("/") or "\\" in n]
    assert not [n for n in names if NEVER_SHIPPED.search(n)]
    assert not [n for n in names if n.lower().endswith((".so", ".pyd", ".dll", ".dylib", ".exe"))]
    assert binaries == []
    top = names[0][:names[0].index("/")]            # how the validator finds the package
    assert top == "landcarbon" and re.fullmatch(r"[A-Za-z][A-Za-z0-9-_]+", top)
    assert {n.split("/")[0] for n in names} == {"landcarbon"}
    for required in ("__init__.py", "metadata.txt", "LICENSE"):
        assert "landcarbon/" + required in names
    assert "GNU GENERAL PUBLIC LICENSE" in licence     # QGIS plugins are GPL
    # QGIS "Install from ZIP" installs into the folder of the shortest metadata.txt
    metadata_files = sorted(n for n in names if n.endswith("metadata.txt"))
    assert metadata_files == ["landcarbon/metadata.txt"]
    # metadata
    for key in REPOSITORY_REQUIRED + RECOMMENDED:
        assert general.get(key, "").strip(), key
    repository = re.search(r'REPOSITORY_URL = "([^"]+)"', base_py).group(1)
    assert general["repository"] == repository
    assert general["tracker"] == repository + "/issues"
    for key in ("repository", "tracker", "homepage"):
        url = urlparse(general[key])
        assert url.scheme == "https" and url.netloc, key
    assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]+", general["email"])
    assert "/" not in general["author"]
    for key in ("experimental", "deprecated", "server"):
        assert general[key] in ("True", "False"), key
    assert "landcarbon/" + general["icon"] in names
    for command in ("python -m pip install scikit-learn", "python3-sklearn",
                    "/Applications/QGIS.app/Contents/MacOS/bin/python3"):
        assert command in general["about"], command
    # the version names the ZIP and agrees with the other places that state it
    version = general["version"]
    assert release.name == "landcarbon-%s.zip" % version
    with open(os.path.join(ROOT, "pyproject.toml"), encoding="utf-8") as fh:
        assert re.search(r'^version = "([^"]+)"', fh.read(), re.M).group(1) == version
    with open(os.path.join(ROOT, "CHANGELOG.md"), encoding="utf-8") as fh:
        # the newest entry of the changelog is the version that ships
        assert re.search(r"^## (\S+)", fh.read(), re.M).group(1) == version
    # reproducible: sorted entries, fixed times, plain files
    assert names == sorted(names)
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.external_attr >> 16 for info in infos} == {0o100644}


def test_the_same_files_give_the_same_bytes(tmp_path, release):
    again = build("--output-dir", str(tmp_path / "again"))
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again" / release.name).read_bytes() == release.read_bytes()
    # from a commit: twice the same bytes, each file as git stores it in HEAD
    for name in ("a", "b"):
        proc = build("--ref", "HEAD", "--output-dir", str(tmp_path / name))
        assert proc.returncode == 0, proc.stderr
    (zip_a,), (zip_b,) = (list((tmp_path / n).iterdir()) for n in ("a", "b"))
    assert zip_a.read_bytes() == zip_b.read_bytes()
    with zipfile.ZipFile(zip_a) as archive:
        shipped = {n[len("landcarbon/"):]: archive.read(n) for n in archive.namelist()}
    listing = subprocess.run(["git", "-C", ROOT, "ls-tree", "-r", "-z", "HEAD"],
                             capture_output=True, check=True).stdout.decode().split("\0")
    blobs = dict(reversed(entry.split("\t", 1)) for entry in listing if entry)
    assert set(shipped) <= set(blobs)
    for path, data in shipped.items():
        blob_id = blobs[path].split()[2]
        stored = subprocess.run(["git", "-C", ROOT, "cat-file", "blob", blob_id],
                                capture_output=True, check=True).stdout
        assert data == stored, path


def test_zip_installs_into_an_empty_profile_and_runs_there(tmp_path, release):
    profile = tmp_path / "profile"
    plugins = profile / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    with zipfile.ZipFile(release) as archive:
        archive.extractall(plugins)
    installed = plugins / "landcarbon"
    # only the ZIP's copy can be found: no QGIS_PLUGINPATH, a fresh profile;
    # bytecode is allowed so that the imported copy leaves its __pycache__
    env = {k: v for k, v in os.environ.items()
           if k not in ("QGIS_PLUGINPATH", "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env.update(QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(profile),
               XDG_RUNTIME_DIR=str(runtime))

    def qgis_process(*args):
        return subprocess.run([QGIS_PROCESS] + list(args), capture_output=True, text=True,
                              timeout=600, env=env)

    enable = qgis_process("plugins", "enable", "landcarbon")
    assert enable.returncode == 0, enable.stdout + enable.stderr
    assert "Enabled landcarbon" in enable.stdout
    data = tmp_path / "data"          # a copy of the shipped sample data (inputs stay as shipped)
    shutil.copytree(installed / "resources" / "sample_data" / "plum_island", data)
    years = (1985, 1991, 1999)
    out = tmp_path / "out"
    run = qgis_process("run", "landcarbon:landusechange", "--json", "--",
                       *["INPUTS=%s" % (data / ("lu_pie_%d.tif" % y)) for y in years],
                       "YEARS=1985,1991,1999", "CLASSES=%s" % (data / "classes.csv"),
                       "OUTPUT_AREAS=%s" % (out / "areas.csv"),
                       "OUTPUT_TRANSITIONS=%s" % (out / "transitions.csv"),
                       "OUTPUT_CHANGE=%s" % (out / "change.tif"))
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads(run.stdout[run.stdout.index("{"):])["results"]
    assert results["OUTPUT_AREAS"] == str(out / "areas.csv")
    for name in ("areas.csv", "transitions.csv", "change.tif"):
        assert (out / name).stat().st_size > 0, name
    # the code that ran is the installed copy: Python compiled it there
    for module in ("algorithms/landusechange", "core/landuse/change"):
        folder, stem = os.path.split(module)
        compiled = [f for f in os.listdir(installed / folder / "__pycache__")
                    if f.startswith(stem + ".")]
        assert compiled, module
    # the numbers: cells per class and 1985 -> 1991 transitions counted here with numpy
    maps = {y: read_raster(data / ("lu_pie_%d.tif" % y)) for y in years}
    areas = {row["code"]: row for row in read_csv(out / "areas.csv")}
    for year in years:
        for code in (1, 2, 3):
            assert int(areas[str(code)]["cells_%d" % year]) == np.count_nonzero(maps[year] == code)
    rows = [r for r in read_csv(out / "transitions.csv")
            if (r["year_from"], r["year_to"], r["unit"]) == ("1985", "1991", "cells")
            and r["from_code"] != "total"]
    assert len(rows) == 3
    for row in rows:
        for to in (1, 2, 3):
            expected = np.count_nonzero((maps[1985] == int(row["from_code"])) & (maps[1991] == to))
            assert int(row["to_%d" % to]) == expected


def load_build_module():
    spec = importlib.util.spec_from_file_location("build_zip_under_test", BUILD)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_refuses_what_the_repository_would_refuse(tmp_path, monkeypatch):
    build_zip = load_build_module()
    entry = {"__init__.py": b"", "metadata.txt": b"[general]\nversion=1.0\n", "LICENSE": b"GPL"}
    with pytest.raises(build_zip.BuildError, match=r"LICENSE missing .*plugins.qgis.org"):
        build_zip.check_shippable({k: v for k, v in entry.items() if k != "LICENSE"})
    with pytest.raises(build_zip.BuildError, match=r"compiled files .*core/fast\.so, "
                                                   r"resources/tool\. .*export-ignore"):
        build_zip.check_shippable(dict(entry, **{"core/fast.so": b"x",
                                                 "resources/tool": b"\x7fELF\x02"}))
    with pytest.raises(build_zip.BuildError, match=r"no readable \[general\] version"):
        build_zip.plugin_version({"metadata.txt": b"[general]\nname=LandCarbon\n"})
    with pytest.raises(build_zip.BuildError, match=r"version '1 0' cannot name the ZIP"):
        build_zip.plugin_version({"metadata.txt": b"[general]\nversion=1 0\n"})
    # too big for plugins.qgis.org: refused, nothing left behind
    monkeypatch.setattr(build_zip, "MAX_ZIP_BYTES", 100)
    with pytest.raises(build_zip.BuildError, match=r"more than the 0.0001 MB plugins.qgis.org"):
        build_zip.write_zip(dict(entry, big=os.urandom(1000)), str(tmp_path / "big.zip"))
    assert os.listdir(tmp_path) == []
    # an unknown commit: a message, exit status 1, no ZIP
    proc = build("--ref", "no-such-tag", "--output-dir", str(tmp_path / "out"))
    assert proc.returncode == 1
    assert proc.stderr.startswith("build_zip: git archive") and "no-such-tag" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists() or os.listdir(tmp_path / "out") == []
