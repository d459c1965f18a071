"""The plugin loads like QGIS loads it, registers its provider and states true metadata."""

from __future__ import annotations

import configparser
import os

from qgis.core import QgsApplication

from tests.conftest import ROOT

METADATA = os.path.join(ROOT, "cityhealth_plugin", "metadata.txt")


def read_metadata():
    parser = configparser.ConfigParser()
    parser.read(METADATA, encoding="utf-8")
    return parser["general"]


def test_provider_is_registered_with_stable_id(provider):
    registry = QgsApplication.processingRegistry()
    assert registry.providerById("cityhealth") is provider
    assert provider.id() == "cityhealth"
    assert not provider.icon().isNull()


def test_metadata_declares_processing_provider_and_versions():
    meta = read_metadata()
    assert meta["hasProcessingProvider"] == "yes"
    assert meta["qgisMinimumVersion"] == "3.22"
    assert meta["qgisMaximumVersion"] == "4.99"
    assert os.path.exists(os.path.join(ROOT, "cityhealth_plugin", meta["icon"]))
    for key in ("name", "description", "about", "version", "author", "email", "repository"):
        assert meta[key].strip(), key


def test_core_never_imports_qgis():
    core = os.path.join(ROOT, "cityhealth_plugin", "core")
    offenders = []
    for folder, _dirs, files in os.walk(core):
        for name in files:
            if name.endswith(".py"):
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    for number, line in enumerate(handle, 1):
                        stripped = line.strip()
                        if stripped.startswith(("import qgis", "from qgis")):
                            offenders.append("{}:{}".format(name, number))
    assert offenders == []


def test_every_algorithm_has_stable_id_group_and_help(provider):
    from qgis.core import QgsProcessingModelAlgorithm

    from cityhealth_plugin.processing.base import GROUPS

    for alg in provider.algorithms():
        if isinstance(alg, QgsProcessingModelAlgorithm):
            continue
        assert alg.name() == alg.name().lower() and " " not in alg.name()
        assert alg.groupId() in GROUPS
        assert alg.displayName() and alg.shortHelpString(), alg.id()
        assert alg.id() == "cityhealth:" + alg.name()


def _test_sources():
    texts = []
    for folder, _dirs, files in os.walk(os.path.join(ROOT, "tests")):
        for name in files:
            if name.endswith(".py") and name != "test_plugin.py":
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    texts.append(handle.read())
    return "\n".join(texts)


def test_every_algorithm_is_run_by_a_test_and_listed_in_the_readme(provider):
    tests = _test_sources()
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    not_run = [a.id() for a in provider.algorithms() if '"{}"'.format(a.id()) not in tests]
    not_listed = [a.id() for a in provider.algorithms() if "`{}`".format(a.id()) not in readme]
    assert not_run == []
    assert not_listed == []


def test_gui_menu_lists_review_and_every_algorithm_and_unloads(plugin):
    registry = QgsApplication.processingRegistry()
    plugin.initGui()
    try:
        labels = [action.text() for _menu, action in plugin.actions]
        assert len(labels) == 3 + len(plugin.provider.algorithms())  # review, indicators, export maps
        assert any("unmatched" in label or "未匹配" in label for label in labels)
        assert any("Indicator configuration" in label or "指标配置" in label for label in labels)
    finally:
        plugin.unload()
        assert plugin.actions == [] and plugin.provider is None
        assert registry.providerById("cityhealth") is None
        plugin.initProcessing()  # leave the provider registered for the other tests
    assert registry.providerById("cityhealth") is plugin.provider
