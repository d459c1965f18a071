"""The cyclic garbage collector paused while a step builds many objects that stay alive (no Qt import).

Reading reports, matching them and building a workbook each make hundreds of thousands of small
objects that live until the step ends. The cyclic collector, triggered by every few hundred new
objects, walks them again and again and frees nothing: a fifth of the join, a third of matching,
more than half of reading 100,000 rows, a fifth of the work orders. Reference counting still frees
everything that forms no cycle; what does (an openpyxl workbook's cells and sheets) is collected by
the first collection after the block.
"""

from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector off within the block and as it was after (a caller that had it off
    keeps it off). Blocks may nest or overlap in threads: an inner or later block that finds it off
    leaves it to the one that turned it off, so it is never left off."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
