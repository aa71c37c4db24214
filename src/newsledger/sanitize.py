"""Text hygiene at the edges: lone surrogates, capped one-line messages, terminal-safe strings, strict JSON."""

from __future__ import annotations

import json
import math
import re
from typing import Any

# Error messages keep their first line and at most this many characters (a bad record must not put a
# 10 MB line into a terminal, a log or the ledger's failures table).
MAX_MESSAGE_CHARS = 300
# Lone (or mis-paired) UTF-16 surrogates cannot be encoded as UTF-8: SQLite, files and terminals refuse them.
_SURROGATES = re.compile("[\ud800-\udfff]")
# Characters that steer a terminal or reorder what it shows: C0 controls, DEL, C1 controls, bidi overrides.
_TERMINAL_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ALL_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def clean_text(value: str) -> str:
    """Replace every lone surrogate by U+FFFD (one character for one: offsets into the text stay valid)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", value)
    return value


def drop_controls(value: str, replacement: str = " ", keep_whitespace: bool = True) -> str:
    """Replace control characters (but tab, newline and carriage return when ``keep_whitespace``)."""
    return (_CONTROLS if keep_whitespace else _ALL_CONTROLS).sub(replacement, value)


def preview(value: object, limit: int = 60) -> str:
    """A short repr of a (possibly huge) value for an error message."""
    text = value if isinstance(value, str) else repr(value)
    text = text[:limit] + "…" if len(text) > limit else text
    return repr(clean_text(text)) if isinstance(value, str) else clean_text(text)


def one_line(message: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """The first non-blank line of a message, cut to ``limit`` characters (with a marker when cut)."""
    text = clean_text(str(message))
    stripped = text.strip()
    first = stripped.splitlines()[0] if stripped else ""
    cut = first != stripped
    if len(first) > limit:
        first, cut = first[: limit - 1], True
    return first + "…" if cut else first


def _escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(value: object) -> str:
    """A string that cannot move the cursor, recolour, retitle or reorder a terminal: unsafe characters
    (ANSI escapes, other controls, bidi overrides, lone surrogates) are shown as visible ``\\xNN`` escapes."""
    return _TERMINAL_UNSAFE.sub(_escape, str(value))


def json_safe(obj: Any) -> Any:
    """A copy of ``obj`` that strict JSON accepts: NaN and infinities become null, strings lose lone
    surrogates, keys become strings, tuples and sets become lists; other objects become their str()."""
    if isinstance(obj, str):
        return clean_text(obj)
    if isinstance(obj, bool) or obj is None or isinstance(obj, int):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {clean_text(str(k)): json_safe(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset):
        return [json_safe(v) for v in obj]
    return clean_text(str(obj))


def dumps(obj: Any, **kwargs: Any) -> str:
    """``json.dumps`` that never writes NaN/Infinity (invalid JSON) nor a lone surrogate.

    The fast path is plain ``json.dumps(allow_nan=False)``; only an object that fails it is copied
    through ``json_safe`` (so valid data costs nothing extra)."""
    kwargs.setdefault("ensure_ascii", False)
    kwargs["allow_nan"] = False
    try:
        out = json.dumps(obj, **kwargs)
    except (ValueError, TypeError):
        out = json.dumps(json_safe(obj), **kwargs)
    return clean_text(out) if not out.isascii() else out
