"""`make package` builds the release zip a planner installs, and the unzipped plugin works.

- built as a plain user (nobody, when the suite runs as root) with `python3 -I -S` (no site-packages:
  no QGIS, no pandas) and no lrelease on PATH: the committed .qm ships; with lrelease: compiled from
  the .ts;
- metadata.txt in the zip carries every field the plugin repository needs;
- the zip unzipped into a fresh QGIS_PLUGINPATH loads in `qgis_process` with the system's Python only
  (every virtualenv is taken out of PATH, so python-calamine is absent and openpyxl reads the
  workbooks; a PYQGIS_STARTUP probe inside qgis_process proves it), lists every algorithm, and the
  shipped model, which runs every algorithm, runs from it on the demo city (the outputs of
  `scripts/demo.sh`). This runs on every QGIS generation of `make test`.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

import pytest

from tests.conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "scripts"))
import package  # noqa: E402  (scripts/package.py)

QM = os.path.join(ROOT, "cityhealth_plugin", "i18n", "cityhealth_zh_CN.qm")
QM_MEMBER = "cityhealth_plugin/i18n/cityhealth_zh_CN.qm"
NOBODY = 65534


def _others_can_enter(path: str) -> bool:
    """Every folder from / down to ``path`` lets other users through (o+x)."""
    path = os.path.abspath(path)
    while True:
        if not os.stat(path).st_mode & 0o001:
            return False
        parent = os.path.dirname(path)
        if parent == path:
            return True
        path = parent


def _root_for(user_folder: str) -> str:
    """ROOT when a plain user can reach it, else a copy of what scripts/package.py reads (the script and
    the plugin folder) in ``user_folder``: a checkout in a private folder (``mktemp -d`` makes it 0700)
    is packaged as a plain user just the same."""
    if _others_can_enter(ROOT):
        return ROOT
    copy = os.path.join(user_folder, "checkout")
    shutil.copytree(os.path.join(ROOT, "cityhealth_plugin"), os.path.join(copy, "cityhealth_plugin"),
                    ignore=shutil.ignore_patterns("__pycache__"))
    os.makedirs(os.path.join(copy, "scripts"))
    shutil.copy2(os.path.join(ROOT, "scripts", "package.py"), os.path.join(copy, "scripts"))
    for folder, dirs, files in os.walk(copy):
        for name in dirs + files:
            target = os.path.join(folder, name)
            os.chmod(target, os.stat(target).st_mode | 0o055)
    os.chmod(copy, 0o755)
    return copy


def build(dist: str, path: str, as_nobody: bool = False) -> subprocess.CompletedProcess:
    """scripts/package.py with the system's python3, isolated (-I) and without site-packages (-S)."""
    kwargs, root = {}, ROOT
    if as_nobody and os.geteuid() == 0:
        kwargs = {"user": NOBODY, "group": NOBODY, "extra_groups": []}
        root = _root_for(os.path.dirname(dist))
    return subprocess.run(["/usr/bin/python3", "-I", "-S", os.path.join(root, "scripts", "package.py"), dist],
                          env={"PATH": path, "LANG": "C.UTF-8"}, cwd="/", capture_output=True, text=True,
                          **kwargs)


@pytest.fixture(scope="module")
def release_zip():
    """The zip as a plain user builds it without lrelease: (path, stdout)."""
    folder = tempfile.mkdtemp(prefix="cityhealth-package-")
    os.chmod(folder, 0o777)  # writable by nobody
    try:
        empty_bin = os.path.join(folder, "bin")
        os.mkdir(empty_bin)
        result = build(os.path.join(folder, "dist"), empty_bin, as_nobody=True)
        assert result.returncode == 0, result.stdout + result.stderr
        (archive,) = [os.path.join(folder, "dist", n) for n in os.listdir(os.path.join(folder, "dist"))]
        yield archive, result.stdout
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_package_builds_as_a_plain_user_without_qgis_or_lrelease(release_zip):
    archive, stdout = release_zip
    assert "lrelease not found" in stdout
    if os.geteuid() == 0:
        assert os.stat(archive).st_uid == NOBODY
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        assert "cityhealth_plugin/__init__.py" in names and "cityhealth_plugin/metadata.txt" in names
        assert "cityhealth_plugin/models/cityhealth_demo.model3" in names
        assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".ts"))]
        assert names.count(QM_MEMBER) == 1
        with open(QM, "rb") as handle:
            assert zf.read(QM_MEMBER) == handle.read()  # the committed .qm


