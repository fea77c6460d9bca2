"""Refresh and compile the plugin's translations.

    .venv/bin/python scripts/update_translations.py        (or: bash scripts/update_translations.sh)

1. pylupdate5 (pyqt5-dev-tools) extracts every tr() string of plugin.py and
   algorithms/ into a fresh .ts;
2. all contexts are merged into the single context 'LandCarbon' that the
   plugin's tr() uses at run time (pylupdate5 names contexts after classes),
   and existing translations of i18n/landcarbon_<lang>.ts are kept;
   strings of the HTML report (core/study/report_strings.py: REPORT_STRINGS)
   and the labels, help texts and choice labels of every parameter spec of
   the core (core/<package>/settings.py, core/common/spec.py ``texts``; the
   tools show them through tr()) are added;
3. lrelease (qttools5-dev-tools) compiles i18n/landcarbon_<lang>.qm.
Untranslated strings are listed, so a translator knows what is left.
"""

import dataclasses
import glob
import importlib.util
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
I18N = os.path.join(ROOT, "i18n")
CONTEXT = "LandCarbon"
LANGUAGES = ["zh_CN"]


def sources():
    files = ([os.path.join(ROOT, "plugin.py"), os.path.join(ROOT, "scripts", "build_models.py")]
             + sorted(glob.glob(os.path.join(ROOT, "algorithms", "*.py"))))
    return [f for f in files if os.path.exists(f)]


def extract():
    """Source strings in order of appearance, from pylupdate5."""
    with tempfile.TemporaryDirectory() as tmp:
        ts = os.path.join(tmp, "fresh.ts")
        subprocess.run(["pylupdate5", "-noobsolete"] + sources() + ["-ts", ts], check=True,
                       capture_output=True)
        tree = ET.parse(ts)
    seen, strings = set(), []
    for message in tree.getroot().iter("message"):
        text = message.findtext("source")
        if text and text not in seen:
            seen.add(text)
            strings.append(text)
    sys.path.insert(0, os.path.dirname(ROOT))
    report = os.path.join(ROOT, "core", "study", "report_strings.py")
    extra = []
    if os.path.exists(report):
        namespace = {}
        exec(open(report, encoding="utf-8").read(), namespace)
        extra += namespace.get("REPORT_STRINGS", [])
    for text in extra + spec_texts():
        if text not in seen:
            seen.add(text)
            strings.append(text)
    return strings


def load_package(name="landcarbon", root=ROOT):
    """Import the plugin folder as package ``name`` (as tests/conftest.py
    does), whatever the folder is called."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name, os.path.join(root, "__init__.py"), submodule_search_locations=[root])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def spec_texts():
    """Labels, help texts and choice labels of every parameter spec the core
    packages export (settings classes and tuples of inputs and outputs), in
    the order of the packages' __all__."""
    load_package()
    from landcarbon.core.common import spec
    specs = []
    for name in sorted(n for n in os.listdir(os.path.join(ROOT, "core"))
                       if os.path.exists(os.path.join(ROOT, "core", n, "__init__.py"))):
        package = importlib.import_module("landcarbon.core." + name)
        for attr in getattr(package, "__all__", []):
            obj = getattr(package, attr)
            if isinstance(obj, type) and dataclasses.is_dataclass(obj) and spec.params(obj):
                specs.append(obj)
            elif isinstance(obj, tuple) and obj and all(isinstance(p, spec.Param) for p in obj):
                specs.append(obj)
    return spec.texts(*specs)


def existing(path):
    """(source texts in the file's order, {source: translation}) of an
    existing .ts; finished and vanished translations count."""
    if not os.path.exists(path):
        return [], {}
    order, out = [], {}
    for message in ET.parse(path).getroot().iter("message"):
        source = message.findtext("source")
        order.append(source)
        translation = message.find("translation")
        finished = translation is not None and translation.get("type") != "unfinished"
        if finished and translation.text:
            out[source] = translation.text
    return order, out


def write_ts(path, language, strings, order, translations):
    """The .ts: the texts already in it keep their place (a refresh gives a
    reviewable diff), new ones follow in source order; a translation whose
    text no source uses any more stays, marked vanished (lrelease leaves it
    out of the .qm; it comes back if the text does)."""
    current = set(strings)
    ordered = [t for t in order if t in current or t in translations] + \
        [t for t in strings if t not in set(order)]
    ts = ET.Element("TS", version="2.1", language=language)
    context = ET.SubElement(ts, "context")
    ET.SubElement(context, "name").text = CONTEXT
    missing = []
    for text in ordered:
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = text
        translation = ET.SubElement(message, "translation")
        if text in translations:
            translation.text = translations[text]
            if text not in current:
                translation.set("type", "vanished")
        else:
            translation.set("type", "unfinished")
            missing.append(text)
    ET.indent(ts)
    with open(path, "wb") as fh:
        fh.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        fh.write(ET.tostring(ts, encoding="utf-8"))
        fh.write(b"\n")
    return missing


def main():
    strings = extract()
    for language in LANGUAGES:
        ts = os.path.join(I18N, "landcarbon_%s.ts" % language)
        order, translations = existing(ts)
        missing = write_ts(ts, language, strings, order, translations)
        subprocess.run(["lrelease", "-silent", ts, "-qm", ts[:-3] + ".qm"], check=True)
        print("%s: %d strings, %d untranslated" % (os.path.basename(ts), len(strings),
                                                   len(missing)))
        for text in missing:
            print("  untranslated:", text[:100].replace("\n", " "))


if __name__ == "__main__":
    main()
