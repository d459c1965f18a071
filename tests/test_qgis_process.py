"""The plugin works from the command line: `qgis_process.bin` lists and runs its algorithms."""

from __future__ import annotations

import csv
import json
import os
import subprocess

from tests.conftest import ROOT


def qgis_process(args, profile, locale=None, timeout=600):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_PLUGINPATH=ROOT,
               QGIS_CUSTOM_CONFIG_PATH=str(profile))
    if locale:
        ini = profile / "profiles" / "default" / "QGIS" / "QGIS3.ini"
        ini.parent.mkdir(parents=True, exist_ok=True)
        text = ini.read_text(encoding="utf-8") if ini.exists() else ""
        if "[locale]" not in text:
            text += "\n[locale]\nuserLocale={}\noverrideFlag=true\n".format(locale)
        ini.write_text(text, encoding="utf-8")
    return subprocess.run(["qgis_process.bin", *args], env=env, capture_output=True, text=True,
                          timeout=timeout)


def enabled_profile(tmp_path, locale=None):
    profile = tmp_path / "profile"
    result = qgis_process(["plugins", "enable", "cityhealth_plugin"], profile, locale)
    assert result.returncode == 0, result.stderr
    return profile


def test_qgis_process_lists_the_provider_in_chinese(tmp_path, provider):
    profile = enabled_profile(tmp_path, locale="zh_CN")
    result = qgis_process(["list"], profile)
    assert result.returncode == 0, result.stderr
    assert "城市体检" in result.stdout
    for alg in provider.algorithms():
        assert alg.id() in result.stdout


def test_qgis_process_help_for_every_algorithm(tmp_path, provider):
    profile = enabled_profile(tmp_path)
    for alg in provider.algorithms():
        result = qgis_process(["help", alg.id()], profile)
        assert result.returncode == 0, (alg.id(), result.stderr)
        assert alg.displayName() in result.stdout


def run_json(profile, algorithm, params):
    args = ["run", algorithm, "--json", "--"] + ["{}={}".format(k, v) for k, v in params.items()]
    result = qgis_process(args, profile)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout[result.stdout.index("{"):])


def test_qgis_process_runs_democity_from_the_command_line(tmp_path):
    profile = enabled_profile(tmp_path)
    folder = tmp_path / "示例城市"
    result = run_json(profile, "cityhealth:democity", {"SIZE": 0, "SEED": 11, "OUTPUT_FOLDER": str(folder)})
    outputs = result["results"]
    assert outputs["GEOPACKAGE"] == str(folder / "democity.gpkg")
    assert 1800 <= outputs["BUILDINGS"] <= 2200
    assert outputs["BUILDINGS_LAYER"] == str(folder / "democity.gpkg") + "|layername=buildings"
    assert (folder / "ground_truth.csv").exists()
    with open(folder / "ground_truth.csv", encoding="utf-8") as handle:
        truth = list(csv.DictReader(handle))
    # the ground truth also lists the deliberately blank rows; REPORT_ROWS counts the others
    assert sum(1 for row in truth if row["blank"] != "1") == outputs["REPORT_ROWS"]
