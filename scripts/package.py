"""Build dist/cityhealth_plugin-<version>.zip, the archive QGIS's Plugin Manager installs.

Pure Python (standard library only): no root, no QGIS, no .venv needed (`make package` runs it with
the system's python3). The translation ships compiled: when Qt's `lrelease` is on PATH the .qm is
compiled from the .ts into the zip (the work tree is left as it is); otherwise the committed
`cityhealth_plugin/i18n/cityhealth_zh_CN.qm` ships (`tests/test_i18n.py` keeps it in sync with the .ts).
The metadata must carry every field the plugin repository (plugins.qgis.org) shows or requires.
"""

import configparser
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN = "cityhealth_plugin"
TS = os.path.join(ROOT, PLUGIN, "i18n", "cityhealth_zh_CN.ts")
QM = os.path.join(ROOT, PLUGIN, "i18n", "cityhealth_zh_CN.qm")

#: Fields of metadata.txt the plugin repository needs (name … email, about, repository are mandatory
#: there) or shows (tracker, homepage, changelog, tags, icon, category, supportsQt6).
REQUIRED_METADATA = ("name", "qgisMinimumVersion", "qgisMaximumVersion", "description", "about", "version",
                     "author", "email", "repository", "tracker", "homepage", "changelog", "tags", "icon",
                     "category", "experimental", "deprecated", "supportsQt6", "hasProcessingProvider")


def read_metadata(path=os.path.join(ROOT, PLUGIN, "metadata.txt")):
    meta = configparser.ConfigParser(interpolation=None)
    meta.optionxform = str  # keep qgisMinimumVersion's case
    meta.read(path, encoding="utf-8")
    return meta["general"]


def missing_metadata(general) -> list:
    missing = [key for key in REQUIRED_METADATA if not general.get(key, "").strip()]
    icon = general.get("icon", "").strip()
    if icon and not os.path.isfile(os.path.join(ROOT, PLUGIN, icon)):
        missing.append("icon (file {} not found)".format(icon))
    return missing


def compiled_qm(workdir: str) -> str:
    """The .qm to ship: compiled from the .ts by lrelease when it is installed, else the committed one."""
    lrelease = shutil.which("lrelease")
    if lrelease:
        target = os.path.join(workdir, "cityhealth_zh_CN.qm")
        subprocess.run([lrelease, "-silent", TS, "-qm", target], check=True)
        print("package: compiled {} with {}".format(os.path.relpath(TS, ROOT), lrelease))
        return target
    print("package: lrelease not found; shipping the committed {}".format(os.path.relpath(QM, ROOT)))
    return QM


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    dist = os.path.abspath(argv[0]) if argv else os.path.join(ROOT, "dist")
    general = read_metadata()
    missing = missing_metadata(general)
    if missing:
        print("package: metadata.txt lacks {}".format(", ".join(missing)), file=sys.stderr)
        return 1
    version = general["version"]
    os.makedirs(dist, exist_ok=True)
    target = os.path.join(dist, "{}-{}.zip".format(PLUGIN, version))
    tmp = target + ".part"
    count = 0
    qm_member = os.path.relpath(QM, ROOT)
    with tempfile.TemporaryDirectory() as workdir:
        qm = compiled_qm(workdir)
        if not os.path.isfile(qm):
            print("package: {} is missing and lrelease is not installed".format(qm), file=sys.stderr)
            return 1
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            for folder, dirs, files in os.walk(os.path.join(ROOT, PLUGIN)):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                for name in sorted(files):
                    if name.endswith((".pyc", ".pyo")):
                        continue
                    path = os.path.join(folder, name)
                    member = os.path.relpath(path, ROOT)
                    if member == qm_member:
                        continue  # written below, from compiled_qm
                    if member.startswith(os.path.join(PLUGIN, "i18n", "")) and name.endswith(".ts"):
                        continue  # the compiled .qm ships; the .ts source stays in the repository
                    archive.write(path, member)
                    count += 1
            archive.write(qm, qm_member)
            count += 1
    os.replace(tmp, target)
    print("package: wrote {} ({} files)".format(target, count))
    return 0


if __name__ == "__main__":
    sys.exit(main())
