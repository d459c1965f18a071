"""Development only: evaluate ``parse_address`` on the Li & Lu (NAACL 2019) address corpus.

Usage: ``.venv/bin/python scripts/eval_address.py [/work/shared/data/address] [--show N] [--bench]``

Reads ``li_lu_2019_{train,dev}.csv`` (columns ``address``, ``poi``, ``houseno``, ``cellno`` …;
several gold values of one label are joined with ``|``). On rows that have poi + houseno + cellno
it measures, with the corpus's compound names as ``compounds``, the share where compound, building
and unit are all recovered, and each field on its own. ``--bench`` also times parse + match on a
synthetic 200,000-row batch against a synthetic 60,000-building library. Never imported by tests;
the corpus is not part of the project.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from cityhealth_plugin.core.address import (  # noqa: E402
    CompoundIndex,
    parse_address,
    parse_building,
    parse_unit,
)
from cityhealth_plugin.core.normalize import name_key  # noqa: E402

DEFAULT_DIR = "/work/shared/data/address"


def load(folder: str):
    rows = []
    for split in ("train", "dev"):
        path = os.path.join(folder, "li_lu_2019_{}.csv".format(split))
        with open(path, encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


def evaluate(rows, show: int = 0):
    by_key = {}
    for row in rows:
        for name in row["poi"].split("|"):
            if name.strip():
                by_key.setdefault(name_key(name), name.strip())  # the corpus spells some twice (c区 / C区)
    names = sorted(by_key.values())
    index = CompoundIndex.from_names(names)
    full = [r for r in rows if r["poi"] and r["houseno"] and r["cellno"]]
    ok = {"compound": 0, "building": 0, "unit": 0, "all": 0}
    failures = []
    start = time.perf_counter()
    for row in full:
        parsed = parse_address(row["address"], index)
        gold_pois = {name_key(p) for p in row["poi"].split("|") if p.strip()}
        gold_b = parse_building(row["houseno"].split("|")[0])
        gold_u = parse_unit(row["cellno"].split("|")[0])
        c = parsed.compound is not None and name_key(parsed.compound) in gold_pois
        b = parsed.building == gold_b
        u = parsed.unit == gold_u
        ok["compound"] += c
        ok["building"] += b
        ok["unit"] += u
        ok["all"] += c and b and u
        if not (c and b and u):
            failures.append((row["address"], row["poi"], gold_b, gold_u, parsed))
    elapsed = time.perf_counter() - start
    total = len(full)
    print("corpus rows: {}, with poi+houseno+cellno: {}, compound names: {}".format(
        len(rows), total, len(names)))
    for key in ("all", "compound", "building", "unit"):
        print("  {:9s} {:5d} / {} = {:.1%}".format(key, ok[key], total, ok[key] / total))
    print("  parse time {:.3f} s ({:.0f} rows/s)".format(elapsed, total / elapsed))
    for address, poi, gb, gu, parsed in failures[:show]:
        print("   ✗ {} | gold {} {} {} | got {} {} {} ({})".format(
            address, poi, gb, gu, parsed.compound, parsed.building, parsed.unit, parsed.compound_candidates))


def bench(rows_n: int = 200000, buildings_n: int = 60000) -> None:
    """Parse + match a synthetic batch of messy spellings against a synthetic library."""
    from cityhealth_plugin.core.library import AddressLibrary, BuildingRecord
    from cityhealth_plugin.core.matching import match_rows, match_values

    rnd = random.Random(7)
    syll = "安宁和平幸福康乐泰华兴盛嘉禾锦绣翠湖阳光金桂银杏长青明珠东方新城"
    suffixes = ["小区", "家园", "花园", "新村", "苑", "公寓"]
    compounds = set()
    while len(compounds) < 3000:
        compounds.add("".join(rnd.choice(syll) for _ in range(rnd.randint(2, 3))) + rnd.choice(suffixes))
    compounds = sorted(compounds)
    buildings = []
    for i in range(buildings_n):
        compound = compounds[i % len(compounds)]
        community = "第{}社区".format(i % len(compounds) % 60)  # 60 communities of 50 compounds
        buildings.append(BuildingRecord("BLD-{:06d}".format(i), compound, str(i // len(compounds) + 1), 4,
                                        community))
    start = time.perf_counter()
    library = AddressLibrary(buildings)
    print("library of {} buildings built in {:.2f} s".format(len(buildings), time.perf_counter() - start))
    spellings = ["{}号楼", "{}#", "{}栋", "第{}幢", "０{}号楼", "{}座"]
    batch = []
    for _ in range(rows_n):
        b = rnd.choice(buildings)
        building = rnd.choice(spellings).format(b.building).replace("０", "０" if rnd.random() < 0.5 else "")
        unit = "{}单元".format(rnd.randint(1, 4))
        batch.append({"compound": b.compound, "building": building, "unit": unit, "community": b.community})
    start = time.perf_counter()
    matched = len(match_rows(batch, library).matched)
    elapsed = time.perf_counter() - start
    print("bench (match_rows, 2 passes): {} rows vs {} buildings: {:.2f} s, {:.0f} rows/s, matched {}".format(
        rows_n, buildings_n, elapsed, rows_n / elapsed, matched))
    free = ["内蒙古通辽市科尔沁区明仁街道{}{}-{}-{}".format(b.compound, b.building, rnd.randint(1, 4), 301)
            for b in rnd.sample(buildings, min(rows_n, 50000))]
    start = time.perf_counter()
    matched = sum(1 for text in free if match_values({"address": text}, library).building_id)
    elapsed = time.perf_counter() - start
    print("bench free text: {} rows: {:.2f} s, {:.0f} rows/s, matched {}".format(
        len(free), elapsed, len(free) / elapsed, matched))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", default=DEFAULT_DIR)
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--bench", action="store_true")
    args = parser.parse_args()
    evaluate(load(args.folder), args.show)
    if args.bench:
        bench()


if __name__ == "__main__":
    main()
