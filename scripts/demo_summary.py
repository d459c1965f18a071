"""Print the summary of `make demo`: rows read, matched, unmatched by reason, blank, warnings, files.

Reads the outputs directly (GeoPackage through sqlite3, workbooks through openpyxl, a PostGIS
ledger — `DEMO_DB` set — through `psql`) so that it needs no QGIS; the counts must add up (rows
read = matched + unmatched + blank + non-data + unreadable) or it fails.
"""

from __future__ import annotations

import collections
import json
import os
import sqlite3
import subprocess
import sys

import openpyxl

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from cityhealth_plugin.core.report_reader import read_reports  # noqa: E402


def gpkg_count(path: str, table: str) -> int:
    with sqlite3.connect(path) as db:
        return db.execute('SELECT COUNT(*) FROM "{}"'.format(table)).fetchone()[0]


def gpkg_tables(path: str):
    with sqlite3.connect(path) as db:
        return [r[0] for r in db.execute("SELECT table_name FROM gpkg_contents ORDER BY table_name")]


class LedgerStore:
    """The demo's ledger: ``体检台账.gpkg`` in the output folder, or schema ``cityhealth`` of the
    database ``DEMO_DB`` names (a libpq URI; read with ``psql``). ``rows(sql)`` runs the same SQL on
    either (table names unqualified)."""

    SCHEMA = "cityhealth"

    def __init__(self, out: str):
        self.db = os.environ.get("DEMO_DB", "").strip()
        self.path = os.path.join(out, "体检台账.gpkg")
        self.name = "{} (schema {})".format(self.db.split("@")[-1], self.SCHEMA) if self.db else \
            os.path.basename(self.path)

    def exists(self) -> bool:
        return "problems" in self.tables() if self.db else os.path.exists(self.path)

    def rows(self, sql: str):
        if not self.db:
            with sqlite3.connect(self.path) as db:
                return db.execute(sql).fetchall()
        text = subprocess.run(
            ["psql", self.db, "-X", "-q", "-A", "-t", "-F", "\x1f", "-v", "ON_ERROR_STOP=1", "-c",
             "SET search_path TO {}, public; {}".format(self.SCHEMA, sql)],
            check=True, capture_output=True, text=True).stdout
        return [tuple(None if v == "" else int(v) if v.lstrip("-").isdigit() else v
                      for v in line.split("\x1f")) for line in text.splitlines() if line]

    def tables(self):
        if not self.db:
            return gpkg_tables(self.path)
        return [r[0] for r in self.rows("SELECT table_name FROM information_schema.tables "
                                        "WHERE table_schema = '{}' ORDER BY table_name".format(self.SCHEMA))]

    def columns(self, table: str):
        if not self.db:
            return [r[1] for r in self.rows('PRAGMA table_info("{}")'.format(table))]
        return [r[0] for r in self.rows("SELECT column_name FROM information_schema.columns "
                                        "WHERE table_schema = '{}' AND table_name = '{}'".format(
                                            self.SCHEMA, table))]


def xlsx_rows(path: str):
    book = openpyxl.load_workbook(path, read_only=True)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    book.close()
    return [dict(zip(rows[0], r)) for r in rows[1:]] if rows else []


