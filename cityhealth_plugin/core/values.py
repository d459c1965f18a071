"""Attribute and cell values as text and numbers: the one conversion rule (no Qt import).

A Real id ``101.0`` is ``"101"`` everywhere, so a Real id field joins an integer or text one; NULL
(``None``, a null ``QVariant`` — anything with ``isNull()`` —, the text ``"NULL"``) and NaN are ``""``.
``processing/io.py`` re-exports these for QGIS attributes.
"""

from __future__ import annotations

from typing import Any, Optional


def to_text(value: Any) -> str:
    """Attribute value as stripped text: NULL / None / "NULL" / NaN → "", ``101.0`` → "101"."""
    if type(value) is str:  # noqa: E721 (fast path: most values)
        text = value.strip()
        return "" if text == "NULL" else text
    if value is None:
        return ""
    if hasattr(value, "isNull") and hasattr(value, "value"):  # a QVariant
        if value.isNull():
            return ""
        value = value.value()
        if value is None:
            return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            return str(int(value))
    text = str(value).strip()
    return "" if text == "NULL" else text


def to_int(value: Any) -> Optional[int]:
    """Attribute value as an int; None when empty or not a whole number."""
    text = to_text(value)
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            return None
        return int(number) if number.is_integer() else None


def to_float(value: Any) -> Optional[float]:
    """Attribute value as a float; None when empty or not a number."""
    text = to_text(value)
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return None
