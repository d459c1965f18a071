"""Personal data masking and spreadsheet-safe text: the plugin's one rule set for both.

Grid reports carry residents' and grid workers' phone numbers and sometimes ID card numbers.
Every output masks them, in every text column (``core/problems.py`` applies the rules to a whole
report row; nothing else masks):

- :func:`mask_personal` — free text (descriptions, addresses, names, photo names …): 11-digit
  mainland mobiles however written (half or full width digits, spaces / dots / dashes between the
  groups, ``+86`` / ``86`` prefix) → ``138****5678``; landlines with area code (``0475-8212345``,
  ``(0475)8212345``, ``0475 8212345``) → ``0475-***2345``; 15/18-digit resident ID numbers (trailing
  ``X``/``x``, half or full width) → ``1101**********1234``. A bare 7/8-digit run inside free text is
  left alone (it is as likely a date or a count as a local number).
- :func:`mask_phone_cell` — a phone column: the above, and then *every* other run of digits is
  hidden too (a bare local ``8212345`` → ``***2345``, a short run entirely), so nothing typed into a
  phone column survives.
- :func:`mask_phone` (a cell holding one phone number) and :func:`mask_id` are the building blocks.

Masking is idempotent: masking masked text changes nothing.

Text written to a spreadsheet must never become a live formula ("CSV/formula injection"): a cell
whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab / carriage return, which some
importers strip before evaluating) is evaluated by Excel and LibreOffice when the file is opened
or re-imported, so a report description such as ``=HYPERLINK("http://…")`` or ``-2+3`` would run.
:func:`safe_cell` prefixes such text with an apostrophe, the convention spreadsheet users know
(OWASP's recommendation): the text stays readable and is never evaluated.
"""

from __future__ import annotations

import re
from typing import Any

# ``\d`` matches every Unicode decimal digit, so full-width ０-９ are digits here too; literal
# digits are written as classes holding both widths.
_SEP = r"[\s.\-－]"  # one separator between digit groups: (full-width) space, dot, dash
# Not glued to a number on the left: no digit, nor a digit and a decimal point (3.14159265358).
_START = r"(?<!\d)(?<!\d[.,])"
# 11-digit mainland mobile numbers (1[3-9]x xxxx xxxx), optionally +86 / 86 in front.
_MOBILE = (_START + r"(?P<mp>(?:[+＋]?[8８][6６]" + _SEP + r"?)?)(?P<mh>[1１][3-9３-９]\d)" + _SEP
           + r"?\d{4}" + _SEP + r"?(?P<mt>\d{4})(?!\d)")
# Landlines: area code 0xx / 0xxx (maybe in brackets), optional separator, 7-8 digit number.
_LANDLINE = (_START + r"(?P<la>[(（]?[0０]\d{2,3}(?:[)）]" + _SEP + r"?|" + _SEP + r"?))(?P<lm>\d{3,4})"
             r"(?P<lt>" + _SEP + r"?\d{4})(?!\d)")
# A cell holding only a 7-8 digit local number (no area code).
_LOCAL_ONLY = re.compile(r"^(\s*)([2-9２-９]\d{2,3})(\d{4}\s*)$")
# Resident ID: 17 digits + digit or X (18 characters); the old 15-digit form too.
_ALNUM = "[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]"
_ID18 = r"(?<!{0})(?P<i18a>\d{{4}})\d{{10}}(?P<i18b>\d{{3}}[\dXxＸｘ])(?!{0})".format(_ALNUM)
_ID15 = r"(?<!\d)(?P<i15a>\d{4})\d{7}(?P<i15b>\d{4})(?!\d)"
# One pass for the IDs, then one for the phones (at each place the first pattern that matches wins).
_IDS = re.compile(_ID18 + "|" + _ID15)
_PHONES = re.compile(_MOBILE + "|" + _LANDLINE)
# Every pattern above needs 3 digits, maybe a separator or bracket, then 4 digits: text without such
# a run has nothing to mask (most addresses and names) and is returned without running them.
_MAYBE_NUMBER = re.compile(r"\d{3}[\s.\-－)）]?\d{4}")
_DIGITS = re.compile(r"\d+")
_PLAIN_MOBILE = re.compile(r"1[3-9][0-9]{9}")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "of:=")  # of:= is how OGR's ODS writer marks formulas
#: Destinations that a spreadsheet program opens as cells (GeoPackage and memory layers are not).
SPREADSHEET_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods")


def mask_phone(text: str) -> str:
    """Mask phone numbers: ``13812345678`` → ``138****5678``, ``0475-8212345`` → ``0475-***2345``,
    and a cell that is only a local number: ``8212345`` → ``***2345``.

    Text that is not a phone number is returned unchanged.
    """
    if not text or not _MAYBE_NUMBER.search(text):
        return text
    local = _LOCAL_ONLY.match(text)
    if local:  # a whole cell that is a local number without area code: 8212345 → ***2345
        return "{}{}{}".format(local.group(1), "*" * len(local.group(2)), local.group(3))
    return _mask_numbers(text)