def assessment_summary(out: str) -> bool:
    """Units, grades and warnings per level and round of 体检评估.gpkg; False when a layer is missing."""
    path = os.path.join(out, "体检评估.gpkg")
    if not os.path.exists(path):
        print("  体检评估 assessment: 体检评估.gpkg missing ✗")
        return False
    print("  体检评估 assessment ({} + 体检评估.xlsx):".format(os.path.basename(path)))
    ok = True
    with sqlite3.connect(path) as db:
        tables = gpkg_tables(path)
        for level in ("block", "compound"):
            table = "assessment_" + level
            if table not in tables:
                print("    {:<20} missing ✗".format(table))
                ok = False
                continue
            columns = [r[1] for r in db.execute('PRAGMA table_info("{}")'.format(table))]
            status = [c for c in columns if c.endswith("_status")]
            query = 'SELECT round, COUNT(*), AVG(score) FROM "{}" GROUP BY round ORDER BY round'
            for rnd, units, score in db.execute(query.format(table)).fetchall():
                grades = dict(db.execute('SELECT grade, COUNT(*) FROM "{}" WHERE round = ? GROUP BY grade'
                                         .format(table), (rnd,)).fetchall())
                red = yellow = 0
                for col in status:
                    query = 'SELECT "{0}", COUNT(*) FROM "{1}" WHERE round = ? GROUP BY "{0}"'
                    counts = dict(db.execute(query.format(col, table), (rnd,)).fetchall())
                    red += counts.get("red", 0)
                    yellow += counts.get("yellow", 0)
                grade_text = " ".join("{} {}".format(g, grades.get(g, 0))
                                      for g in ("很好", "较好", "一般", "较差"))
                print("    {:<20} {}: {} 个单元 units, {} 项指标 indicators, 平均得分 mean score {:.1f}, {}; "
                      "红色预警 red {}, 黄色预警 yellow {}".format(table, rnd, units, len(status), score or 0,
                                                          grade_text, red, yellow))
    return ok
def closed_loop(out: str) -> bool:
    """Work orders, returned status (applied / rejected), history, round comparison, statistics."""
    ledger = LedgerStore(out)
    orders = os.path.join(out, "工单")
    if not os.path.isdir(orders) or not ledger.exists():
        return True
    files = sorted(f for f in os.listdir(orders) if f.endswith(".xlsx"))
    listed = sum(len(xlsx_rows_at(os.path.join(orders, f), 2)) for f in files)
    print("  工单闭环 closed loop:")
    departments = len({f.split("_")[0] for f in files})
    print("    工单 work orders: {} files ({} departments), {} open problems of 2024".format(
        len(files), departments, listed))
    rejected = xlsx_rows(os.path.join(out, "工单回执_退回行.xlsx"))
    events = dict(ledger.rows("SELECT event, COUNT(*) FROM problem_history GROUP BY event"))
    states = ledger.rows("SELECT status, COUNT(*) FROM problems WHERE round = 2024 GROUP BY status "
                         "ORDER BY 2 DESC, 1")
    labels = dict(ledger.rows("SELECT label, COUNT(*) FROM round_comparison WHERE label = 'resolved' OR "
                              "round = round_to GROUP BY label"))
    print("    履历 problem_history: {} dispatch, {} imported changes, {} re-routings".format(
        events.get("dispatch", 0), events.get("import", 0), events.get("reroute", 0)))
    print("    回执退回 rejected returned rows: {} (each with its file, sheet, row and reason)".format(
        len(rejected)))
    print("    2024 状态 status now: {}".format(", ".join("{} {}".format(s or "(空)", n) for s, n in states)))
    print("    2024 → 2025: 新增 new {}, 持续 persisting {}, 已销号 resolved {}, 复发 recurred {}".format(
        *(labels.get(k, 0) for k in ("new", "persisting", "resolved", "recurred"))))
    stats = xlsx_rows_sheet(os.path.join(out, "整改统计.xlsx"), "按轮次")
    for row in stats:
        print("    整改统计 round {}: 派单 {} 已整改 {} 整改率 {:.1%} 逾期 {} 中位天数 {} 下轮复现 {}".format(
            row["轮次"], row["派单数"], row["已整改"], row["整改率"] or 0, row["逾期未整改"],
            "-" if row["整改天数中位数"] is None else row["整改天数中位数"], row["下轮复现"]))
    return events.get("dispatch", 0) > 0 and len(rejected) > 0


def xlsx_rows_at(path: str, header_row: int):
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book.worksheets[0].iter_rows(min_row=header_row, values_only=True))
    book.close()
    return [r for r in rows[1:] if r and r[0]]


def xlsx_rows_sheet(path: str, sheet: str):
    if not os.path.exists(path):
        return []
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book[sheet].iter_rows(values_only=True))
    book.close()
    return [dict(zip(rows[0], r)) for r in rows[1:]] if rows else []
