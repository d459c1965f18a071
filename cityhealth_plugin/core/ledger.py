"""Spatial ledger roll-ups: problems counted per building, compound, community, block and district.

Pure Python (no QGIS). The Processing adapter (``cityhealth:buildledger``) reads layers, works out
area overlaps with QGIS and passes plain records here; this module decides memberships, counts and
checks that every parent's additive counts equal the sum over its children.

Rules (documented for planners):

* **Hierarchy.** A building belongs to its compound (attribute, else the compound holding most of
  its footprint; a scattered building 散楼 belongs to none). A building in a compound rolls up to
  the block of its compound (the block holding most of the compound's area), so that
  building → compound → block is a strict tree; a scattered building rolls up to its own block.
  A building rolls up to its community, and a community to its district; a building without a
  community rolls up straight to the district that holds most of its footprint.
* **Housing indicators** count *distinct buildings* with at least one confirmed problem of that
  indicator. Confirmed = reported in the survey and matched to a building, whatever its status
  (未整改/整改中/已整改): a problem fixed during the round was still found by the check.
* **Open / in progress / resolved**: status 已整改 is resolved, 整改中 in progress, anything else
  (未整改 or not reported) open; the three always add up to ``problems_total``.
* **Compound-level problems** (reported for a compound, not a building, e.g. 停车位不足) hang on a
  virtual "area" building of their compound (:func:`area_building`): they count in the compound and
  everything above it and in ``problems_area_level``, but in no building count, no housing
  indicator and no households affected. So a compound's ``problems_total`` = the sum over its
  buildings + its ``problems_area_level``.
* **Citizen-reported problems** (``source`` citizen: residents' complaints placed by
  ``cityhealth:residentvoice``) count like every problem and, besides, in ``problems_citizen``.
* **Problems per 100 households** = problems_total ÷ households of all buildings in the unit × 100
  (NULL when the unit has no households).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Collection, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from . import schema
from .feedback import check

# --- ledger columns ----------------------------------------------------------------------------
#: Key field of each ledger level (same spelling as the library layers in schema.py).
LEVEL_KEYS = {
    "building": "building_id", "compound": "compound_id", "community": "community_code",
    "block": "block_id", "district": "district_code",
}
#: Children of each level in the roll-up trees (building → compound → block; building → community
#: → district). Scattered buildings are direct children of their block; buildings without a
#: community are direct children of their district.
CHILD_LEVELS = {
    "compound": ("building",), "block": ("compound", "building"),
    "community": ("building",), "district": ("community", "building"),
}

ADDITIVE_BASE = (
    "buildings_total", "buildings_with_problems", "households_total", "residents_total",
    "households_affected", "residents_affected",
    "problems_total", "problems_open", "problems_in_progress", "problems_resolved",
    "problems_area_level", "photos_total",
    "problems_citizen",  # reported by residents (source citizen: complaint points), part of problems_total
)
CATEGORY_OTHER = "OTHER"

#: Chinese aliases of the fixed ledger fields (category / indicator aliases come from the catalogue).
ALIASES_CN = {
    "round": "体检轮次", "name": "名称", "level": "层级",
    "buildings_total": "楼栋总数", "buildings_with_problems": "有问题楼栋数",
    "households_total": "总户数", "residents_total": "常住人口",
    "households_affected": "受影响户数", "residents_affected": "受影响人口",
    "problems_total": "问题总数", "problems_open": "未整改问题数",
    "problems_in_progress": "整改中问题数", "problems_resolved": "已整改问题数",
    "photos_total": "照片数", "problems_area_level": "小区级问题数（未落到楼栋）",
    "problems_citizen": "市民反映问题数",
    "worst_severity": "最高严重程度", "problems_per_100hh": "每百户问题数",
    "building_id": "楼栋编码", "compound_id": "小区编码", "community_code": "社区编码",
    "block_id": "街区编码", "district_code": "区编码", "street_code": "街道编码",
    "compound_name": "小区名称", "building_no": "楼号", "address": "标准地址",
    f"cat_{CATEGORY_OTHER.lower()}": "未分类问题数",
}


def category_field(category: str) -> str:
    """Ledger column of a problem category, e.g. ``GAS`` → ``cat_gas``."""
    return "cat_" + (category or CATEGORY_OTHER).strip().lower().replace("-", "_")


def indicator_field(code: str) -> str:
    """Ledger column of an indicator, e.g. ``IND-HOUSE-002`` → ``ind_house_002``."""
    code = code.strip()
    if code.upper().startswith("IND-"):
        code = code[4:]
    return "ind_" + code.lower().replace("-", "_")


@dataclass(frozen=True)
class LedgerSpec:
    """Which category and indicator columns a ledger carries (from the problem catalogue).

    ``categories``: [(code, name_cn)]; ``indicators``: [(code, name_cn)] — the housing indicators,
    always present as columns even when zero.
    """

    categories: Tuple[Tuple[str, str], ...]
    indicators: Tuple[Tuple[str, str], ...]

    @property
    def category_fields(self) -> List[str]:
        fields = [category_field(c) for c, _ in self.categories]
        other = category_field(CATEGORY_OTHER)
        return fields + ([other] if other not in fields else [])

    @property
    def indicator_fields(self) -> List[str]:
        return [indicator_field(c) for c, _ in self.indicators]

    @property
    def additive_fields(self) -> List[str]:
        return list(ADDITIVE_BASE) + self.category_fields + self.indicator_fields

    @property
    def columns(self) -> List[str]:
        """All computed columns of a ledger row, in order (keys and names are added by adapters)."""
        return self.additive_fields + ["worst_severity", "problems_per_100hh"]

    def aliases(self) -> Dict[str, str]:
        """Chinese alias of every computed column."""
        out = dict(ALIASES_CN)
        for code, name in self.categories:
            out[category_field(code)] = "{}问题数".format(name or code)
        for code, name in self.indicators:
            out[indicator_field(code)] = name or code
        return out


@dataclass
class BuildingRecord:
    """A building as the ledger needs it; memberships already resolved by the adapter."""

    building_id: str
    compound_id: Optional[str] = None  # None = scattered building (散楼)
    block_id: Optional[str] = None  # the building's own block (used for scattered buildings)
    community_code: Optional[str] = None
    district_code: Optional[str] = None  # used when the building has no community
    households: int = 0
    residents: int = 0
    virtual: bool = False  # the "area" building holding a compound's compound-level problems


AREA_SUFFIX = "|小区级"


def area_building(compound_id: str, community_code: Optional[str] = None) -> BuildingRecord:
    """The virtual building that carries the compound-level problems of ``compound_id``."""
    return BuildingRecord(compound_id + AREA_SUFFIX, compound_id, None, community_code, None, 0, 0, True)


@dataclass
class ProblemRecord:
    """A matched problem: its building and the catalogue codes it counts toward."""

    uid: str
    building_id: Optional[str]
    category: str = ""
    indicator_code: str = ""
    severity: str = ""
    status: str = ""
    photos: int = 0
    source: str = ""  # schema.SOURCE_REPORT | SOURCE_CITIZEN ("" = report)


@dataclass
class Ledger:
    """Result of :func:`build_ledger`.

    ``rows[level][unit_id]`` → {column: value}; ``parents[level][unit_id]`` → {parent level: id};
    ``membership[level][building_id]`` → unit id of that level (None when the building has none).
    """

    spec: LedgerSpec
    rows: Dict[str, Dict[str, Dict[str, Any]]]
    parents: Dict[str, Dict[str, Dict[str, Optional[str]]]]
    membership: Dict[str, Dict[str, Optional[str]]]
    unassigned_problems: List[str] = field(default_factory=list)


def majority(overlaps: Mapping[str, Mapping[str, float]], min_area: float = 0.0) -> Dict[str, Optional[str]]:
    """For each child, the parent with the largest overlap area (ties → smallest id).

    ``overlaps[child][parent]`` is an intersection area worked out by the adapter. A child whose
    best overlap is not above ``min_area`` gets None.
    """
    out: Dict[str, Optional[str]] = {}
    for child, areas in overlaps.items():
        best: Optional[str] = None
        best_area = min_area
        for parent in sorted(areas):
            area = areas[parent]
            if area > best_area:
                best, best_area = parent, area
        out[child] = best
    return out


# --- memberships from overlap maps ---------------------------------------------------------------
#: A building belongs to a compound found in space only when the compound holds at least this
#: share of its footprint ("contains most of its footprint").
MIN_COMPOUND_SHARE = 0.5

#: ``overlaps[child][parent]`` = area of the child inside the parent (worked out by the adapter;
#: a lazy mapping is fine: the rules below only look up the children they need).
Overlaps = Mapping[str, Mapping[str, float]]


def largest(areas: Mapping[str, float], min_area: float = 0.0) -> Optional[str]:
    """The parent with the largest overlap in ``{parent: area}`` (ties → smallest id), None if none."""
    return majority({"": areas}, min_area).get("")


def compound_by_footprint(areas: Mapping[str, float], footprint: float,
                          min_share: float = MIN_COMPOUND_SHARE) -> Optional[str]:
    """The compound holding at least ``min_share`` of a footprint of area ``footprint``, else None."""
    if footprint <= 0:
        return None
    best = largest(areas)
    return best if best is not None and areas[best] >= min_share * footprint else None


@dataclass
class BuildingFacts:
    """What the library says about a building, before memberships are decided."""

    building_id: str
    compound_id: str = ""  # attribute ('' = not given)
    scattered: bool = False  # 散楼: belongs to no compound whatever lies around it
    block_id: str = ""
    community_code: str = ""
    households: int = 0
    residents: int = 0
    area: float = 0.0  # footprint area (0 = no geometry: no spatial rule applies)


@dataclass
class MembershipCounts:
    """How many memberships came from space rather than attributes (for the log)."""

    compound: int = 0
    block: int = 0
    community: int = 0
    district: int = 0


def assign_buildings(facts: Sequence[BuildingFacts], compound_overlaps: Overlaps,
                     block_overlaps: Optional[Overlaps] = None, known_blocks: Collection[str] = (),
                     community_overlaps: Optional[Overlaps] = None,
                     known_communities: Optional[Collection[str]] = None,
                     district_overlaps: Optional[Overlaps] = None,
                     min_share: float = MIN_COMPOUND_SHARE,
                     feedback: Any = None) -> Tuple[List[BuildingRecord], MembershipCounts]:
    """Resolve each building's compound, block, community and district.

    * compound: the attribute; else (not scattered) the compound holding ≥ ``min_share`` of the
      footprint;
    * block: the attribute when the blocks layer holds it; else the block with the largest overlap
      (``block_overlaps`` None = no blocks layer: the attribute as it is);
    * community: the attribute; else the community with the largest overlap;
    * district (used only when the community gives none: no community, or one the communities
      layer does not hold): the district with the largest overlap.
    """
    records: List[BuildingRecord] = []
    counts = MembershipCounts()
    total = len(facts)
    for n, b in enumerate(facts):
        if n % 500 == 0:
            check(feedback, n, total)
        spatial = b.area > 0
        cid = b.compound_id
        if not cid and not b.scattered and spatial:
            cid = compound_by_footprint(compound_overlaps[b.building_id], b.area, min_share) or ""
            counts.compound += 1 if cid else 0
        block = b.block_id
        if block_overlaps is not None and spatial and (not block or block not in known_blocks):
            block = largest(block_overlaps[b.building_id]) or block
            counts.block += 1
        comm = b.community_code
        if not comm and community_overlaps is not None and spatial:
            comm = largest(community_overlaps[b.building_id]) or ""
            counts.community += 1 if comm else 0
        district = ""
        if district_overlaps is not None and spatial and (
                not comm or known_communities is None or comm not in known_communities):
            district = largest(district_overlaps[b.building_id]) or ""
            counts.district += 1 if district else 0
        records.append(BuildingRecord(b.building_id, cid or None, block or None, comm or None,
                                      district or None, int(b.households or 0), int(b.residents or 0)))
    return records, counts


def compound_blocks(compounds: Iterable[str], block_overlaps: Optional[Overlaps]) -> Dict[str, Optional[str]]:
    """Each compound's block: the block holding the largest part of its area ({} without blocks)."""
    if block_overlaps is None:
        return {}
    return {cid: largest(block_overlaps[cid]) for cid in compounds}


