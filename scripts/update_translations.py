"""Refresh and compile the plugin's translations.

    .venv/bin/python scripts/update_translations.py        (or: bash scripts/update_translations.sh)

1. pylupdate5 (pyqt5-dev-tools) extracts every tr() string of plugin.py and
   algorithms/ into a fresh .ts;
2. all contexts are merged into the single context 'LandCarbon' that the
   plugin's tr() uses at run time (pylupdate5 names contexts after classes),
   and existing translations of i18n/landcarbon_<lang>.ts are kept;
   strings of the HTML report (core/report_strings.py: REPORT_STRINGS) are added;
3. lrelease (qttools5-dev-tools) compiles i18n/landcarbon_<lang>.qm.
Untranslated strings are listed, so a translator knows what is left.
"""

import glob
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
    if os.path.exists(report):
        namespace = {}
        exec(open(report, encoding="utf-8").read(), namespace)
        for text in namespace.get("REPORT_STRINGS", []):
            if text not in seen:
                seen.add(text)
                strings.append(text)
    return strings


def existing(path):
    if not os.path.exists(path):
        return {}
    out = {}
    for message in ET.parse(path).getroot().iter("message"):
        translation = message.find("translation")
        if translation is not None and translation.text and translation.get("type") != "unfinished":
            out[message.findtext("source")] = translation.text
    return out


def write_ts(path, language, strings, translations):
    ts = ET.Element("TS", version="2.1", language=language)
    context = ET.SubElement(ts, "context")
    ET.SubElement(context, "name").text = CONTEXT
    missing = []
    for text in strings:
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = text
        translation = ET.SubElement(message, "translation")
        if text in translations:
            translation.text = translations[text]
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
        missing = write_ts(ts, language, strings, existing(ts))
        subprocess.run(["lrelease", "-silent", ts, "-qm", ts[:-3] + ".qm"], check=True)
        print("%s: %d strings, %d untranslated" % (os.path.basename(ts), len(strings), len(missing)))
        for text in missing:
            print("  untranslated:", text[:100].replace("\n", " "))


if __name__ == "__main__":
    main()
