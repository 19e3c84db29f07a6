"""The rank of a priority, which `priority > X` and `ORDER BY priority` compare."""

# Jira ranks priorities by their configured sequence, which a catalog of names does not carry. The simulator uses
# the two default schemes, Cloud's (Highest..Lowest) and the older Server one (Blocker..Trivial), interleaved so
# either scheme keeps its own order; unknown names rank below all of them.
_HIGHEST_FIRST = ("highest", "blocker", "critical", "high", "major", "medium", "minor", "low", "trivial", "lowest")
_WEIGHTS = {name: len(_HIGHEST_FIRST) - index for index, name in enumerate(_HIGHEST_FIRST)}


def priority_weight(name: str) -> int:
    """A larger number for a more important priority; 0 for a name outside the default schemes."""
    return _WEIGHTS.get(name.casefold(), 0)
