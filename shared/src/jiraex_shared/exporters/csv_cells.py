"""Making a cell safe for spreadsheets: formula injection neutralised, unencodable characters replaced."""

import re

from jiraex_shared.exporters.xml_chars import replace_surrogates

# OWASP's list (= + - @ tab CR) plus the full-width forms some spreadsheet locales also evaluate.
_FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def neutralise(cell: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with ``'``; a plain number ("-3") stays."""
    if cell and cell[0] in _FORMULA_START and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def safe_cell(value: str) -> str:
    """A CSV cell: NUL removed (many readers stop at it), lone surrogates replaced, formulas neutralised."""
    return neutralise(replace_surrogates(value.replace("\x00", "")))
