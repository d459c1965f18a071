"""make fuzz: about ten minutes of random bad input against the report reader and the address parser.

Not part of ``make test`` (CI runs the same properties with 200 fixed examples each:
tests/core/test_properties.py). Pure Python, no QGIS. Each round takes a seed input (CSV in UTF-8,
GBK, UTF-16, with BOM; an .xlsx with a title row and merged cells), mutates it (bit flips, byte
inserts and deletes, truncation, splices, and edits of the sheet XML inside the zip so that the
damage gets past the zip's checksums), writes it under a name that may lie about the content and
reads it with :func:`read_reports`; and it parses random address text. The reader must never raise
and must account for every row (rows read = rows + blank + non-data + unreadable); the parser must
never raise and its normalisation must be idempotent. A failing input is saved under out/fuzz/
with the traceback, and the run exits 1.

    make fuzz                      # 600 s
    FUZZ_SECONDS=60 make fuzz      # shorter
    FUZZ_SEED=7 make fuzz          # another random sequence (the seed is printed)
"""

from __future__ import annotations

import io
import os
import random
import sys
import tempfile
import time
import traceback
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from cityhealth_plugin.core.address import format_address, parse_address, parse_building  # noqa: E402
from cityhealth_plugin.core.normalize import (  # noqa: E402
    clean_text,
    name_key,
    normalize_date,
    normalize_number,
)
from cityhealth_plugin.core.report_reader import read_reports  # noqa: E402

OUT = os.path.join(ROOT, "out", "fuzz")
NAMES = ("报表.csv", "报表.xlsx", "报表.txt", "报表.xls", "报表.xlsm", "报表.tsv")
CSV = ("网格排查报表\n社区名,小区,楼栋,单元,问题,图片,联系电话,上报日期\n"
       "明仁社区,天福家园南区,3号楼,2单元,井盖缺失,井盖.jpg,13812345678,2024/3/5\n"
       "明仁社区,\"天福家园（北区）\",三栋,,\"墙皮\n脱落\",,,45356\n"
       ",,,,,,,\n合计,,,,2,,,\n")
ADDRESS_CHARS = ("天福家园南北区明仁小区和平路街道社区号楼栋幢座单元门室层梯户东西甲乙"
                 "一二三四五六七八九十百零〇两0123456789０１２３４５６７８９"
                 "ABCabc#＃-—－~至到/（）()【】 \u3000、，,.·\t\r\n\x00😀")