def pdf_pages(path: str) -> str:
    """Page count of a PDF (pdfinfo), or "?" when poppler is missing."""
    import subprocess

    try:
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def maps_summary(out: str) -> None:
    """The atlases (pages, size) and the thematic maps written by the model."""
    atlases = os.path.join(out, "图集")
    if os.path.isdir(atlases):
        print("  图集 atlases:")
        for name in sorted(os.listdir(atlases)):
            path = os.path.join(atlases, name)
            print("    {}  {} 页 pages, {:,} bytes".format(name, pdf_pages(path), os.path.getsize(path)))
    thematic = os.path.join(out, "专题图")
    if os.path.isdir(thematic):
        names = os.listdir(thematic)
        print("  专题图 thematic maps: {} PNG + {} PDF".format(
            sum(n.endswith(".png") for n in names), sum(n.endswith(".pdf") for n in names)))


def thematic_checks(out: str) -> bool:
    """专项体检: parking, walkways, road network, blocks from roads; False when an output is missing."""
    folder = os.path.join(out, "专项体检")
    if not os.path.isdir(folder):
        print("  专项体检 thematic checks: folder missing ✗")
        return False
    print("  专项体检 thematic checks ({}/):".format(os.path.basename(folder)))
    ok = True
    path = os.path.join(folder, "停车供需_小区.gpkg")
    roads = os.path.join(folder, "乱停车道路.gpkg")
    if os.path.exists(path) and os.path.exists(roads):
        with sqlite3.connect(path) as db:
            n, demand, supply, inside, street, public, shortfall, short_n = db.execute(
                'SELECT COUNT(*), SUM(demand), SUM(supply), SUM(bays_inside), SUM(bays_street), '
                'SUM(bays_public), SUM(shortfall), SUM(shortfall > 0) FROM "停车供需_小区"').fetchone()
        with sqlite3.connect(roads) as db:
            reports, flagged = db.execute('SELECT SUM(reports), SUM(flagged) FROM "乱停车道路"').fetchone()
        text = ("    停车 parking: {} 小区 compounds, 需求 demand {}, 供给 supply {} (院内 inside {}, "
                "路内 street {}, 公共 public {}), 缺口 shortfall {} in {} compounds; "
                "乱停车道路 {} roads with {} reports")
        print(text.format(n, demand, supply, inside, street, public, shortfall, short_n, flagged, reports))
    else:
        print("    停车 parking: outputs missing ✗")
        ok = False
    segments = os.path.join(folder, "不达标步行道.gpkg")
    blocks = os.path.join(folder, "步行道_街区.gpkg")
    if os.path.exists(segments) and os.path.exists(blocks):
        with sqlite3.connect(segments) as db:
            reasons = db.execute('SELECT reason_cn, COUNT(*), SUM(length_m), SUM(reports) '
                                 'FROM "不达标步行道" GROUP BY reason_cn ORDER BY 3 DESC').fetchall()
        with sqlite3.connect(blocks) as db:
            units, km, worst = db.execute('SELECT COUNT(*), SUM(substandard_km), MAX(substandard_km) '
                                          'FROM "步行道_街区"').fetchone()
        parts = ["{} {} 段 {:.2f} km ({} reports)".format(r, n, m / 1000, k) for r, n, m, k in reasons]
        print("    步行道 walkways: " + ", ".join(parts))
        print("      per block: {} 街区 blocks, {:.2f} km substandard in all (walkways on both sides of a "
              "road count for both blocks), most {:.3f} km".format(units, km or 0, worst or 0))
    else:
        print("    步行道 walkways: outputs missing ✗")
        ok = False
    districts = os.path.join(folder, "路网_区.gpkg")
    blocks = os.path.join(folder, "路网_街区.gpkg")
    if os.path.exists(districts) and os.path.exists(blocks):
        with sqlite3.connect(districts) as db:
            rows = db.execute('SELECT district_code, road_km, road_density, density_ok, '
                              'intersection_density, dead_ends FROM "路网_区" '
                              'ORDER BY district_code').fetchall()
        with sqlite3.connect(blocks) as db:
            query = 'SELECT COUNT(*), SUM(oversized), MAX(side_m) FROM "路网_街区"'
            n, big, side = db.execute(query).fetchone()
        for code, km, density, good, inter, dead in rows:
            text = ("    路网 roads {}: {:.2f} km, 路网密度 {} km/km² {}, 交叉口 {} per km², "
                    "断头路 dead ends {}")
            print(text.format(code, km, density, "≥ 8 ✓" if good else "< 8", inter, dead))
        text = "      街区 blocks: {}, 超尺度 over 300 m: {} (largest side {:.0f} m)"
        print(text.format(n, big, side or 0))
    else:
        print("    路网 road network: outputs missing ✗")
        ok = False
    cut = os.path.join(folder, "道路围合街区.gpkg")
    city = os.path.join(out, "city", "democity.gpkg")
    if os.path.exists(cut) and os.path.exists(city):
        with sqlite3.connect(cut) as db:
            n, area = db.execute('SELECT COUNT(*), SUM(area_m2) FROM "道路围合街区"').fetchone()
        with sqlite3.connect(city) as db:
            given = db.execute('SELECT COUNT(*) FROM "blocks"').fetchone()[0]
        print("    道路围合街区 blocks from roads: {} (the demo city has {}), {:.2f} km²".format(
            n, given, (area or 0) / 1e6))
    else:
        print("    道路围合街区 blocks from roads: output missing ✗")
        ok = False
    return ok


