"""core/values.py: the one attribute → text / number rule (processing/io re-exports it)."""

from __future__ import annotations

from cityhealth_plugin.core.values import to_float, to_int, to_text


class _Variant:
    """Stands for a QVariant: ``isNull()`` and ``value()``."""

    def __init__(self, value):
        self._value = value

    def isNull(self):  # noqa: N802
        return self._value is None

    def value(self):
        return self._value


def test_real_ids_are_integer_text_and_nulls_are_empty():
    assert [to_text(v) for v in (101.0, 101, "101", " B01 ", 101.5, True, None, "NULL", float("nan"),
                                 _Variant(None), _Variant(7.0))] == [
        "101", "101", "101", "B01", "101.5", "1", "", "", "", "", "7"]


def test_numbers():
    values = ("3", "3.0", 3.0, "3.5", "", "x", _Variant(None))
    assert [to_int(v) for v in values] == [3, 3, 3, None, None, None, None]
    assert [to_float(v) for v in ("2.5", 2, "", "x")] == [2.5, 2.0, None, None]


def test_processing_io_uses_the_same_rule():
    import cityhealth_plugin.processing.io as io  # needs QGIS's Python packages, not a running QGIS

    assert io.to_text is to_text and io.to_int is to_int and io.to_float is to_float
