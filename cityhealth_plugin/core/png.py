"""A tiny pure-Python PNG writer (8-bit RGB, zlib), for generated placeholder photos."""

from __future__ import annotations

import struct
import zlib
from typing import Sequence, Tuple

RGB = Tuple[int, int, int]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def png_bytes(width: int, height: int, pixels: Sequence[Sequence[RGB]]) -> bytes:
    """Encode ``pixels`` (``height`` rows of ``width`` RGB tuples) as a PNG file."""
    if width <= 0 or height <= 0 or len(pixels) != height:
        raise ValueError("pixels do not match the image size")
    raw = bytearray()
    for row in pixels:
        if len(row) != width:
            raise ValueError("pixels do not match the image size")
        raw.append(0)  # filter: none
        for r, g, b in row:
            raw += bytes((r & 255, g & 255, b & 255))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + _chunk(b"IEND", b""))


def write_png(path: str, width: int, height: int, pixels: Sequence[Sequence[RGB]]) -> None:
    """Write ``pixels`` as a PNG file at ``path``."""
    with open(path, "wb") as handle:
        handle.write(png_bytes(width, height, pixels))


def stamp_png(seed: int, colour: RGB, size: int = 16) -> bytes:
    """A small unique picture: a ``colour`` frame around a pattern drawn from the bits of ``seed``."""
    pixels = []
    for y in range(size):
        row = []
        for x in range(size):
            if x in (0, size - 1) or y in (0, size - 1):
                row.append(colour)
            else:
                bit = (seed >> (((y * 7 + x * 3) % 48))) & 1
                shade = 230 if bit else 90
                row.append((shade, (shade + colour[1]) // 2, (shade + colour[2]) // 2))
        pixels.append(row)
    return png_bytes(size, size, pixels)