def community_districts(attribute: Mapping[str, str], buildings: Sequence[BuildingRecord],
                        district_overlaps: Optional[Overlaps] = None) -> Dict[str, Optional[str]]:
    """Each community's district: its attribute, else the district holding most of its area; a
    community code only the buildings know goes to the district most of its buildings lie in."""
    out: Dict[str, Optional[str]] = {}
    for cc, dc in attribute.items():
        if not dc and district_overlaps is not None:
            dc = largest(district_overlaps[cc]) or ""
        out[cc] = dc or None
    votes: Dict[str, Dict[str, float]] = {}
    for b in buildings:
        if b.community_code and b.community_code not in out:
            v = votes.setdefault(b.community_code, {})
            if b.district_code:
                v[b.district_code] = v.get(b.district_code, 0) + 1
    for cc, v in votes.items():
        out[cc] = largest(v)
    return out


def area_buildings(compound_ids: Iterable[str], compound_community: Mapping[str, str],
                   community_district: Dict[str, Optional[str]],
                   community_overlaps: Optional[Overlaps] = None,
                   district_overlaps: Optional[Overlaps] = None) -> List[BuildingRecord]:
    """The virtual "area" buildings of compounds with compound-level problems.

    Community: the compound's attribute, else the community holding most of its area. A community
    without a district (or no community) takes the district holding most of the compound's area;
    ``community_district`` is completed in place.
    """
    out = []
    for cid in sorted(set(compound_ids)):
        comm = compound_community.get(cid) or ""
        if not comm and community_overlaps is not None:
            comm = largest(community_overlaps[cid]) or ""
        district = None
        if (not comm or comm not in community_district) and district_overlaps is not None:
            district = largest(district_overlaps[cid])
        if comm and comm not in community_district:
            community_district[comm] = district
        record = area_building(cid, comm or None)
        record.district_code = None if comm else district
        out.append(record)
    return out