def analysis_stats(out: str) -> bool:
    """Hot spots of problems per 100 households by block (round 2025): classes and quadrants."""
    path = os.path.join(out, "专项体检", "热点_街区_2025.gpkg")
    if not os.path.exists(path):
        return True
    table = [t for t in gpkg_tables(path) if t != "layer_styles"][0]
    with sqlite3.connect(path) as db:
        query = 'SELECT {0}, COUNT(*) FROM "{1}" GROUP BY {0}'
        classes = dict(db.execute(query.format("gi_class", table)).fetchall())
        quads = dict(db.execute(query.format("lisa_q", table)).fetchall())
    total = sum(classes.values())
    hot = sum(n for c, n in classes.items() if c is not None and c > 0)
    cold = sum(n for c, n in classes.items() if c is not None and c < 0)
    print("  专项体检 spatial statistics:")
    print("    热点 hot spots (Gi*, FDR) of 每百户问题数 by block 2025: {} blocks, 热点 hot {} "
          "(99% {}, 95% {}, 90% {}), 冷点 cold {}, 无值 NULL {}".format(
              total, hot, classes.get(3, 0), classes.get(2, 0), classes.get(1, 0), cold,
              classes.get(None, 0)))
    print("    LISA 象限 quadrants: 高–高 HH {}, 低–高 LH {}, 低–低 LL {}, 高–低 HL {}".format(
        *(quads.get(q, 0) for q in (1, 2, 3, 4))))
    grid = os.path.join(out, "专项体检", "问题格网_2025.gpkg")
    if os.path.exists(grid):
        table = [t for t in gpkg_tables(grid) if t != "layer_styles"][0]
        with sqlite3.connect(grid) as db:
            cells, problems, top = db.execute('SELECT COUNT(*), SUM(problems_total), MAX(per_100hh) FROM "{}"'
                                              .format(table)).fetchone()
        clusters = os.path.join(out, "专项体检", "问题聚类_2025.gpkg")
        ctable = [t for t in gpkg_tables(clusters) if t != "layer_styles"][0]
        with sqlite3.connect(clusters) as db:
            found = db.execute("SELECT COUNT(DISTINCT category || '-' || cluster_id) FROM \"{}\" "
                               "WHERE cluster_id IS NOT NULL".format(ctable)).fetchone()[0]
        rasters = len(os.listdir(os.path.join(out, "专项体检", "核密度_2025")))
        print("    问题格网 problem grid 2025: {} hexagons with problems or households, {} problems, "
              "max {} per 100 households; DBSCAN 聚类 clusters {}; 核密度 density rasters {}".format(
                  cells, problems, top, found, rasters))
    table = os.path.join(out, "专项体检", "相关分析_2025.xlsx")
    for row in xlsx_rows_sheet(table, "相关分析"):
        print("    相关 {} × {}: n {}, Pearson r {} (p {}), Spearman ρ {} (p {})".format(
            row["问题指标"], row["影响因素"], row["样本数"], *(
                "-" if row[k] is None else "{:.3f}".format(row[k])
                for k in ("Pearson r", "Pearson p", "Spearman ρ", "Spearman p"))))
    return total > 0


