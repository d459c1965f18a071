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


def qm_translations(qm, messages):
    """What the compiled ``qm`` gives for each (context, source): QCoreApplication.translate with the
    .qm installed as the first translator asked (QTranslator.translate takes ASCII only in PyQt5)."""
    from qgis.PyQt.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(qm)), qm
    QCoreApplication.installTranslator(translator)
    try:
        return [QCoreApplication.translate(context, source) for context, source in messages]
    finally:
        QCoreApplication.removeTranslator(translator)


def test_committed_qm_is_compiled_from_the_ts():
    """The .qm is committed (the release zip and the chroot runs ship it as it is): every translation
    of the .ts comes out of it unchanged. After editing the .ts: `make qm` (or `make translate`)."""
    wanted = [(c, m.findtext("source"), m.find("translation").text or "") for c, m in ts_messages(TS)
              if m.find("translation").get("type") not in ("obsolete", "vanished")]
    got = qm_translations(os.path.join(PLUGIN, "i18n", "cityhealth_zh_CN.qm"), [w[:2] for w in wanted])
    stale = ["{} / {}".format(c, s) for (c, s, t), g in zip(wanted, got) if g != t]
    assert len(wanted) > 500
    assert stale == [], "the committed .qm is stale: `make qm` and commit it ({} messages)".format(len(stale))


def test_stale_qm_is_noticed(tmp_path):
    """The check above fails on a .qm compiled from a .ts with one translation changed."""
    tree = ET.parse(TS)
    context = next(tree.getroot().iter("context"))
    message = next(context.iter("message"))
    message.find("translation").text = "旧译文"
    ts = tmp_path / "old.ts"
    tree.write(str(ts), encoding="utf-8")
    qm = tmp_path / "old.qm"
    subprocess.run(["lrelease", "-silent", str(ts), "-qm", str(qm)], check=True, capture_output=True)
    assert qm_translations(qm, [(context.findtext("name"), message.findtext("source"))]) == ["旧译文"]