def compound_name_index(names: Mapping[str, Sequence[str]],
                        normalise: Callable[[str], str]) -> Dict[str, str]:
    """Normalised compound name or alias → compound id, from ``{compound id: [name, alias …]}``;
    a name two compounds share is left out (it names neither for sure)."""
    out: Dict[str, str] = {}
    clash = set()
    for cid, spellings in names.items():
        for name in spellings:
            key = normalise(name or "")
            if key and out.setdefault(key, cid) != cid:
                clash.add(key)
    for key in clash:
        del out[key]
    return out


# --- where a problem belongs ---------------------------------------------------------------------
LEVEL_BUILDING = "building"
LEVEL_COMPOUND = "compound"


@dataclass
class Placement:
    """The ledger holder of a problem: ``holder`` is a building id or a compound's area building."""

    building_id: Optional[str]  # as written on the problem
    compound_id: Optional[str]  # compound of a compound-level problem
    holder: Optional[str]  # key the roll-up counts it under (None: unassigned)
    relocated: str = ""  # '' (the join decided) | 'point' | 'compound' | 'none': re-located here


def place_problem(match_level: str, building_id: str, compound_id: str, compound_by_name: str,
                  buildings: Collection[str], compounds: Collection[str],
                  building_at_point: Callable[[], Optional[str]],
                  compound_at_point: Callable[[], Optional[str]]) -> Placement:
    """Decide which building or compound a problem counts under.

    The join's decision is trusted: ``match_level`` building keeps its building id; compound keeps
    its compound (its id, else its name) even when its point lies inside a footprint or another
    compound. Only rows without a decision (a problems layer made by hand) are re-located: their
    building id, else the footprint holding the point; failing that a compound-level problem of the
    compound given by id, then by name, then by the compound holding the point.
    """
    level = (match_level or "").strip().lower()
    if level == LEVEL_BUILDING and building_id:
        return Placement(building_id, None, building_id)
    if level == LEVEL_COMPOUND:
        cid = compound_id if compound_id in compounds else compound_by_name
        if cid and cid in compounds:
            return Placement(None, cid, cid + AREA_SUFFIX)
        return Placement(None, compound_id or None, None)
    if building_id and (level or building_id in buildings):
        return Placement(building_id, None, building_id)
    relocated = ""
    bid = building_id
    if not bid:
        bid = building_at_point() or ""
        relocated = "point" if bid else ""
    if bid and bid in buildings:
        return Placement(bid, None, bid, relocated)
    cid = (compound_id if compound_id in compounds else "") or compound_by_name or compound_at_point() or ""
    if cid and cid in compounds:
        return Placement(bid or None, cid, cid + AREA_SUFFIX, "compound")
    return Placement(bid or None, None, bid or None, "none")