def _mask_any(m) -> str:
    """The masked text of one match of :data:`_IDS` or :data:`_PHONES`."""
    kind = m.lastgroup
    if kind == "i18b":
        return m.group("i18a") + "**********" + m.group("i18b")
    if kind == "i15b":
        return m.group("i15a") + "*******" + m.group("i15b")
    if kind == "mt":
        return m.group("mp") + m.group("mh") + "****" + m.group("mt")
    return m.group("la") + "*" * len(m.group("lm")) + m.group("lt")


def _mask_numbers(text: str) -> str:
    """Mobile and area-code landline numbers anywhere in ``text``."""
    return _PHONES.sub(_mask_any, text)


def mask_id(text: str) -> str:
    """Mask resident ID numbers: ``110101199003071234`` → ``1101**********1234``."""
    if not text:
        return text
    return _IDS.sub(_mask_any, text)


def mask_personal(text: str) -> str:
    """Mask every ID number and phone number inside free text (IDs first: they contain digit runs)."""
    if not text or type(text) is not str or not _MAYBE_NUMBER.search(text):  # noqa: E721
        return text
    return _PHONES.sub(_mask_any, _IDS.sub(_mask_any, text))


def _hide_run(match) -> str:
    """One run of digits in a phone column that no phone pattern masked."""
    text, start, end = match.string, match.start(), match.end()
    run = match.group(0)
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    # the visible part of a number masked already (138****5678, 0475-***2345, +86 138****5678)
    if "*" in (before, after) or (after in "-－ " and text[end + 1:end + 2] == "*") \
            or (before in "+＋" and run in ("86", "８６")):
        return run
    if len(run) >= 11:
        return run[:3] + "*" * (len(run) - 7) + run[-4:]
    if len(run) >= 5:
        return "*" * (len(run) - 4) + run[-4:]
    return "*" * len(run)


def mask_phone_cell(text: str) -> str:
    """A phone column's cell, always masked: phone numbers and IDs as :func:`mask_personal` does,
    a cell that is only a local number as :func:`mask_phone` does, and then every other run of digits:
    11 or more keep their first 3 and last 4, 5–10 their last 4, shorter runs nothing."""
    if not text or type(text) is not str:  # noqa: E721
        return text
    if len(text) == 11 and _PLAIN_MOBILE.match(text):  # the usual cell: 13812345678 → 138****5678
        return text[:3] + "****" + text[7:]
    masked = mask_personal(mask_phone(text))
    return _DIGITS.sub(_hide_run, masked)


_DBNAME = re.compile(r"""dbname\s*=\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(\S+))""")
_PROVIDER_PREFIX = re.compile(r"^(?:ogr|gdal|delimitedtext):", re.IGNORECASE)
_OTHER_PROVIDER = re.compile(r"^[A-Za-z][\w-]+:(?!//)")  # postgres:, spatialite:, mssql: … (not C:)


def destination_file(destination: Any) -> str:
    """The file a layer destination writes to, however it is spelled: a path, ``path|layername=…``,
    ``ogr:path``, ``ogr:dbname='path' table="t" (geom)``, ``file:///path?…``; "" for none (``memory:``)."""
    text = str(destination or "").strip()
    if not text or text.lower().startswith("memory:"):
        return ""
    text = _PROVIDER_PREFIX.sub("", text).strip()
    if _OTHER_PROVIDER.match(text):  # a database layer: no file a spreadsheet program opens
        return ""
    dbname = _DBNAME.search(text)
    if dbname:
        text = next(g for g in dbname.groups() if g is not None).replace("\\'", "'")
    if text.lower().startswith("file://"):
        text = text[len("file://"):].split("?")[0]
    return text.split("|")[0].strip().strip("'\"").strip()


def is_spreadsheet_destination(destination: Any) -> bool:
    """Whether a layer destination is a file spreadsheet programs open as cells (CSV/TSV/TXT, XLSX/XLSM/
    XLS, ODS), in any of the spellings :func:`destination_file` understands, suffix in any case.

    The one place that decides where text gets :func:`safe_cell`; GeoPackages and memory layers do not."""
    return destination_file(destination).lower().endswith(SPREADSHEET_SUFFIXES)


def safe_cell(value: Any) -> Any:
    """``value`` made safe to write into a spreadsheet cell.

    Text starting with ``=`` ``+`` ``-`` ``@``, a tab or a carriage return gets a leading ``'``
    so that neither Excel nor LibreOffice evaluates it as a formula (see the module docstring).
    Numbers, dates and ``None`` are returned unchanged.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