def planning_a(out: str) -> bool:
    """片区联管: areas, and every candidate unit in an area or with its reason."""
    path = os.path.join(out, "更新规划", "片区联管.gpkg")
    if not os.path.exists(path):
        return True
    with sqlite3.connect(path) as db:
        n_areas, households, problems = db.execute(
            "SELECT COUNT(*), SUM(households), SUM(problems) FROM jointmanagement_areas").fetchone()
        kinds = db.execute("SELECT unit_kind, COUNT(*), SUM(area_id IS NOT NULL) FROM jointmanagement_units "
                           "GROUP BY unit_kind ORDER BY unit_kind").fetchall()
        reasons = db.execute("SELECT reason_code, COUNT(*) FROM jointmanagement_units WHERE area_id IS NULL "
                             "GROUP BY reason_code ORDER BY reason_code").fetchall()
        unexplained = db.execute("SELECT COUNT(*) FROM jointmanagement_units "
                                 "WHERE area_id IS NULL AND (reason IS NULL OR reason = '')").fetchone()[0]
    print("  更新规划 renewal planning:")
    print("    片区联管 joint management: {} areas, {} households, {} open problems; {}; "
          "left out: {} {}".format(
        n_areas, households or 0, problems or 0,
        ", ".join("{} {} ({} in areas)".format(k, n, a) for k, n, a in kinds),
        ", ".join("{} {}".format(r, n) for r, n in reasons) or "-",
        "✓" if unexplained == 0 else "✗ {} WITHOUT REASON".format(unexplained)))
    book = os.path.join(out, "更新规划", "综合改一次.xlsx")
    if os.path.exists(book):
        rows = xlsx_rows_sheet(book, "城市汇总")
        total = sum(r["估算总价（元）"] or 0 for r in rows)
        safety = sum(1 for r in rows if r["安全类问题数"])
        top = rows[0]["小区名称"] if rows else "-"
        print("    综合改一次 renovation packages: {} compounds priced, {} with safety items, {:,.0f} 元 in "
              "total; most in need: {}".format(len(rows), safety, total, top))
    return unexplained == 0
def planning_b(out: str) -> bool:
    """Residents' voice (round 2025): survey responses per level, compounds with the lowest overall
    score and the most frequent first-ranked demand; complete community: gaps per facility type."""
    path = os.path.join(out, "更新规划", "居民诉求_满意度.gpkg")
    if not os.path.exists(path):
        return True
    table = [t for t in gpkg_tables(path) if t != "layer_styles"][0]
    with sqlite3.connect(path) as db:
        levels = db.execute('SELECT level, COUNT(*), SUM(responses) FROM "{}" GROUP BY level ORDER BY level'
                            .format(table)).fetchall()
        low = db.execute('SELECT area_name, overall FROM "{}" WHERE level = ? '
                         'ORDER BY overall LIMIT 3'.format(table), ("compound",)).fetchall()
    print("  更新规划 residents' voice 居民诉求 2025:")
    print("    满意度 satisfaction: " + ", ".join("{} {} areas / {} responses".format(lv, n, r)
                                                 for lv, n, r in levels))
    print("    最低 lowest compounds: " + ", ".join("{} {:.2f}".format(n, o)
                                             for n, o in low if o is not None))
    demands = xlsx_rows(os.path.join(out, "更新规划", "居民诉求_排序.xlsx"))
    firsts = collections.Counter(r.get("category_cn") for r in demands
                                 if r.get("level") == "compound" and r.get("rank") == 1)
    print("    首要诉求 first demand per compound: " + ", ".join("{} {}".format(c, n)
                                                         for c, n in firsts.most_common(5)))
    gaps = xlsx_rows(os.path.join(out, "更新规划", "完整社区_缺口.xlsx"))
    per_type = collections.Counter(r.get("name_cn") for r in gaps if r.get("gap"))
    units = len({r.get("unit_id") for r in gaps})
    print("    完整社区 complete community, {} communities, gaps: {}".format(
        units, ", ".join("{} {}".format(t, n) for t, n in per_type.most_common())))
    short = sum(1 for r in gaps if r.get("size_ok") == 0)
    judged = sum(1 for r in gaps if r.get("size_ok") in (0, 1))
    print("    社区综合服务站 station floor area (30 m² per 100 households): {} of {} communities judged "
          "short".format(short, judged))
    sites = xlsx_rows(os.path.join(out, "更新规划", "完整社区_候选地块.xlsx"))
    firsts = {r.get("facility_type"): (r.get("site_id"), r.get("new_households")) for r in sites
              if r.get("rank") == 1}
    print("    候选地块 candidate sites: {} ranks; first per type: {}".format(
        len(sites), ", ".join("{} {} ({} households)".format(t, s, n) for t, (s, n) in sorted(firsts.items()))
        or "-"))
    area_path = os.path.join(out, "更新规划", "片区完整社区_缺口.xlsx")
    if os.path.exists(area_path):
        area_gaps = xlsx_rows(area_path)
        per_area = collections.Counter(r.get("name_cn") for r in area_gaps if r.get("gap"))
        print("    片区完整社区 complete community of the {} joint-management areas, gaps: {}".format(
            len({r.get("unit_id") for r in area_gaps}),
            ", ".join("{} {}".format(t, n) for t, n in per_area.most_common()) or "-"))
    return bool(levels) and bool(gaps)


