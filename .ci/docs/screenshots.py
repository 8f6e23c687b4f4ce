"""Copy the browser tests' screenshots that the editors' docs show into docs/editors/img/.

Run by ``make docs-screenshots`` after the browser tests. Each is the step
the test named (``<test>-NN-<step>.png``); a long page is cut to its top, so
the picture shows what the text is about. A step the tests no longer take
fails the copy, naming it.
"""

import struct
import sys
import zlib
from pathlib import Path

# The step's name, and the most of the page's height shown (None: all of it).
SHOWN = {
    "editor-guide-page": 2200,
    "guide-outline-edited": 2600,
    "editor-section-page": 2000,
    "editor-back-on-the-outline": None,
    "editor-submitted": 1100,
    "reviewer-desk": None,
    "reviewer-preview": 1600,
    "reviewer-diff": None,
    "publisher-publish-page": None,
    "reader-page": 1600,
    "ben-refused": None,
    "ben-refused-on-the-outline": 2000,
}

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # by PNG colour type


def chunks(data):
    if not data.startswith(SIGNATURE):
        raise ValueError("not a PNG file")
    at = len(SIGNATURE)
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        yield data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        at += 12 + length


def chunk(kind, body):
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def top_of(data, height):
    """The PNG ``data`` cut to its first ``height`` rows (non-interlaced images)."""
    parts = list(chunks(data))
    header = dict(parts)[b"IHDR"]
    width, full_height, depth, colour, compression, filtering, interlace = struct.unpack(
        ">IIBBBBB", header
    )
    if full_height <= height:
        return data
    if interlace:
        raise ValueError("cannot cut an interlaced PNG")
    # Each row is a filter byte and its pixels; a row's filter reads only the
    # row above, so the first rows stand on their own.
    row = 1 + (width * CHANNELS[colour] * depth + 7) // 8
    pixels = zlib.decompress(b"".join(body for kind, body in parts if kind == b"IDAT"))
    kept = zlib.compress(pixels[: row * height], 9)
    new_header = struct.pack(
        ">IIBBBBB", width, height, depth, colour, compression, filtering, interlace
    )
    before_pixels = [
        chunk(kind, body)
        for kind, body in parts[1 : next(i for i, (k, _) in enumerate(parts) if k == b"IDAT")]
    ]
    return b"".join(
        [
            SIGNATURE,
            chunk(b"IHDR", new_header),
            *before_pixels,
            chunk(b"IDAT", kept),
            chunk(b"IEND", b""),
        ]
    )


def copy_screenshots(taken, shown):
    shown.mkdir(parents=True, exist_ok=True)
    for step, height in SHOWN.items():
        found = sorted(taken.glob(f"*-[0-9][0-9]-{step}.png"))
        if len(found) != 1:
            raise SystemExit(f"{step}: expected one screenshot in {taken}, found {len(found)}")
        data = found[0].read_bytes()
        (shown / f"{step}.png").write_bytes(top_of(data, height) if height else data)
        print(f"{found[0]} -> {shown / f'{step}.png'}")


if __name__ == "__main__":
    copy_screenshots(Path(sys.argv[1]), Path(sys.argv[2]))
