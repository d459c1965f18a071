"""core/analysis/walkways.py: reasons from attributes and reports, unit figures."""

from __future__ import annotations

import pytest

from cityhealth_plugin.core.analysis import walkways as wk
from cityhealth_plugin.core.messages import CityHealthError


def test_attribute_reason():
    assert wk.attribute_reason(0.0) == "none"
    assert wk.attribute_reason(1.5) == "narrow"
    assert wk.attribute_reason(2.0) == ""  # the threshold itself is fine
    assert wk.attribute_reason(2.4, threshold=2.5) == "narrow"
    assert wk.attribute_reason(None) is None


def test_codes_table():
    codes = wk.parse_codes(wk.DEFAULT_CODES + "；本地-07=not_barrier_free")
    assert codes == {"WALK-01": "broken", "WALK-02": "broken", "WALK-04": "unlit", "BLOCK-02": "obstructed",
                     "本地-07": "not_barrier_free"}
    assert wk.report_reason(" WALK-04", codes) == "unlit" and wk.report_reason("GAS-01", codes) == ""
    with pytest.raises(CityHealthError):
        wk.parse_codes("WALK-01=wobbly")
    with pytest.raises(CityHealthError):
        wk.parse_codes("WALK-01")


def test_unit_row_union_counts_once():
    # 100 m narrow, 30 m broken of which 20 m on the narrow stretch: union 110 m of 400 m of walkway
    row = wk.unit_row({"narrow": 100.0, "broken": 30.0}, 110.0, 400.0)
    assert (row["narrow_m"], row["broken_m"], row["none_m"]) == (100.0, 30.0, 0.0)
    assert (row["substandard_m"], row["substandard_km"], row["share"]) == (110.0, 0.11, 0.275)
    assert wk.unit_row({}, 0.0, 0.0)["share"] is None
    assert wk.stats_rows([("B", row), ("A", wk.unit_row({}, 0.0, 10.0))]) == [
        ("A", "IND-COMM-019", 0.0), ("B", "IND-COMM-019", 0.11)]