_SEVERITY_RANK = {s: i for i, s in enumerate(schema.SEVERITIES)}


def worst_severity(severities: Iterable[str]) -> str:
    """The worst of ``severities`` in :data:`schema.SEVERITIES` order ('' when none is known)."""
    rank = _SEVERITY_RANK
    best = -1
    for s in severities:
        if s:
            best = max(best, rank.get(s.strip(), -1))
    return schema.SEVERITIES[best] if best >= 0 else ""


def _status_column(status: str) -> str:
    status = (status or "").strip()
    if status == schema.STATUS_RESOLVED:
        return "problems_resolved"
    if status == schema.STATUS_IN_PROGRESS:
        return "problems_in_progress"
    return "problems_open"


def memberships(buildings: Sequence[BuildingRecord], compound_block: Mapping[str, Optional[str]],
                community_district: Mapping[str, Optional[str]]) -> Dict[str, Dict[str, Optional[str]]]:
    """Unit of every level each building rolls up to (see the module docstring for the rules)."""
    out: Dict[str, Dict[str, Optional[str]]] = {level: {} for level in schema.LEDGER_LEVELS}
    for b in buildings:
        out["building"][b.building_id] = b.building_id
        out["compound"][b.building_id] = b.compound_id or None
        if b.compound_id:
            out["block"][b.building_id] = compound_block.get(b.compound_id) or None
        else:
            out["block"][b.building_id] = b.block_id or None
        out["community"][b.building_id] = b.community_code or None
        if b.community_code:
            out["district"][b.building_id] = community_district.get(b.community_code) or None
        else:
            out["district"][b.building_id] = b.district_code or None
    return out


