"""Row ids made by the station that creates the row, so rows from different laptops never clash."""

import random
import time


def new_id() -> str:
    """A UUIDv7 (RFC 9562): random enough to never clash, time-ordered so B-tree inserts stay local."""
    ms = time.time_ns() // 1_000_000
    # Uniqueness, not secrecy: random (seeded from the OS) is enough and spares a system call per row.
    rand = random.getrandbits(80)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