def citizen_problems(out: str) -> bool:
    """Residents' complaints (round 2025): complaint rows read = placed + not placed (Residents' voice),
    then complaint points read by the ledger = joined + left out (ledger_runs), and the citizen-reported
    problems in the ledger; fails when a count does not add up or a complaint's phone reaches the ledger."""
    ledger = LedgerStore(out)  # the GeoPackage or the DEMO_DB schema: the same SQL
    points = os.path.join(out, "更新规划", "居民投诉点.gpkg")
    if not (ledger.exists() and os.path.exists(points)):
        return True
    lists = os.path.join(out, "city", "complaints", "2025")
    read = read_reports(lists, {"description": "反映内容"})  # as residentvoice reads them (TEXT_COLUMN)
    placed = gpkg_count(points, [t for t in gpkg_tables(points) if t != "layer_styles"][0])
    unused = [r for r in xlsx_rows(os.path.join(out, "更新规划", "居民诉求_未使用行.xlsx"))
              if r.get("kind") == "complaint"]
    reasons = collections.Counter(r.get("reason") for r in unused)
    balance = read.rows_total == (placed + len(unused) + read.blank_rows + read.nondata_rows
                                  + read.unreadable_rows)
    summaries = [json.loads(r[0] or "{}") for r in ledger.rows(
        "SELECT summary FROM ledger_runs WHERE round = 2025 ORDER BY run_utc")]
    citizen = ledger.rows("SELECT COUNT(*) FROM problems WHERE round = 2025 AND source = 'citizen'")[0][0]
    in_units = ledger.rows("SELECT SUM(problems_citizen) FROM ledger_compound WHERE round = 2025")[0][0]
    columns = [c for c in ledger.columns("problems") if c not in ("geom", "geometry")]
    texts = " ".join(str(v) for row in ledger.rows("SELECT {} FROM problems".format(
        ", ".join('"{}"'.format(c) for c in columns))) for v in row if isinstance(v, str))
    account = (summaries[-1] if summaries else {}).get("complaints", {})
    phones = set()
    for name in sorted(os.listdir(lists)):
        for value in (v for r in xlsx_rows(os.path.join(lists, name)) for v in r.values()):
            digits = "".join(ch for ch in str(value) if ch.isdigit())
            for k in range(len(digits) - 10):
                if digits[k] == "1":
                    phones.add(digits[k:k + 11])
    leaked = sorted(p for p in phones if p in texts)
    adds_up = account.get("read") == placed and account.get("joined", 0) + account.get(
        "left_out_other_round", 0) + account.get("left_out_no_building", 0) == placed
    why = ", ".join("{} {}".format(k, v) for k, v in sorted(reasons.items())) or "-"
    print("  市民反映 citizen-reported problems 2025: complaint rows read {} = placed {} + not placed {} "
          "({}) + blank {} {}".format(read.rows_total, placed, len(unused), why, read.blank_rows,
                                      "✓" if balance else "✗ DOES NOT ADD UP"))
    print("    台账 ledger: complaint points read {} = joined {} + left out {} {}; problems with source "
          "citizen {}, problems_citizen over compounds {}; phone numbers in the ledger: {}".format(
              account.get("read"), account.get("joined"),
              account.get("left_out_other_round", 0) + account.get("left_out_no_building", 0),
              "✓" if adds_up else "✗ DOES NOT ADD UP", citizen, in_units, len(leaked) or "none ✓"))
    return balance and adds_up and citizen > 0 and not leaked
