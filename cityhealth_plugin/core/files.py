"""Writing a file so that the old one stays whole until the new one is complete (no Qt import).

:func:`save_workbook`: an openpyxl workbook saved into a temporary file in the target's folder, given
the mode an ordinary new file gets (``0666`` less the umask: ``mkstemp`` makes ``0600``), then moved
onto the target in one step. A failure or cancel leaves the previous file as it was and no
temporary file behind. GeoPackages have their own routine in ``processing/io.atomic_gpkg``.
:func:`save_parts`: the same for a workbook given as its zip parts (:func:`.xlsx.workbook_parts`).
:func:`write_bytes`: a new small file written with one system call each to open, write and close
(the demo city writes some 195,000 photos: Python's buffered file objects cost a fifth more).
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from typing import Callable, Sequence, Tuple

from .xlsx import linear_relationships


def file_mode() -> int:
    """The mode of an ordinary new file here (``0o666`` less the process umask)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(path: str, write: Callable[[str], None], suffix: str = ".tmp") -> str:
    """``write(tmp)`` into a temporary file beside ``path`` (folders made as needed), given an ordinary
    file's mode, then moved onto ``path`` in one step; returns ``path``. A failure leaves ``path`` as
    it was and no temporary file behind."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=".{}.".format(os.path.basename(path)), suffix=suffix, dir=folder)
    os.close(handle)
    try:
        write(tmp)
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path


def write_bytes(path: str, data: bytes) -> None:
    """``data`` written as the file ``path`` (created or truncated, an ordinary file's mode)."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
    finally:
        os.close(handle)


def save_workbook(book, path: str) -> str:
    """Save openpyxl ``book`` as ``path`` atomically (folders made as needed); returns ``path``."""
    def write(tmp: str) -> None:
        with linear_relationships():  # openpyxl 3.0: hyperlinks in linear time
            book.save(tmp)

    return write_atomically(path, write, ".tmp.xlsx")


def save_parts(parts: Sequence[Tuple[zipfile.ZipInfo, bytes]], path: str) -> str:
    """A workbook given as its zip parts (name, time and content, in order) saved as ``path``
    atomically, each part deflated as openpyxl's own save does; returns ``path``."""
    def write(tmp: str) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            for info, data in parts:
                part = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                part.external_attr = info.external_attr
                archive.writestr(part, data, compress_type=zipfile.ZIP_DEFLATED)

    return write_atomically(path, write, ".tmp.xlsx")
