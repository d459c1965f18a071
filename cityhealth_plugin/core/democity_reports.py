"""The demo city's grid reports (网格排查报表): messy on purpose, with a ground truth to score joins.

For each round (2024, 2025) one file per grid cell: ``reports/<round>/<grid_code>_<grid_name>.xlsx``
(a few are CSV in GBK or UTF-8 with BOM), sheet 问题清单, the national problem-sheet headers plus
ours. Addresses are spelled the ways grid workers write them; ~10 % of workbooks carry title rows
with merged cells; some files use one free-text 地址 column; a few "mini-program" files carry 经度/纬度
(WGS84 lon/lat of a point inside the building, computed with
:func:`democity_geodesy.gauss_kruger_to_lonlat`) instead of an address; those files hold building
problems only.
About 2.5 % of rows are deliberately unmatchable; a few rows are blank; a handful of photos are missing.
``ground_truth.csv`` states, for every row a person sees, the true building (or why there is none):

round, source_file (relative to the round folder), source_sheet ("" for CSV), source_row (Excel row
number with title and header rows, or CSV line number), building_id (empty for compound-level
problems and for rows whose building cannot exist), unit (the unit the row names, canonical digits;
empty when it names none), expected_reason ("" or no_compound | no_building | no_unit |
empty_address), blank (1 for deliberately blank rows), then our extras compound_id (the true compound,
empty for scattered buildings and no_compound/empty_address rows), problem_code and photo_missing (1
when the photo named in 图片 was deliberately not written).
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import random
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

from . import democity_names as names
from .address import edit_distance_at_most_one
from .catalogue import Catalogue, ProblemType
from .democity_city import City
from .democity_geodesy import gauss_kruger_to_lonlat
from .feedback import check
from .files import write_bytes
from .messages import QT_TRANSLATE_NOOP, CityHealthError, Message
from .png import stamp_png
from .schema import (
    LAYER_BUILDINGS,
    LAYER_COMMUNITIES,
    LAYER_COMPOUNDS,
    LAYER_DISTRICTS,
    LAYER_GRIDS,
    LAYER_STREETS,
    SEVERITIES,
    STATUS_IN_PROGRESS,
    STATUS_OPEN,
    STATUS_RESOLVED,
)
from .xlsx import PlainRows, workbook_parts

ROUNDS = (2024, 2025)
SHEET = "问题清单"
HEADERS = ("所属省", "所属市", "所属区", "街道", "社区名", "网格", "小区", "楼栋", "单元", "问题类别", "问题",
           "严重程度", "图片", "描述", "上报人", "联系电话", "上报日期", "整改状态")
ADDRESS_COLUMNS = ("小区", "楼栋", "单元")
GROUND_TRUTH_COLUMNS = ("round", "source_file", "source_sheet", "source_row", "building_id", "unit",
                        "expected_reason", "blank", "compound_id", "problem_code", "photo_missing")
SURVEY_TOPICS = ("住房条件", "小区环境", "停车便利", "公共服务", "物业服务", "总体满意度")
PHOTO_FOLDER = "照片"
UNMATCHABLE_SHARE = 0.028  # target share of deliberately unmatchable rows (stated range 2–3 %)
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)

CATEGORY_WEIGHT = {"STRUCT": 0.8, "GAS": 1.6, "STAIR": 2.2, "FIRE": 1.4, "FACADE": 2.0, "ROOF": 1.8,
                   "HOUSE": 0.6, "PIPE": 2.2, "LIFT": 2.5, "BARRIER": 1.0, "WATER": 0.6, "ENERGY": 2.0,
                   "DIGITAL": 0.7}
CATEGORY_COLOUR = {"STRUCT": (200, 40, 40), "GAS": (230, 120, 20), "STAIR": (120, 90, 60),
                   "FIRE": (220, 0, 0), "FACADE": (150, 150, 150), "ROOF": (60, 90, 160),
                   "PIPE": (40, 140, 180), "PARKING": (90, 90, 200), "GREEN": (40, 160, 60)}
NO_UNIT_CATEGORIES = ("FACADE", "ROOF", "LIFT", "ENERGY", "DIGITAL")
DETAILS = ("居民反映强烈", "存在安全隐患", "已持续半年以上", "多次报修未解决", "需尽快处理", "影响老人出行",
           "雨季尤为严重", "冬季问题突出", "现场已拍照", "网格员巡查发现", "12345热线转办", "业主微信群反映")
DEMANDS = ("希望加装电梯", "解决停车难", "楼道灯尽快修好", "冬天暖气不热", "小区路面坑洼希望修补",
           "希望增加健身器材", "垃圾清运不及时", "希望引进物业", "外墙掉皮有危险", "电动车充电不方便",
           "希望建设口袋公园", "下水道经常堵", "楼顶漏雨", "希望安装监控", "")
#: Residents' complaint lists (市民投诉, WeChat groups and the 12345 hotline): where, how, what.
COMPLAINT_FOLDER = "complaints"
COMPLAINT_FILE = "市民投诉_{}.xlsx"
COMPLAINT_HEADERS = ("序号", "来源", "反映时间", "反映人", "联系电话", "地址", "反映内容")
COMPLAINT_CHANNELS = ("业主微信群", "业主微信群", "12345热线", "12345热线", "市长信箱", "社区接待")
COMPLAINT_TAILS = ("", "，好几个月了", "，希望尽快解决", "，反映多次没人管", "，影响居民生活", "！！")
COMPLAINT_PLACES = ("东门", "南门口", "院里", "里面", "门口")
COMPLAINT_NOWHERE = ("我家楼下", "我们小区", "幸福路附近", "菜市场旁边那个院", "")  # not placeable
FAKE_COMPOUNDS = ("紫金花园", "香榭丽舍", "碧水云天", "枫林绿洲", "观澜府", "丽景湾", "金色家园", "蓝湾新城",
                  "桃源居", "书香门第", "阳光100", "万科城")
FULL_WIDTH_DIGITS = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}  # ASCII → full-width forms


@dataclass
class ReportsSummary:
    """What :func:`write_reports` wrote."""

    folder: str
    reports_folder: str
    ground_truth: str
    readme: str
    files: int = 0
    rows: int = 0  # non-blank report rows over all rounds
    rows_by_round: Dict[int, int] = field(default_factory=dict)
    blank_rows: int = 0
    unmatchable: int = 0
    photos: int = 0
    photos_missing: int = 0
    survey_rows: int = 0
    complaint_rows: int = 0  # rows of the complaint lists (市民投诉) over all rounds
    complaints_folder: str = ""

    @property
    def unmatchable_share(self) -> float:
        """Share of non-blank rows that are deliberately unmatchable."""
        return self.unmatchable / self.rows if self.rows else 0.0


@dataclass
class _Problem:
    kind: str  # "building" | "compound"
    ref: Dict[str, Any]  # building or compound record
    ptype: ProblemType
    unit: Optional[int]
    severity: str


class _Index:
    """Look-ups over the city that the report writer needs."""

    def __init__(self, city: City):
        self.district = city.names(LAYER_DISTRICTS, "district_code", "district_name")
        self.street = city.names(LAYER_STREETS, "street_code", "street_name")
        self.community = {f.attrs["community_code"]: f.attrs for f in city.layers[LAYER_COMMUNITIES]}
        self.grids = [f.attrs for f in city.layers[LAYER_GRIDS]]
        self.compounds: Dict[str, Dict[str, Any]] = {}
        for f in city.layers[LAYER_COMPOUNDS]:
            rec = dict(f.attrs)
            rec["bounds"] = f.bounds
            match = [re.match(r"^(.*)\((.*)\)$", a) for a in rec["aliases"].split("|") if a]
            phased = [m for m in match if m]
            rec["base"], rec["phase"] = ((phased[0].group(1), phased[0].group(2)) if phased
                                         else (rec["compound_name"], ""))
            rec["buildings"] = []
            self.compounds[rec["compound_id"]] = rec
        self.by_grid: Dict[str, List[Dict[str, Any]]] = {g["grid_code"]: [] for g in self.grids}
        self.compounds_by_grid: Dict[str, List[str]] = {g["grid_code"]: [] for g in self.grids}
        for f in city.layers[LAYER_BUILDINGS]:
            rec = dict(f.attrs)
            rec["bounds"] = f.bounds
            self.by_grid[rec["grid_code"]].append(rec)
            if rec["compound_id"]:
                comp = self.compounds[rec["compound_id"]]
                if not comp["buildings"]:
                    self.compounds_by_grid[rec["grid_code"]].append(rec["compound_id"])
                comp["buildings"].append(rec)
        taken = set()
        for comp in self.compounds.values():
            taken.add(comp["compound_name"])
            taken.update(a for a in comp["aliases"].split("|") if a)
        self.taken_names = taken
        # A name that is one typo away from a real one, or shares its two-character core (阳光100 vs
        # 阳光名苑), would be a plausible spelling of that compound, not an unknown one.
        def plausible(name: str, real: str) -> bool:
            return (name in real or real in name or name[:2] == real[:2]
                    or edit_distance_at_most_one(name, real))

        self.fake_compounds = [n for n in FAKE_COMPOUNDS if not any(plausible(n, t) for t in taken)] \
            or ["无此小区"]


def _fullwidth(text: str) -> str:
    return text.translate(FULL_WIDTH_DIGITS)


def building_text(no: str, rng: random.Random, style: int, suffixed: bool = False) -> str:
    """One of the ways grid workers write building number ``no`` (``style`` picks a file's habit).

    ``suffixed`` keeps to forms that end in a marker (号楼, #, 栋 …), as needed inside a free-text address.
    """
    if no.isdigit():
        n = int(no)
        variants = ["{}号楼", "{}#", "{}#楼", "CN号楼", "{}栋", "{}幢", "{}座", "第{}栋", "FW号楼",
                    "{:02d}", "{}"]
        if suffixed:
            variants = variants[:-2]
        pick = variants[style % len(variants)] if rng.random() < 0.7 else rng.choice(variants)
        if pick.startswith("CN"):
            return names.chinese_number(n) + pick[2:] if n < 100 else "{}号楼".format(n)
        if pick.startswith("FW"):
            return _fullwidth(str(n)) + pick[2:]
        return pick.format(n)
    variants = ["{}座", "{}栋", "{}号楼"] + ([] if suffixed else ["{}"])
    text = rng.choice(variants).format(no)
    roll = rng.random()
    if roll < 0.15:
        return text.lower()
    if roll < 0.25:
        return _fullwidth(text)
    return text


def unit_text(unit: int, rng: random.Random, style: int, suffixed: bool = False) -> str:
    """One of the ways grid workers write unit ``unit`` (``suffixed``: only 单元/门 forms)."""
    variants = ["{}单元", "CN单元", "{}门"] + ([] if suffixed else ["{}-", "{}"])
    pick = variants[style % len(variants)] if rng.random() < 0.7 else rng.choice(variants)
    if pick.startswith("CN"):
        return names.chinese_number(unit) + pick[2:]
    return pick.format(unit)


def compound_text(comp: Dict[str, Any], index: _Index, rng: random.Random) -> str:
    """The compound's name as written: canonical, bracketed phase, alias, extra spaces or a typo."""
    name = comp["compound_name"]
    roll = rng.random()
    if roll < 0.08 and comp["phase"]:
        left, right = ("(", ")") if rng.random() < 0.6 else ("（", "）")
        return "{}{}{}{}".format(comp["base"], left, comp["phase"], right)
    aliases = [a for a in comp["aliases"].split("|") if a]
    if roll < 0.16 and aliases:
        return rng.choice(aliases)
    if roll < 0.22 and len(name) >= 3:
        k = rng.randrange(1, len(name))
        return rng.choice(("{} {}", " {}{} ", "{}\u3000{}", "{}  {}")).format(name[:k], name[k:])
    if roll < 0.25 and len(name) >= 4:
        spots = [i for i, ch in enumerate(name) if ch in names.TYPO]
        if spots:
            i = rng.choice(spots)
            typo = name[:i] + names.TYPO[name[i]] + name[i + 1:]
            if typo not in index.taken_names:
                return typo
    return name


def _door_text(door: str, rng: random.Random) -> str:
    roll = rng.random()
    m = re.match(r"^(.*?)(\d+)号$", door)
    if roll < 0.15 and m:
        return "{} {}号".format(m.group(1), m.group(2))
    if roll < 0.25 and m:
        return "{}{}号".format(m.group(1), _fullwidth(m.group(2)))
    if roll < 0.35:
        return door + "楼"
    return door


def _poisson(rng: random.Random, lam: float) -> int:
    limit, k, p = pow(2.718281828459045, -lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


class _Writer:
    def __init__(self, city: City, folder: str, catalogue: Catalogue, feedback=None, photos: bool = True):
        self.city, self.folder, self.catalogue, self.feedback = city, folder, catalogue, feedback
        self.photos = photos
        self.index = _Index(city)
        self.housing = catalogue.problems_of_level("housing")
        self.compound_types = catalogue.problems_of_level("compound")
        hot_rng = random.Random("hot-{}-{}".format(city.size, city.seed))
        self.hot = {cid for cid in sorted(self.index.compounds) if hot_rng.random() < 0.08}
        self.reports_folder = os.path.join(folder, "reports")
        self.summary = ReportsSummary(folder=folder, reports_folder=self.reports_folder,
                                      ground_truth=os.path.join(folder, "ground_truth.csv"),
                                      readme=os.path.join(folder, "README.txt"),
                                      complaints_folder=os.path.join(folder, COMPLAINT_FOLDER))

    # -- problems ----------------------------------------------------------------------------
    def housing_weights(self, b: Dict[str, Any]) -> List[float]:
        weights = []
        for p in self.housing:
            w = CATEGORY_WEIGHT.get(p.category, 1.0)
            if p.category == "LIFT" and (b["has_lift"] or b["storeys"] < 4):
                w = 0.0
            elif p.category == "ENERGY" and b["build_year"] >= 2000:
                w = 0.0
            elif p.category == "HOUSE" and b["build_year"] >= 1990:
                w = 0.0
            elif p.code == "DIGITAL-03" and b["storeys"] < 10:
                w = 0.0
            elif p.category in ("GAS", "STRUCT", "FACADE", "ROOF", "PIPE") and b["build_year"] < 2000:
                w *= 1.8
            weights.append(w)
        return weights

    def compound_weights(self, c: Dict[str, Any]) -> List[float]:
        weights = []
        for p in self.compound_types:
            w = 1.0
            if p.category == "PROP" and p.code == "PROP-01" and c["has_property"]:
                w = 0.0
            elif p.category == "PROP" and p.code == "PROP-02" and not c["has_property"]:
                w = 0.0
            elif p.category in ("PARKING", "CHARGE"):
                w = 2.5
            weights.append(w)
        return weights

    def severity(self, p: ProblemType, rng: random.Random) -> str:
        i = SEVERITIES.index(p.default_severity)
        roll = rng.random()
        if roll < 0.12:
            i = max(0, i - 1)
        elif roll < 0.22:
            i = min(len(SEVERITIES) - 1, i + 1)
        return SEVERITIES[i]

    def new_problems(self, grid_code: str, rng: random.Random, factor: float) -> List[_Problem]:
        out: List[_Problem] = []
        done_compounds = set()
        for b in self.index.by_grid[grid_code]:
            year = b["build_year"]
            age = 2.6 if year < 1990 else 2.0 if year < 2000 else 0.8 if year < 2010 else 0.25
            hot = 3.0 if b["compound_id"] in self.hot else 1.0
            lam = 0.98 * age * hot * factor * (1.3 if b["is_scattered"] else 1.0)
            weights = self.housing_weights(b)
            for _ in range(_poisson(rng, lam)):
                p = rng.choices(self.housing, weights)[0]
                unit = None
                if p.category not in NO_UNIT_CATEGORIES or rng.random() < 0.4:
                    unit = rng.randint(1, b["units"])
                out.append(_Problem("building", b, p, unit, self.severity(p, rng)))
            cid = b["compound_id"]
            if cid and cid not in done_compounds and b is self.index.compounds[cid]["buildings"][-1]:
                done_compounds.add(cid)
                comp = self.index.compounds[cid]
                lam_c = ((1.6 if comp["build_year"] < 2000 else 0.5) * (2.5 if cid in self.hot else 1.0)
                         * factor)
                cweights = self.compound_weights(comp)
                for _ in range(_poisson(rng, lam_c)):
                    p = rng.choices(self.compound_types, cweights)[0]
                    out.append(_Problem("compound", comp, p, None, self.severity(p, rng)))
        return out

    # -- rows --------------------------------------------------------------------------------
    def admin_cells(self, grid: Dict[str, Any]) -> List[str]:
        comm = self.index.community[grid["community_code"]]
        return [names.PROVINCE, names.CITY, self.index.district[comm["district_code"]],
                self.index.street[comm["street_code"]], comm["community_name"], grid["grid_name"]]

    def address_cells(self, prob: _Problem, rng: random.Random, style: int,
                      suffixed: bool = False) -> Tuple[str, str, str]:
        if prob.kind == "compound":
            return compound_text(prob.ref, self.index, rng), "", ""
        b = prob.ref
        unit = unit_text(prob.unit, rng, style, suffixed) if prob.unit else ""
        if b["is_scattered"]:
            bno = "" if suffixed else rng.choice(("", "", "1", "1号楼"))
            door = _door_text(b["compound_name"], rng)
            return (door.rstrip("楼") if suffixed else door), bno, unit
        comp = self.index.compounds[b["compound_id"]]
        return (compound_text(comp, self.index, rng), building_text(b["building_no"], rng, style, suffixed),
                unit)

    def address_text(self, prob: _Problem, grid: Dict[str, Any], rng: random.Random, style: int) -> str:
        admin = self.admin_cells(grid)
        roll = rng.random()
        if roll < 0.3:
            prefix = ("内蒙古" if rng.random() < 0.5 else admin[0]) + "".join(admin[1:4])
        elif roll < 0.6:
            prefix = admin[2] + admin[3]
        elif roll < 0.75:
            prefix = admin[3] + admin[4]
        else:
            prefix = ""
        if prob.kind == "compound":
            return prefix + compound_text(prob.ref, self.index, rng)
        b = prob.ref
        unit = unit_text(prob.unit, rng, style, suffixed=True) if prob.unit else ""
        if b["is_scattered"]:
            return prefix + _door_text(b["compound_name"], rng).rstrip("楼") + unit
        comp = compound_text(self.index.compounds[b["compound_id"]], self.index, rng)
        bld = building_text(b["building_no"], rng, style, suffixed=True)
        if (prob.kind == "building" and prob.unit and prob.ref["building_no"].isdigit()
                and not prob.ref["is_scattered"] and rng.random() < 0.35):
            b = prob.ref
            floor = rng.randint(1, b["storeys"])
            room = "{}{:02d}".format(floor, rng.randint(1, 2))
            return "{}{}{}-{}-{}".format(prefix, comp, b["building_no"], prob.unit, room)
        return prefix + comp + bld + unit

    def unmatchable(self, prob: _Problem, cells: List[str], rng: random.Random) -> Tuple[str, List[str], str]:
        """Spoil the address cells (小区, 楼栋, 单元); returns (reason, cells, written unit)."""
        kinds = ["no_compound", "empty_address"]
        if prob.kind == "building":
            kinds.append("no_unit")
            if not prob.ref["is_scattered"]:
                kinds += ["no_building", "no_building"]
        kind = rng.choice(kinds)
        comp, bld, unit = cells
        if kind == "no_compound":
            comp = rng.choice(self.index.fake_compounds)
        elif kind == "empty_address":
            comp = bld = unit = ""
        elif kind == "no_unit":
            bogus = prob.ref["units"] + rng.randint(1, 3)
            unit = "{}单元".format(bogus)
            if not bld and not prob.ref["is_scattered"]:
                bld = "{}号楼".format(prob.ref["building_no"])
            return kind, [comp, bld, unit], str(bogus)
        else:
            comp_rec = self.index.compounds[prob.ref["compound_id"]]
            numbers = [int(x["building_no"]) for x in comp_rec["buildings"] if x["building_no"].isdigit()]
            bld = "{}号楼".format((max(numbers) if numbers else 0) + rng.randint(3, 20))
        return kind, [comp, bld, unit], ""

    def lonlat(self, prob: _Problem, rng: random.Random) -> Tuple[float, float]:
        """WGS84 lon/lat of a point inside the building (centroid ± 30 % of the half sides)."""
        x0, y0, x1, y1 = prob.ref["bounds"]
        x = (x0 + x1) / 2 + rng.uniform(-0.3, 0.3) * (x1 - x0) / 2
        y = (y0 + y1) / 2 + rng.uniform(-0.3, 0.3) * (y1 - y0) / 2
        lon, lat = gauss_kruger_to_lonlat(x, y)
        return round(lon, 7), round(lat, 7)

    def write_grid(self, rnd: int, grid: Dict[str, Any], problems: List[Tuple[_Problem, str]],
                   gt: Any, photo_dir: str) -> None:
        rng = random.Random("file-{}-{}-{}-{}".format(self.city.size, self.city.seed, rnd, grid["grid_code"]))
        roll = rng.random()
        fmt = "csv-gbk" if roll < 0.03 else "csv-bom" if roll < 0.06 else "xlsx"
        roll = rng.random()
        mode = "address" if roll < 0.12 else ("lonlat" if roll < 0.17 and fmt == "xlsx" else "columns")
        titles = rng.choice((1, 2)) if fmt == "xlsx" and rng.random() < 0.1 else 0
        if mode == "lonlat":  # the mini-program locates building problems only
            problems = [p for p in problems if p[0].kind == "building"]
        style = rng.randrange(100)
        date_style = rng.choice(("date", "date", "date", "iso", "dot", "cn"))
        base = "{}_{}".format(grid["grid_code"], grid["grid_name"])
        file_name = base + (".csv" if fmt.startswith("csv") else ".xlsx")
        if mode == "address":
            headers = [h for h in HEADERS if h not in ADDRESS_COLUMNS]
            headers.insert(6, "地址")
        elif mode == "lonlat":
            headers = [h for h in HEADERS if h not in ADDRESS_COLUMNS]
            headers[6:6] = ["经度", "纬度"]
        else:
            headers = list(HEADERS)
        admin = self.admin_cells(grid)
        rows: List[List[Any]] = []
        truth: List[List[Any]] = []
        first_row = titles + 2
        for k, (prob, status) in enumerate(problems):
            if rng.random() < 0.006:
                rows.append([None] * len(headers))
                truth.append(["", "", "", 1, "", "", ""])
            cells = list(self.address_cells(prob, rng, style, suffixed=mode == "address"))
            reason = ""
            written_unit = "" if mode == "lonlat" else str(prob.unit or "")  # the unit the row names
            if mode != "lonlat" and rng.random() < UNMATCHABLE_SHARE:
                reason, cells, bogus = self.unmatchable(prob, cells, rng)
                written_unit = bogus or written_unit
            b_id = prob.ref["building_id"] if prob.kind == "building" else ""
            c_id = prob.ref.get("compound_id") or ""
            if reason in ("no_compound", "empty_address"):
                b_id, written_unit = "", ""
                c_id = ""
            elif reason == "no_building":
                b_id, written_unit = "", ""
            date = datetime.date(rnd, rng.randint(4, 9), rng.randint(1, 28))
            photo = "{}-{:03d}.png".format(grid["grid_code"], k + 1)
            photo_missing = 0
            roll = rng.random()
            if roll < 0.015:
                photo = ""
            elif roll < 0.02:
                photo_missing = 1
            elif self.photos:
                colour = CATEGORY_COLOUR.get(prob.ptype.category, (120, 120, 120))
                seed = (rnd * 7919 + k * 104729 + int(grid["grid_code"][-8:])) & 0xFFFFFFFFFFFF
                write_bytes(os.path.join(photo_dir, photo), stamp_png(seed, colour))
                self.summary.photos += 1
            self.summary.photos_missing += photo_missing
            problem_text = prob.ptype.name_cn
            if rng.random() < 0.25 and prob.ptype.keywords:
                problem_text = (rng.choice(prob.ptype.keywords)
                                + rng.choice(("", "", "了", "，需维修", "严重")))
            category = prob.ptype.category_cn if rng.random() > 0.1 else ""
            if reason:
                where = ""
            elif prob.kind == "compound":
                where = "院内"
            elif prob.ref["is_scattered"]:
                where = "{}单元".format(prob.unit) if prob.unit else ""
            else:
                unit_part = "{}单元".format(prob.unit) if prob.unit else ""
                where = "{}号楼{}".format(prob.ref["building_no"], unit_part)
            description = "{}{}，{}".format(where, prob.ptype.name_cn, rng.choice(DETAILS))
            if date_style == "date" and fmt == "xlsx":
                date_cell: Any = date
            elif date_style == "dot":
                date_cell = "{}.{}.{}".format(date.year, date.month, date.day)
            elif date_style == "cn":
                date_cell = "{}年{}月{}日".format(date.year, date.month, date.day)
            else:
                date_cell = date.isoformat()
            if mode == "address":
                if reason == "empty_address":
                    address = ""
                elif reason:
                    address = "".join(cells)
                else:
                    address = self.address_text(prob, grid, rng, style)
                middle: List[Any] = [address]
            elif mode == "lonlat":
                middle = list(self.lonlat(prob, rng))
            else:
                middle = cells
            row = admin + middle + [category, problem_text, prob.severity, photo, description,
                                    names.person_name(rng), names.phone_number(rng), date_cell,
                                    status if rnd == ROUNDS[0] else ""]
            rows.append(row)
            truth.append([b_id, written_unit if b_id else "", reason, 0, c_id, prob.ptype.code,
                          photo_missing])
            self.summary.rows += 1
            self.summary.rows_by_round[rnd] = self.summary.rows_by_round.get(rnd, 0) + 1
            if reason:
                self.summary.unmatchable += 1
        path = os.path.join(self.reports_folder, str(rnd), file_name)
        if fmt == "xlsx":
            _write_xlsx(path, headers, rows, titles, "{}{}{}城市体检问题排查表（{}年）".format(
                admin[2], admin[3], grid["grid_name"], rnd))
            sheet = SHEET
        else:
            _write_csv(path, headers, rows, "gbk" if fmt == "csv-gbk" else "utf-8-sig")
            sheet, first_row = "", 2
        for offset, t in enumerate(truth):
            blank = t[3]
            gt.writerow([rnd, file_name, sheet, first_row + offset] + t[:3] + [blank] + t[4:])
            self.summary.blank_rows += blank
        self.summary.files += 1

    def write_round(self, rnd: int, carried: Dict[str, List[_Problem]], gt: Any, start: float,
                    span: float) -> Dict[str, List[_Problem]]:
        round_dir = os.path.join(self.reports_folder, str(rnd))
        photo_dir = os.path.join(round_dir, PHOTO_FOLDER)
        os.makedirs(photo_dir, exist_ok=True)
        unresolved: Dict[str, List[_Problem]] = {}
        grids = self.index.grids
        for done, grid in enumerate(grids):
            check(self.feedback, done, len(grids), start, span)
            code = grid["grid_code"]
            rng = random.Random("problems-{}-{}-{}-{}".format(self.city.size, self.city.seed, rnd, code))
            problems = [p for p in carried.get(code, []) if rng.random() < 0.6]
            problems += self.new_problems(code, rng, 1.0 if rnd == ROUNDS[0] else 0.85)
            with_status = []
            for p in problems:
                roll = rng.random()
                status = STATUS_RESOLVED if roll < 0.4 else STATUS_IN_PROGRESS if roll < 0.65 else STATUS_OPEN
                with_status.append((p, status))
                if status != STATUS_RESOLVED:
                    unresolved.setdefault(code, []).append(p)
            if with_status:
                self.write_grid(rnd, grid, with_status, gt, photo_dir)
        return unresolved

    def write_survey(self, rnd: int) -> None:
        rng = random.Random("survey-{}-{}-{}".format(self.city.size, self.city.seed, rnd))
        rows = []
        per = (3, 6) if self.city.size == "small" else (1, 1)
        for cid in sorted(self.index.compounds):
            comp = self.index.compounds[cid]
            comm = self.index.community[comp["community_code"]]
            base = 4.1 if comp["build_year"] >= 2000 else 3.0
            base -= 0.8 if cid in self.hot else 0.0
            base += 0.3 if rnd > ROUNDS[0] and comp["renovation"] != "未改造" else 0.0
            for _ in range(rng.randint(*per)):
                scores = [max(1, min(5, round(rng.gauss(base, 0.8)))) for _ in SURVEY_TOPICS]
                rows.append([len(rows) + 1, comm["community_name"], comp["compound_name"]] + scores
                            + [rng.choice(DEMANDS)])
        path = os.path.join(self.reports_folder, str(rnd), "满意度调查.xlsx")
        headers = ["序号", "社区名", "小区"] + list(SURVEY_TOPICS) + ["诉求"]
        _write_xlsx(path, headers, rows, 0, "", "满意度调查")
        self.summary.survey_rows += len(rows)


    def write_complaints(self, rnd: int) -> None:
        """The residents' complaint list of a round (市民投诉_<round>.xlsx, one sheet as a WeChat-group
        or hotline export): a free-text address (a building, a compound, or nowhere one can place),
        the complaint in the resident's words (a catalogue problem with a colloquial tail), a phone
        number in most rows and in the text of some, the resident's name; seeded."""
        rng = random.Random("complaints-{}-{}-{}".format(self.city.size, self.city.seed, rnd))
        share = 0.4 if self.city.size == "small" else 0.04
        rows: List[List[Any]] = []
        for cid in sorted(self.index.compounds):
            comp = self.index.compounds[cid]
            if not comp["buildings"] or rng.random() >= share * (2.0 if cid in self.hot else 1.0):
                continue
            comm = self.index.community[comp["community_code"]]
            street = self.index.street[comm["street_code"]]
            prefix = rng.choice(("", "", street, self.index.district[comm["district_code"]] + street))
            roll = rng.random()
            if roll < 0.08:
                address, ptype = rng.choice(COMPLAINT_NOWHERE), rng.choice(self.housing)
            elif roll < 0.35:
                ptype = rng.choice(self.compound_types)
                address = prefix + compound_text(comp, self.index, rng) + rng.choice(COMPLAINT_PLACES)
            else:
                b = rng.choice(comp["buildings"])
                ptype = rng.choices(self.housing, self.housing_weights(b))[0]
                address = (prefix + compound_text(comp, self.index, rng)
                           + building_text(b["building_no"], rng, rng.randrange(100), suffixed=True))
                if rng.random() < 0.4:
                    address += unit_text(rng.randint(1, max(1, b["units"])), rng, rng.randrange(100),
                                         suffixed=True)
            words = rng.choice(ptype.keywords) if ptype.keywords and rng.random() < 0.5 else ptype.name_cn
            phone = names.phone_number(rng)
            text = words + rng.choice(COMPLAINT_TAILS)
            if rng.random() < 0.15:
                text += "，我的电话{}".format(phone)
            date = datetime.date(rnd, rng.randint(3, 10), rng.randint(1, 28)).isoformat()
            rows.append([len(rows) + 1, rng.choice(COMPLAINT_CHANNELS), date, names.person_name(rng),
                         phone if rng.random() < 0.7 else "", address, text])
        folder = os.path.join(self.summary.complaints_folder, str(rnd))
        os.makedirs(folder, exist_ok=True)
        _write_xlsx(os.path.join(folder, COMPLAINT_FILE.format(rnd)), COMPLAINT_HEADERS, rows, 0, "",
                    "投诉清单")
        self.summary.complaint_rows += len(rows)


def _frozen_zip(parts: Sequence[Tuple[str, bytes]]) -> bytes:
    """An xlsx of ``parts`` (name, content) with fixed timestamps, so the same input gives the same
    bytes: every part deflated once."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in parts:
            if name == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*",
                                 rb"\g<1>2024-01-01T00:00:00Z", content)
            dst.writestr(zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME), content,
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _atomic_write(path: str, data: bytes) -> None:
    tmp = path + ".part"
    write_bytes(tmp, data)
    os.replace(tmp, path)


_PLAIN_ROWS = PlainRows()
_STAMP = datetime.datetime(2024, 1, 1)


def _write_only_book(sheet: str, rows: Sequence[Sequence[Any]]):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    for row in rows:
        ws.append(list(row))
    wb.properties.created = _STAMP
    wb.properties.modified = _STAMP
    return wb


def _write_xlsx(path: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], titles: int, title: str,
                sheet: str = SHEET) -> None:
    if titles:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = sheet
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        if titles > 1:
            ws.append(["填报单位：社区网格站", None, None, None, None, None, "填报说明：一问题一照片"])
            ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=6)
            ws.merge_cells(start_row=2, start_column=7, end_row=2, end_column=len(headers))
        ws.append(list(headers))
        for row in rows:
            ws.append(list(row))
        wb.properties.created = _STAMP
        wb.properties.modified = _STAMP
        # saved uncompressed into memory: _frozen_zip compresses each part once (saved deflated,
        # every part was compressed twice and inflated once, a tenth of generating the large city)
        parts = [(info.filename, data) for info, data in workbook_parts(wb)]
    else:
        # the rows serialised by core/xlsx (openpyxl's bytes), the other parts openpyxl's, made once
        parts = _PLAIN_ROWS.parts(sheet, [headers, *rows],
                                  lambda book_rows: _write_only_book(sheet, book_rows))
    _atomic_write(path, _frozen_zip(parts))


def _write_csv(path: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], encoding: str) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    try:
        data = text.getvalue().encode(encoding)
    except UnicodeEncodeError:  # a character GBK lacks: such offices save UTF-8 with BOM instead
        data = text.getvalue().encode("utf-8-sig")
    _atomic_write(path, data)


README = """通辽市示范城区（合成数据）说明
================================

本文件夹由 CityHealth 插件的“示范城区”算法生成（规模：{size}，随机种子：{seed}）。
所有数据均为虚构，仅用于演示和测试；街道、社区名称取自科尔沁区和通辽经济技术开发区的公开行政区划，
小区、楼栋、人员、电话均为随机生成。坐标系：EPSG:4550（CGCS2000 / 3度带高斯-克吕格 中央经线123°E）。

democity.gpkg        空间数据：区、街道、社区、网格、道路、街区、小区、楼栋、设施、公园
reports/<年份>/      网格排查报表，每个网格一个文件（<网格编码>_<网格名称>.xlsx，
                     少数为 GBK 或 UTF-8 BOM 编码的 CSV）
                     工作表“问题清单”；2024 年填写“整改状态”，2025 年复查部分未整改问题
reports/<年份>/照片/  每个问题一张照片（文件名见“图片”列；少数照片故意缺失）
reports/<年份>/满意度调查.xlsx  居民满意度调查（各项 1–5 分及诉求）
complaints/<年份>/市民投诉_<年份>.xlsx  市民投诉清单（业主微信群、12345 热线等导出：自由书写的地址、
                     反映内容、反映人和联系电话；少数地址无法定位），共 {complaints} 行
ground_truth.csv     标准答案：每一行报表对应的真实楼栋（building_id）、单元，
                     故意无法匹配的行给出原因（no_compound 无此小区、no_building 无此楼栋、
                     no_unit 单元号超出、empty_address 地址为空），blank=1 表示故意留空的行

报表故意保留了真实填报中的各种写法：3号楼、3#、三号楼、3栋、第3栋、３号楼、03；2单元、二单元、2门；
小区名带或不带分期、括号、别名、多余空格、个别错别字；部分文件有标题行和合并单元格；部分文件只有一列“地址”
（如 “{example}”）；少数小程序导出的文件只有经度/纬度（WGS84，由楼栋中心点经高斯-克吕格反算）。

统计：报表文件 {files} 个，问题记录 {rows} 行（2024 年 {r2024} 行，2025 年 {r2025} 行），
故意无法匹配 {unmatchable} 行（{share:.1%}），空行 {blank} 行，照片 {photos} 张（缺失 {missing} 张）。
"""


def write_reports(city: City, folder: str, catalogue: Catalogue, feedback=None,
                  photos: bool = True) -> ReportsSummary:
    """Write report workbooks, photos, satisfaction surveys, ground truth and README into ``folder``.

    ``photos=False`` skips writing the PNG files (their names still appear in the reports).
    """
    try:
        os.makedirs(folder, exist_ok=True)
        writer = _Writer(city, folder, catalogue, feedback, photos)
        summary = writer.summary
        tmp_truth = summary.ground_truth + ".part"
        with open(tmp_truth, "w", encoding="utf-8", newline="") as handle:
            gt = csv.writer(handle, lineterminator="\n")
            gt.writerow(GROUND_TRUTH_COLUMNS)
            carried: Dict[str, List[_Problem]] = {}
            for k, rnd in enumerate(ROUNDS):
                carried = writer.write_round(rnd, carried, gt, 100.0 * k / len(ROUNDS), 90.0 / len(ROUNDS))
                writer.write_survey(rnd)
                writer.write_complaints(rnd)
        os.replace(tmp_truth, summary.ground_truth)
        example = "内蒙古通辽市科尔沁区西门街道天福家园南区3号楼2单元"
        text = README.format(size=city.size, seed=city.seed, example=example, files=summary.files,
                             rows=summary.rows, r2024=summary.rows_by_round.get(2024, 0),
                             r2025=summary.rows_by_round.get(2025, 0), unmatchable=summary.unmatchable,
                             share=summary.unmatchable_share, blank=summary.blank_rows,
                             photos=summary.photos, missing=summary.photos_missing,
                             complaints=summary.complaint_rows)
        _atomic_write(summary.readme, text.encode("utf-8"))
        check(feedback, 100, 100)
        return summary
    except OSError as error:
        raise CityHealthError(Message(QT_TRANSLATE_NOOP(
            "CoreMessages", "Cannot write the demo city reports into {folder}: {error}"),
            {"folder": folder, "error": error.strerror or str(error)})) from error
