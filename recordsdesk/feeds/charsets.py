"""Text encodings as feeds name them: HL7 MSH-18 character sets (table 0211) and their aliases."""

from __future__ import annotations

import codecs
import re

# 8859-1, ISO-8859-15, ISO 8859/2...: the ISO 8859 parts however a site writes them.
_ISO_8859 = re.compile(r"^(?:ISO[-_ ]?)?8859[-/_ ]?(\d{1,2})$")

# MSH-18 character sets (HL7 table 0211) and the aliases real feeds write, as Python codecs.
_CHARSETS = {
    "ASCII": "ascii",
    "US-ASCII": "ascii",
    "8859/1": "latin-1",
    "8859/2": "iso8859-2",
    "8859/3": "iso8859-3",
    "8859/4": "iso8859-4",
    "8859/5": "iso8859-5",
    "8859/6": "iso8859-6",
    "8859/7": "iso8859-7",
    "8859/8": "iso8859-8",
    "8859/9": "iso8859-9",
    "8859/15": "iso8859-15",
    "ISO_IR 100": "latin-1",
    "ISO IR100": "latin-1",
    "UNICODE UTF-8": "utf-8",
    "UNICODE": "utf-8",
    "UTF-8": "utf-8",
    "UTF8": "utf-8",
    "ISO IR192": "utf-8",
    "ISO_IR 192": "utf-8",
    "ISO-8859-1": "latin-1",
    "ISO8859-1": "latin-1",
    "LATIN1": "latin-1",
    "LATIN-1": "latin-1",
    "WINDOWS-1252": "cp1252",
    "CP1252": "cp1252",
}


def hl7_codec(declared: str) -> str:
    """The Python codec of an MSH-18 value ('' when unknown: the caller says so)."""
    name = " ".join(declared.strip().upper().split())
    if name in _CHARSETS:
        return _CHARSETS[name]
    part = _ISO_8859.match(name)
    if part is not None:
        return "latin-1" if part.group(1) == "1" else f"iso8859-{part.group(1)}"
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return ""
    return "" if codec.startswith("utf-16") or codec.startswith("utf-32") else codec