def _empty_row(additive: Sequence[str]) -> Dict[str, Any]:
    row: Dict[str, Any] = dict.fromkeys(additive, 0)
    row["worst_severity"] = ""
    row["problems_per_100hh"] = None
    return row


def _finish(row: Dict[str, Any]) -> None:
    hh = row["households_total"]
    row["problems_per_100hh"] = round(100.0 * row["problems_total"] / hh, 2) if hh else None


def build_ledger(problems: Sequence[ProblemRecord], buildings: Sequence[BuildingRecord],
                 compound_block: Mapping[str, Optional[str]],
                 community_district: Mapping[str, Optional[str]], spec: LedgerSpec,
                 units: Optional[Mapping[str, Iterable[str]]] = None, feedback: Any = None) -> Ledger:
    """Count problems per building and roll them up to every level.

    ``units[level]`` lists unit ids that get a row even without buildings (e.g. every compound
    polygon); units reached through buildings always get one. Problems whose building is unknown
    are listed in ``Ledger.unassigned_problems`` and counted nowhere.
    """
    member = memberships(buildings, compound_block, community_district)
    additive = spec.additive_fields
    cat_fields = set(spec.category_fields)
    ind_codes = {code.strip().upper(): indicator_field(code) for code, _ in spec.indicators}
    other = category_field(CATEGORY_OTHER)
    column_of: Dict[Any, str] = {}  # category → its ledger column (cache)

    # 1. building rows
    brows: Dict[str, Dict[str, Any]] = {}
    bsev: Dict[str, List[str]] = {}
    virtual = set()
    for b in buildings:
        row = _empty_row(additive)
        if b.virtual:
            virtual.add(b.building_id)
        else:
            row["buildings_total"] = 1
            row["households_total"] = int(b.households or 0)
            row["residents_total"] = int(b.residents or 0)
        brows[b.building_id] = row
        bsev[b.building_id] = []
    unassigned: List[str] = []
    seen_ind: Dict[str, set] = {}
    total = len(problems)
    for i, p in enumerate(problems):
        if i % 500 == 0:
            check(feedback, i, total, 0, 60)
        row = brows.get(p.building_id or "")
        if row is None:
            unassigned.append(p.uid)
            continue
        row["problems_total"] += 1
        row[_status_column(p.status)] += 1
        row["photos_total"] += int(p.photos or 0)
        if p.source == schema.SOURCE_CITIZEN:
            row["problems_citizen"] += 1
        cf = column_of.get(p.category)
        if cf is None:
            cf = category_field(p.category) if p.category else other
            cf = column_of[p.category] = cf if cf in cat_fields else other
        row[cf] += 1
        bsev[p.building_id].append(p.severity)
        if p.building_id in virtual:
            row["problems_area_level"] += 1
            continue
        ind = ind_codes.get((p.indicator_code or "").strip().upper())
        if ind and ind not in seen_ind.setdefault(p.building_id, set()):
            seen_ind[p.building_id].add(ind)
            row[ind] = 1  # distinct buildings: a building counts once per indicator
    for bid, row in brows.items():
        if row["problems_total"] and bid not in virtual:
            row["buildings_with_problems"] = 1
            row["households_affected"] = row["households_total"]
            row["residents_affected"] = row["residents_total"]
        row["worst_severity"] = worst_severity(bsev[bid])
        _finish(row)

    rows: Dict[str, Dict[str, Dict[str, Any]]] = {"building": brows}
    parents: Dict[str, Dict[str, Dict[str, Optional[str]]]] = {level: {} for level in schema.LEDGER_LEVELS}
    for bid in brows:
        parents["building"][bid] = {lv: member[lv][bid] for lv in schema.LEDGER_LEVELS if lv != "building"}

    # 2. roll-ups: every upper level is the sum over its buildings (one parent per building).
    vectors = {bid: [brow[name] for name in additive] for bid, brow in brows.items()}
    for n, level in enumerate(("compound", "community", "block", "district")):
        check(feedback, n, 4, 60, 40)
        lrows: Dict[str, Dict[str, Any]] = {}
        sev: Dict[str, List[str]] = {}
        for uid in (units or {}).get(level, ()):
            if uid:
                lrows.setdefault(uid, _empty_row(additive))
                sev.setdefault(uid, [])
        groups: Dict[str, List[List[int]]] = {}
        for bid, brow in brows.items():
            uid = member[level][bid]
            if not uid:
                continue
            if uid not in lrows:
                lrows[uid] = _empty_row(additive)
            groups.setdefault(uid, []).append(vectors[bid])
            sev.setdefault(uid, []).append(brow["worst_severity"])
        for uid, vecs in groups.items():
            row = lrows[uid]
            for name, total in zip(additive, map(sum, zip(*vecs))):
                row[name] += total
        for uid, row in lrows.items():
            row["worst_severity"] = worst_severity(sev.get(uid, ()))
            _finish(row)
        rows[level] = lrows
    for cid in rows["compound"]:
        parents["compound"][cid] = {"block": compound_block.get(cid) or None}
    for cc in rows["community"]:
        parents["community"][cc] = {"district": community_district.get(cc) or None}
    for uid in rows["block"]:
        parents["block"][uid] = {}
    for uid in rows["district"]:
        parents["district"][uid] = {}
    check(feedback, 1, 1, 60, 40)
    return Ledger(spec=spec, rows=rows, parents=parents, membership=member, unassigned_problems=unassigned)


