"""Two facts about an .xlsx sheet that the streaming engines do not give: merged ranges and extent.

openpyxl's read-only mode (the one fast enough for reports) does not expose merged cells, and an
older python-calamine has no ``merged_cell_ranges``; both are in the sheet's XML part
(``<mergeCell ref="A3:A5"/>``), found here with ``zipfile`` and a byte regex. The declared extent
(``<dimension ref="A1:F120"/>``) says how many rows a sheet that breaks half-way still had.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from typing import Dict, List, Optional, Tuple

#: ``(first row, first column, last row, last column)``, 0-based and inclusive, sheet coordinates.
Range = Tuple[int, int, int, int]

_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+)([0-9]+)(?::([A-Z]+)([0-9]+))?"')
_DIMENSION_RE = re.compile(rb'<(?:\w+:)?dimension\b[^>]*\bref="[A-Z]*[0-9]*(?::[A-Z]+([0-9]+))?"')
_ROW_RE = re.compile(rb'<(?:\w+:)?row\b[^>]*\br="([0-9]+)"')
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def column_index(letters: bytes) -> int:
    """0-based index of a column given by its letters (``b"A"`` → 0, ``b"AA"`` → 26)."""
    value = 0
    for ch in letters:
        value = value * 26 + ch - 64
    return value - 1


def sheet_parts(archive: zipfile.ZipFile) -> Dict[str, str]:
    """Sheet name → path of its XML part inside the workbook archive."""
    try:
        book = ET.fromstring(archive.read("xl/workbook.xml"))
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ET.ParseError):
        return {}
    targets = {}
    for rel in rels.iter(_NS_PKG_REL + "Relationship"):
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
        targets[rel.get("Id")] = target
    out = {}
    for sheet in book.iter(_NS_MAIN + "sheet"):
        part = targets.get(sheet.get(_NS_REL + "id"))
        if part:
            out[sheet.get("name", "")] = part
    return out


class SheetXml:
    """Lazy access to the XML parts of one .xlsx file (opened only when asked)."""

    def __init__(self, path: str):
        self.path = path
        self._parts: Optional[Dict[str, str]] = None

    def _read(self, sheet: str, limit: int = -1) -> bytes:
        try:
            with zipfile.ZipFile(self.path) as archive:
                if self._parts is None:
                    self._parts = sheet_parts(archive)
                part = self._parts.get(sheet)
                if not part:
                    return b""
                with archive.open(part) as handle:
                    return _read_tolerant(handle, limit)
        except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError):
            return b""

    def merged(self, sheet: str) -> List[Range]:
        """Merged ranges of ``sheet`` (empty when it has none or the part cannot be read)."""
        data = self._read(sheet)
        if b"mergeCell" not in data:
            return []
        out = []
        for m in _MERGE_RE.finditer(data):
            c1, r1 = column_index(m.group(1)), int(m.group(2)) - 1
            if m.group(3):
                c2, r2 = column_index(m.group(3)), int(m.group(4)) - 1
            else:
                c2, r2 = c1, r1
            out.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
        return out

    def last_row(self, sheet: str) -> Optional[int]:
        """The sheet's last row number (1-based): the larger of its declared dimension and the last
        ``<row r=…>`` that can still be decompressed; ``None`` when neither is known."""
        data = self._read(sheet)
        best = None
        m = _DIMENSION_RE.search(data[:4096])
        if m and m.group(1):
            best = int(m.group(1))
        rows = [int(r) for r in _ROW_RE.findall(data[-65536:])]
        if rows:
            best = max(best or 0, max(rows))
        return best


def _read_tolerant(handle, limit: int) -> bytes:
    """As many bytes as can be decompressed (a damaged part gives what precedes the damage)."""
    chunks = []
    size = 0
    try:
        while limit < 0 or size < limit:
            chunk = handle.read(1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except Exception:  # noqa: BLE001 (zlib.error, BadZipFile on a bad CRC …): keep what was read
        pass
    return b"".join(chunks)
