"""The demo city generator: determinism, nesting, geometry rules, reports and their ground truth."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import struct
import unicodedata
import zipfile
import zlib
from collections import Counter, defaultdict

import pytest
from shapely import wkt as shapely_wkt
from shapely.geometry import LineString

from cityhealth_plugin.core import schema
from cityhealth_plugin.core.catalogue import load_catalogue
from cityhealth_plugin.core.democity import generate_city, write_reports
from cityhealth_plugin.core.democity_geodesy import gauss_kruger_to_lonlat
from cityhealth_plugin.core.democity_reports import (
    GROUND_TRUTH_COLUMNS,
    HEADERS,
    building_text,
    unit_text,
)
from cityhealth_plugin.core.messages import CityHealthError
from cityhealth_plugin.core.png import png_bytes, stamp_png


@pytest.fixture(scope="module")
def city():
    return generate_city("small", 2024)


@pytest.fixture(scope="module")
def written(city, tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("demo") / "示范城区")
    summary = write_reports(city, folder, load_catalogue())
    return folder, summary


@pytest.fixture(scope="module")
def truth(written):
    with open(os.path.join(written[0], "ground_truth.csv"), encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _shape(feature):
    return shapely_wkt.loads(feature.wkt)


def _by(city, layer, key):
    return {f.attrs[key]: f for f in city.layers[layer]}


# -- determinism --------------------------------------------------------------------------------

def _tables(city):
    return {name: [(f.wkt, sorted(f.attrs.items())) for f in feats] for name, feats in city.layers.items()}


def test_same_seed_gives_the_same_city_and_other_seed_another(city):
    assert _tables(generate_city("small", 2024)) == _tables(city)
    other = generate_city("small", 7)
    assert _tables(other)[schema.LAYER_BUILDINGS] != _tables(city)[schema.LAYER_BUILDINGS]
    assert _tables(other)[schema.LAYER_COMPOUNDS] != _tables(city)[schema.LAYER_COMPOUNDS]


def _digests(folder):
    out = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            if name.endswith((".xlsx", ".csv", ".txt")):
                path = os.path.join(root, name)
                with open(path, "rb") as handle:
                    out[os.path.relpath(path, folder)] = hashlib.sha256(handle.read()).hexdigest()
    return out


def test_same_seed_writes_byte_identical_tables(city, written, tmp_path):
    again = str(tmp_path / "再次")
    write_reports(generate_city("small", 2024), again, load_catalogue(), photos=False)
    first, second = _digests(written[0]), _digests(again)
    assert len(first) > 80
    del first["README.txt"], second["README.txt"]  # the README counts the photos written
    assert first == second


def test_report_workbooks_are_what_openpyxl_writes_for_them(city, written, tmp_path, monkeypatch):
    # the report, survey and complaint workbooks without titles have their rows serialised by
    # core/xlsx.PlainRows: written again with openpyxl doing every workbook, every file is the same
    from cityhealth_plugin.core import democity_reports
    from cityhealth_plugin.core.xlsx import PlainRows

    fast = democity_reports._PLAIN_ROWS
    assert fast.built == 0 and len(fast._known) == 4 and all(fast._known.values())

    class OpenpyxlOnly(PlainRows):
        def _template(self, dated, build):
            return False

    slow = OpenpyxlOnly()
    monkeypatch.setattr(democity_reports, "_PLAIN_ROWS", slow)
    again = str(tmp_path / "openpyxl")
    write_reports(city, again, load_catalogue(), photos=False)
    first, second = _digests(written[0]), _digests(again)
    del first["README.txt"], second["README.txt"]
    assert first == second
    workbooks = [name for name in first if name.endswith(".xlsx")]
    assert slow.built > 70 and slow.built == len(workbooks) - sum(
        1 for name in workbooks if _has_titles(os.path.join(again, name)))


def _has_titles(path):
    with zipfile.ZipFile(path) as book:
        return b"<mergeCell " in book.read("xl/worksheets/sheet1.xml")


# -- hierarchy and geometry ---------------------------------------------------------------------

def test_counts_in_the_expected_range(city):
    assert city.count(schema.LAYER_DISTRICTS) == 2
    assert 1800 <= city.count(schema.LAYER_BUILDINGS) <= 2400
    assert 150 <= city.count(schema.LAYER_COMPOUNDS) <= 320
    assert 90 <= city.count(schema.LAYER_BLOCKS) <= 160
    assert city.count(schema.LAYER_GRIDS) >= city.count(schema.LAYER_COMMUNITIES) >= city.count(
        schema.LAYER_STREETS) >= 4
    types = Counter(f.attrs["facility_type"] for f in city.layers[schema.LAYER_FACILITIES])
    assert set(types) == set(schema.FACILITY_TYPES)
    classes = Counter(f.attrs["park_class"] for f in city.layers[schema.LAYER_PARKS])
    assert classes["综合公园"] >= 2 and classes["口袋公园"] >= 3
    scattered = [f for f in city.layers[schema.LAYER_BUILDINGS] if f.attrs["is_scattered"]]
    assert 50 <= len(scattered) <= 400


def test_attributes_follow_the_schema(city):
    for name, spec in schema.DEMO_FIELDS.items():
        for f in city.layers[name]:
            assert set(f.attrs) == set(spec), name
            for key, typ in spec.items():
                value = f.attrs[key]
                if key == "compound_id" and name == schema.LAYER_BUILDINGS and f.attrs["is_scattered"]:
                    assert value is None
                else:
                    assert isinstance(value, typ), (name, key, value)
    ids = [f.attrs["building_id"] for f in city.layers[schema.LAYER_BUILDINGS]]
    assert len(set(ids)) == len(ids) and ids[0] == "BLD-000001"


def test_coordinates_are_tongliao_in_epsg_4550(city):
    x0, y0, x1, y1 = city.layers[schema.LAYER_DISTRICTS][0].bounds
    assert 430000 < x0 < x1 < 450000 and 4820000 < y0 < y1 < 4840000


def test_admin_units_nest(city):
    districts = _by(city, schema.LAYER_DISTRICTS, "district_code")
    streets = _by(city, schema.LAYER_STREETS, "street_code")
    communities = _by(city, schema.LAYER_COMMUNITIES, "community_code")
    for f in streets.values():
        assert _shape(districts[f.attrs["district_code"]]).buffer(0.01).contains(_shape(f))
    for f in communities.values():
        assert _shape(streets[f.attrs["street_code"]]).buffer(0.01).contains(_shape(f))
    for f in city.layers[schema.LAYER_GRIDS]:
        assert _shape(communities[f.attrs["community_code"]]).buffer(0.01).contains(_shape(f))
    # communities tile the city without overlaps
    total = sum(_shape(f).area for f in communities.values())
    assert total == pytest.approx(sum(_shape(f).area for f in districts.values()), rel=1e-9)


def test_buildings_sit_in_their_compound_grid_and_block(city):
    compounds = _by(city, schema.LAYER_COMPOUNDS, "compound_id")
    grids = _by(city, schema.LAYER_GRIDS, "grid_code")
    blocks = _by(city, schema.LAYER_BLOCKS, "block_id")
    for f in city.layers[schema.LAYER_BUILDINGS]:
        a = f.attrs
        shape = _shape(f)
        if a["compound_id"]:
            comp = compounds[a["compound_id"]]
            assert comp.attrs["compound_name"] == a["compound_name"]
            assert _shape(comp).contains(shape)
        else:
            assert re.match(r"^.+\d+号$", a["compound_name"]) and a["building_no"] == "1"
        assert _shape(grids[a["grid_code"]]).contains(shape)
        assert _shape(blocks[a["block_id"]]).contains(shape)
        assert grids[a["grid_code"]].attrs["community_code"] == a["community_code"]


def test_each_compound_lies_within_exactly_one_block(city):
    blocks = [_shape(f) for f in city.layers[schema.LAYER_BLOCKS]]
    for f in city.layers[schema.LAYER_COMPOUNDS]:
        shape = _shape(f)
        assert sum(1 for b in blocks if b.contains(shape)) == 1


def test_no_building_touches_a_road_or_another_building(city):
    roads = []
    for f in city.layers[schema.LAYER_ROADS]:
        line = _shape(f)
        assert isinstance(line, LineString)
        roads.append(line.buffer(f.attrs["width_m"] / 2, cap_style=2))
    buildings = [_shape(f) for f in city.layers[schema.LAYER_BUILDINGS]]
    for road in roads:
        rx0, ry0, rx1, ry1 = road.bounds
        for b in buildings:
            bx0, by0, bx1, by1 = b.bounds
            if bx1 < rx0 or bx0 > rx1 or by1 < ry0 or by0 > ry1:
                continue
            assert not road.intersects(b)
    per_block = defaultdict(list)
    for f in city.layers[schema.LAYER_BUILDINGS]:
        per_block[f.attrs["block_id"]].append(_shape(f))
    for shapes in per_block.values():
        for i, a in enumerate(shapes):
            for b in shapes[i + 1:]:
                assert not a.intersects(b)


def test_old_town_is_older_and_lower_than_the_new_town(city):
    attrs = [f.attrs for f in city.layers[schema.LAYER_BUILDINGS]]
    old = [a for a in attrs if a["community_code"].startswith("150502")]
    new = [a for a in attrs if a["community_code"].startswith("150571")]
    assert sum(a["build_year"] for a in old) / len(old) < sum(a["build_year"] for a in new) / len(new)
    for a in old + new:
        assert 1980 <= a["build_year"] <= 2020
        assert a["residents_60"] <= a["residents"]
        if a["storeys"] >= 11:
            assert a["has_lift"] == 1
    assert any(a["storeys"] <= 7 and not a["has_lift"] for a in old)


def test_compound_names_are_unique_with_aliases(city):
    names = [f.attrs["compound_name"] for f in city.layers[schema.LAYER_COMPOUNDS]]
    assert len(names) == len(set(names))
    aliases = [a for f in city.layers[schema.LAYER_COMPOUNDS] for a in f.attrs["aliases"].split("|") if a]
    spellings = names + aliases
    assert len(spellings) == len(set(spellings))  # every name and alias points to one compound
    phased = [f.attrs for f in city.layers[schema.LAYER_COMPOUNDS] if re.search(r"(南区|北区|一期|二期)$",
                                                                                  f.attrs["compound_name"])]
    assert phased
    for a in phased:
        assert "(" in a["aliases"]


# -- reports ------------------------------------------------------------------------------------

def test_building_and_unit_spellings():
    import random

    rng = random.Random(1)
    seen = {building_text("3", rng, style) for style in range(200)}
    assert {"3号楼", "3#", "3#楼", "三号楼", "3栋", "3幢", "3座", "第3栋", "３号楼", "03"} <= seen
    units = {unit_text(2, rng, style) for style in range(200)}
    assert {"2单元", "二单元", "2门", "2-"} <= units
    assert all(s.endswith(("号楼", "#", "#楼", "栋", "幢", "座")) for s in
               (building_text("12", rng, k, suffixed=True) for k in range(100)))


def test_summary_and_files(written):
    folder, summary = written
    assert summary.rows == sum(summary.rows_by_round.values())
    assert 4000 <= summary.rows <= 9000
    assert summary.blank_rows > 0 and summary.photos_missing > 0
    assert 0.02 <= summary.unmatchable_share <= 0.03
    for rnd in ("2024", "2025"):
        names = os.listdir(os.path.join(folder, "reports", rnd))
        assert "满意度调查.xlsx" in names and "照片" in names
        assert any(n.endswith(".csv") for n in names)
    readme = open(os.path.join(folder, "README.txt"), encoding="utf-8").read()
    assert "ground_truth.csv" in readme and "标准答案" in readme


def _read_sheet(path):
    """Rows of a report file as a person sees them: {row number: cells}; header row number."""
    if path.endswith(".csv"):
        raw = open(path, "rb").read()
        text = raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else raw.decode("gbk")
        rows = list(csv.reader(text.splitlines()))
    else:
        from openpyxl import load_workbook

        ws = load_workbook(path).active
        assert ws.title == "问题清单"
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows, start=1) if r and r[0] == "所属省")
    return {i: r for i, r in enumerate(rows, start=1) if i > header}, rows[header - 1], header


def test_ground_truth_covers_every_report_row(written, truth, city):
    folder, summary = written
    catalogue = load_catalogue()
    assert list(truth[0].keys()) == list(GROUND_TRUTH_COLUMNS)
    by_file = defaultdict(dict)
    for t in truth:
        by_file[(t["round"], t["source_file"])][int(t["source_row"])] = t
    buildings = _by(city, schema.LAYER_BUILDINGS, "building_id")
    seen_titles = seen_address = seen_lonlat = 0
    for (rnd, name), rows_truth in by_file.items():
        data, header, header_row = _read_sheet(os.path.join(folder, "reports", rnd, name))
        seen_titles += header_row > 1
        seen_address += "地址" in header
        seen_lonlat += "经度" in header
        assert set(data) == set(rows_truth), name
        for number, cells in data.items():
            t = rows_truth[number]
            blank = not any(c not in (None, "") for c in cells)
            assert blank == (t["blank"] == "1"), (name, number)
            if blank:
                continue
            assert t["expected_reason"] in ("",) + schema.UNMATCHED_REASONS
            if t["building_id"]:
                b = buildings[t["building_id"]].attrs
                if t["unit"] and not t["expected_reason"]:
                    assert 1 <= int(t["unit"]) <= b["units"]
                if t["expected_reason"] == "no_unit":
                    assert int(t["unit"]) > b["units"]
            if t["expected_reason"] == "empty_address":
                cols = [header.index(c) for c in ("小区", "楼栋", "单元", "地址") if c in header]
                assert all(cells[i] in (None, "") for i in cols)
            row = dict(zip(header, cells))
            assert catalogue.lookup(row["问题"]).code == t["problem_code"]
            status = row.get("整改状态")
            if rnd == "2024":
                assert status in schema.STATUSES
            else:
                assert status in (None, "")
    assert seen_titles and seen_address and seen_lonlat


def _norm(text):
    text = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"[\s()（）]", "", text)


def test_matchable_rows_name_the_true_compound(written, truth, city):
    """In column files the 小区 cell is the name, an alias, a bracket form or a one-character typo."""
    folder, _summary = written
    buildings = _by(city, schema.LAYER_BUILDINGS, "building_id")
    compounds = _by(city, schema.LAYER_COMPOUNDS, "compound_id")
    all_names = set()
    for c in compounds.values():
        all_names.add(_norm(c.attrs["compound_name"]))
        all_names.update(_norm(a) for a in c.attrs["aliases"].split("|"))
    checked = unknown = 0
    files = sorted({(t["round"], t["source_file"]) for t in truth})[:40]
    rows = {(t["round"], t["source_file"], int(t["source_row"])): t for t in truth}
    for rnd, name in files:
        data, header, _h = _read_sheet(os.path.join(folder, "reports", rnd, name))
        if "小区" not in header:
            continue
        for number, cells in data.items():
            t = rows[(rnd, name, number)]
            written_name = _norm(cells[header.index("小区")])
            if t["expected_reason"] == "no_compound":
                assert written_name not in all_names
                unknown += 1
            elif t["building_id"] and not t["expected_reason"]:
                b = buildings[t["building_id"]].attrs
                if b["compound_id"]:
                    comp = compounds[b["compound_id"]].attrs
                    options = {_norm(comp["compound_name"])} | {_norm(a) for a in comp["aliases"].split("|")}
                    close = any(len(o) == len(written_name)
                                and sum(x != y for x, y in zip(o, written_name)) <= 1 for o in options)
                    assert close, (name, number, written_name, options)
                else:
                    assert re.sub(r"\D", "", written_name).endswith(re.sub(r"\D", "", b["compound_name"]))
                checked += 1
    assert checked > 200 and unknown >= 1


def test_photos_exist_unless_deliberately_missing(written, truth):
    folder, summary = written
    missing = [t for t in truth if t["photo_missing"] == "1"]
    assert len(missing) == summary.photos_missing > 0
    photo_dir = os.path.join(folder, "reports", "2024", "照片")
    pictures = os.listdir(photo_dir)
    assert pictures and all(p.endswith(".png") for p in pictures)
    with open(os.path.join(photo_dir, pictures[0]), "rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"


def test_satisfaction_survey(written):
    from openpyxl import load_workbook

    ws = load_workbook(os.path.join(written[0], "reports", "2025", "满意度调查.xlsx")).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "社区名", "小区") and rows[0][-1] == "诉求"
    assert len(rows) > 200
    for r in rows[1:]:
        assert all(1 <= s <= 5 for s in r[3:-1])


def test_report_headers_are_the_national_ones_plus_ours():
    assert HEADERS[:9] == ("所属省", "所属市", "所属区", "街道", "社区名", "网格", "小区", "楼栋", "单元")
    assert "整改状态" in HEADERS and "图片" in HEADERS


def test_unwritable_folder_raises_a_city_health_error(city, tmp_path):
    blocker = tmp_path / "占位文件"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(CityHealthError) as info:
        write_reports(city, str(blocker / "城区"), load_catalogue())
    assert "Cannot write the demo city reports" in str(info.value)


# -- helpers ------------------------------------------------------------------------------------

@pytest.mark.parametrize("x, y, lon, lat", [
    (500000.0, 4830000.0, 123.0, 43.605589023),       # on the central meridian
    (440000.0, 4830000.0, 122.256864213, 43.603173660),  # Tongliao old town (PROJ gives the same)
    (432000.0, 4824000.0, 122.158541633, 43.548489036),
])
def test_inverse_gauss_kruger_matches_proj(x, y, lon, lat):
    got = gauss_kruger_to_lonlat(x, y)
    assert got[0] == pytest.approx(lon, abs=1e-8) and got[1] == pytest.approx(lat, abs=1e-8)


def test_png_writer_encodes_pixels():
    data = png_bytes(2, 1, [[(255, 0, 0), (0, 0, 255)]])
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (2, 1)
    idat = data.index(b"IDAT")
    length = struct.unpack(">I", data[idat - 4:idat])[0]
    assert zlib.decompress(data[idat + 4:idat + 4 + length]) == bytes([0, 255, 0, 0, 0, 0, 255])
    assert stamp_png(1, (1, 2, 3)) != stamp_png(2, (1, 2, 3))
    with pytest.raises(ValueError):
        png_bytes(2, 2, [[(0, 0, 0)]])


def test_stamp_is_the_picture_its_rule_describes():
    """stamp_png builds scanlines as bytes; the same file as encoding its pixels one by one."""
    for seed, colour, size in ((0, (0, 0, 0), 16), ((1 << 48) - 1, (255, 255, 255), 16),
                               (0x5A5A_1234_ABCD, (200, 100, 50), 16), (987654321, (10, 20, 30), 5),
                               (7, (1, 2, 3), 2), (7, (1, 2, 3), 1)):
        pixels = []
        for y in range(size):
            row = []
            for x in range(size):
                if x in (0, size - 1) or y in (0, size - 1):
                    row.append(colour)
                else:
                    shade = 230 if (seed >> ((7 * y + 3 * x) % 48)) & 1 else 90
                    row.append((shade, (shade + colour[1]) // 2, (shade + colour[2]) // 2))
            pixels.append(row)
        assert stamp_png(seed, colour, size) == png_bytes(size, size, pixels), (seed, size)
    # pixel (1, 1) shows bit 10 of the seed: set → 230, clear → 90 (worked out by hand)
    idat = stamp_png(1 << 10, (0, 0, 0)).index(b"IDAT")
    raw = zlib.decompress(stamp_png(1 << 10, (0, 0, 0))[idat + 4:])
    assert raw[49 + 1 + 3:49 + 1 + 6] == bytes((230, 115, 115))
    raw0 = zlib.decompress(stamp_png(0, (0, 0, 0))[idat + 4:])
    assert raw0[49 + 1 + 3:49 + 1 + 6] == bytes((90, 45, 45))


# -- issue 14: vacant land and the residents' complaint list --------------------------------------

def test_vacant_land_lies_in_the_open_strips_between_compounds(city):
    plots = city.layers[schema.LAYER_VACANT_LAND]
    assert 10 <= len(plots) <= 80
    built = [_shape(f) for name in (schema.LAYER_COMPOUNDS, schema.LAYER_BUILDINGS, schema.LAYER_PARKS)
             for f in city.layers[name]]
    blocks = [_shape(f) for f in city.layers[schema.LAYER_BLOCKS]]
    for plot in plots:
        shape = _shape(plot)
        assert plot.attrs["area_m2"] == pytest.approx(shape.area, abs=0.1) and shape.area >= 500
        assert plot.attrs["land_use"] in ("闲置地", "低效用地")
        assert not [b for b in built if b.intersection(shape).area > 0.01]  # nothing built on it
        assert any(b.contains(shape) for b in blocks)  # inside a block, off the roads
    assert len({p.attrs["site_id"] for p in plots}) == len(plots)


def test_complaint_list_is_a_hotline_export_with_free_text_addresses_and_phones(written):
    from openpyxl import load_workbook

    from cityhealth_plugin.core.democity_reports import COMPLAINT_HEADERS, COMPLAINT_NOWHERE

    folder, summary = written
    rows = []
    for year in (2024, 2025):
        path = os.path.join(folder, "complaints", str(year), "市民投诉_{}.xlsx".format(year))
        sheet = load_workbook(path).active
        table = list(sheet.iter_rows(values_only=True))
        assert table[0] == COMPLAINT_HEADERS
        rows += table[1:]
        assert {str(r[2])[:4] for r in table[1:]} == {str(year)}  # 反映时间 in its round
    assert len(rows) == summary.complaint_rows >= 60
    phones = [r for r in rows if r[4]]
    assert len(phones) > len(rows) / 2 and all(re.fullmatch(r"1[3578]\d{9}", p[4]) for p in phones)
    assert any(re.search(r"1[3578]\d{9}", r[6]) for r in rows)  # phone numbers in some texts too
    assert any((r[5] or "") in COMPLAINT_NOWHERE for r in rows)  # addresses no one can place