def test_package_compiles_the_qm_from_the_ts_with_lrelease(tmp_path):
    lrelease = shutil.which("lrelease")
    assert lrelease, "lrelease (qttools5-dev-tools) belongs to the test set-up"
    result = build(str(tmp_path / "dist"), os.path.dirname(lrelease))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "compiled" in result.stdout
    expected = tmp_path / "expected.qm"
    subprocess.run([lrelease, "-silent", package.TS, "-qm", str(expected)], check=True)
    (archive,) = list((tmp_path / "dist").glob("*.zip"))
    with zipfile.ZipFile(archive) as zf:
        assert zf.read(QM_MEMBER) == expected.read_bytes()


def test_metadata_in_the_zip_is_complete_for_the_plugin_repository(release_zip):
    archive, _stdout = release_zip
    meta = configparser.ConfigParser(interpolation=None)
    meta.optionxform = str
    with zipfile.ZipFile(archive) as zf:
        meta.read_string(zf.read("cityhealth_plugin/metadata.txt").decode("utf-8"))
        general = meta["general"]
        assert [k for k in package.REQUIRED_METADATA if not general.get(k, "").strip()] == []
        assert "cityhealth_plugin/" + general["icon"] in zf.namelist()
    assert archive.endswith("cityhealth_plugin-{}.zip".format(general["version"]))
    assert general["changelog"].split()[0] == general["version"]  # the changelog starts at this version
    assert re.search("[\u4e00-\u9fff]", general["about"]) and re.search("[A-Za-z]{5}", general["about"])
    for key in ("repository", "tracker", "homepage"):
        assert general[key].startswith("https://")
    assert general["supportsQt6"] in ("True", "False")
    assert general["hasProcessingProvider"] == "yes"


def test_package_refuses_incomplete_metadata(tmp_path):
    meta = tmp_path / "metadata.txt"
    with open(os.path.join(ROOT, "cityhealth_plugin", "metadata.txt"), encoding="utf-8") as handle:
        meta.write_text(re.sub(r"(?m)^tracker=.*\n", "", handle.read()), encoding="utf-8")
    assert package.missing_metadata(package.read_metadata(str(meta))) == ["tracker"]
    assert package.missing_metadata(package.read_metadata()) == []


# ------------------------------------------------------------------ the unzipped plugin in qgis_process

PROBE = r'''
import importlib.machinery, importlib.util, json, os, sys
_state = {"prefix": sys.prefix, "calamine": importlib.util.find_spec("python_calamine") is not None,
          "openpyxl": importlib.util.find_spec("openpyxl") is not None, "plugin": None}
def _write():
    with open(os.environ["CITYHEALTH_PROBE"], "w", encoding="utf-8") as handle:
        json.dump(_state, handle)
class _WhereIsThePlugin:  # records where the plugin package is imported from
    def find_spec(self, name, path=None, target=None):
        if name != "cityhealth_plugin":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        _state["plugin"] = spec.origin if spec else None
        _write()
        return spec
sys.meta_path.insert(0, _WhereIsThePlugin())
_write()
'''


def without_virtualenvs(path: str) -> str:
    """PATH without any virtualenv's bin folder (an embedded Python finds its prefix through PATH)."""
    keep = [d for d in path.split(os.pathsep)
            if d and not os.path.exists(os.path.join(d, os.pardir, "pyvenv.cfg"))]
    return os.pathsep.join(keep + ["/usr/bin", "/bin"])


def demo_outputs(out: str) -> dict:
    """The model's outputs as scripts/demo.sh passes them (child:output="$OUT/…"), under ``out``."""
    with open(os.path.join(ROOT, "scripts", "demo.sh"), encoding="utf-8") as handle:
        text = handle.read()
    pairs = re.findall(r'^\s+([A-Za-z0-9_]+:[A-Za-z0-9_]+)="\$OUT/([^"]+)"', text, re.MULTILINE)
    ledger = re.search(r'^LEDGER=\$OUT/(\S+)$', text, re.MULTILINE).group(1)  # the GeoPackage, not DEMO_DB
    pairs += [(key, ledger) for key in re.findall(r'^\s+([A-Za-z0-9_]+:[A-Za-z0-9_]+)="\$LEDGER"', text,
                                                    re.MULTILINE)]
    assert len(pairs) > 40 and len([k for k, v in pairs if v == ledger]) == 2
    return {key: os.path.join(out, value) for key, value in pairs}


