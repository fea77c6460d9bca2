"""The Chinese interface: translations load for the zh_CN locale, in process
and under qgis_process."""

import os
import re

from conftest import ROOT
from helpers import IsolatedQgisProcess

CJK = re.compile(r"[\u4e00-\u9fff]")


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


def test_qgis_process_lists_chinese_names_under_the_zh_CN_locale(tmp_path):
    qgis_process = IsolatedQgisProcess(tmp_path, ROOT, locale="zh_CN")
    listing = qgis_process(["list"])
    line = [ln for ln in listing.stdout.splitlines() if "landcarbon:landusechange" in ln][0]
    assert CJK.search(line), line


def test_report_headings_are_translated(landcarbon_provider):
    from landcarbon.algorithms.base import tr
    from landcarbon.core.study.report_strings import REPORT_STRINGS
    from landcarbon.i18n import install_translator, remove_translator
    assert install_translator("zh_CN")
    try:
        untranslated = [s for s in REPORT_STRINGS if not CJK.search(tr(s))]
    finally:
        remove_translator()
    assert untranslated == []


def test_every_spec_text_has_a_translation():
    """The labels, help texts and choices of the core specs (which the tools
    show through tr()) are extracted by scripts/update_translations.py and
    translated: none is lost when a tool is made from a spec."""
    import importlib.util
    path = os.path.join(ROOT, "scripts", "update_translations.py")
    spec = importlib.util.spec_from_file_location("update_translations", path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    texts = script.spec_texts()
    assert len(texts) > 300
    _order, translations = script.existing(os.path.join(ROOT, "i18n", "landcarbon_zh_CN.ts"))
    assert [t for t in texts if not CJK.search(translations.get(t, ""))] == []
