"""What a report file really is, from its first bytes, whatever its name says.

Districts send what their software saved: a GBK CSV named ``.xlsx``, a workbook renamed ``.csv``,
an old ``.xls`` called ``.xlsx``, a web page saved as ``.xls``. :func:`sniff_file` looks at the
content (zip entries, the OLE2 directory, text decoding) and returns one of the ``KIND_*`` values;
the reader then opens the file as what it is and says so.
"""

from __future__ import annotations

import os
import zipfile
from typing import Optional, Tuple

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"

KIND_XLSX = "xlsx"  # an Office Open XML workbook (.xlsx / .xlsm)
KIND_XLSB = "xlsb"  # Excel binary workbook (zip with workbook.bin)
KIND_ODS = "ods"  # OpenDocument spreadsheet
KIND_XLS = "xls"  # Excel 97-2003 (OLE2 with a Workbook stream)
KIND_ENCRYPTED = "encrypted"  # OLE2 holding an encrypted OOXML package (password-protected)
KIND_TEXT = "text"  # CSV / TSV / TXT text
KIND_PDF = "pdf"
KIND_IMAGE = "image"
KIND_HTML = "html"  # a web page (often a "xls" exported by a web system)
KIND_XML2003 = "xml2003"  # Excel 2003 XML Spreadsheet (another "xls" of web systems)
KIND_WORD = "word"  # .doc / .docx / .wps documents
KIND_OTHER_ZIP = "zip"  # any other zip archive (including .ofd, .docx-like packages we do not know)
KIND_OTHER_OLE = "ole"  # any other OLE2 compound file
KIND_EMPTY = "empty"
KIND_BINARY = "binary"  # none of the above (damaged, or some other format)

#: Extensions of text tables: their content is decoded by the CSV reader itself.
TEXT_NAMES = (".csv", ".txt", ".tsv")
#: Kinds the reader can open as a table.
TABLE_KINDS = (KIND_XLSX, KIND_XLSB, KIND_ODS, KIND_XLS, KIND_TEXT)
#: Kinds read as a workbook (by calamine, or by openpyxl / xlrd where they can).
WORKBOOK_KINDS = (KIND_XLSX, KIND_XLSB, KIND_ODS, KIND_XLS)

_IMAGE_MAGICS = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*", b"RIFF")
_ENCRYPTED_MARKERS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_WORKBOOK_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
_WORD_STREAMS = ("WordDocument".encode("utf-16-le"),)
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


def ole_kind(path: str) -> str:
    """``KIND_ENCRYPTED``, ``KIND_XLS``, ``KIND_WORD`` or ``KIND_OTHER_OLE`` of an OLE2 file."""
    with open(path, "rb") as handle:
        data = handle.read(64 * 1024 * 1024)
    if any(marker in data for marker in _ENCRYPTED_MARKERS):
        return KIND_ENCRYPTED
    if any(marker in data for marker in _WORD_STREAMS):
        return KIND_WORD
    if any(marker in data for marker in _WORKBOOK_STREAMS):
        return KIND_XLS
    return KIND_OTHER_OLE


def zip_kind(path: str) -> str:
    """``KIND_XLSX``, ``KIND_XLSB``, ``KIND_ODS``, ``KIND_WORD`` or ``KIND_OTHER_ZIP`` of a zip file."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mime = archive.read("mimetype")[:100]
                if mime.startswith(_ODS_MIME):
                    return KIND_ODS
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError):
        return KIND_BINARY
    if "xl/workbook.xml" in names:
        return KIND_XLSX
    if "xl/workbook.bin" in names:
        return KIND_XLSB
    if "word/document.xml" in names:
        return KIND_WORD
    return KIND_OTHER_ZIP


def looks_like_table_text(data: bytes) -> Optional[Tuple[str, str]]:
    """``(text, encoding)`` when ``data`` is delimited text: it decodes without control characters,
    and a delimiter (comma, tab, semicolon) is on at least half of its first non-blank lines (at
    least two). Otherwise ``None``: a damaged workbook is not taken for a CSV file."""
    from .sources import SourceError, decode_text, sniff_delimiter

    try:
        text, encoding = decode_text(data)
    except SourceError:
        return None
    sample = text[:20000]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n\f\v")
    if controls > max(2, len(sample) // 200):
        return None
    lines = [line for line in sample.splitlines()[:30] if line.strip()]
    delimiter = sniff_delimiter(sample)
    if len(lines) < 2 or 2 * sum(1 for line in lines if delimiter in line) < len(lines):
        return None
    return text, encoding


def sniff_file(path: str, name_hint: str = "") -> str:
    """The ``KIND_*`` of the file at ``path``, by content.

    ``name_hint`` (the file name) only spares work: a zip named ``.xlsx`` / ``.xlsm`` is taken for a
    workbook without listing its entries (the engine reports it when it is not one).
    """
    ext = os.path.splitext(name_hint or path)[1].lower()
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if not head:
        return KIND_EMPTY
    if head.startswith(ZIP_MAGIC):
        if ext in (".xlsx", ".xlsm"):
            return KIND_XLSX
        return zip_kind(path)
    if head.startswith(OLE_MAGIC):
        return ole_kind(path)
    if head.startswith(b"%PDF"):
        return KIND_PDF
    if head.startswith(_IMAGE_MAGICS):
        return KIND_IMAGE
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in stripped:
        return KIND_XML2003
    if stripped.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or (
            stripped.startswith(b"<?xml") and b"<html" in stripped):
        return KIND_HTML
    if ext in TEXT_NAMES:
        return KIND_TEXT  # decoded once, by the CSV reader (which says so when it cannot)
    with open(path, "rb") as handle:
        data = handle.read()
    return KIND_TEXT if looks_like_table_text(data) is not None else KIND_BINARY