def model_algorithms(text: str) -> set:
    root = ET.fromstring(text)
    return {o.get("value") for o in root.iter("Option") if o.get("name") == "alg_id"}


@pytest.fixture(scope="module")
def installed(release_zip, tmp_path_factory):
    """The zip unzipped into a fresh plugin folder, and qgis_process with the system's Python only."""
    archive, _stdout = release_zip
    base = tmp_path_factory.mktemp("安装")
    plugins = base / "plugins"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(plugins)
    (base / "tmp").mkdir()
    (base / "probe.py").write_text(PROBE, encoding="utf-8")
    env = {"PATH": without_virtualenvs(os.environ.get("PATH", "")), "HOME": str(base), "LANG": "C.UTF-8",
           "LC_ALL": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen", "QGIS_PLUGINPATH": str(plugins),
           "QGIS_CUSTOM_CONFIG_PATH": str(base / "profile"), "TMPDIR": str(base / "tmp"),
           "PYQGIS_STARTUP": str(base / "probe.py")}

    def run(args, probe_name, timeout=600):
        probe = base / probe_name
        result = subprocess.run(["qgis_process.bin", *args], env=dict(env, CITYHEALTH_PROBE=str(probe)),
                                cwd=str(base), capture_output=True, text=True, timeout=timeout)
        return result, (json.loads(probe.read_text(encoding="utf-8")) if probe.exists() else None)

    enabled, _probe = run(["plugins", "enable", "cityhealth_plugin"], "probe-enable.json")
    assert enabled.returncode == 0, enabled.stdout + enabled.stderr
    return base, plugins, run


def test_unzipped_plugin_lists_every_algorithm_with_the_system_python(installed, provider):
    base, plugins, run = installed
    listing, probe = run(["list"], "probe-list.json")
    assert listing.returncode == 0, listing.stderr
    assert probe is not None, "the PYQGIS_STARTUP probe did not run"
    assert probe["prefix"] == "/usr" and not probe["calamine"] and probe["openpyxl"], probe
    assert probe["plugin"] == str(plugins / "cityhealth_plugin" / "__init__.py"), probe
    for alg in provider.algorithms():
        assert alg.id() in listing.stdout, alg.id()


def test_unzipped_plugin_runs_the_shipped_model_and_so_every_algorithm(installed, provider):
    base, plugins, run = installed
    model = plugins / "cityhealth_plugin" / "models" / "cityhealth_demo.model3"
    with open(model, encoding="utf-8") as handle:
        in_model = model_algorithms(handle.read())
    ours = {a.id() for a in provider.algorithms() if a.id() != "cityhealth:cityhealth_demo"}
    assert ours - in_model == set()  # the model runs every algorithm; a failing child fails the model
    out = base / "示例"
    outputs = demo_outputs(str(out))
    for path in outputs.values():
        os.makedirs(os.path.dirname(path), exist_ok=True)
    args = ["run", "cityhealth:cityhealth_demo", "--json", "--", "SIZE=0", "SEED=7"]
    args += ["{}={}".format(k, v) for k, v in sorted(outputs.items())]
    result, probe = run(args, "probe-model.json")
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert probe is not None and not probe["calamine"] and probe["openpyxl"], probe
    assert probe["plugin"] == str(plugins / "cityhealth_plugin" / "__init__.py"), probe
    results = json.loads(result.stdout[result.stdout.index("{"):])["results"]
    written = {k: v for k, v in results.items() if isinstance(v, str) and v.startswith(str(out))}
    assert len(written) >= len(outputs) - 5, sorted(set(outputs) - set(written))
    missing = [v for v in written.values() if not os.path.exists(v.split("|")[0])]
    assert missing == []
    ledger = outputs["ledger2025:ledger_2025"]
    assert outputs["ledger2024:ledger_2024"] == ledger
    with sqlite3.connect(ledger) as db:
        rounds = dict(db.execute("SELECT round, COUNT(*) FROM problems GROUP BY round").fetchall())
        compared = db.execute("SELECT COUNT(*) FROM round_comparison").fetchone()[0]  # comparerounds
        history = db.execute("SELECT COUNT(*) FROM problem_history").fetchone()[0]  # workorders, import
    assert set(rounds) == {2024, 2025} and min(rounds.values()) > 1000, rounds
    assert compared > 0 and history > 0
