"""Build dist/cityhealth_plugin-<version>.zip, the archive QGIS's Plugin Manager installs."""

import configparser
import os
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN = "cityhealth_plugin"


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    dist = os.path.abspath(argv[0]) if argv else os.path.join(ROOT, "dist")
    meta = configparser.ConfigParser()
    meta.read(os.path.join(ROOT, PLUGIN, "metadata.txt"), encoding="utf-8")
    version = meta["general"]["version"]
    qm = os.path.join(ROOT, PLUGIN, "i18n", "cityhealth_zh_CN.qm")
    if not os.path.exists(qm):
        print("package: {} is missing; run make qm".format(qm), file=sys.stderr)
        return 1
    os.makedirs(dist, exist_ok=True)
    target = os.path.join(dist, "{}-{}.zip".format(PLUGIN, version))
    tmp = target + ".part"
    count = 0
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for folder, dirs, files in os.walk(os.path.join(ROOT, PLUGIN)):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".pyc", ".pyo")):
                    continue
                path = os.path.join(folder, name)
                if os.path.relpath(path, ROOT).startswith(os.path.join(PLUGIN, "i18n", "")) \
                        and name.endswith(".ts"):
                    continue  # the compiled .qm ships; the .ts source stays in the repository
                archive.write(path, os.path.relpath(path, ROOT))
                count += 1
    os.replace(tmp, target)
    print("package: wrote {} ({} files)".format(target, count))
    return 0


if __name__ == "__main__":
    sys.exit(main())
