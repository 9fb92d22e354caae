"""Text garbled by a spreadsheet: UTF-8 read as Windows-1252 (mojibake), and the text it was.

A CSV without a byte-order mark opened in Excel is read as the computer's "ANSI" code page,
Windows-1252 in western Europe and the Americas: "Très bien – précis." shows, and is saved
again, as "TrÃ¨s bien â€“ prÃ©cis.". Each UTF-8 byte of a letter became a character of its
own, so encoding those characters back to Windows-1252 and decoding the bytes as UTF-8
gives the text as typed. Text that was never garbled does not survive that round trip (a
lone "é" is not UTF-8), so a cell is called garbled only when the round trip succeeds and
changes it.
"""

from __future__ import annotations

__all__ = ["ungarbled"]


def _byte(character: str) -> bytes:
    """The Windows-1252 byte a spreadsheet read as ``character``.

    The five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) come through
    as the control characters of the same number.
    """
    try:
        return character.encode("cp1252")
    except UnicodeEncodeError:
        if ord(character) < 0x100:
            return bytes([ord(character)])
        raise


def ungarbled(text: str) -> str | None:
    """The text as typed when ``text`` is UTF-8 read as Windows-1252; None when it is not garbled."""
    if text.isascii():
        return None
    try:
        typed = b"".join(_byte(c) for c in text).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return typed if typed != text else None
