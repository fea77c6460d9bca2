"""The Chinese interface: translations load for the zh_CN locale, in process
and under qgis_process."""

import os
import re
import shutil
import subprocess

import pytest
from conftest import ROOT

CJK = re.compile(r"[\u4e00-\u9fff]")
QGIS_PROCESS = shutil.which("qgis_process.bin") or "/usr/bin/qgis_process.bin"


def test_translation_files_are_shipped():
    assert os.path.exists(os.path.join(ROOT, "i18n", "landcarbon_zh_CN.ts"))
    assert os.path.exists(os.path.join(ROOT, "i18n", "landcarbon_zh_CN.qm"))


def test_algorithm_names_groups_and_help_in_chinese(landcarbon_provider):
    from landcarbon.i18n import install_translator, remove_translator
    english = {a.name(): a.displayName() for a in landcarbon_provider.algorithms()}
    assert install_translator("zh_CN")
    try:
        for alg in landcarbon_provider.algorithms():
            if not alg.name().islower() or alg.name() not in english:
                continue
            fresh = alg.createInstance()
            fresh.initAlgorithm()
            assert CJK.search(fresh.displayName()), alg.name()
            assert fresh.displayName() != english[alg.name()]
            assert CJK.search(fresh.group()), alg.name()
            assert CJK.search(fresh.shortHelpString()), alg.name()
            for definition in fresh.parameterDefinitions():
                assert CJK.search(definition.description()), (alg.name(), definition.name())
    finally:
        remove_translator()
    assert landcarbon_provider.algorithm("landusechange").displayName() == \
        "Land-use change statistics"


@pytest.mark.skipif(not os.path.exists(QGIS_PROCESS), reason="qgis_process.bin not installed")
def test_qgis_process_lists_chinese_names_under_the_zh_CN_locale(tmp_path):
    profile, plugins = tmp_path / "profile", tmp_path / "plugins"
    ini = profile / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text("[locale]\noverrideFlag=true\nuserLocale=zh_CN\n")
    plugins.mkdir()
    os.symlink(ROOT, plugins / "landcarbon")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(profile),
               QGIS_PLUGINPATH=str(plugins), XDG_RUNTIME_DIR=str(profile))
    enable = subprocess.run([QGIS_PROCESS, "plugins", "enable", "landcarbon"],
                            capture_output=True, text=True, timeout=300, env=env)
    assert enable.returncode == 0, enable.stdout + enable.stderr
    listing = subprocess.run([QGIS_PROCESS, "list"], capture_output=True, text=True,
                             timeout=300, env=env)
    line = [ln for ln in listing.stdout.splitlines() if "landcarbon:landusechange" in ln][0]
    assert CJK.search(line), line


def test_report_headings_are_translated(landcarbon_provider):
    from landcarbon.algorithms.base import tr
    from landcarbon.core.report_strings import REPORT_STRINGS
    from landcarbon.i18n import install_translator, remove_translator
    assert install_translator("zh_CN")
    try:
        untranslated = [s for s in REPORT_STRINGS if not CJK.search(tr(s))]
    finally:
        remove_translator()
    assert untranslated == []
