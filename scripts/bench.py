"""make bench: speed of CityHealth against baselines measured in the same run.

Each entry times our step and a named baseline on the same data in the same process, and reports
the ratio ours ÷ baseline (machines here are noisy; ratios travel, absolute times do not). Results
go to out/bench/results.json as a list of entries with name, size, seconds, baseline,
baseline_seconds, ratio (plus free-form extra figures), and are printed as a table.

BENCH_ONLY=read_xlsx,joinreports runs only the named cases.
BENCH_SIZE=small|large|xlarge (default large: 60,000 buildings, ~200,000 report rows). The demo city
for a size and seed is generated once and cached under out/bench/city-<size>/; xlarge is the large
city with every report workbook four times (hard links under other names: 4× the report rows and
photos of large on the same buildings), for `make bench-xlarge`.

Every timed call also samples the process's resident memory (/proc/self/statm, every 20 ms): an
entry's ``peak_rss_mb`` is the peak during its own step (``timed``), unless the case passes one.
An entry with ``aim`` says what the ratio should not exceed; the table prints it and whether it is met.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import sys
import threading
import time
from typing import Callable, Dict, List

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qgis_app import ROOT, QgisSession  # noqa: E402

OUT = os.path.join(ROOT, "out", "bench")
SEED = 2024
SIZES = ("small", "large", "xlarge")
#: entries of this run so far (cases that compare sizes read the earlier ones)
RESULTS: List[Dict] = []
#: the peak resident memory (MB) of the last ``timed`` call
LAST_PEAK_MB: List[float] = [0.0]


def rss_mb() -> float:
    """Resident memory of this process now, in MB (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576.0
    except (OSError, ValueError, IndexError):
        return 0.0


class PeakMemory:
    """Samples this process's resident memory in a thread while the block runs; ``peak_mb``."""

    def __init__(self, interval: float = 0.02):
        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()

    def _sample(self):
        while not self._stop.wait(self.interval):
            self.peak_mb = max(self.peak_mb, rss_mb())

    def __enter__(self):
        self.peak_mb = rss_mb()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, rss_mb())
        return False


def timed(func: Callable[[], object], repeat: int = 1):
    """Best wall time of ``repeat`` runs of ``func`` and the last result (peak memory in LAST_PEAK_MB)."""
    best, result, peak = None, None, 0.0
    for _ in range(repeat):
        gc.collect()
        if hasattr(os, "sync"):
            os.sync()  # do not make this step pay for writing back the previous step's files
        with PeakMemory() as memory:
            start = time.perf_counter()
            result = func()
            elapsed = time.perf_counter() - start
        peak = max(peak, memory.peak_mb)
        best = elapsed if best is None else min(best, elapsed)
    LAST_PEAK_MB[0] = peak
    return best, result


def entry(name: str, size: str, seconds: float, baseline: str, baseline_seconds: float, **extra) -> Dict:
    """One result; ``peak_rss_mb`` defaults to the peak of the last ``timed`` call, ``aim`` (optional)
    is the ratio not to exceed."""
    row = {"name": name, "size": size, "seconds": round(seconds, 4), "baseline": baseline,
           "baseline_seconds": round(baseline_seconds, 4),
           "ratio": round(seconds / baseline_seconds, 3) if baseline_seconds else None,
           "peak_rss_mb": round(extra.pop("peak_rss_mb", LAST_PEAK_MB[0]), 1)}
    row.update(extra)
    return row


