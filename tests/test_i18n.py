"""Chinese first: the zh_CN translation is complete, in sync with the sources, and used at run time."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

from qgis.PyQt.QtCore import QCoreApplication

from tests.conftest import ROOT

PLUGIN = os.path.join(ROOT, "cityhealth_plugin")
TS = os.path.join(PLUGIN, "i18n", "cityhealth_zh_CN.ts")
FIELD = re.compile(r"\{[a-z_0-9]*\}")


def sources():
    found = []
    for folder, dirs, files in os.walk(PLUGIN):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found += [os.path.join(folder, f) for f in files if f.endswith(".py")]
    return sorted(found)


def ts_messages(path):
    for context in ET.parse(path).getroot().iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name"), message


def test_every_message_is_translated_and_keeps_its_fields():
    problems = []
    for context, message in ts_messages(TS):
        source = message.findtext("source")
        translation = message.find("translation")
        if translation.get("type") == "unfinished" or not (translation.text or "").strip():
            problems.append("untranslated: {} / {}".format(context, source))
        elif sorted(FIELD.findall(source)) != sorted(FIELD.findall(translation.text)):
            problems.append("fields differ: {} / {}".format(context, source))
    assert problems == []


def test_ts_file_is_in_sync_with_the_sources(tmp_path):
    copy = tmp_path / "check.ts"
    shutil.copy(TS, copy)
    subprocess.run(["pylupdate5", "-noobsolete", *sources(), "-ts", str(copy)], check=True,
                   capture_output=True)
    new = [(c, m.findtext("source")) for c, m in ts_messages(str(copy))
           if m.find("translation").get("type") == "unfinished"]
    assert new == [], "run `make translate` and translate these"
    before = {(c, m.findtext("source")) for c, m in ts_messages(TS)}
    after = {(c, m.findtext("source")) for c, m in ts_messages(str(copy))}
    assert before == after


def test_provider_and_algorithms_speak_chinese(provider):
    from cityhealth_plugin.i18n import install_translator, remove_translator

    assert install_translator("zh_CN").endswith("cityhealth_zh_CN.qm")
    try:
        assert provider.name() == "城市体检"
        assert QCoreApplication.translate("Groups", "Spatial ledger") == "空间台账"
        from qgis.core import QgsProcessingModelAlgorithm

        for alg in provider.algorithms():
            if isinstance(alg, QgsProcessingModelAlgorithm):
                continue
            assert re.search("[\u4e00-\u9fff]", alg.displayName()), alg.id()
            assert re.search("[\u4e00-\u9fff]", alg.shortHelpString()), alg.id()
            assert re.search("[\u4e00-\u9fff]", alg.group()), alg.id()
    finally:
        remove_translator()


def test_every_parameter_and_output_label_is_translated(provider):
    """Labels built in loops are literal ``self.tr("…")`` calls (pylupdate5 extracts nothing from
    ``self.tr(label)``): a fresh instance under the zh_CN translator labels everything in Chinese."""
    from qgis.core import QgsProcessingModelAlgorithm

    from cityhealth_plugin.i18n import install_translator, remove_translator

    assert install_translator("zh_CN")
    try:
        untranslated = []
        for alg in provider.algorithms():
            if isinstance(alg, QgsProcessingModelAlgorithm):
                continue
            fresh = alg.create()
            for item in list(fresh.parameterDefinitions()) + list(fresh.outputDefinitions()):
                if not re.search("[\u4e00-\u9fff]", item.description()):
                    untranslated.append("{}: {} ({})".format(alg.id(), item.name(), item.description()))
        assert untranslated == []
    finally:
        remove_translator()
