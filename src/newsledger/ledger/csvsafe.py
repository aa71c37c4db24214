"""CSV cells that a spreadsheet will not run: text starting with = + - @ tab or CR gets a leading single quote.

This is OWASP's advice against CSV (formula) injection: article text is hostile, and a cell such as
``=HYPERLINK(...)`` or ``+cmd|...`` would otherwise become a live formula when the file is opened in a
spreadsheet. Every text cell of every CSV export and download goes through ``safe_cell``; numbers stay
numbers (a negative count stays ``-3``).
"""

from __future__ import annotations

from typing import Any

# Leading characters spreadsheets read as the start of a formula (OWASP: =, +, -, @, tab, carriage return),
# and their full-width forms, which some spreadsheets fold to the ASCII ones.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: Any, escape: bool = True) -> Any:
    """The value to write into a CSV cell; text that could start a formula is prefixed with a single quote."""
    if value is None:
        return None  # csv writes an empty cell
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    text = str(value)
    if escape and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_row(values: list[Any] | tuple[Any, ...], escape: bool = True) -> list[Any]:
    """Every cell of a row through ``safe_cell``."""
    return [safe_cell(v, escape) for v in values]
