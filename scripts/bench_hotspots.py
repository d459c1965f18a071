"""Bench case ``hotspots`` (issue 13): cityhealth's kNN weights + Gi* + local Moran on 100,000 points
(k = 8) against PySAL esda on the same points and weights, measured in the same run.

esda lives in the bench environment only, never in the project's venv: ``ESDA_PYTHON`` names a
Python with esda and libpysal; without it the bench makes one once, ``.venv-esda`` beside ``.venv``
(``/usr/bin/python3 -m venv .venv-esda && .venv-esda/bin/pip install esda libpysal``; PyPI must be
reachable, else the entry has no baseline and says so). Standalone:
``.venv/bin/python scripts/bench_hotspots.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import entry, timed  # noqa: E402

N, K = 100_000, 8
ESDA_SCRIPT = """
import json, sys, time, warnings
warnings.filterwarnings("ignore")
import numpy as np, libpysal, esda
xy, y = np.load(sys.argv[1]), np.load(sys.argv[2])
best = None
for _ in range(2):
    start = time.perf_counter()
    w = libpysal.weights.KNN(xy, k={k})
    esda.getisord.G_Local(y, w, transform="B", star=True, permutations=0)
    w.transform = "r"
    esda.moran.Moran_Local(y, w, permutations=0)
    elapsed = time.perf_counter() - start
    best = elapsed if best is None else min(best, elapsed)
print(json.dumps({{"seconds": best, "esda": esda.__version__}}))
""".format(k=K)


def hotspots(city, size):
    import numpy as np

    from cityhealth_plugin.core.analysis.spatial_stats import hotspots as statistics
    from cityhealth_plugin.processing.spatial_weights import knn_neighbours

    rng = np.random.default_rng(2024)
    xy = rng.uniform(0, 20000, size=(N, 2))
    y = rng.poisson(3, N).astype(float)

    def ours():
        return statistics(y.tolist(), knn_neighbours(xy, K))

    seconds, result = timed(ours, 2)
    python = os.environ.get("ESDA_PYTHON") or _bench_esda()
    baseline, base_s, extra = "esda (not installed: set ESDA_PYTHON)", 0.0, {}
    if python and os.path.exists(python):
        with tempfile.TemporaryDirectory() as tmp:
            np.save(os.path.join(tmp, "xy.npy"), xy)
            np.save(os.path.join(tmp, "y.npy"), y)
            out = subprocess.run([python, "-c", ESDA_SCRIPT, os.path.join(tmp, "xy.npy"),
                                  os.path.join(tmp, "y.npy")], capture_output=True, text=True, check=True)
        measured = json.loads(out.stdout.strip().splitlines()[-1])
        baseline = "esda {} KNN + G_Local* + Moran_Local".format(measured["esda"])
        base_s = measured["seconds"]
    extra["hot_or_cold"] = sum(1 for c in result.gi_class if c)
    return [entry("hotspots (kNN 8, Gi*, LISA)", "{} points".format(N), seconds, baseline, base_s, **extra)]


def _bench_esda() -> str:
    """The Python of ``.venv-esda`` (esda + libpysal for the baseline only), made on first use."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    venv = os.path.join(root, ".venv-esda")
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(os.path.join(venv, ".ready")):
        try:
            subprocess.run(["/usr/bin/python3", "-m", "venv", venv], check=True, capture_output=True)
            subprocess.run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "esda",
                            "libpysal"], check=True, capture_output=True, timeout=900)
            open(os.path.join(venv, ".ready"), "w").close()
        except (OSError, subprocess.SubprocessError) as error:
            print("bench: could not install esda for the hotspots baseline: {}".format(error),
                  file=sys.stderr)
            return ""
    return python


if __name__ == "__main__":
    from qgis_app import QgisSession

    with QgisSession():
        print(json.dumps(hotspots(None, ""), ensure_ascii=False))
