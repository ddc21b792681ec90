#!/usr/bin/env python3
"""Checks the CRC values in expected/crc_rng_<board>.txt against Python's own
CRC code (zlib.crc32, binascii.crc_hqx), independent of mcusim and of the
reference the firmware computes: the expected files cannot pin a wrong value.

    check_crc_values.py <expected file>...

The message is crc_rng_main.c's `buffer` (32 bytes); a word write reaches
the unit most significant byte first, so word-fed CRCs are over each word's
bytes reversed. Lines not listed here (the RNG values) are not checked."""
import binascii
import re
import sys
import zlib

BUFFER = b"STM32 CRC unit, mcusim test 0123"
CHECK = b"123456789"


def bitrev(value, bits):
    return int(f"{value:0{bits}b}"[::-1], 2)


def bitrev_bytes(data):
    return bytes(bitrev(b, 8) for b in data)


def unit_order(data, unit):
    return b"".join(data[i:i + unit][::-1] for i in range(0, len(data), unit))


def crc32_mpeg2(data):
    # Non-reflected CRC-32 (init 0xFFFFFFFF, no final XOR) from zlib's reflected
    # CRC-32: reflect the input bytes, undo zlib's final XOR, reflect the result.
    return bitrev(zlib.crc32(bitrev_bytes(data)) ^ 0xFFFFFFFF, 32)


def crc16_ccitt_false(data):
    return binascii.crc_hqx(data, 0xFFFF)


WORDS = unit_order(BUFFER, 4)
F4_BYTES_AS_WORDS = b"".join(b"\0\0\0" + bytes([c]) for c in CHECK)

# label printed by crc_rng_main.c -> value computed here
EXPECTED = {
    "DR after CR.RESET": 0xFFFFFFFF,
    "HAL_CRC_Calculate 8 words": crc32_mpeg2(WORDS),
    "HAL_CRC_Accumulate 6 + 2 words": crc32_mpeg2(WORDS),
    '"123456789" one byte per word': crc32_mpeg2(F4_BYTES_AS_WORDS),
    '"123456789" as bytes (CRC-32/MPEG-2 check 0x0376e6e7)': crc32_mpeg2(CHECK),
    "~ of REV_IN=byte REV_OUT (CRC-32 check 0xcbf43926)": zlib.crc32(CHECK),
    "8 words, REV_IN=word REV_OUT": zlib.crc32(BUFFER) ^ 0xFFFFFFFF,
    'POLYSIZE=16 "123456789" (CRC-16/CCITT-FALSE check 0x29b1)': crc16_ccitt_false(CHECK),
    "POLYSIZE=16, 16 halfwords": crc16_ccitt_false(unit_order(BUFFER, 2)),
    "POLYSIZE=16 REV_IN=halfword REV_OUT, 16 halfwords": bitrev(crc16_ccitt_false(bitrev_bytes(BUFFER)), 16),
    'defaults restored: "123456789"': crc32_mpeg2(CHECK),
}


def main(paths):
    failed = 0
    for path in paths:
        checked, failed_before = 0, failed
        with open(path) as f:
            for line in f:
                m = re.match(r"crc: (.*) = 0x([0-9a-f]{8})$", line.rstrip("\n"))
                if not m or m.group(1) not in EXPECTED:
                    continue
                checked += 1
                got, want = int(m.group(2), 16), EXPECTED[m.group(1)]
                if got != want:
                    print(f"FAIL: {path}: {m.group(1)} = 0x{got:08x}, Python computes 0x{want:08x}")
                    failed += 1
        if checked < 4:
            print(f"FAIL: {path}: only {checked} CRC lines recognised")
            failed += 1
        elif failed == failed_before:
            print(f"ok: {path}: {checked} CRC values agree with zlib/binascii")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