def ensure_city(size: str) -> str:
    """Generate (once) the demo city of ``size`` for the benchmarks; returns its folder."""
    import processing

    folder = os.path.join(OUT, "city-{}-{}".format(size, SEED))
    marker = os.path.join(folder, ".complete")
    if size == "xlarge" and not os.path.exists(marker):
        _xlarge_from(ensure_city("large"), folder)
        with open(marker, "w") as handle:
            handle.write("ok\n")
    if not os.path.exists(marker):
        print("bench: generating the {} demo city (once) …".format(size), flush=True)
        processing.run("cityhealth:democity", {"SIZE": ["small", "large"].index(size), "SEED": SEED,
                                               "OUTPUT_FOLDER": folder})
        with open(marker, "w") as handle:
            handle.write("ok\n")
    return folder


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _xlarge_from(large: str, folder: str, copies: int = 4) -> None:
    """The xlarge bench city: ``large`` with every report file ``copies`` times (hard links named
    ``<stem>_x<k>``), the ground truth extended to match; same buildings, photos shared."""
    import csv

    print("bench: making the xlarge city from the large one (once) …", flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    _link_or_copy(os.path.join(large, "democity.gpkg"), os.path.join(folder, "democity.gpkg"))
    for base, _dirs, files in os.walk(os.path.join(large, "reports")):
        target_dir = os.path.join(folder, os.path.relpath(base, large))
        os.makedirs(target_dir, exist_ok=True)
        for name in files:
            source = os.path.join(base, name)
            stem, ext = os.path.splitext(name)
            report = ext.lower() in (".xlsx", ".xls", ".csv") and "满意度" not in name
            _link_or_copy(source, os.path.join(target_dir, name))
            for k in range(2, copies + 1) if report else ():
                _link_or_copy(source, os.path.join(target_dir, "{}_x{}{}".format(stem, k, ext)))
    with open(os.path.join(large, "ground_truth.csv"), encoding="utf-8") as src, \
            open(os.path.join(folder, "ground_truth.csv"), "w", encoding="utf-8", newline="") as dst:
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, reader.fieldnames)
        writer.writeheader()
        rows = list(reader)
        writer.writerows(rows)
        for k in range(2, copies + 1):
            for row in rows:
                stem, ext = os.path.splitext(row["source_file"])
                writer.writerow(dict(row, source_file="{}_x{}{}".format(stem, k, ext)))


def _write(results: List[Dict]) -> str:
    """``results`` into out/bench/results.json (atomically); returns the path."""
    path = os.path.join(OUT, "results.json")
    tmp = path + ".part"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(results, handle, ensure_ascii=False, indent=2)
    os.replace(tmp, path)
    return path


def _aim_text(row: Dict) -> str:
    aim, ratio = row.get("aim"), row.get("ratio")
    if aim is None:
        return ""
    return "≤ {} {}".format(aim, "met" if ratio is not None and ratio <= aim else "NOT MET")


def main() -> int:
    size = os.environ.get("BENCH_SIZE", "large")
    if size not in SIZES:
        print("BENCH_SIZE must be one of {}".format(", ".join(SIZES)))
        return 2
    os.makedirs(OUT, exist_ok=True)
    import bench  # run as __main__, this file is also the module ``bench`` the cases import

    results = bench.RESULTS
    with QgisSession():
        city = ensure_city(size)
        import bench_cases

        only = [n for n in os.environ.get("BENCH_ONLY", "").split(",") if n]
        for case in bench_cases.CASES:
            if only and case.__name__ not in only:
                continue
            print("bench: {} …".format(case.__name__), flush=True)
            results.extend(case(city, size))
            _write(results)  # after every case: a long run that stops keeps what it measured
    path = _write(results)
    print()
    print("{:<34} {:>6} {:>10}  {:<44} {:>10} {:>7} {:>8}  {}".format(
        "name", "size", "seconds", "baseline", "base s", "ratio", "peak MB", "aim"))
    for row in results:
        print("{:<34} {:>6} {:>10.3f}  {:<44} {:>10.3f} {:>7} {:>8}  {}".format(
            row["name"], row["size"], row["seconds"], row["baseline"][:44], row["baseline_seconds"],
            row["ratio"], row.get("peak_rss_mb", ""), _aim_text(row)))
        extras = {k: v for k, v in row.items() if k not in
                  ("name", "size", "seconds", "baseline", "baseline_seconds", "ratio", "peak_rss_mb", "aim")}
        if extras:
            print("    " + ", ".join("{}={}".format(k, v) for k, v in extras.items()))
    print("\nwrote {}".format(os.path.relpath(path, ROOT)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
