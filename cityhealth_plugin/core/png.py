"""A tiny pure-Python PNG writer (8-bit RGB, zlib), for generated placeholder photos."""

from __future__ import annotations

import struct
import zlib
from typing import Dict, List, Sequence, Tuple

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
    return _encode(width, height, bytes(raw))


def _encode(width: int, height: int, raw: bytes) -> bytes:
    """The PNG file of ``raw`` scanlines (each a filter byte 0 and ``width`` RGB triples)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b""))


def write_png(path: str, width: int, height: int, pixels: Sequence[Sequence[RGB]]) -> None:
    """Write ``pixels`` as a PNG file at ``path``."""
    with open(path, "wb") as handle:
        handle.write(png_bytes(width, height, pixels))


#: per image size, the seed bit shown by each inner pixel, row by row
_STAMP_BITS: Dict[int, List[List[int]]] = {}


def stamp_png(seed: int, colour: RGB, size: int = 16) -> bytes:
    """A small unique picture: a ``colour`` frame around a pattern drawn from the bits of ``seed``.

    Pixel (x, y) inside the frame shows bit ``(7y + 3x) mod 48`` of ``seed``: shade 230 when set,
    90 when not, mixed half and half with the frame colour's green and blue. The scanlines are
    built as bytes (the demo city stamps some 190,000 photos)."""
    frame = bytes((colour[0] & 255, colour[1] & 255, colour[2] & 255))
    shades = [bytes((shade & 255, ((shade + colour[1]) // 2) & 255, ((shade + colour[2]) // 2) & 255))
              for shade in (90, 230)]
    bits = _STAMP_BITS.get(size)
    if bits is None:
        bits = _STAMP_BITS[size] = [[(y * 7 + x * 3) % 48 for x in range(1, size - 1)]
                                    for y in range(1, size - 1)]
    edge = b"\x00" + frame * size
    if size < 2:
        return _encode(size, size, edge * size)
    rows = [edge]
    for positions in bits:
        rows.append(b"\x00" + frame + b"".join([shades[(seed >> p) & 1] for p in positions]) + frame)
    rows.append(edge)
    return _encode(size, size, b"".join(rows))
