"""metadata.txt's QGIS range agrees with the QGIS running the suite and with the versions the README tests.

The suite runs on the host's QGIS 3.22 LTR, on QGIS 3.40 LTR in a Debian 13 chroot and on QGIS 3.44
in a Debian 14 (forky) chroot (scripts/qgisroot.sh 3.40|3.44); each run checks that its own QGIS is
inside the declared range and is one of the versions the README names in its "Tested with" sentence,
and that sentence names exactly the host's generation and those of scripts/qgisroot.sh.
"""

from __future__ import annotations

import configparser
import os
import re

from qgis.core import Qgis

from tests.conftest import ROOT

METADATA = os.path.join(ROOT, "cityhealth_plugin", "metadata.txt")
README = os.path.join(ROOT, "README.md")
QGISROOT = os.path.join(ROOT, "scripts", "qgisroot.sh")
HOST_GENERATION = (3, 22)  # Debian 12's QGIS, the host of `make test`


def parse_version(text: str) -> tuple[int, int]:
    """'3.22' or '3.40.6-Bratislava' -> (3, 22) / (3, 40): major and minor only."""
    match = re.match(r"\s*(\d+)\.(\d+)", text)
    assert match, f"not a QGIS version: {text!r}"
    return int(match.group(1)), int(match.group(2))


def readme_tested_versions(readme_text: str) -> list[tuple[int, int]]:
    """(major, minor) of every 'QGIS x.y' in the README's paragraph(s) starting with 'Tested with'."""
    versions = []
    paragraphs = re.split(r"\n\s*\n", readme_text)
    for paragraph in paragraphs:
        for start in re.finditer(r"^\s*Tested with\b", paragraph, flags=re.MULTILINE):
            sentence = paragraph[start.start():]
            versions += [(int(a), int(b)) for a, b in re.findall(r"\bQGIS\s+(\d+)\.(\d+)", sentence)]
    return sorted(set(versions))


def metadata_range() -> tuple[tuple[int, int], tuple[int, int]]:
    parser = configparser.ConfigParser()
    parser.read(METADATA, encoding="utf-8")
    general = parser["general"]
    return parse_version(general["qgisMinimumVersion"]), parse_version(general["qgisMaximumVersion"])


def running_version() -> tuple[int, int]:
    version_int = Qgis.QGIS_VERSION_INT          # 32213 for 3.22.13, 34006 for 3.40.6
    return version_int // 10000, version_int // 100 % 100


def readme_text() -> str:
    with open(README, encoding="utf-8") as handle:
        return handle.read()


def test_parse_version_keeps_major_and_minor():
    assert parse_version("3.22") == (3, 22)
    assert parse_version("4.99") == (4, 99)
    assert parse_version("3.40.6-Bratislava") == (3, 40)


def test_tested_versions_reads_the_tested_with_sentence_only():
    text = (
        "# 城市体检\n\nNeeds QGIS 3.10 or newer? No.\n\n"
        "Tested with QGIS 3.22 LTR (Debian 12: Python 3.11, pandas 1.5, openpyxl 3.0, shapely 1.8),\n"
        "QGIS 3.40 LTR (Debian 13: Python 3.13, pandas 2.2, openpyxl 3.1, shapely 2.1) and QGIS 3.44\n"
        "(Debian 14 forky).\n\n"
        "Install into QGIS 3.34 desktop.\n"
    )
    assert readme_tested_versions(text) == [(3, 22), (3, 40), (3, 44)]


def test_running_version_agrees_with_the_version_string():
    assert running_version() == parse_version(Qgis.QGIS_VERSION)


def test_metadata_range_contains_the_running_qgis():
    minimum, maximum = metadata_range()
    assert minimum == (3, 22)
    assert maximum == (4, 99)
    assert minimum <= running_version() <= maximum, Qgis.QGIS_VERSION


def test_running_qgis_is_a_version_the_readme_says_is_tested():
    tested = readme_tested_versions(readme_text())
    assert tested, "README.md has no 'Tested with QGIS x.y …' sentence"
    assert running_version() in tested, f"QGIS {Qgis.QGIS_VERSION} runs the suite; README says {tested}"


def test_readme_tested_versions_match_the_metadata_range():
    minimum, maximum = metadata_range()
    tested = readme_tested_versions(readme_text())
    assert tested, "README.md has no 'Tested with QGIS x.y …' sentence"
    assert all(minimum <= version <= maximum for version in tested), tested
    # The oldest QGIS the plugin claims to support is one it is actually tested on.
    assert tested[0] == minimum, f"qgisMinimumVersion {minimum} but oldest tested {tested[0]}"


def root_generations(script_text: str) -> list[tuple[int, int]]:
    """The QGIS generations scripts/qgisroot.sh builds roots for (its `  3.40) BASE=…` cases)."""
    cases = re.findall(r"^\s+(\d+\.\d+)\)\s+BASE=", script_text, re.MULTILINE)
    return sorted(parse_version(v) for v in cases)


def test_readme_names_exactly_the_generations_make_test_runs():
    with open(QGISROOT, encoding="utf-8") as handle:
        generations = root_generations(handle.read())
    assert generations == [(3, 40), (3, 44)]
    assert readme_tested_versions(readme_text()) == sorted([HOST_GENERATION] + generations)


def test_metadata_changelog_names_the_tested_generations():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(METADATA, encoding="utf-8")
    changelog = parser["general"]["changelog"]
    for major, minor in readme_tested_versions(readme_text()):
        assert "QGIS {}.{}".format(major, minor) in changelog or "{}.{}".format(major, minor) in changelog
