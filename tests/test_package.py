"""`make package` builds a zip that QGIS installs: load it from a fresh plugin folder with qgis_process."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

from tests.conftest import ROOT


def test_package_zip_installs_and_registers_every_algorithm(tmp_path, provider):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "package.py"), str(dist)], check=True,
                   capture_output=True)
    (archive,) = list(dist.glob("cityhealth_plugin-*.zip"))
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        assert "cityhealth_plugin/metadata.txt" in names
        assert "cityhealth_plugin/i18n/cityhealth_zh_CN.qm" in names
        assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
        plugins = tmp_path / "plugins"
        zf.extractall(plugins)
    env_profile = tmp_path / "profile"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_PLUGINPATH=str(plugins),
               QGIS_CUSTOM_CONFIG_PATH=str(env_profile))
    enable = subprocess.run(["qgis_process.bin", "plugins", "enable", "cityhealth_plugin"], env=env,
                            capture_output=True, text=True)
    assert enable.returncode == 0, enable.stderr
    listing = subprocess.run(["qgis_process.bin", "list"], env=env, capture_output=True, text=True)
    assert listing.returncode == 0
    assert "City health check" in listing.stdout
    for alg in provider.algorithms():
        assert alg.id() in listing.stdout
