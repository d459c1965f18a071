"""core/gcpause.paused_gc: the cyclic collector off inside, as it was after (also after an error, nested,
and when the caller had it off); a work order is built with it paused and leaves it as it found it."""

from __future__ import annotations

import gc
import threading

import pytest

from cityhealth_plugin.core.gcpause import paused_gc


@pytest.fixture(autouse=True)
def _collector_back_on():
    yield
    gc.enable()


def test_off_inside_and_back_on_after_also_after_an_error():
    gc.enable()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():  # nested: the inner one leaves it to the outer
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError):
        with paused_gc():
            raise ValueError("坏数据")
    assert gc.isenabled()


def test_a_caller_that_had_it_off_keeps_it_off():
    gc.disable()
    with paused_gc():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_overlapping_blocks_in_threads_never_leave_it_off():
    gc.enable()
    inside, release = threading.Event(), threading.Event()

    def other():
        with paused_gc():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(5)
    with paused_gc():  # found off: left to the other thread's block
        pass
    assert not gc.isenabled()
    release.set()
    thread.join(5)
    assert gc.isenabled()


def test_a_work_order_is_built_with_the_collector_paused_and_restores_it(tmp_path):
    from cityhealth_plugin.core.closedloop import workbook

    seen = []
    original = workbook._write_workorder

    def spy(*args):
        seen.append(gc.isenabled())
        return original(*args)

    gc.enable()
    workbook._write_workorder = spy
    try:
        rows = workbook.write_workorder(str(tmp_path / "工单.xlsx"), "住建局", "科尔沁区", 2024, [])
    finally:
        workbook._write_workorder = original
    assert rows == 0 and seen == [False] and gc.isenabled()
    assert (tmp_path / "工单.xlsx").is_file()
