"""Writing a file so that the old one stays whole until the new one is complete (no Qt import).

:func:`save_workbook`: an openpyxl workbook saved into a temporary file in the target's folder, given
the mode an ordinary new file gets (``0666`` less the umask: ``mkstemp`` makes ``0600``), then moved
onto the target in one step. A failure or cancel leaves the previous file as it was and no
temporary file behind. GeoPackages have their own routine in ``processing/io.atomic_gpkg``.
"""

from __future__ import annotations

import os
import tempfile

from .xlsx import linear_relationships


def file_mode() -> int:
    """The mode of an ordinary new file here (``0o666`` less the process umask)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def save_workbook(book, path: str) -> str:
    """Save openpyxl ``book`` as ``path`` atomically (folders made as needed); returns ``path``."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=".{}.".format(os.path.basename(path)), suffix=".tmp.xlsx",
                                   dir=folder)
    os.close(handle)
    try:
        with linear_relationships():  # openpyxl 3.0: hyperlinks in linear time
            book.save(tmp)
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path