def ledger_summary(ledger: LedgerStore) -> bool:
    """Rows per table and round of the ledger (GeoPackage or PostGIS: the same lines for both;
    QGIS's layer_styles, in the GeoPackage or in the database's public schema, is left out)."""
    if not ledger.exists():
        return not ledger.db  # a DEMO_DB run must have written its ledger
    print("  体检台账 ledger ({}):".format(ledger.name))
    for table in ledger.tables():
        if table == "layer_styles":
            continue
        if "round" in ledger.columns(table):
            counts = ledger.rows('SELECT round, COUNT(*) FROM "{}" GROUP BY round ORDER BY round'.format(
                table))
            text = ", ".join("{}: {}".format(r, n) for r, n in counts)
        else:
            text = str(ledger.rows('SELECT COUNT(*) FROM "{}"'.format(table))[0][0])
        print("    {:<20} {}".format(table, text))
    return True


def main(out: str) -> int:
    with open(os.path.join(out, "run.json"), encoding="utf-8") as handle:
        run = json.load(handle)
    print("\n城市体检示例 CityHealth demo — {} (QGIS {})".format(out, run.get("qgis_version", "?")))
    city = os.path.join(out, "city")
    ok = True
    for year in (2024, 2025):
        read = read_reports(os.path.join(city, "reports", str(year)))
        matched_path = os.path.join(out, "匹配结果_{}.gpkg".format(year))
        matched = gpkg_count(matched_path, [t for t in gpkg_tables(matched_path) if t != "layer_styles"][0])
        unmatched = xlsx_rows(os.path.join(out, "未匹配_{}.xlsx".format(year)))
        # the review workbook keeps the reason code under 原因代码
        reasons = collections.Counter(r.get("原因代码", r.get("reason")) for r in unmatched)
        rows = read.rows_total
        warnings = sum(1 for i in read.issues if i.severity != "info")
        balance = rows == (matched + len(unmatched) + read.blank_rows + read.nondata_rows
                           + read.unreadable_rows)
        ok = ok and balance
        print("  {} 轮次 round: {} 个文件 files, 读取 rows read {} = 匹配 matched {} + 未匹配 unmatched {} + "
              "空行 blank {} + 非数据行 non-data {} + 无法读取 unreadable {} {}".format(
                  year, read.files_read, rows, matched, len(unmatched), read.blank_rows, read.nondata_rows,
                  read.unreadable_rows, "✓" if balance else "✗ DOES NOT ADD UP"))
        print("      未匹配原因 reasons: {}; 警告 warnings: {}".format(
            ", ".join("{} {}".format(k, v) for k, v in sorted(reasons.items())) or "-", warnings))
    ok = ledger_summary(LedgerStore(out)) and ok
    ok = assessment_summary(out) and ok
    ok = closed_loop(out) and ok
    maps_summary(out)
    ok = thematic_checks(out) and ok
    ok = analysis_stats(out) and ok
    ok = planning_a(out) and ok
    ok = planning_b(out) and ok
    ok = citizen_problems(out) and ok
    print("  文件 files written:")
    for name in sorted(os.listdir(out)):
        path = os.path.join(out, name)
        if os.path.isdir(path):
            count = sum(len(files) for _r, _d, files in os.walk(path))
            print("    {}/  ({} files)".format(name, count))
        else:
            print("    {}  ({:,} bytes)".format(name, os.path.getsize(path)))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "out/demo"))
