"""Text made safe to print: control characters shown, never obeyed.

Names, keys and file names come from files a stranger may have written. Sent
raw to a terminal, ESC starts an escape sequence, BEL rings, NUL and CR
overwrite what came before, and a newline splits a one-line error in two.
`printable` shows each such character as a Python-style escape (`\\x1b`,
`\\n`, `\\u2028`), so the text stays one line and reads the same in a log.

What is escaped: every control character (C0, DEL, C1), the line and
paragraph separators, the bidirectional controls that can make a line read
in a different order than it runs (CVE-2021-42574, "Trojan Source"), and
lone surrogates, which no terminal encoding can print. Everything else,
accents, CJK, emoji, is printed as it is. A backslash is left alone, so a
Windows path reads as typed.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every character a terminal would obey shown as an escape."""
    text = str(text)
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


# JSON output: json.dumps already escapes C0 characters, quotes and
# backslashes; what is left to escape inside strings are the same characters
# as above, written as JSON \\u escapes so the output stays valid JSON.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff]")


def printable_json(text: str) -> str:
    """JSON text (from `json.dumps`) with the characters above \\u-escaped."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