def check_consistency(ledger: Ledger) -> List[str]:
    """Every parent's additive counts against the sum over its children; returns the mismatches.

    Trees checked: building → compound → block (scattered buildings straight to block) and
    building → community → district (buildings without a community straight to district).
    Also checks open + in progress + resolved = total and the distinct-building bound of indicators.
    """
    errors: List[str] = []
    spec = ledger.spec
    fields = spec.additive_fields
    m = ledger.membership
    for level, child_levels in CHILD_LEVELS.items():
        groups: Dict[str, List[List[int]]] = {}
        for child_level in child_levels:
            for cid, crow in ledger.rows[child_level].items():
                if child_level == "building":
                    mid = {"block": "compound", "district": "community"}.get(level)
                    if mid and m[mid].get(cid):
                        continue  # counted through its compound / community
                    uid = m[level].get(cid)
                else:
                    uid = ledger.parents[child_level].get(cid, {}).get(level)
                if uid:
                    groups.setdefault(uid, []).append([crow[f] for f in fields])
        sums: Dict[str, Dict[str, int]] = {
            uid: dict(zip(fields, map(sum, zip(*vecs)))) for uid, vecs in groups.items()}
        for uid, row in ledger.rows[level].items():
            acc = sums.get(uid, {f: 0 for f in fields})
            for f in fields:
                if row[f] != acc[f]:
                    errors.append(f"{level} {uid}: {f} = {row[f]} but children sum to {acc[f]}")
        for uid in sums:
            if uid not in ledger.rows[level]:
                errors.append(f"{level} {uid}: has children but no ledger row")
    indicator_fields = spec.indicator_fields
    for level, lrows in ledger.rows.items():
        for uid, row in lrows.items():
            parts = row["problems_open"] + row["problems_in_progress"] + row["problems_resolved"]
            if parts != row["problems_total"]:
                errors.append(f"{level} {uid}: open+in progress+resolved {parts} != {row['problems_total']}")
            for f in indicator_fields:
                if row[f] > row["buildings_with_problems"]:
                    errors.append(f"{level} {uid}: {f} counts more buildings than have problems")
    return errors