def _xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "问题清单"
    sheet.append(["科尔沁区明仁街道网格排查报表"])
    sheet.merge_cells("A1:F1")
    sheet.append(["社区名", "小区", "楼栋", "单元", "问题", "上报日期"])
    for i in range(30):
        sheet.append(["明仁社区", "天福家园南区", "{}号楼".format(i % 7 + 1), i % 3 + 1, "乱停车",
                      "2024-05-0{}".format(i % 9 + 1)])
    sheet.append(["合计", None, None, None, 30])
    hidden = book.create_sheet("说明")
    hidden.append(["填表说明"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def seeds():
    out = [CSV.encode("utf-8"), CSV.encode("gbk"), b"\xef\xbb\xbf" + CSV.encode("utf-8"),
           CSV.encode("utf-16"), CSV.replace(",", "\t").encode("utf-16-le")]
    return out, _xlsx()


def mutate(rng: random.Random, data: bytes, pool) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(6)
        at = rng.randrange(len(data) + 1) if data else 0
        if op == 0 and data:  # flip bits
            data[min(at, len(data) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:  # insert random bytes
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 2 and data:  # delete a run
            del data[at:at + rng.randint(1, 64)]
        elif op == 3:  # truncate
            del data[at:]
        elif op == 4:  # splice a piece of another seed
            other = rng.choice(pool)
            start = rng.randrange(len(other))
            data[at:at] = other[start:start + rng.randint(1, 200)]
        else:  # insert a special character
            data[at:at] = rng.choice([b"\x00", b"\r", b'"', b"\xff\xfe", b"=", b"\xe2\x80\xae", b",,,,",
                                      b"\n" * 50])
    return bytes(data)


def mutate_zip(rng: random.Random, data: bytes, pool) -> bytes:
    """Edit one part of the workbook (usually the sheet XML) and zip it again, checksums correct."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    names = sorted(parts)
    name = "xl/worksheets/sheet1.xml" if rng.random() < 0.6 else rng.choice(names)
    text = parts[name]
    if rng.random() < 0.5:
        parts[name] = mutate(rng, text, pool)
    else:  # structural XML edits
        edits = [(b'<row r="5"', b'<row r="3"'), (b"</row>", b""), (b'r="C', b'r="XFE'),
                 (b"<v>", b"<v>9E999"), (b't="inlineStr"', b't="s"'), (b'ref="A1:F1"', b'ref="A1:A1048576"'),
                 (b"<t>", b"<t>&bogus;"),
                 (b"<sheetData>", b'<sheetData><row r="1048576"><c r="A1048576"><v>1</v></c></row>')]
        old, new = rng.choice(edits)
        parts[name] = text.replace(old, new, rng.randint(1, 3))
    if rng.random() < 0.1:
        del parts[rng.choice(names)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, blob in parts.items():
            archive.writestr(n, blob)
    return buffer.getvalue()


def check_read(folder: str, workbook: bool) -> None:
    result = read_reports(folder)
    total = len(result.rows) + result.blank_rows + result.nondata_rows + result.unreadable_rows
    assert result.rows_total == total, "rows not accounted for"
    if workbook:  # the workbook seed has 30 reports: none read needs a message naming the file
        assert result.rows or result.issues, "no row read and no message"
    for row in result.rows:
        assert row.source_row >= 1 and isinstance(row.values, dict)
        for value in row.values.values():
            assert isinstance(value, str)


def check_text(text: str) -> None:
    parsed = parse_address(text)
    format_address(parsed)
    parse_address(text, ["天福家园南区", "明仁小区"])
    parse_building(text)
    assert clean_text(clean_text(text)) == clean_text(text), "clean_text not idempotent"
    assert name_key(name_key(text)) == name_key(text), "name_key not idempotent"
    number = normalize_number(text)
    assert normalize_number(number) == number, "normalize_number not idempotent"
    iso = normalize_date(text)
    assert iso == "" or normalize_date(iso) == iso, "normalize_date not stable"


def save_failure(kind: str, data: bytes, name: str, error: str) -> str:
    os.makedirs(OUT, exist_ok=True)
    stem = os.path.join(OUT, "{}-{}".format(kind, int(time.time() * 1000)))
    with open(stem + "-" + name.replace("报表", "input"), "wb") as handle:
        handle.write(data)
    with open(stem + ".txt", "w", encoding="utf-8") as handle:
        handle.write(error)
    return stem


def main() -> int:
    budget = float(os.environ.get("FUZZ_SECONDS") or (sys.argv[1] if len(sys.argv) > 1 else 600))
    seed = int(os.environ.get("FUZZ_SEED") or time.time())
    rng = random.Random(seed)
    texts, xlsx = seeds()
    pool = texts + [xlsx]
    print("make fuzz: {:.0f} s, seed {} (FUZZ_SEED={} repeats this run)".format(budget, seed, seed),
          flush=True)
    end = time.monotonic() + budget
    counts = {"files": 0, "texts": 0}
    failures = 0
    last = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        while time.monotonic() < end:
            roll = rng.random()
            workbook = roll < 0.5
            if roll < 0.4:
                data = mutate_zip(rng, xlsx, pool)
            elif roll < 0.5:
                data = mutate(rng, xlsx, pool)
            else:
                data = mutate(rng, rng.choice(texts), pool)
            name = rng.choice(NAMES)
            folder = os.path.join(tmp, str(counts["files"] % 4))
            os.makedirs(folder, exist_ok=True)
            for old in os.listdir(folder):
                os.remove(os.path.join(folder, old))
            with open(os.path.join(folder, name), "wb") as handle:
                handle.write(data)
            try:
                check_read(folder, workbook)
            except Exception:  # noqa: BLE001 (every failure is a finding)
                failures += 1
                saved = save_failure("read", data, name, traceback.format_exc())
                print("FAIL reading {}: saved {}".format(name, saved))
            counts["files"] += 1
            for _ in range(20):
                text = "".join(rng.choice(ADDRESS_CHARS) for _ in range(rng.randint(0, 40)))
                if rng.random() < 0.3:
                    text = "".join(chr(rng.randrange(0x20, 0x2FFFF)) for _ in range(rng.randint(0, 20)))
                    text = text.encode("utf-8", "replace").decode("utf-8", "replace")
                try:
                    check_text(text)
                except Exception:  # noqa: BLE001
                    failures += 1
                    print("FAIL parsing {!r}: saved {}".format(text, save_failure(
                        "parse", text.encode("utf-8", "surrogatepass"), "text.txt", traceback.format_exc())))
                counts["texts"] += 1
            if time.monotonic() - last > 30:
                last = time.monotonic()
                print("  {files} files, {texts} texts, {0} failures".format(failures, **counts), flush=True)
    print("make fuzz: {files} files read, {texts} texts parsed, {0} failures".format(failures, **counts))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
