"""Numbers as people read them in a mail: durations and byte sizes."""

_UNITS = ("B", "KB", "MB", "GB", "TB")


def duration(seconds: float) -> str:
    """``"2 h 5 min"``, ``"3 min 7 s"``, ``"42 s"``; a negative span (clock skew) reads as 0 s."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s"
    return f"{secs} s"


def byte_size(size: int) -> str:
    """``"1.5 MB"``: decimal units, one decimal from KB up."""
    value = float(size)
    for unit in _UNITS:
        if value < 1000 or unit == _UNITS[-1]:
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")
