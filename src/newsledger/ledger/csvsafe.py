"""CSV cells that a spreadsheet will not run: text starting with = + - @ tab or CR gets a leading single quote.

This is OWASP's advice against CSV (formula) injection: article text is hostile, and a cell such as
``=HYPERLINK(...)`` would otherwise become a live formula when the download is opened in a spreadsheet.
Numbers are written as numbers (a negative count stays ``-3``); only text cells are escaped.
"""

from __future__ import annotations

from typing import Any

# First characters that make spreadsheet software read a cell as a formula (or hide what follows).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any, escape: bool = True) -> Any:
    """The value to write into a CSV cell; text that could start a formula is prefixed with a single quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    text = str(value)
    if escape and text.startswith(FORMULA_START):
        return "'" + text
    return text


def safe_row(values: list[Any] | tuple[Any, ...], escape: bool = True) -> list[Any]:
    """Every cell of a row through ``safe_cell``."""
    return [safe_cell(v, escape) for v in values]
