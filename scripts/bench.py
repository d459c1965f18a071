"""make bench: speed of CityHealth against baselines measured in the same run.

Each entry times our step and a named baseline on the same data in the same process, and reports
the ratio ours ÷ baseline (machines here are noisy; ratios travel, absolute times do not). Results
go to out/bench/results.json as a list of entries with name, size, seconds, baseline,
baseline_seconds, ratio (plus free-form extra figures), and are printed as a table.

BENCH_ONLY=read_xlsx,joinreports runs only the named cases.
BENCH_SIZE=small|large (default large: 60,000 buildings, ~200,000 report rows). The demo city for a
size and seed is generated once and cached under out/bench/city-<size>/.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from typing import Callable, Dict, List

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qgis_app import ROOT, QgisSession  # noqa: E402

OUT = os.path.join(ROOT, "out", "bench")
SEED = 2024


def timed(func: Callable[[], object], repeat: int = 1):
    """Best wall time of ``repeat`` runs of ``func`` and the last result."""
    best, result = None, None
    for _ in range(repeat):
        gc.collect()
        if hasattr(os, "sync"):
            os.sync()  # do not make this step pay for writing back the previous step's files
        start = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def entry(name: str, size: str, seconds: float, baseline: str, baseline_seconds: float, **extra) -> Dict:
    row = {"name": name, "size": size, "seconds": round(seconds, 4), "baseline": baseline,
           "baseline_seconds": round(baseline_seconds, 4),
           "ratio": round(seconds / baseline_seconds, 3) if baseline_seconds else None}
    row.update(extra)
    return row


def ensure_city(size: str) -> str:
    """Generate (once) the demo city of ``size`` for the benchmarks; returns its folder."""
    import processing

    folder = os.path.join(OUT, "city-{}-{}".format(size, SEED))
    marker = os.path.join(folder, ".complete")
    if not os.path.exists(marker):
        print("bench: generating the {} demo city (once) …".format(size), flush=True)
        processing.run("cityhealth:democity", {"SIZE": ["small", "large"].index(size), "SEED": SEED,
                                               "OUTPUT_FOLDER": folder})
        with open(marker, "w") as handle:
            handle.write("ok\n")
    return folder


def main() -> int:
    size = os.environ.get("BENCH_SIZE", "large")
    os.makedirs(OUT, exist_ok=True)
    results: List[Dict] = []
    with QgisSession():
        city = ensure_city(size)
        import bench_cases

        only = [n for n in os.environ.get("BENCH_ONLY", "").split(",") if n]
        for case in bench_cases.CASES:
            if only and case.__name__ not in only:
                continue
            print("bench: {} …".format(case.__name__), flush=True)
            results.extend(case(city, size))
    path = os.path.join(OUT, "results.json")
    tmp = path + ".part"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(results, handle, ensure_ascii=False, indent=2)
    os.replace(tmp, path)
    print()
    print("{:<34} {:>6} {:>10}  {:<40} {:>10} {:>7}".format(
        "name", "size", "seconds", "baseline", "base s", "ratio"))
    for row in results:
        print("{:<34} {:>6} {:>10.3f}  {:<40} {:>10.3f} {:>7}".format(
            row["name"], row["size"], row["seconds"], row["baseline"], row["baseline_seconds"],
            row["ratio"]))
        extras = {k: v for k, v in row.items() if k not in
                  ("name", "size", "seconds", "baseline", "baseline_seconds", "ratio")}
        if extras:
            print("    " + ", ".join("{}={}".format(k, v) for k, v in extras.items()))
    print("\nwrote {}".format(os.path.relpath(path, ROOT)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
