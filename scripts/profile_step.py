"""make profile: where the time of the join or the ledger goes, on the bench city (issue 17).

``STEP=joinreports|buildledger BENCH_SIZE=small|large make profile`` runs the step exactly as
``make bench`` does (the same parameters, ``scripts/bench_cases.py``) twice:

1. plainly, with a feedback that stamps the wall time of every message and progress text the
   algorithm gives: the time between two messages is the wall time of the phase the first one
   opened, with no profiler slowing it down;
2. under cProfile: the functions with the most time of their own and the most time under them
   (cProfile slows per-call Python about 1.7-fold, so read its shares, not its seconds).

Both go to ``out/bench/profile-<step>-<size>.txt`` and are printed. The bench city is generated
by ``make bench`` (once) when it is missing.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import shutil
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qgis.core import QgsProcessingFeedback  # noqa: E402
from qgis_app import ROOT, QgisSession  # noqa: E402

STEPS = ("joinreports", "buildledger")


class Timeline(QgsProcessingFeedback):
    """A feedback recording ``(seconds since it was made, message)`` for every info, warning and
    progress text in ``marks``."""

    def __init__(self):
        super().__init__()
        self.start = time.perf_counter()
        self.marks = []

    def _mark(self, text):
        self.marks.append((time.perf_counter() - self.start, text))

    def pushInfo(self, info):  # noqa: N802 (QgsProcessingFeedback)
        self._mark(info)

    def pushWarning(self, warning):  # noqa: N802
        self._mark("! " + warning)

    def setProgressText(self, text):  # noqa: N802
        self._mark("» " + text)


def phases(marks, total):
    """Lines ``seconds  share  message`` from the marks: each message's phase lasts until the next."""
    lines = []
    marks = [(t, text) for t, text in marks if t <= total]  # not processing's own "Results: …" after it
    ends = [t for t, _ in marks[1:]] + [total]
    for (t, text), end in zip(marks, ends):
        lines.append("{:8.2f} s {:5.1f} %  {}".format(end - t, 100.0 * (end - t) / total if total else 0.0,
                                                    text.splitlines()[0][:110]))
    return lines


def runner(step, city):
    """(algorithm id, a function giving fresh parameters, cleanup) for ``step`` on ``city``."""
    import bench_cases

    from cityhealth_plugin.processing.ledger_writer import photo_root

    workdir = os.path.join(city, "bench-work")
    os.makedirs(workdir, exist_ok=True)
    made = []

    def fresh(stem):
        path = os.path.join(workdir, "profile-{}-{}.gpkg".format(stem, uuid.uuid4().hex[:8]))
        made.append(path)
        return path

    if step == "joinreports":
        library = bench_cases._address_library(city, workdir)

        def parameters():
            return bench_cases.join_parameters(city, library, [fresh("problems"), fresh("unmatched")])
    else:
        problems = bench_cases.ledger_problems(city, workdir)

        def parameters():
            return dict(bench_cases.ledger_inputs(city), PROBLEMS=problems, ROUND=2024,
                        OUTPUT=fresh("ledger"))

    def cleanup():
        for path in made:
            if os.path.exists(path):
                os.remove(path)
            shutil.rmtree(photo_root(path), ignore_errors=True)

    return "cityhealth:" + step, parameters, cleanup


def main() -> int:
    step = os.environ.get("STEP", "joinreports")
    size = os.environ.get("BENCH_SIZE", "large")
    if step not in STEPS or size not in ("small", "large"):
        print("STEP must be one of {} and BENCH_SIZE small or large".format(", ".join(STEPS)))
        return 2
    with QgisSession():
        import bench
        import processing

        city = bench.ensure_city(size)
        algorithm, parameters, cleanup = runner(step, city)
        out = []
        try:
            feedback = Timeline()
            if hasattr(os, "sync"):
                os.sync()
            start = time.perf_counter()
            processing.run(algorithm, parameters(), feedback=feedback)
            total = time.perf_counter() - start
            out.append("{} at {}: {:.2f} s wall, phases by the algorithm's own messages:".format(
                step, size, total))
            out += phases([(0.0, "(start: parameters, inputs opened)")] + feedback.marks, total)

            profile = cProfile.Profile()
            if hasattr(os, "sync"):
                os.sync()
            profile.enable()
            processing.run(algorithm, parameters(), feedback=Timeline())
            profile.disable()
        finally:
            cleanup()
        for order, count in (("tottime", 30), ("cumulative", 40)):
            text = io.StringIO()
            stats = pstats.Stats(profile, stream=text)
            stats.sort_stats(order).print_stats(count)
            out += ["", "cProfile, by {} (top {}):".format(order, count)]
            out += [line for line in text.getvalue().splitlines() if line.strip()]
    path = os.path.join(ROOT, "out", "bench", "profile-{}-{}.txt".format(step, size))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".part", "w", encoding="utf-8") as handle:
        handle.write("\n".join(out) + "\n")
    os.replace(path + ".part", path)
    print("\n".join(out))
    print("\nwrote {}".format(os.path.relpath(path, ROOT)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
