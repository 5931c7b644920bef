"""A reading process's heap: big temporary blocks go back to the system when freed.

Reading one article allocates arrays of a few hundred KB (the parser's and tagger's
matrices) and frees them.  glibc serves blocks above its mmap threshold (128 KB) with
``mmap`` and returns them on free, but it raises that threshold to the largest block freed,
so after the first article such arrays come from the heap, which keeps the freed space:
a reading process grew ~65 MB that way over the TempEval-3 texts.  Fixing the threshold
keeps ~30 MB less per process (peak 281 → 248–250 MB) for ~3% more reading time (measured
with `python main.py bench-import`).  Only glibc has the knob; elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_MMAP_THRESHOLD = -3  # glibc's <malloc.h>; setting it also turns its sliding threshold off
BIG_BLOCK = 256 * 1024


def return_big_blocks(threshold: int = BIG_BLOCK) -> bool:
    """Serve blocks of ``threshold`` bytes and more with mmap from now on; True if set."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(M_MMAP_THRESHOLD, threshold))
    except (OSError, AttributeError):  # musl and others: no mallopt
        return False
