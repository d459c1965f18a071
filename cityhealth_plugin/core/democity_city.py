"""Geometry and attributes of the demo city (no reports): roads, blocks, compounds, buildings …

The city is laid out on a rectilinear road grid in local metres and shifted into EPSG:4550
(Tongliao's old town lies around x≈440000, y≈4830000). Every road segment has its own class and
width; a block is the cell between road centre lines minus half the road widths, so blocks are
bounded by roads by construction. Administrative units (district → street → community → grid) are
unions of cells on road centre lines, so they nest exactly. Compounds are guillotine pieces of one
block, buildings are rows of rectangles inside a compound, scattered buildings (散楼) stand in a
frontage strip along a road.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from . import democity_names as names
from .feedback import check
from .schema import (
    DEMO_LAYERS,
    LAYER_BLOCKS,
    LAYER_BUILDINGS,
    LAYER_COMMUNITIES,
    LAYER_COMPOUNDS,
    LAYER_DISTRICTS,
    LAYER_FACILITIES,
    LAYER_GRIDS,
    LAYER_PARKS,
    LAYER_ROADS,
    LAYER_STREETS,
    LAYER_VACANT_LAND,
)

Rect = Tuple[float, float, float, float]  # xmin, ymin, xmax, ymax (local metres)

#: south-west corner of the city in EPSG:4550 for each size (the old town around Tongliao's centre)
ORIGINS = {"small": (438200.0, 4829300.0), "large": (432000.0, 4824000.0)}
#: (old-town columns, new-town columns, rows)
GRID_SIZES = {"small": (8, 5, 10), "large": (48, 28, 52)}

ROAD_CLASSES = {
    # class: (widths, sidewalks, one-way probability)
    "arterial": ((30.0, 36.0, 40.0, 44.0, 50.0), (3.0, 3.5, 4.0, 4.5, 5.0), 0.0),
    "secondary": ((20.0, 24.0, 26.0), (2.5, 3.0, 3.5), 0.0),
    "branch": ((12.0, 14.0, 16.0, 18.0), (1.5, 2.0, 2.5), 0.15),
    "alley": ((6.0, 7.0, 8.0, 9.0, 10.0, 12.0), (0.0, 0.0, 0.5, 1.0, 1.5), 0.6),
}


@dataclass
class Feature:
    """One feature: WKT geometry plus attributes keyed by the schema field names."""

    wkt: str
    attrs: Dict[str, Any]
    bounds: Optional[Rect] = None  # EPSG:4550 bounds of rectangles (and the point of points)


@dataclass
class City:
    """A generated demo city: features per layer (``schema.DEMO_LAYERS``) in EPSG:4550."""

    size: str
    seed: int
    layers: Dict[str, List[Feature]] = field(default_factory=lambda: {n: [] for n in DEMO_LAYERS})

    def count(self, layer: str) -> int:
        """Number of features in ``layer``."""
        return len(self.layers[layer])

    def names(self, layer: str, key: str, value: str) -> Dict[str, str]:
        """Map ``key`` → ``value`` attribute over the features of ``layer``."""
        return {f.attrs[key]: f.attrs[value] for f in self.layers[layer]}


def rect_wkt(r: Rect) -> str:
    x0, y0, x1, y1 = (round(v, 2) for v in r)
    return "POLYGON(({0} {1},{2} {1},{2} {3},{0} {3},{0} {1}))".format(x0, y0, x1, y1)


def inset(r: Rect, d: float) -> Rect:
    return (r[0] + d, r[1] + d, r[2] - d, r[3] - d)


def area(r: Rect) -> float:
    return max(0.0, r[2] - r[0]) * max(0.0, r[3] - r[1])


def _split_counts(n: int, parts: int, rng: random.Random) -> List[int]:
    """Split ``n`` items into ``parts`` contiguous chunks of near-equal, slightly jittered size."""
    parts = max(1, min(parts, n))
    sizes = [n // parts] * parts
    for i in range(n - sum(sizes)):
        sizes[i] += 1
    for _ in range(parts):
        a, b = rng.randrange(parts), rng.randrange(parts)
        if sizes[a] > 1 and abs(sizes[a] - 1 - (sizes[b] + 1)) <= 1:
            sizes[a] -= 1
            sizes[b] += 1
    return sizes


def _chunks(start: int, n: int, parts: int, rng: random.Random) -> List[Tuple[int, int]]:
    out, at = [], start
    for size in _split_counts(n, parts, rng):
        out.append((at, at + size))
        at += size
    return out


class _Builder:
    """Builds one city; attributes accumulate in ``city.layers``."""

    def __init__(self, size: str, seed: int, feedback=None):
        if size not in GRID_SIZES:
            raise ValueError(size)
        self.size, self.seed, self.feedback = size, seed, feedback
        self.rng = random.Random("democity-{}-{}".format(size, seed))
        self.city = City(size=size, seed=seed)
        self.ox, self.oy = ORIGINS[size]
        self.used_names: set = set()  # compound names, name stems and aliases already given out
        self.counters: Dict[str, int] = {}
        self.strips: List[Rect] = []  # the open strips between the pieces of split blocks

    # -- helpers -----------------------------------------------------------------------------
    def next_id(self, prefix: str, digits: int = 6) -> str:
        n = self.counters.get(prefix, 0) + 1
        self.counters[prefix] = n
        return "{}-{:0{}d}".format(prefix, n, digits)

    def world(self, r: Rect) -> Rect:
        return (r[0] + self.ox, r[1] + self.oy, r[2] + self.ox, r[3] + self.oy)

    def add_rect(self, layer: str, r: Rect, attrs: Dict[str, Any]) -> Feature:
        w = tuple(round(v, 2) for v in self.world(r))
        f = Feature(rect_wkt(w), attrs, w)
        self.city.layers[layer].append(f)
        return f

    def add_point(self, layer: str, x: float, y: float, attrs: Dict[str, Any]) -> Feature:
        wx, wy = round(x + self.ox, 2), round(y + self.oy, 2)
        f = Feature("POINT({} {})".format(wx, wy), attrs, (wx, wy, wx, wy))
        self.city.layers[layer].append(f)
        return f

    # -- road grid ---------------------------------------------------------------------------
    def layout_lines(self) -> None:
        rng = self.rng
        old_cols, new_cols, rows = GRID_SIZES[self.size]
        xs, x = [0.0], 0.0
        for i in range(old_cols + new_cols):
            x += rng.uniform(170, 250) if i < old_cols else rng.uniform(250, 360)
            xs.append(round(x, 1))
        ys, y = [0.0], 0.0
        for _ in range(rows):
            y += rng.uniform(170, 260)
            ys.append(round(y, 1))
        self.xs, self.ys, self.old_cols = xs, ys, old_cols

        def base_class(i: int, n: int, old: bool) -> str:
            if i % 4 == 0 or i == n:
                return "arterial"
            if i % 2 == 0:
                return "secondary"
            if old and rng.random() < 0.55:
                return "alley"
            return "branch"

        # vertical lines (north–south roads, "路"); horizontal lines (east–west, "大街"/"街")
        self.vclass = [base_class(i, len(xs) - 1, i < old_cols) for i in range(len(xs))]
        self.hclass = [base_class(j, len(ys) - 1, True) for j in range(len(ys))]
        pool = names.NamePool(rng)
        self.vname, self.hname = [], []
        for i, cls in enumerate(self.vclass):
            self.vname.append(self.road_name(pool, cls, ns=True, new=i > old_cols, n=i))
        for j, cls in enumerate(self.hclass):
            self.hname.append(self.road_name(pool, cls, ns=False, new=False, n=j))
        self.width: Dict[Tuple[str, int, int], Tuple[str, float, float, int]] = {}

    def road_name(self, pool: names.NamePool, cls: str, ns: bool, new: bool, n: int) -> str:
        if cls == "arterial":
            cands = names.ARTERIALS_NS if ns else names.ARTERIALS_EW
            return pool.take(cands, lambda t: ("经{}路" if ns else "纬{}大街").format(n + t * 100))
        if new:
            return pool.take((), lambda t: "经{}路".format(names.chinese_number(n % 90 + 1) if t == 0
                                                          else n + t * 100))
        cands = names.MINOR_NS if ns else names.MINOR_EW
        base = pool.take(cands, lambda t: ("{}路" if ns else "{}街").format(
            names.PREFIX_FIRST[(n + t) % len(names.PREFIX_FIRST)] + names.PREFIX_SECOND[n % 30]))
        return base

    def segment(self, vertical: bool, line: int, k: int) -> Tuple[str, float, float, int]:
        """(class, width, sidewalk, one_way) of segment ``k`` of a line, consistent per line and zone."""
        old = (line < self.old_cols) if vertical else (k < self.old_cols)
        cls = (self.vclass if vertical else self.hclass)[line]
        if cls == "alley" and not old:
            cls = "branch"
        key = ("v" if vertical else "h", line, cls)
        if key not in self.width:
            widths, sidewalks, p_one = ROAD_CLASSES[cls]
            rng = random.Random("{}-{}".format(self.seed, key))
            idx = rng.randrange(len(widths))
            self.width[key] = (cls, widths[idx], sidewalks[min(idx, len(sidewalks) - 1)],
                               1 if rng.random() < p_one else 0)
        return self.width[key]

    def display_name(self, vertical: bool, line: int, old: bool) -> str:
        """Name of a road line within one zone (alleys become 巷/胡同, new-town alleys branches)."""
        cls = (self.vclass if vertical else self.hclass)[line]
        name = (self.vname if vertical else self.hname)[line]
        if cls == "alley" and old:
            return name[:-1] + ("巷" if vertical else "胡同")
        return name

    def build_roads(self) -> None:
        xs, ys = self.xs, self.ys
        for i, x in enumerate(xs):
            cls, w, s, one = self.segment(True, i, 0)
            self.add_line(self.display_name(True, i, i < self.old_cols), cls, w, s, one,
                          [(x, ys[0]), (x, ys[-1])])
        for j, y in enumerate(ys):
            for a, b in ((0, self.old_cols), (self.old_cols, len(xs) - 1)):
                cls, w, s, one = self.segment(False, j, a)
                self.add_line(self.display_name(False, j, a < self.old_cols), cls, w, s, one,
                              [(xs[a], y), (xs[b], y)])

    def add_line(self, name: str, cls: str, width: float, sidewalk: float, one_way: int,
                 pts: List[Tuple[float, float]]) -> None:
        coords = ",".join("{} {}".format(round(x + self.ox, 2), round(y + self.oy, 2)) for x, y in pts)
        attrs = {"road_id": self.next_id("RD", 4), "road_name": name, "road_class": cls,
                 "width_m": width, "sidewalk_m": sidewalk, "one_way": one_way}
        self.city.layers[LAYER_ROADS].append(Feature("LINESTRING({})".format(coords), attrs))

    def cell_block(self, i: int, j: int) -> Rect:
        """Block of cell (column ``i``, row ``j``): the cell minus half the bounding road widths."""
        w_left = self.segment(True, i, j)[1]
        w_right = self.segment(True, i + 1, j)[1]
        w_bottom = self.segment(False, j, i)[1]
        w_top = self.segment(False, j + 1, i)[1]
        return (self.xs[i] + w_left / 2, self.ys[j] + w_bottom / 2,
                self.xs[i + 1] - w_right / 2, self.ys[j + 1] - w_top / 2)

    # -- administrative units ----------------------------------------------------------------
    def build_admin(self) -> None:
        rng = self.rng
        ncols, nrows = len(self.xs) - 1, len(self.ys) - 1
        self.cell_grid: Dict[Tuple[int, int], Tuple[str, str, str, str]] = {}
        self.street_names: Dict[str, str] = {}
        self.community_names: Dict[str, str] = {}
        self.district_names: Dict[str, str] = {}
        spans = ((0, self.old_cols), (self.old_cols, ncols))
        for (dcode, dname, _old, streets), (c0, c1) in zip(names.DISTRICTS, spans):
            self.district_names[dcode] = dname
            self.add_rect(LAYER_DISTRICTS, (self.xs[c0], self.ys[0], self.xs[c1], self.ys[-1]),
                          {"district_code": dcode, "district_name": dname})
            cells = (c1 - c0) * nrows
            n_streets = max(2, min(len(streets) * 3, round(cells / 14)))
            sx = max(1, round((n_streets * (c1 - c0) / nrows) ** 0.5))
            sy = max(1, round(n_streets / sx))
            s_no = 0
            for ca, cb in _chunks(c0, c1 - c0, sx, rng):
                for ra, rb in _chunks(0, nrows, sy, rng):
                    s_no += 1
                    sname, communities = streets[(s_no - 1) % len(streets)]
                    if s_no > len(streets):
                        sname = sname.replace("街道", "{}街道".format(names.chinese_number(
                            (s_no - 1) // len(streets) + 1)))
                    scode = "{}{:03d}".format(dcode, s_no)
                    self.street_names[scode] = sname
                    self.add_rect(LAYER_STREETS, (self.xs[ca], self.ys[ra], self.xs[cb], self.ys[rb]),
                                  {"street_code": scode, "street_name": sname, "district_code": dcode})
                    self.build_communities(dcode, scode, communities, ca, cb, ra, rb)

    def build_communities(self, dcode: str, scode: str, communities, ca, cb, ra, rb) -> None:
        rng = self.rng
        cells = (cb - ca) * (rb - ra)
        n = max(1, round(cells / 5))
        cx = max(1, min(cb - ca, round((n * (cb - ca) / (rb - ra)) ** 0.5)))
        cy = max(1, min(rb - ra, round(n / cx)))
        c_no = 0
        for xa, xb in _chunks(ca, cb - ca, cx, rng):
            for ya, yb in _chunks(ra, rb - ra, cy, rng):
                c_no += 1
                cname = communities[(c_no - 1) % len(communities)]
                if c_no > len(communities):
                    cname = cname.replace("社区", "第{}社区".format(names.chinese_number(
                        (c_no - 1) // len(communities) + 1)))
                ccode = "{}{:03d}".format(scode, c_no)
                self.community_names[ccode] = cname
                self.add_rect(LAYER_COMMUNITIES, (self.xs[xa], self.ys[ya], self.xs[xb], self.ys[yb]),
                              {"community_code": ccode, "community_name": cname, "street_code": scode,
                               "district_code": dcode})
                # grids: horizontal strips of at most two cells, split again when wider
                g_no = 0
                for ga, gb in _chunks(ya, yb - ya, max(1, (yb - ya + 1) // 2), rng):
                    for ha, hb in _chunks(xa, xb - xa, max(1, (xb - xa + 1) // 2), rng):
                        g_no += 1
                        gcode = "{}{:02d}".format(ccode, g_no)
                        gname = "{}第{}网格".format(cname.replace("社区", ""), names.chinese_number(g_no))
                        self.add_rect(LAYER_GRIDS, (self.xs[ha], self.ys[ga], self.xs[hb], self.ys[gb]),
                                      {"grid_code": gcode, "grid_name": gname, "community_code": ccode})
                        for i in range(ha, hb):
                            for j in range(ga, gb):
                                self.cell_grid[(i, j)] = (dcode, scode, ccode, gcode)

    # -- blocks and their contents -----------------------------------------------------------
    def build_blocks(self) -> None:
        rng = self.rng
        ncols, nrows = len(self.xs) - 1, len(self.ys) - 1
        cells = [(i, j) for j in range(nrows) for i in range(ncols)]
        n_parks = max(2, len(cells) // 40)
        n_middle = max(2, len(cells) // 30)
        special = rng.sample(cells, n_parks + n_middle)
        parks, middles = set(special[:n_parks]), set(special[n_parks:])
        park_names = names.NamePool(rng)
        total = len(cells)
        for done, (i, j) in enumerate(cells):
            check(self.feedback, done, total, 5, 80)
            dcode, scode, ccode, gcode = self.cell_grid[(i, j)]
            old = i < self.old_cols
            r = self.cell_block(i, j)
            block_id = self.next_id("BLK", 4)
            self.add_rect(LAYER_BLOCKS, r, {
                "block_id": block_id,
                "block_name": "{}{}号街区".format(self.street_names[scode].replace("街道", ""),
                                                 block_id[-4:]),
                "district_code": dcode})
            ctx = {"district": dcode, "street": scode, "community": ccode, "grid": gcode,
                   "block": block_id, "old": old, "i": i, "j": j}
            if (i, j) in parks:
                pr = inset(r, 3)
                stem = self.community_names[ccode].replace("社区", "")
                name = park_names.take(names.PARKS_LARGE, lambda t, stem=stem: "{}公园".format(
                    stem + ("" if t == 0 else str(t))))
                self.add_park(pr, name, "综合公园")
                self.park_entrances(pr, name, ccode)
            elif (i, j) in middles:
                self.add_school(inset(r, 3), "middle_school", ctx)
            else:
                self.residential_block(r, ctx)

    def add_park(self, r: Rect, name: str, cls: str) -> None:
        self.add_rect(LAYER_PARKS, r, {"park_id": self.next_id("PRK", 4), "park_name": name,
                                       "park_class": cls, "area_m2": round(area(r), 1)})

    def park_entrances(self, r: Rect, name: str, ccode: str) -> None:
        cx, cy = (r[0] + r[2]) / 2, (r[1] + r[3]) / 2
        for k, (x, y) in enumerate(((cx, r[1] + 1), (r[2] - 1, cy), (cx, r[3] - 1), (r[0] + 1, cy))):
            if k < 2 or self.rng.random() < 0.5:
                self.facility("park_entrance", x, y, "{}{}门".format(name, "南东北西"[k]), 0, 0.0, ccode)

    def facility(self, ftype: str, x: float, y: float, name: str, capacity: int, area_m2: float,
                 ccode: str) -> None:
        self.add_point(LAYER_FACILITIES, x, y, {
            "facility_id": self.next_id("FAC", 5), "facility_type": ftype, "facility_name": name,
            "capacity": int(capacity), "area_m2": round(area_m2, 1), "community_code": ccode})

    def add_school(self, r: Rect, ftype: str, ctx) -> None:
        rng = self.rng
        cname = self.community_names[ctx["community"]].replace("社区", "")
        label = {"middle_school": "中学", "primary_school": "小学", "kindergarten": "幼儿园"}[ftype]
        per_m2 = {"middle_school": 0.06, "primary_school": 0.08, "kindergarten": 0.05}[ftype]
        cap = int(area(r) * per_m2 // 30 * 30) or 90
        self.facility(ftype, (r[0] + r[2]) / 2, (r[1] + r[3]) / 2,
                      "通辽市{}{}{}".format(cname, rng.choice(("第一", "第二", "实验", "")), label),
                      cap, area(r), ctx["community"])

    def residential_block(self, r: Rect, ctx) -> None:
        rng = self.rng
        inner = inset(r, 2.0)
        # frontage strip of scattered buildings in most old-town blocks, along the south or north road
        if ctx["old"] and rng.random() < 0.7:
            depth = rng.uniform(20, 24)
            if rng.random() < 0.5:
                strip = (inner[0], inner[1], inner[2], inner[1] + depth)
                inner = (inner[0], inner[1] + depth + 4, inner[2], inner[3])
                road_line, road_side = ctx["j"], "south"
            else:
                strip = (inner[0], inner[3] - depth, inner[2], inner[3])
                inner = (inner[0], inner[1], inner[2], inner[3] - depth - 4)
                road_line, road_side = ctx["j"] + 1, "north"
            self.scattered_row(strip, road_line, road_side, ctx)
        # guillotine split into pieces
        n = rng.choice((1, 2, 2, 3, 3, 4)) if ctx["old"] else rng.choice((1, 1, 2, 2, 3))
        pieces = self.split(inner, n)
        uses = ["compound"] * len(pieces)
        if len(pieces) > 1:
            roll = rng.random()
            small = min(range(len(pieces)), key=lambda k: area(pieces[k]))
            if roll < 0.18:
                uses[small] = "pocket_park"
            elif roll < 0.30:
                uses[small] = "parking"
            elif roll < 0.42:
                uses[small] = "primary_school"
            elif roll < 0.50:
                uses[small] = "market"
        phase_group = None
        if sum(1 for u in uses if u == "compound") >= 2 and rng.random() < 0.45:
            phase_group = rng.choice(names.PHASES)
        base = None
        phase_no = 0
        for piece, use in zip(pieces, uses):
            if use == "pocket_park":
                pr = inset(piece, 2)
                road = (self.display_name(False, ctx["j"], ctx["old"]) if rng.random() < 0.5
                        else self.display_name(True, ctx["i"], ctx["old"]))
                self.add_park(pr, "{}口袋公园".format(road), "口袋公园")
                self.facility("park_entrance", (pr[0] + pr[2]) / 2, pr[1] + 1, "口袋公园入口", 0, 0.0,
                              ctx["community"])
            elif use == "parking":
                pr = inset(piece, 2)
                self.facility("parking_lot", (pr[0] + pr[2]) / 2, (pr[1] + pr[3]) / 2,
                              "{}公共停车场".format(self.display_name(True, ctx["i"], ctx["old"])),
                              int(area(pr) // 28), area(pr), ctx["community"])
            elif use == "primary_school":
                self.add_school(inset(piece, 2), "primary_school", ctx)
            elif use == "market":
                pr = inset(piece, 2)
                self.facility("fresh_market", (pr[0] + pr[2]) / 2, (pr[1] + pr[3]) / 2,
                              "{}农贸市场".format(self.community_names[ctx["community"]].replace("社区", "")),
                              int(area(pr) // 40), area(pr), ctx["community"])
            else:
                if phase_group is not None and phase_no < len(phase_group):
                    if base is None:
                        base = self.compound_base(ctx["old"])
                    phase = phase_group[phase_no]
                    phase_no += 1
                    self.compound(inset(piece, 1), base, phase, ctx)
                else:
                    self.compound(inset(piece, 1), self.compound_base(ctx["old"]), "", ctx)
        self.block_facilities(r, ctx)

    def split(self, r: Rect, n: int) -> List[Rect]:
        if n <= 1:
            return [r]
        w, h = r[2] - r[0], r[3] - r[1]
        gap = self.rng.uniform(6, 10)
        frac = self.rng.uniform(0.35, 0.65) if n == 2 else self.rng.uniform(0.3, 0.5)
        if w >= h and w > 110:
            cut = r[0] + (w - gap) * frac
            first, second = (r[0], r[1], cut, r[3]), (cut + gap, r[1], r[2], r[3])
            self.strips.append((cut, r[1], cut + gap, r[3]))
        elif h > 110:
            cut = r[1] + (h - gap) * frac
            first, second = (r[0], r[1], r[2], cut), (r[0], cut + gap, r[2], r[3])
            self.strips.append((r[0], cut, r[2], cut + gap))
        else:
            return [r]
        return [first] + self.split(second, n - 1)

    def compound_base(self, old: bool) -> Tuple[str, str, bool]:
        """(prefix, type, is work-unit compound) with a globally unique ``prefix + type``."""
        rng = self.rng
        for tries in range(200):
            if old and rng.random() < 0.25:
                prefix, unit = rng.choice(names.WORK_UNITS), True
                ctype = rng.choice(("小区", "家属院", "住宅小区"))
            else:
                if tries < 40:
                    prefix = rng.choice(names.COMPOUND_PREFIXES)
                else:
                    prefix = rng.choice(names.PREFIX_FIRST) + rng.choice(names.PREFIX_SECOND)
                ctype, unit = rng.choice(names.OLD_TYPES if old else names.NEW_TYPES), False
            if tries >= 150:
                prefix = prefix + names.PREFIX_SECOND[tries % len(names.PREFIX_SECOND)]
            if prefix + ctype not in self.used_names:
                self.used_names.add(prefix + ctype)
                return prefix, ctype, unit
        raise RuntimeError("compound names exhausted")

    # -- compounds and buildings -------------------------------------------------------------
    def compound(self, r: Rect, base: Tuple[str, str, bool], phase: str, ctx) -> None:
        rng = self.rng
        prefix, ctype, work_unit = base
        name = prefix + ctype + phase
        old = ctx["old"]
        if old:
            year = rng.choice((rng.randint(1980, 1999), rng.randint(1985, 2004), rng.randint(2005, 2016)))
        else:
            year = rng.randint(2003, 2020)
        aliases = []
        if phase:
            aliases.append("{}{}({})".format(prefix, ctype, phase))
            aliases.append(prefix + phase)
        elif ctype not in ("小区",):
            aliases.append(prefix + "小区")
        if work_unit:
            aliases.append(prefix + "宿舍")
        elif year < 2000 and rng.random() < 0.3:
            aliases.append("原" + rng.choice(names.WORK_UNITS) + "宿舍")
        # every name and alias points to one compound only (names, bases and aliases share one set)
        aliases = [a for a in dict.fromkeys(aliases) if a != name and a not in self.used_names]
        self.used_names.update(aliases)
        self.used_names.add(name)
        compound_id = self.next_id("CMP", 5)
        has_property = 1 if rng.random() < (0.95 if year >= 2000 else 0.3) else 0
        if year < 2000:
            ctype_field = "单位房" if work_unit else "老旧小区"
            renovation = rng.choice(("已改造", "纳入计划", "未改造", "未改造"))
        else:
            ctype_field = "回迁房" if rng.random() < 0.15 else "商品房"
            renovation = "未改造"
        buildings = self.lay_buildings(inset(r, 6.0), year)
        if not buildings:
            return
        lettered = year >= 2005 and rng.random() < 0.2
        households = residents = 0
        for no, (br, units, storeys) in enumerate(buildings, start=1):
            building_no = chr(64 + no) if lettered and no <= 26 else str(no)
            h, res = self.building(br, compound_id, name, building_no, units, storeys, year, False, ctx)
            households += h
            residents += res
        self.add_rect(LAYER_COMPOUNDS, r, {
            "compound_id": compound_id, "compound_name": name, "aliases": "|".join(aliases),
            "build_year": year, "has_property": has_property, "compound_type": ctype_field,
            "renovation": renovation, "households": households, "residents": residents,
            "community_code": ctx["community"]})
        # in-compound facilities at the fence line (buildings keep 6 m from it)
        if rng.random() < (0.35 if year < 2000 else 0.7):
            self.facility("ebike_charging", r[0] + 3, r[1] + 3, name + "电动车充电棚",
                          rng.choice((10, 12, 16, 20, 24, 30, 40)), rng.choice((20.0, 30.0, 45.0)),
                          ctx["community"])
        if year >= 2008 and rng.random() < 0.4:
            self.facility("kindergarten", r[2] - 3, r[1] + 3, name + "幼儿园",
                          rng.choice((90, 120, 180, 270)), rng.choice((1200.0, 1800.0, 2600.0)),
                          ctx["community"])
        if rng.random() < (0.15 if year < 2000 else 0.6):
            self.facility("parking_lot", r[0] + 3, r[3] - 3, name + "地面停车场",
                          max(10, int(households * rng.uniform(0.1, 0.5))), 0.0, ctx["community"])

    def lay_buildings(self, r: Rect, year: int) -> List[Tuple[Rect, int, int]]:
        """Rows of slab blocks (old) or towers and high-rise slabs (new) filling ``r``."""
        rng = self.rng
        out: List[Tuple[Rect, int, int]] = []
        highrise = year >= 2005 and rng.random() < 0.8
        y = r[1]
        while True:
            if highrise:
                tower = rng.random() < 0.5
                storeys = rng.choice((18, 24, 26, 28, 33)) if tower else rng.choice((11, 12, 15, 17, 18))
                depth, unit_w = (20.0, 22.0) if tower else (14.0, 18.0)
                units_choice = (1,) if tower else (2, 2, 3)
                gap_y = rng.uniform(32, 45)
                gap_x = rng.uniform(18, 28)
            else:
                storeys = rng.choice((4, 5, 5, 6, 6, 6, 7)) if year < 2000 else rng.choice((5, 6, 6, 7))
                depth, unit_w = rng.choice((10.5, 11.0, 12.0)), rng.choice((12.0, 13.0, 14.0))
                units_choice = (2, 3, 3, 4, 4, 5, 6)
                gap_y = storeys * 2.9 * rng.uniform(1.0, 1.3)
                gap_x = rng.uniform(6, 14)
            if y + depth > r[3]:
                break
            x = r[0] + rng.uniform(0, 6)
            while True:
                units = rng.choice(units_choice)
                while units > 1 and x + units * unit_w > r[2]:
                    units -= 1
                length = units * unit_w
                if x + length > r[2]:
                    break
                footprint = (round(x, 2), round(y, 2), round(x + length, 2), round(y + depth, 2))
                out.append((footprint, units, storeys))
                x += length + gap_x
            y += depth + gap_y
        return out

    def building(self, r: Rect, compound_id: Optional[str], cname: str, building_no: str, units: int,
                 storeys: int, year: int, scattered: bool, ctx) -> Tuple[int, int]:
        rng = self.rng
        per_floor = 2 if storeys < 10 else rng.choice((2, 3, 4))
        households = units * storeys * per_floor
        residents = int(households * rng.uniform(1.8, 2.7))
        share60 = rng.uniform(0.22, 0.4) if year < 2000 else rng.uniform(0.08, 0.2)
        district = self.district_names[ctx["district"]]
        address = "{}{}{}{}{}".format(district, self.street_names[ctx["street"]],
                                      self.community_names[ctx["community"]], cname,
                                      "" if scattered else (building_no + ("座" if building_no.isalpha()
                                                                           else "号楼")))
        self.add_rect(LAYER_BUILDINGS, r, {
            "building_id": self.next_id("BLD"), "compound_id": compound_id, "compound_name": cname,
            "building_no": building_no, "units": units, "storeys": storeys, "households": households,
            "residents": residents, "residents_60": int(residents * share60), "build_year": year,
            "has_lift": 1 if storeys >= 8 or (year >= 2015 and rng.random() < 0.3) else 0,
            "is_scattered": 1 if scattered else 0, "community_code": ctx["community"],
            "grid_code": ctx["grid"], "block_id": ctx["block"], "address": address})
        return households, residents

    def scattered_row(self, strip: Rect, road_line: int, side: str, ctx) -> None:
        rng = self.rng
        road = self.display_name(False, road_line, ctx["old"])
        x = strip[0] + rng.uniform(2, 8)
        depth = min(12.0, strip[3] - strip[1] - 4)
        y0 = strip[1] + 2 if side == "south" else strip[3] - 2 - depth
        while True:
            length = rng.choice((18.0, 24.0, 26.0, 36.0))
            if x + length > strip[2]:
                break
            if rng.random() < 0.75:
                number = int((x + self.ox - ORIGINS[self.size][0]) // 8) * 2 + (1 if side == "south" else 2)
                door = "{}{}号".format(road, number)
                year = rng.randint(1982, 2002)
                footprint = (round(x, 2), round(y0, 2), round(x + length, 2), round(y0 + depth, 2))
                self.building(footprint, None, door, "1", 1 if length < 30 else 2, rng.choice((3, 4, 5, 6)),
                              year, True, ctx)
            x += length + rng.uniform(4, 10)

    def block_facilities(self, r: Rect, ctx) -> None:
        """Neighbourhood facilities on the block edge (outside compounds), community by community."""
        rng = self.rng
        ccode = ctx["community"]
        cname = self.community_names[ccode].replace("社区", "")
        road = self.display_name(True, ctx["i"], ctx["old"])
        spots = [((r[0] + r[2]) / 2 + dx, r[1] + 1.0) for dx in (-30, 0, 30)]
        spots += [(r[0] + 1.0, (r[1] + r[3]) / 2 + dy) for dy in (-30, 0, 30)]
        spots += [(r[2] - 1.0, (r[1] + r[3]) / 2 + dy) for dy in (-30, 0, 30)]
        rng.shuffle(spots)
        plan = [("supermarket", 0.45, "{}超市", (0, 0), (300.0, 1200.0)),
                ("community_service", 0.22, cname + "社区党群服务中心{}", (0, 0), (300.0, 900.0)),
                ("elderly_care", 0.18, cname + "社区养老服务站{}", (10, 40), (200.0, 600.0)),
                ("health_station", 0.2, cname + "社区卫生服务站{}", (0, 0), (150.0, 400.0)),
                ("nursery", 0.08, cname + "托育中心{}", (30, 90), (300.0, 700.0)),
                ("sports_ground", 0.1, cname + "全民健身场地{}", (0, 0), (600.0, 2500.0)),
                ("cultural_centre", 0.05, cname + "文化活动中心{}", (0, 0), (500.0, 2000.0)),
                ("kindergarten", 0.12, cname + "幼儿园{}", (90, 270), (1500.0, 3000.0)),
                ("ebike_charging", 0.25, road + "充电站{}", (10, 40), (20.0, 60.0)),
                ("parking_lot", 0.2, road + "路边停车场{}", (15, 80), (0.0, 0.0))]
        for ftype, p, label, (c0, c1), (a0, a1) in plan:
            if spots and rng.random() < p:
                x, y = spots.pop()
                brand = rng.choice(("华联", "百姓", "惠民", "便民")) if ftype == "supermarket" else ""
                name = label.format(brand)
                self.facility(ftype, x, y, name, rng.randint(c0, c1) if c1 else 0,
                              rng.uniform(a0, a1) if a1 else 0.0, ccode)


    def vacant_land(self) -> None:
        """Vacant or under-used plots (闲置地 / 低效用地): a quarter of the open strips of 500 m² or more
        between the compounds of split blocks, chosen with their own seeded generator (so the rest of
        the city does not change)."""
        rng = random.Random("vacant-{}-{}".format(self.size, self.seed))
        for r in self.strips:
            if area(r) >= 500 and rng.random() < 0.25:
                sid = self.next_id("VAC", 4)
                use = rng.choice(("闲置地", "闲置地", "低效用地"))
                plot = self.add_rect(LAYER_VACANT_LAND, r, {"site_id": sid, "site_name": use + sid[-4:],
                                                            "land_use": use})
                plot.attrs["area_m2"] = round(area(plot.bounds), 1)  # of the written (rounded) rectangle


def build_city(size: str = "small", seed: int = 2024, feedback=None) -> City:
    """Generate the demo city (see :func:`cityhealth_plugin.core.democity.generate_city`)."""
    builder = _Builder(size, seed, feedback)
    builder.layout_lines()
    builder.build_roads()
    check(feedback, 2, 100)
    builder.build_admin()
    builder.build_blocks()
    builder.vacant_land()
    check(feedback, 85, 100)
    return builder.city
